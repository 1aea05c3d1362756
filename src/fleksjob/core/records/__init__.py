"""One spec per kind of record (citizen, employer, position) and the named limits they use;
the import columns, API schemas, form validation, model constraints and the synthetic
generator's columns derive from them (docs/record-specs.md)."""

from .citizen import CITIZEN
from .employer import EMPLOYER
from .position import POSITION
from .spec import FieldSpec, Order, RecordSpec, Verdict
from .task import POSITION_TASK

SPECS: dict[str, RecordSpec] = {s.kind: s for s in (CITIZEN, EMPLOYER, POSITION)}

__all__ = [
    "CITIZEN",
    "EMPLOYER",
    "POSITION",
    "POSITION_TASK",
    "SPECS",
    "FieldSpec",
    "Order",
    "RecordSpec",
    "Verdict",
]

"""The position record: a (flex) job at an employer, as matching reads it."""

from __future__ import annotations

from fleksjob.core.matching.taxonomy import KEYS as NEED_KEYS

from . import limits as L
from .citizen import free_text, hours, hours_at_least, key_list, remote, text
from .spec import RANGE, FieldSpec, Order, RecordSpec

POSITION_STATUSES = ("draft", "open", "filled", "closed")


POSITION = RecordSpec(
    kind="positions",
    model="employers.Position",
    label_da="stilling",
    label_en="position",
    fields=(
        # The employer, by CVR number, in an import file (a form or the API names it otherwise).
        FieldSpec(
            "cvr",
            "cvr",
            "CVR-nummer",
            "CVR number",
            "cvr",
            help="Virksomhedens CVR-nummer; virksomheden skal findes i kommunen",
            example="12345678",
            stored_on="employers.Employer",
            create_only=True,
        ),
        text("title", "titel", "titel", "title", max_length=L.TITLE_MAX, example="Kontorassistent"),
        FieldSpec(
            "occupation",
            "occupation",
            "erhverv (DISCO-08)",
            "occupation (DISCO-08)",
            "erhverv",
            help="DISCO-08-enhedsgruppe (fire cifre)",
            example="4110",
        ),
        hours_at_least("8", above_zero=True),
        hours(
            "hours_max",
            "timer_højst",
            "timer pr. uge, højst",
            "hours a week, at most",
            "Timer pr. uge, højst",
            "15",
            above_zero=True,
        ),
        free_text(
            "tasks_text", "opgaver", "opgaver", "tasks", "Fritekst", "post, arkiv og kopiering"
        ),
        key_list(
            "provides",
            "skånehensyn",
            "skånehensyn arbejdspladsen kan tilbyde",
            "accommodations the workplace offers",
            NEED_KEYS,
            "Skånehensyn arbejdspladsen kan tilbyde (taksonominøgler)",
            "extra_breaks quiet_environment",
        ),
        remote("remote_allowed", "hjemmearbejde muligt", "remote work possible"),
        FieldSpec(
            "openings",
            "int",
            "antal pladser",
            "openings",
            "antal_pladser",
            required=False,
            low=L.MIN_OPENINGS,
            high=L.MAX_OPENINGS,
            default=1,
            range_reason=RANGE,
            help=f"Antal pladser ({L.MIN_OPENINGS}-{L.MAX_OPENINGS}); standard 1",
            example="1",
        ),
        FieldSpec(
            "split_off",
            "bool",
            "opgaver udskilt fra andre stillinger",
            "tasks split off from other jobs",
            "udskilt",
            required=False,
            default=False,
            help="Opgaver udskilt fra andre stillinger, ja/nej; standard nej",
            example="ja",
        ),
        FieldSpec(
            "status",
            "choice",
            "status",
            "status",
            "status",
            required=False,
            choices=POSITION_STATUSES,
            default="open",
            help=", ".join(POSITION_STATUSES) + "; standard open",
            example="open",
        ),
        FieldSpec(
            "created_on",
            "date",
            "oprettet",
            "created on",
            "oprettet",
            required=False,
            help="Oprettelsesdato (dd-mm-åååå); standard i dag",
            example="05-01-2026",
            create_only=True,
        ),
    ),
    orders=(Order("hours_min", "hours_max", "hours_max", "kan ikke være mindre end timer_mindst"),),
)

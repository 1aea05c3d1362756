"""The hooks lower floors read (docs/floors.md) are all provided once the apps are ready."""

import inspect
import re

from fleksjob.citizens import actions as case_actions
from fleksjob.citizens import casepage as citizen_pages
from fleksjob.employers import casepage as employer_pages
from fleksjob.employers import facts


def _called(module, hooks_name: str) -> set[str]:
    """The hook names a lower-floor module calls on ``hooks_name``, read from its source."""
    return set(re.findall(rf'\b{hooks_name}\.call\("(\w+)"', inspect.getsource(module)))


def test_the_upper_apps_provide_every_hook_the_lower_floors_call():
    hooks = {
        "citizens.casepage from followup": (citizen_pages, "from_followup"),
        "citizens.casepage from placements": (citizen_pages, "from_placements"),
        "employers.casepage": (employer_pages, "hooks"),
        "employers.facts": (facts, "hooks"),
        "citizens.actions to employment": (case_actions, "to_employment"),
    }
    provided = {
        label: set(getattr(module, name)._functions) for label, (module, name) in hooks.items()
    }
    called = {label: _called(module, name) for label, (module, name) in hooks.items()}
    assert all(called.values())  # the source reading finds the calls
    assert provided == called

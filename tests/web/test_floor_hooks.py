"""The hooks lower floors read (docs/floors.md) are all provided once the apps are ready."""

from fleksjob.citizens import casepage as citizen_pages
from fleksjob.employers import casepage as employer_pages
from fleksjob.employers import facts


def test_the_upper_apps_provide_every_hook_the_lower_floors_call():
    provided = {
        "citizens.casepage from followup": set(citizen_pages.from_followup._functions),
        "citizens.casepage from placements": set(citizen_pages.from_placements._functions),
        "employers.casepage": set(employer_pages.hooks._functions),
        "employers.facts": set(facts.hooks._functions),
    }
    assert provided == {
        "citizens.casepage from followup": {"plans", "meetings"},
        "citizens.casepage from placements": {"recommendations"},
        "employers.casepage": {"candidates", "placements", "wished_sectors"},
        "employers.facts": {"fleksjobs"},
    }

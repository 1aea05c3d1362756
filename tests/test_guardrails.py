"""The test guardrails fire: each would let a class of bug through silently if it were off."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.template import engines

from fleksjob.ui.strict_templates import UndefinedTemplateVariable


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    "source",
    [
        "{{ missing }}",
        "{% if missing %}yes{% endif %}",
        "{% if not missing %}yes{% endif %}",
        "{% if defined and defined.missing %}yes{% endif %}",
        "{% for x in missing %}{{ x }}{% endfor %}",
        "{% for x in defined.missing %}{{ x }}{% endfor %}",
        "{% with y=missing %}{{ y }}{% endwith %}",
    ],
)
def test_an_undefined_variable_fails_wherever_it_is_read(source):
    with pytest.raises(UndefinedTemplateVariable, match="missing"):
        _render(source, defined={"here": 1})


def test_defined_variables_and_falsy_values_render():
    source = "{% if none is None and not empty %}{% for x in items %}{{ x }}{% endfor %}{% endif %}"
    assert _render(source, none=None, empty=[], items=[1, 2]) == "12"


def test_the_cache_is_empty_at_the_start_of_each_test_a():
    assert cache.get("guardrail") is None
    cache.set("guardrail", "set by a test", 3600)


def test_the_cache_is_empty_at_the_start_of_each_test_b():
    assert cache.get("guardrail") is None
    cache.set("guardrail", "set by a test", 3600)


@pytest.fixture
def groups(db):
    from django.contrib.auth.models import Group  # no Meta.ordering

    Group.objects.bulk_create(Group(name=f"shuffle{i:02}") for i in range(20))
    return Group.objects.filter(name__startswith="shuffle")


def test_an_unordered_queryset_comes_back_shuffled(groups):
    orders = {tuple(groups.values_list("name", flat=True)) for _ in range(5)}
    assert len(orders) > 1  # 5 identical orders of 20 rows: odds of 1 in (20!)^4
    assert sorted(next(iter(orders))) == [f"shuffle{i:02}" for i in range(20)]


def test_explicit_order_and_counts_are_left_alone(groups):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    names = [f"shuffle{i:02}" for i in range(20)]
    for _ in range(3):
        assert list(groups.order_by("name").values_list("name", flat=True)) == names
    with CaptureQueriesContext(connection) as captured:
        assert groups.count() == 20
        assert groups.exists()
    assert not any("ORDER BY" in q["sql"] for q in captured)


# --- The language check (tests/language.py) fires on each kind of slip -------------------------


@pytest.fixture(scope="module")
def checker():
    from tests.language import Checker

    return Checker()


def _page(body: str, language: str = "da") -> str:
    return f'<html lang="{language}"><body><main>{body}</main></body></html>'


def _chart(locale_language: str | None) -> str:
    import json

    from django.utils import translation

    from fleksjob.ui.charts import SCHEMA, localised

    spec = {"$schema": SCHEMA, "mark": "bar", "title": "fleksjob"}
    if locale_language:
        with translation.override(locale_language):
            spec = localised(spec)
    return f'<script type="application/json" id="c">{json.dumps(spec)}</script>'


@pytest.mark.parametrize(
    ("body", "language", "problem"),
    [
        ("<td>citizen_declined</td>", "da", "raw code 'citizen_declined'"),
        ("<li>Behov: extra_breaks, mentor</li>", "en", "raw code 'extra_breaks'"),
        ("<td>approved_unemployed</td>", "en", "raw code 'approved_unemployed'"),
        ("<label>Contact person</label>", "da", "English word 'Contact'"),
        ('<abbr title="hidden by the rules">–</abbr>', "da", "English word 'the'"),
        ("<button>Log out</button>", "da", "English text 'Log out'"),
        ("<td>22. Okt 2026</td>", "da", "capitalised month 'Okt 2026'"),
        ("<td>3 Oct 2026</td>", "da", "English word 'Oct'"),
        ("<td>0.14</td>", "da", "decimal point in '0.14'"),
        ("<td>Andel 12.5 %</td>", "da", "decimal point in '12.5'"),
        ("<td>0,444</td>", "en", "decimal comma in '0,444'"),
        ("<h1>Borgere</h1>", "en", "untranslated 'Borgere'"),
        ("<li>Afstand 3,5 km (højst 20 km) (+0,12)</li>", "en", "Danish reason"),
        ("<td>aldrig kontaktet</td>", "en", "Danish reason"),
        (_chart(None), "da", "chart without the da locale"),
        (_chart("en"), "da", "chart without the da locale"),
        (_chart("da"), "en", "chart without the en locale"),
    ],
)
def test_the_language_check_fires(checker, body, language, problem):
    found = checker.problems(_page(body, language), language)
    assert any(problem in p for p in found), found


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("<td>22. okt. 2026</td><td>1.234,5</td><td>0,444</td><td>44,4 %</td>", "da"),
        ("<td>22 Oct 2026</td><td>1,234.5</td><td>0.444</td>", "en"),
        ("<td>Ekstra pauser, Mentor eller fast kontaktperson</td><td>fleksjob</td>", "da"),
        ('<dd>9112 <span lang="en">Cleaners and helpers in offices</span></dd>', "da"),
        ("<h1>Citizens</h1><td>overdue</td>", "en"),
        (_chart("da"), "da"),
        (_chart("en"), "en"),
    ],
)
def test_the_language_check_passes_what_is_right(checker, body, language):
    assert checker.problems(_page(body, language), language) == []


def test_the_csv_check_reads_labels_not_codes(checker):
    good = "unit_id;unit_name;value;label\n350;Lejre;0,25;better\n"
    assert checker.csv_problems(good, machine=frozenset({"unit_id", "label"})) == []
    bad = "unit_name;value;needs\nLejre;0.25;extra_breaks\n"
    found = checker.csv_problems(bad)
    assert any("decimal point in '0.25'" in p for p in found), found
    assert any("raw code 'extra_breaks'" in p for p in found), found

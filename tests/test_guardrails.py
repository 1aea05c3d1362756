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

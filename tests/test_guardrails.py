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

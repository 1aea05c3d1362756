"""The form renderer: Django's own, with its commonest widget templates rendered in Python.

A select of 98 municipalities or a profile's lists of checkboxes render one template (and two
includes) per option; on the citizen's edit page and the calculator that was over half the
server time. ``FastRenderer`` writes exactly the markup of Django's templates for inputs,
options and plain selects and leaves every other template (and any widget with its own option
template) to Django. ``tests/web/test_widget_renderer.py`` holds the two to the same output.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape

_INPUT = "django/forms/widgets/input.html"
_OPTION = "django/forms/widgets/select_option.html"
_SELECT = "django/forms/widgets/select.html"
_INPUT_OPTIONS = {f"django/forms/widgets/{kind}_option.html" for kind in ("checkbox", "radio")}
# The templates that are nothing but ``{% include "django/forms/widgets/input.html" %}``.
_INPUTS = {_INPUT} | {
    f"django/forms/widgets/{kind}.html"
    for kind in [
        *("text", "number", "email", "url", "password", "hidden", "date", "datetime"),
        *("time", "search", "tel", "color", "checkbox", "file"),
    ]
}
_CONTEXT = Context(autoescape=True)  # as the renderer's templates see a printed value


def _shown(value) -> str:
    """``{{ value }}``: localised and escaped."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the string, escaped unless it is marked safe."""
    return conditional_escape(value if hasattr(value, "__html__") else str(value))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _input_option(widget: dict) -> str:
    if not widget["wrap_label"]:
        return _input(widget)
    target = widget["attrs"].get("id")
    label_for = f' for="{_shown(target)}"' if target else ""
    return f"<label{label_for}>{_input(widget)}\n {_shown(widget['label'])}</label>"


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None  # a widget with its own option template: Django renders it
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastRenderer(DjangoTemplates):
    """Django's template form renderer; the plain widget templates are written directly."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        html = None
        if widget is not None:
            if template_name in _INPUTS:
                html = _input(widget)
            elif template_name in _INPUT_OPTIONS:
                html = _input_option(widget)
            elif template_name == _SELECT:
                html = _select(widget)
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()

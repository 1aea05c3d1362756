"""The fast form renderer writes exactly what Django's widget templates write.

Each widget is rendered twice, once by Django's own template renderer (the reference) and once
by ``fleksjob.ui.widgets.FastRenderer``, with awkward values: markup in labels and values,
lazy, safe and numeric labels, optgroups, True/False/None attributes, bound and unbound forms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from fleksjob.citizens.forms import CaseloadFilter, NewCitizenForm, ProfileForm
from fleksjob.economics.forms import HoursCalculatorForm
from fleksjob.employers.forms import PositionForm
from fleksjob.ui.forms import DateInput
from fleksjob.ui.widgets import FastRenderer

REFERENCE, FAST = DjangoTemplates(), FastRenderer()
AWKWARD = '<b>"Tom & Jerry\'s"</b>'
CHOICES = [
    ("", "---"),
    ("a", AWKWARD),
    ("b", gettext_lazy("Skånehensyn")),
    ("c", mark_safe("<i>sikker</i>")),
    (7, 1234567),
    ("Gruppe <1>", [("d", "D"), ("e", dt.date(2026, 1, 2))]),
]
ATTRS = {"class": "form-input", "required": True, "disabled": False, "data-x": None, "min": 0}


def _both(render) -> tuple[str, str]:
    return render(REFERENCE), render(FAST)


WIDGETS = [
    (forms.TextInput(ATTRS), AWKWARD),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.NumberInput({"min": 0, "max": Decimal("37.5"), "step": "0.5"}), Decimal("12.50")),
    (forms.NumberInput(), 0),
    (forms.EmailInput(), "a@b.dk"),
    (forms.HiddenInput(), mark_safe("<safe>")),
    (forms.PasswordInput(render_value=True), "p&w"),
    (DateInput(), dt.date(2026, 12, 4)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput({"class": "x"}), False),
    (forms.Select(ATTRS, choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=CHOICES), 7),
    (forms.SelectMultiple(choices=CHOICES), ["a", "d", 7]),
    (forms.NullBooleanSelect(), True),
    (forms.CheckboxSelectMultiple({"id": "id_x"}, choices=CHOICES), ["b", "e"]),
    (forms.RadioSelect({"id": "id_r"}, choices=CHOICES), "c"),
    (forms.Textarea(ATTRS), AWKWARD),
]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda w: type(w).__name__)
def test_every_widget_renders_as_django_renders_it(widget, value, language):
    with override(language):
        reference, fast = _both(lambda r: widget.render("felt", value, {"id": "id_felt"}, r))
        assert fast == reference
        if isinstance(widget, ChoiceWidget):
            for wrap in (False, True):
                for sub in widget.subwidgets("felt", value, {"id": "id_felt"}):
                    sub = {**sub, "wrap_label": wrap}
                    reference, fast = _both(
                        lambda r, sub=sub: widget._render(sub["template_name"], {"widget": sub}, r)
                    )
                    assert fast == reference


def test_a_select_with_its_own_option_template_is_left_to_django():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input.html"  # any other template

    widget = Custom(choices=[("a", "A")])
    widget.option_inherits_attrs = False
    assert _both(lambda r: widget.render("x", "a", None, r))[1] == widget.render(
        "x", "a", None, REFERENCE
    )


FORMS = [
    (ProfileForm, {}),
    (NewCitizenForm, {}),
    (PositionForm, {}),
    (CaseloadFilter, {"data": {"status": "nonsense", "sort": AWKWARD}}),
    (HoursCalculatorForm, {"data": {"municipality": "350", "hourly_wage": "x"}}),
    (HoursCalculatorForm, {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "kwargs"), FORMS, ids=lambda f: getattr(f, "__name__", ""))
def test_the_project_forms_render_as_django_renders_them(form_class, kwargs):
    pages = []
    for renderer in (REFERENCE, FAST):
        form = form_class(renderer=renderer, **kwargs)
        if form.is_bound:
            form.is_valid()
        html = []
        for field in form:
            html.append(str(field))
            if isinstance(field.field.widget, ChoiceWidget):
                html += [str(box.tag()) for box in field]
        pages.append(html)
    assert pages[0] == pages[1]
    assert len(pages[0]) > 3

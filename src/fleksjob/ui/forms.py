from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fleksjob.core import bounds


def bounded_date(value) -> None:
    """Every date a form takes lies in the window of ``fleksjob.core.bounds``."""
    try:
        bounds.check_date(value)
    except bounds.OutOfBounds:
        raise ValidationError(
            _("Datoen skal ligge mellem %(first)s og %(last)s."),
            code="date_out_of_bounds",
            params={"first": bounds.DATE_MIN.isoformat(), "last": bounds.DATE_MAX.isoformat()},
        ) from None


def bounded_number(high: float):
    """A validator of a number field without its own maximum (ids, amounts)."""

    def validate(value) -> None:
        try:
            bounds.check_number(value, low=float("-inf"), high=high)
        except bounds.OutOfBounds:
            raise ValidationError(_("Tallet er for stort."), code="number_out_of_bounds") from None

    return validate


def _bound(field: forms.Field) -> None:
    # Bounds on every date and number a form takes, whatever declared it (a model or the form),
    # so a far date or a huge number is a form error, not an overflow further on.
    if isinstance(field, forms.DateField):
        field.validators.append(bounded_date)
    elif isinstance(field, forms.DecimalField | forms.FloatField) and field.max_value is None:
        field.validators.append(bounded_number(bounds.AMOUNT_MAX))
    elif isinstance(field, forms.IntegerField) and field.max_value is None:
        field.validators.append(bounded_number(bounds.ID_MAX))  # ids and counts


class DesignSystemMixin:
    """Adds the DKFDS classes to every widget, so templates can render fields as they are.
    Checkboxes keep none: the design system styles them through their labels. Every date and
    number field is bounded (``fleksjob.core.bounds``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _bound(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            widget.attrs.setdefault("class", css)


class DesignSystemForm(DesignSystemMixin, forms.Form):
    pass


class DesignSystemModelForm(DesignSystemMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    """The browser's date picker; it needs the ISO format whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

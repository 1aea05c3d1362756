from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fleksjob.core import bounds
from fleksjob.core.records import FieldSpec, RecordSpec


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


class SpecValidator:
    """A form field's check by its record spec (``fleksjob.core.records``): the same verdict
    the API and the import give, with the spec's reason in the user's language."""

    def __init__(self, spec: FieldSpec):
        self.spec = spec

    def __call__(self, value) -> None:
        refused = self.spec.check(value)
        if refused is not None:
            text = gettext(refused.template) % dict(refused.params)
            raise ValidationError(f"{text[:1].upper()}{text[1:]}.", code="record_spec")

    def __eq__(self, other) -> bool:  # Django compares validators when it deconstructs fields
        return isinstance(other, SpecValidator) and other.spec == self.spec


def apply_spec(form: forms.BaseForm, record: RecordSpec) -> None:
    """Give each of the form's fields that the record spec knows its spec's check, whether it
    is required, and the limits as HTML attributes (the server checks them all the same)."""
    for name, field in form.fields.items():
        if name not in record:
            continue
        spec = record[name]
        field.validators.append(SpecValidator(spec))
        if spec.kind not in ("bool", "keys"):
            field.required = spec.required and spec.default is None
        attrs = field.widget.attrs
        if spec.low is not None and not spec.low_open:
            attrs["min"] = spec.low
        if spec.high is not None:
            attrs["max"] = spec.high
        if spec.max_length is not None and spec.kind == "text":
            attrs["maxlength"] = spec.max_length


def _spec_defaults(form: forms.BaseForm, record: RecordSpec) -> None:
    """An empty optional field takes its spec's default, as in the API and the import."""
    for name, value in list(form.cleaned_data.items()):
        if name in record and value in (None, "") and record[name].default is not None:
            default = record[name].default
            form.cleaned_data[name] = list(default) if isinstance(default, list) else default


class DesignSystemMixin:
    """Adds the DKFDS classes to every widget, so templates can render fields as they are.
    Checkboxes keep none: the design system styles them through their labels. Every date and
    number field is bounded (``fleksjob.core.bounds``). A form that declares ``record_spec``
    checks its fields by that spec (``apply_spec``)."""

    record_spec: RecordSpec | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.record_spec is not None:
            apply_spec(self, self.record_spec)
        for field in self.fields.values():
            _bound(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            widget.attrs.setdefault("class", css)

    def clean(self):
        if self.record_spec is not None:
            _spec_defaults(self, self.record_spec)
        return super().clean()


class DesignSystemForm(DesignSystemMixin, forms.Form):
    pass


class DesignSystemModelForm(DesignSystemMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    """The browser's date picker; it needs the ISO format whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# A page's form carries the version of the record it was filled in from; the write function
# compares it with the current one (``fleksjob.core.versions``) and refuses a stale one.
STALE = _(
    "Oplysningerne er ændret af en anden, siden du åbnede siden. "
    "Genindlæs siden og foretag ændringen igen."
)


def version_field() -> forms.CharField:
    """The hidden version field of a form that changes an existing record."""
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

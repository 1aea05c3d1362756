from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.core.records.offer import ACTIVE_OFFER
from fleksjob.employers.models import Employer
from fleksjob.offers.models import MAX_FTE, OfferKind, OfferOutcome
from fleksjob.ui.forms import DateInput, DesignSystemForm, version_field


class OfferForm(DesignSystemForm):
    """An offer as recorded or corrected; the employer is picked by its CVR number among the
    user's municipality's employers. Its values are checked by the offer's record spec, as the
    write function and the API check them."""

    record_spec = ACTIVE_OFFER

    kind = forms.ChoiceField(label=_("Tilbud"), choices=OfferKind.choices)
    cvr = forms.RegexField(
        label=_("Arbejdsgiverens CVR-nummer"),
        regex=r"^\d{8}$",
        required=False,
        max_length=8,
        help_text=_("Kræves for virksomhedspraktik og løntilskud."),
        error_messages={"invalid": _("Et CVR-nummer er 8 cifre.")},
    )
    start = forms.DateField(label=_("Start"), initial=timezone.localdate, widget=DateInput())
    planned_end = forms.DateField(label=_("Planlagt slut"), widget=DateInput())
    weekly_hours = forms.DecimalField(
        label=_("Timer pr. uge"), widget=forms.NumberInput(attrs={"step": "0.5"})
    )
    purpose = forms.CharField(
        label=_("Formål"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = version_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        cvr = data.get("cvr")
        data["employer"] = None
        if cvr:
            employer = Employer.objects.visible_to(self.user).filter(cvr=cvr).first()
            if employer is None:
                self.add_error("cvr", _("Kommunen har ingen virksomhed med dette CVR-nummer."))
            data["employer"] = employer
        start, end = data.get("start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Planlagt slut ligger før start."))
        return data


class EndForm(DesignSystemForm):
    ended_on = forms.DateField(
        label=_("Sidste dag"), initial=timezone.localdate, widget=DateInput()
    )
    outcome = forms.ChoiceField(label=_("Udfald"), choices=OfferOutcome.choices)
    version = version_field()


class RunningFilter(DesignSystemForm):
    """The filters of the municipality's list of offers."""

    kind = forms.ChoiceField(
        label=_("Tilbud"), required=False, choices=[("", _("Alle")), *OfferKind.choices]
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("I gang")), ("ended", _("Afsluttede")), ("all", _("Alle"))],
    )
    ending_before = forms.DateField(
        label=_("Planlagt slut senest"), required=False, widget=DateInput()
    )


class CapacityForm(DesignSystemForm):
    """A year's month grid: consultants and employer-facing consultants per month."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for month in range(1, 13):
            self.fields[f"fte_{month}"] = forms.DecimalField(
                label=_("Konsulenter (årsværk)"),
                required=False,
                min_value=0,
                max_value=MAX_FTE,
                decimal_places=2,
                max_digits=5,
                widget=forms.NumberInput(attrs={"step": "0.1"}),
            )
            self.fields[f"employer_fte_{month}"] = forms.DecimalField(
                label=_("Heraf virksomhedsrettede (årsværk)"),
                required=False,
                min_value=0,
                max_value=MAX_FTE,
                decimal_places=2,
                max_digits=5,
                widget=forms.NumberInput(attrs={"step": "0.1"}),
            )

    def clean(self):
        data = super().clean()
        months = {}
        for month in range(1, 13):
            fte, employer = data.get(f"fte_{month}"), data.get(f"employer_fte_{month}")
            if fte is None and employer is not None:
                self.add_error(
                    f"fte_{month}", _("Angiv konsulenter, når der er virksomhedsrettede.")
                )
            elif fte is not None and employer is not None and employer > fte:
                self.add_error(f"employer_fte_{month}", _("Højst det samlede antal konsulenter."))
            months[month] = (fte, employer)
        data["months"] = months
        return data

    def rows(self):
        """(month number, consultants field, employer-facing field) per month."""
        return [(m, self[f"fte_{m}"], self[f"employer_fte_{m}"]) for m in range(1, 13)]

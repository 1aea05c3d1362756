from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fleksjob.reference import municipalities
from fleksjob.ui.forms import DateInput, DesignSystemForm


def municipality_choices() -> list[tuple[str, str]]:
    """The 98 municipalities by name, after the choice of no tax (gross income only)."""
    named = sorted(municipalities(), key=lambda m: m.name)
    return [("", _("Ingen (kun før skat)")), *((m.code, f"{m.name} ({m.code})") for m in named)]


class HoursCalculatorForm(DesignSystemForm):
    on = forms.DateField(label=_("Dato (satser i kraft)"), widget=DateInput())
    hourly_wage = forms.DecimalField(
        label=_("Timeløn før pension (kr.)"),
        min_value=1,
        max_value=2000,
        decimal_places=2,
    )
    pension_pct = forms.DecimalField(
        label=_("Pension i alt (%)"), min_value=0, max_value=100, decimal_places=2
    )
    fulltime_hours = forms.IntegerField(
        label=_("Fuld tid (timer pr. uge)"), min_value=1, max_value=80
    )
    municipality = forms.ChoiceField(
        label=_("Kommune (skatteprocent)"),
        required=False,
        choices=municipality_choices,
        help_text=_("Vælg en kommune for at se indkomsten efter skat."),
        error_messages={"invalid_choice": _("Vælg en af de 98 kommuner på listen.")},
    )
    church_member = forms.BooleanField(label=_("Medlem af folkekirken (kirkeskat)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("church_member") and not data.get("municipality"):
            self.add_error(
                "church_member", _("Vælg en kommune; kirkeskatten afhænger af kommunen.")
            )
        return data


POOL_KINDS = [
    ("", _("Ingen pulje")),
    ("fuld_loen", _("Fuld løn i kommunale arbejdspladser")),
    ("uden_refusion", _("For dem uden meget refusion (laveste trin)")),
    ("midlertidig", _("Midlertidige kommunale fleksjob")),
]


class ScenarioForm(DesignSystemForm):
    """A forward budget: the first year and how many, and the levers of the other scenarios."""

    from_year = forms.TypedChoiceField(label=_("Første år"), coerce=int)
    years = forms.IntegerField(label=_("Antal år"), min_value=1, max_value=5)
    consultants_fte = forms.DecimalField(
        label=_("Virksomhedskonsulenter (årsværk)"),
        required=False,
        min_value=0.1,
        max_value=10000,
        decimal_places=1,
        help_text=_("Tom: intet konsulentscenarie."),
    )
    consultant_cost = forms.DecimalField(
        label=_("Årlig udgift pr. konsulent (kr.)"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        decimal_places=0,
        help_text=_("Tom: konsulenternes løn regnes ikke med i udgiften."),
    )
    pool_kind = forms.ChoiceField(label=_("Fleksjobpulje"), required=False, choices=POOL_KINDS)
    pool_places = forms.IntegerField(
        label=_("Pladser i puljen"), required=False, min_value=1, max_value=100000
    )
    pool_hourly_wage = forms.DecimalField(
        label=_("Timeløn i puljen (kr.)"), min_value=1, max_value=2000, decimal_places=2
    )
    pool_hours = forms.DecimalField(
        label=_("Timer pr. uge i puljen"), min_value=1, max_value=37, decimal_places=1
    )
    pool_months = forms.IntegerField(
        label=_("Måneder i et midlertidigt job (gennemsnit)"), min_value=1, max_value=120
    )
    pool_record = forms.ModelChoiceField(
        label=_("Eller en af kommunens egne puljer"),
        help_text=_(
            "Puljens type, pladser og ramme; timeløn og timer fra dens puljejob (ellers felterne "
            "ovenfor)."
        ),
        required=False,
        queryset=None,
    )

    def __init__(self, *args, years: list[int], pools=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = [(y, str(y)) for y in years]
        self.fields["pool_record"].queryset = pools

    def clean(self):
        data = super().clean()
        if data.get("pool_kind") and data.get("pool_record"):
            self.add_error(
                "pool_record", _("Vælg enten en puljetype eller en af kommunens puljer.")
            )
        if data.get("pool_kind") and not data.get("pool_places"):
            self.add_error("pool_places", _("Angiv antal pladser i puljen."))
        return data

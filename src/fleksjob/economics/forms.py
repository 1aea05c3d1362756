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

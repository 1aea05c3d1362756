from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fleksjob.ui.forms import DateInput, DesignSystemForm


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

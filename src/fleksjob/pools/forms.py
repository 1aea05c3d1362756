from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.core.pools import (
    ELIGIBILITY_MAX,
    END_REASON_MAX,
    MAX_CAP,
    MAX_MIN_WEEKS,
    MAX_MONTHLY_COST,
    MAX_PLACES,
    MOTIVATION_MAX,
    NAME_MAX,
    REASON_MAX,
)
from fleksjob.core.records.limits import HOURS_PLACES, MAX_WEEKLY_HOURS
from fleksjob.pools.models import KindChoice
from fleksjob.ui.forms import DateInput, DesignSystemForm, version_field


class PoolForm(DesignSystemForm):
    name = forms.CharField(label=_("Navn"), max_length=NAME_MAX)
    kind = forms.ChoiceField(label=_("Type"), choices=KindChoice.choices)
    annual_cap = forms.IntegerField(label=_("Årlig ramme (kr.)"), min_value=0, max_value=MAX_CAP)
    places = forms.IntegerField(label=_("Pladser"), min_value=0, max_value=MAX_PLACES)
    eligibility = forms.CharField(
        label=_("Målgruppe"),
        help_text=_("Hvem puljen er for, fx »borgere på ledighedsydelse uden refusion«."),
        required=False,
        max_length=ELIGIBILITY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    requires_ledighedsydelse = forms.BooleanField(
        label=_("Kun borgere på ledighedsydelse"), required=False
    )
    min_weeks_on_ledighedsydelse = forms.IntegerField(
        label=_("Mindst uger på ledighedsydelse"),
        help_text=_("0 betyder intet krav. Efter 52 uger er statens refusion lavest."),
        min_value=0,
        max_value=MAX_MIN_WEEKS,
        initial=0,
    )
    active = forms.BooleanField(label=_("Åben for ansøgninger"), required=False, initial=True)
    version = version_field()


class ApplyForm(DesignSystemForm):
    pool = forms.ModelChoiceField(label=_("Pulje"), queryset=None, empty_label=None)
    motivation = forms.CharField(
        label=_("Begrundelse"),
        help_text=_(
            "Hvorfor en plads i puljen er det rette for borgeren. Ingen helbredsoplysninger."
        ),
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, pools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = pools


class DecideForm(DesignSystemForm):
    decision = forms.ChoiceField(
        label=_("Afgørelse"),
        choices=[
            ("approve", _("Bevilg (venteliste hvis puljen er fuld)")),
            ("refuse", _("Afslå")),
        ],
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_("Skal udfyldes ved afslag."),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = version_field()


class PlaceForm(DesignSystemForm):
    workplace = forms.CharField(label=_("Arbejdsplads"), max_length=200)
    weekly_hours = forms.DecimalField(
        label=_("Timer pr. uge"),
        min_value=0.1,
        max_value=MAX_WEEKLY_HOURS,
        decimal_places=HOURS_PLACES,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    monthly_cost = forms.IntegerField(
        label=_("Lønudgift pr. måned (kr.)"),
        help_text=_("Puljen betaler hele lønnen."),
        min_value=1,
        max_value=MAX_MONTHLY_COST,
    )
    start = forms.DateField(label=_("Start"), initial=timezone.localdate, widget=DateInput())


class EndForm(DesignSystemForm):
    end = forms.DateField(label=_("Slutdato"), initial=timezone.localdate, widget=DateInput())
    reason = forms.CharField(label=_("Årsag"), max_length=END_REASON_MAX)
    version = version_field()

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.core.casework.placement_flow import Stage, next_stages
from fleksjob.core.records.limits import HOURS_PLACES, MAX_WEEKLY_HOURS, MIN_EMPLOYMENT_HOURS
from fleksjob.placements.actions import HireTerms
from fleksjob.placements.models import NotHiredReasonChoice, PlacementStage
from fleksjob.ui.forms import DateInput, DesignSystemForm, version_field


class PlacementFilter(DesignSystemForm):
    stage = forms.ChoiceField(
        label=_("Trin"),
        required=False,
        choices=[("", _("Alle åbne")), ("all", _("Alle")), *list(PlacementStage.choices)],
    )


class ProposeForm(DesignSystemForm):
    citizen = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    position = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(DesignSystemForm):
    """One step of the workflow; the reason is asked for "not hired", the terms for "hired"."""

    to_stage = forms.ChoiceField(label=_("Nyt trin"))
    on = forms.DateField(label=_("Dato"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.ChoiceField(
        label=_("Årsag (ved ikke ansat)"),
        required=False,
        choices=[("", "–"), *list(NotHiredReasonChoice.choices)],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    start = forms.DateField(label=_("Ansat fra"), required=False, widget=DateInput())
    hours_per_week = forms.DecimalField(
        label=_("Timer pr. uge"),
        required=False,
        min_value=MIN_EMPLOYMENT_HOURS,
        max_value=MAX_WEEKLY_HOURS,
        decimal_places=HOURS_PLACES,
    )
    hourly_wage = forms.DecimalField(
        label=_("Timeløn (kr.)"), required=False, min_value=1, max_digits=7, decimal_places=2
    )
    version = version_field()  # of the placement the move was chosen from

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (s.value, label)
            for s in next_stages(stage)
            for v, label in PlacementStage.choices
            if v == s
        ]

    def clean(self):
        data = super().clean()
        to = data.get("to_stage")
        if to == Stage.NOT_HIRED and not data.get("reason"):
            self.add_error("reason", _("Angiv hvorfor borgeren ikke blev ansat."))
        if to != Stage.NOT_HIRED:
            data["reason"] = ""
        if to == Stage.HIRED:
            for name in ("start", "hours_per_week", "hourly_wage"):
                if data.get(name) is None:
                    self.add_error(name, _("Skal udfyldes ved ansættelse."))
        return data

    def hire_terms(self) -> HireTerms | None:
        data = self.cleaned_data
        if data["to_stage"] != Stage.HIRED:
            return None
        start: dt.date = data["start"]
        return HireTerms(
            start=start, hours_per_week=data["hours_per_week"], hourly_wage=data["hourly_wage"]
        )

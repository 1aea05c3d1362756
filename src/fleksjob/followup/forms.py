from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.core.records.limits import HOURS_PLACES, MAX_WEEKLY_HOURS, MIN_EMPLOYMENT_HOURS
from fleksjob.followup.models import (
    ActivityKind,
    MeetingChannel,
    MeetingKind,
    ProposalKind,
    Purpose,
    Side,
)
from fleksjob.ui.forms import DateInput, DesignSystemForm, version_field

STEP_ROWS = 4


class PlanForm(DesignSystemForm):
    purpose = forms.ChoiceField(label=_("Formål aftalt med borgeren"), choices=Purpose.choices)
    cadence_weeks = forms.IntegerField(
        label=_("Opfølgning hver (uger)"), min_value=1, max_value=130, initial=8
    )
    agreed_on = forms.DateField(
        label=_("Aftalt den"), initial=timezone.localdate, widget=DateInput()
    )
    agreed_text = forms.CharField(
        label=_("Hvad er aftalt"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = version_field()  # of the active plan the new one replaces, if any

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(STEP_ROWS):
            self.fields[f"step_date_{i}"] = forms.DateField(
                label=_("Timetrin %(n)s: måldato") % {"n": i + 1},
                required=False,
                widget=DateInput(attrs={"class": "form-input"}),
            )
            self.fields[f"step_hours_{i}"] = forms.DecimalField(
                label=_("Timetrin %(n)s: timer pr. uge") % {"n": i + 1},
                required=False,
                min_value=MIN_EMPLOYMENT_HOURS,
                max_value=MAX_WEEKLY_HOURS,
                decimal_places=HOURS_PLACES,
                widget=forms.NumberInput(attrs={"class": "form-input", "step": "0.5"}),
            )

    def clean(self):
        data = super().clean()
        steps = []
        for i in range(STEP_ROWS):
            day, hours = data.get(f"step_date_{i}"), data.get(f"step_hours_{i}")
            if (day is None) != (hours is None):
                self.add_error(
                    f"step_date_{i}", _("Angiv både måldato og timer, eller ingen af dem.")
                )
            elif day is not None:
                steps.append((day, hours))
        data["steps"] = steps
        return data

    def step_rows(self):
        return [(self[f"step_date_{i}"], self[f"step_hours_{i}"]) for i in range(STEP_ROWS)]


class MeetingForm(DesignSystemForm):
    held_on = forms.DateField(label=_("Dato"), initial=timezone.localdate, widget=DateInput())
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices)
    channel = forms.ChoiceField(label=_("Form"), choices=MeetingChannel.choices)
    agreed_text = forms.CharField(
        label=_("Hvad blev aftalt"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The plan shared with the citizen: the same forms on the caseworker's and the citizen's page.
class ProposeForm(DesignSystemForm):
    """Propose one change of the plan: its purpose, how often you follow up, or an hours step."""

    kind = forms.ChoiceField(
        label=_("Hvad vil du ændre?"),
        choices=[
            (ProposalKind.HOURS_STEP, _("Et timetrin: flere (eller færre) timer fra en dato")),
            (ProposalKind.CADENCE, _("Hvor tit I følger op")),
            (ProposalKind.PURPOSE, _("Formålet med planen")),
        ],
        initial=ProposalKind.HOURS_STEP,
    )
    step_date = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    step_hours = forms.DecimalField(
        label=_("Timer om ugen"),
        required=False,
        min_value=MIN_EMPLOYMENT_HOURS,
        max_value=MAX_WEEKLY_HOURS,
        decimal_places=HOURS_PLACES,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    cadence_weeks = forms.IntegerField(
        label=_("Følg op hver (uger)"), required=False, min_value=1, max_value=130
    )
    purpose = forms.ChoiceField(
        label=_("Nyt formål"), required=False, choices=[("", "—"), *Purpose.choices]
    )
    note = forms.CharField(
        label=_("Hvorfor? (valgfrit)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        needs = {
            ProposalKind.HOURS_STEP: ("step_date", "step_hours"),
            ProposalKind.CADENCE: ("cadence_weeks",),
            ProposalKind.PURPOSE: ("purpose",),
        }.get(data.get("kind"), ())
        for name in needs:
            if data.get(name) in (None, ""):
                self.add_error(name, _("Udfyld feltet."))
        return data


class ActivityForm(DesignSystemForm):
    title = forms.CharField(label=_("Hvad skal der ske?"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    starts_on = forms.DateField(label=_("Fra"), initial=timezone.localdate, widget=DateInput())
    ends_on = forms.DateField(label=_("Til (valgfrit)"), required=False, widget=DateInput())
    owner = forms.ChoiceField(label=_("Hvem gør det?"), choices=Side.choices)
    note = forms.CharField(
        label=_("Hvorfor? (valgfrit)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, side: str = Side.JOBCENTRE, **kwargs):
        super().__init__(*args, **kwargs)
        if side == Side.CITIZEN:  # the citizen's page speaks to them
            self.fields["owner"].choices = [
                (Side.CITIZEN, _("Mig")),
                (Side.JOBCENTRE, _("Jobcentret")),
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data

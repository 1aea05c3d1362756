from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fleksjob.core.matching.competences import COMPETENCES
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS, validate_keys
from fleksjob.core.records import EMPLOYER, POSITION, POSITION_TASK
from fleksjob.core.records.limits import MAX_TASKS
from fleksjob.core.versions import version_of
from fleksjob.employers.models import (
    ContactLogEntry,
    ContactPerson,
    Employer,
    Position,
    PositionTask,
)
from fleksjob.reference import is_unit_group
from fleksjob.ui.forms import DateInput, DesignSystemModelForm, version_field
from fleksjob.ui.labels import bilingual


class EmployerForm(DesignSystemModelForm):
    """An employer registered in the user's municipality (the instance carries it, so the
    duplicate check looks at that municipality only)."""

    record_spec = EMPLOYER

    cvr = forms.CharField(label=_("CVR-nummer"), max_length=16, help_text=_("8 cifre"))

    class Meta:
        model = Employer
        fields = ["cvr", "name", "sector", "size_band", "is_public", "street", "postcode", "city"]

    def clean_cvr(self) -> str:
        digits = self.cleaned_data["cvr"].replace(" ", "").upper().removeprefix("DK")
        if not re.fullmatch(r"[1-9][0-9]{7}", digits, re.ASCII):
            raise forms.ValidationError(
                _("CVR-nummeret skal være 8 cifre og kan ikke begynde med 0.")
            )
        return digits


class ContactForm(DesignSystemModelForm):
    class Meta:
        model = ContactLogEntry
        fields = ["on", "channel", "outcome", "contact_person", "note", "follow_up_on"]
        # The model field has no label of its own (Django would show "Contact person").
        labels = {"contact_person": _("Kontaktperson")}
        widgets = {
            "on": DateInput(),
            "follow_up_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = employer.contacts.all()
        self.fields["on"].initial = timezone.localdate
        # The company's own requests come from their pages (request_visit), not from staff.
        for name, own in (("channel", "portal"), ("outcome", "visit_requested")):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != own]

    def clean(self):
        data = super().clean()
        on, follow = data.get("on"), data.get("follow_up_on")
        if on and follow and follow < on:
            self.add_error("follow_up_on", _("Opfølgningen kan ikke ligge før kontakten."))
        if on and on > timezone.localdate():
            self.add_error("on", _("En kontakt kan ikke registreres i fremtiden."))
        return data


class ContactPersonForm(DesignSystemModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "email", "phone"]


class PositionForm(DesignSystemModelForm):
    record_spec = POSITION
    version = version_field()  # of the position being changed (none for a new one)
    provides = forms.MultipleChoiceField(
        label=_("Skånehensyn arbejdspladsen kan tilbyde"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.key, bilingual(a.label_da, a.label_en)) for a in ACCOMMODATIONS.values()],
    )

    class Meta:
        model = Position
        fields = [
            "title",
            "occupation",
            "tasks_text",
            "hours_min",
            "hours_max",
            "provides",
            "remote_allowed",
            "openings",
            "split_off",
            "status",
        ]
        widgets = {"tasks_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = version_of(self.instance)

    def clean_provides(self) -> list[str]:
        return validate_keys(self.cleaned_data["provides"])

    def clean_occupation(self):
        code = self.cleaned_data["occupation"].strip()
        if not is_unit_group(code):
            raise forms.ValidationError(_("Angiv en DISCO-08-enhedsgruppe med fire cifre."))
        return code

    def clean(self):
        data = super().clean()
        low, high = data.get("hours_min"), data.get("hours_max")
        if low is not None and high is not None and low > high:
            self.add_error("hours_max", _("Kan ikke være mindre end mindste timetal."))
        return data


COMPETENCE_CHOICES = [(key, bilingual(da, en)) for key, (da, en) in COMPETENCES.items()]


def _unit_group(code: str) -> str:
    code = code.strip()
    if code and not is_unit_group(code):
        raise forms.ValidationError(_("Angiv en DISCO-08-enhedsgruppe med fire cifre."))
    return code


class _TaskFields(DesignSystemModelForm):
    """A position's task (job crafting) as the forms edit it: its spec, competences, occupation."""

    record_spec = POSITION_TASK
    skills = forms.MultipleChoiceField(
        label=_("Kompetencer opgaven kræver"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=COMPETENCE_CHOICES,
    )

    class Meta:
        model = PositionTask
        fields = ["description", "hours", "skills", "occupation"]
        labels = {"occupation": _("Eget erhverv (DISCO-08), hvis et andet end stillingens")}

    def clean_occupation(self) -> str:
        return _unit_group(self.cleaned_data.get("occupation") or "")


class PositionTaskForm(_TaskFields):
    """One task of a position; ``version`` guards an edit against lost updates."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = version_of(self.instance)


class TaskRowForm(_TaskFields):
    """A row of the guided assembly: left empty, it is skipped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False


# At most MAX_TASKS rows are ever built, whatever TOTAL_FORMS a request claims.
TaskRows = forms.formset_factory(
    TaskRowForm, extra=4, max_num=MAX_TASKS, absolute_max=MAX_TASKS, validate_max=True
)


class AssembleForm(DesignSystemModelForm):
    """The position's own fields of "Sammensæt en fleksstilling af opgaver"; hours come from
    the tasks."""

    record_spec = POSITION
    provides = forms.MultipleChoiceField(
        label=_("Skånehensyn arbejdspladsen kan tilbyde"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.key, bilingual(a.label_da, a.label_en)) for a in ACCOMMODATIONS.values()],
    )

    class Meta:
        model = Position
        fields = ["title", "occupation", "provides", "remote_allowed", "openings"]

    def clean_provides(self) -> list[str]:
        return validate_keys(self.cleaned_data["provides"])

    def clean_occupation(self) -> str:
        code = _unit_group(self.cleaned_data["occupation"])
        if not code:
            raise forms.ValidationError(_("Angiv en DISCO-08-enhedsgruppe med fire cifre."))
        return code

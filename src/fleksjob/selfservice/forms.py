from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fleksjob.core.casework.shared_plan import BODY_MAX
from fleksjob.selfservice.messaging import SUBJECT_MAX
from fleksjob.ui.forms import DesignSystemForm


class ReplyForm(DesignSystemForm):
    body = forms.CharField(
        label=_("Din besked"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class ThreadForm(ReplyForm):
    """A new thread: what it is about (the plan, a proposed change, a proposed job), a subject
    and the first message. ``about`` offers only the citizen's own open proposals."""

    about = forms.ChoiceField(label=_("Hvad handler det om?"))
    subject = forms.CharField(label=_("Emne"), max_length=SUBJECT_MAX)
    field_order = ["about", "subject", "body"]

    def __init__(self, *args, plan_proposals=(), placements=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("plan", _("Planen"))]
        choices += [
            (f"change-{p.pk}", _("Forslag: %(what)s") % {"what": p.get_kind_display()})
            for p in plan_proposals
        ]
        choices += [
            (f"job-{p.pk}", _("Job: %(title)s") % {"title": p.position.title}) for p in placements
        ]
        self.fields["about"].choices = choices
        self._proposals = {f"change-{p.pk}": p for p in plan_proposals}
        self._placements = {f"job-{p.pk}": p for p in placements}

    def about_records(self) -> dict:
        """The proposal the thread is about (one of those offered), as start_thread takes it."""
        key = self.cleaned_data["about"]
        return {
            "plan_proposal": self._proposals.get(key),
            "placement": self._placements.get(key),
        }

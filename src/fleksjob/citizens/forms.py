from django import forms
from django.utils.translation import gettext_lazy as _

from fleksjob.citizens.models import CaseStatus, Goal
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.web.forms import DesignSystemForm


class CaseloadFilter(DesignSystemForm):
    SORTS = [
        ("name", _("Navn")),
        ("-status_since", _("Senest ændret status")),
        ("status_since", _("Længst i nuværende status")),
        ("next_due", _("Næste opfølgning")),
    ]
    q = forms.CharField(label=_("Navn"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle aktive"))] + [c for c in CaseStatus.choices if c[0] != "ended"],
    )
    goal = forms.ChoiceField(
        label=_("Mål"), required=False, choices=[("", _("Alle")), *list(Goal.choices)]
    )
    sort = forms.ChoiceField(label=_("Sortering"), required=False, choices=SORTS)


class CprLookupForm(DesignSystemForm):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, strip=True)

    def clean_cpr(self):
        try:
            return cpr_rules.parse(self.cleaned_data["cpr"]).digits
        except cpr_rules.InvalidCPR as exc:
            raise forms.ValidationError(str(exc)) from None

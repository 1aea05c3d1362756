"""Case decisions on the citizen's page (docs/decisions.md): one form per decision, a
confirmation step that says what the decision will do, then the decision's write function."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import decision_role_required, may_decide
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens import actions
from fleksjob.citizens.forms import NewCitizenForm
from fleksjob.citizens.models import CaseDecision, Citizen, reason_label
from fleksjob.citizens.ownership import may_take_cases
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.rules import decisions as rules
from fleksjob.core.rules.case_status import LABELS_DA as STATUS_DA
from fleksjob.core.rules.case_status import LABELS_EN as STATUS_EN
from fleksjob.core.rules.case_status import Status
from fleksjob.ui.forms import DateInput, DesignSystemForm
from fleksjob.ui.labels import bilingual

REASON_LABELS = {
    rules.DecisionKind.PAUSE: gettext_lazy("Årsag"),
    rules.DecisionKind.END: gettext_lazy("Årsag til afslutning"),
    rules.DecisionKind.REVIEW: gettext_lazy("Resultat af revurderingen"),
}


def basis_label(basis: rules.LegalBasis) -> str:
    return f"{bilingual(basis.label_da, basis.label_en)} ({basis.citation})"


class DecisionForm(DesignSystemForm):
    on = forms.DateField(label=gettext_lazy("Gælder fra"), widget=DateInput())
    legal_basis = forms.ChoiceField(label=gettext_lazy("Retsgrundlag"))
    reason = forms.ChoiceField(label=gettext_lazy("Årsag"), required=False)
    justification = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        max_length=rules.JUSTIFICATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kort begrundelse for afgørelsen (højst 1.000 tegn)."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput())

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["legal_basis"].choices = [
            (b.key, basis_label(b)) for b in rules.bases_for(kind)
        ]
        reasons = rules.REASONS[kind]
        if reasons:
            self.fields["reason"].required = True
            self.fields["reason"].label = REASON_LABELS[kind]
            self.fields["reason"].choices = [("", "—"), *((r, reason_label(r)) for r in reasons)]
        else:
            del self.fields["reason"]
        if kind == rules.DecisionKind.VISITATION:
            self.fields["on"].label = gettext_lazy("Visitationsdato")

    def decision(self) -> rules.Decision:
        data = self.cleaned_data
        return rules.Decision(
            self.kind,
            data["on"],
            data["legal_basis"],
            data["justification"],
            data.get("reason", ""),
        )


def available_decisions(case) -> list[tuple[str, str]]:
    """The decisions a case's state allows, as (kind, label) for the page's buttons (the write
    functions check again)."""
    if case is None or case.status == Status.ENDED:
        kinds = [rules.DecisionKind.VISITATION]
    elif case.status == Status.PAUSED:
        kinds = [rules.DecisionKind.RESUME, rules.DecisionKind.END]
    else:
        kinds = [rules.DecisionKind.PAUSE, rules.DecisionKind.END]
        reviewable = case.first_fleksjob_start and not (case.permanent or case.old_scheme)
        if reviewable:
            kinds.append(rules.DecisionKind.REVIEW)
    return [(k, bilingual(rules.LABELS_DA[k], rules.LABELS_EN[k])) for k in kinds]


def decisions_context(user, citizen: Citizen, case) -> dict:
    """What the case page shows of decisions: the log, the scheduled one, the buttons."""
    log = list(
        CaseDecision.objects.filter(approval__citizen=citizen)
        .select_related("by")
        .order_by("-on", "-pk")[:50]
    )
    return {
        "decisions": log,
        "scheduled": next((d for d in log if d.applied_on is None and not d.cancelled_at), None),
        "decision_choices": available_decisions(case) if may_decide(user) else [],
    }


@decision_role_required
def decide(request, pk: int, kind: str):
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=pk)
    if kind not in rules.USER_KINDS:
        raise Http404
    today = timezone.localdate()
    form = DecisionForm(kind, request.POST or None, initial={"on": today})
    status, effect, error = 200, None, ""
    if request.method == "POST":
        status = 422
        if form.is_valid():
            decision = form.decision()
            try:
                effect = actions.preview_decision(citizen, decision, today=today)
                if form.cleaned_data["confirmed"]:
                    actions.make_decision(
                        request.user, citizen, decision, today=today, channel="web"
                    )
                    scheduled = decision.on > today
                    messages.success(
                        request,
                        _("Afgørelsen er registreret og træder i kraft %(day)s.")
                        % {"day": formats.date_format(decision.on)}
                        if scheduled
                        else _("Afgørelsen er registreret."),
                    )
                    return redirect("citizens:detail", pk=pk)
                status = 200  # the confirmation step
            except InvalidField as exc:
                name = exc.field if exc.field in form.fields else None
                form.add_error(name, str(exc))
                effect = None
            except Refused as exc:
                error, status, effect = str(exc), 409, None
    else:
        record(request.user, Action.VIEW, citizen, citizen=citizen, detail="afgørelse")
    context = {
        "citizen": citizen,
        "form": form,
        "kind": kind,
        "title": bilingual(rules.LABELS_DA[kind], rules.LABELS_EN[kind]),
        "effect": _effect_lines(effect, form, today) if effect else [],
        "error": error,
        "bases": [{"label": basis_label(b), "verified": b.verified} for b in rules.bases_for(kind)],
    }
    return render(request, "citizens/decision.html", context, status=status)


def _effect_lines(effect: rules.Effect, form: DecisionForm, today: dt.date) -> list[str]:
    """The confirmation step's sentences: what the decision will do, and when."""
    on = form.cleaned_data["on"]
    day = formats.date_format(on)
    lines = []
    if effect.to_status:
        status = bilingual(STATUS_DA[effect.to_status], STATUS_EN[effect.to_status])
        lines.append(
            _("Sagens status bliver %(status)s fra %(day)s.") % {"status": status, "day": day}
        )
    if effect.permanent:
        lines.append(_("Fleksjobbet bliver permanent."))
    if effect.temporary_until:
        lines.append(
            _("Ny midlertidig periode til %(day)s.")
            % {"day": formats.date_format(effect.temporary_until)}
        )
    if effect.reviewed_on:
        lines.append(_("Fristen for revurdering bliver overholdt."))
    if on > today:
        lines.append(
            _("Afgørelsen er planlagt: sagen er uændret indtil %(day)s, hvor den træder i kraft.")
            % {"day": day}
        )
    return lines


@require_POST
@decision_role_required
def cancel(request, pk: int, decision_pk: int):
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=pk)
    decision = get_object_or_404(
        CaseDecision.objects.visible_to(request.user).filter(approval__citizen=citizen),
        pk=decision_pk,
    )
    actions.cancel_decision(request.user, decision)  # a refusal is the refusal page (409)
    messages.success(request, _("Den planlagte afgørelse er annulleret."))
    return redirect("citizens:detail", pk=pk)


@decision_role_required
def register(request):
    """A citizen new to the municipality, registered with the visitation decision that opens
    the case (a citizen already registered gets a new case from the decisions on their page)."""
    user = request.user
    today = timezone.localdate()
    town = user.municipality
    data = request.POST or None
    form = NewCitizenForm(
        data, instance=Citizen(municipality=town), initial={"lat": town.lat, "lon": town.lon}
    )
    decision = DecisionForm(
        rules.DecisionKind.VISITATION, data, prefix="decision", initial={"on": today}
    )
    take = may_take_cases(user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and decision.is_valid():
            fields = {name: form.cleaned_data[name] for name in NewCitizenForm.Meta.fields}
            try:
                made = actions.register_by_visitation(
                    user,
                    on=decision.cleaned_data["on"],
                    legal_basis=decision.cleaned_data["legal_basis"],
                    justification=decision.cleaned_data["justification"],
                    municipality_id=user.municipality_id,
                    take_case=take and request.POST.get("take_case") == "on",
                    today=today,
                    channel="web",
                    **fields,
                )
            except actions.DuplicateCPR as exc:
                form.add_error("cpr", str(exc))
                status = 409
            except InvalidField as exc:
                target = decision if exc.field in decision.fields else form
                target.add_error(exc.field if exc.field in target.fields else None, str(exc))
            except Refused as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("Borgeren er oprettet, og visitationen registreret."))
                return redirect("citizens:detail", pk=made.approval.citizen_id)
    context = {
        "form": form,
        "decision": decision,
        "may_take": take,
        "take_checked": request.method != "POST" or request.POST.get("take_case") == "on",
        "bases": [
            {"label": basis_label(b), "verified": b.verified}
            for b in rules.bases_for(rules.DecisionKind.VISITATION)
        ],
    }
    return render(request, "citizens/register.html", context, status=status)

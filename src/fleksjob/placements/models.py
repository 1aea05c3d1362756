"""The placement workflow (match proposals) that leads to employments, and the municipal batch
match runs that propose them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fleksjob.core.casework.placement_flow import (
    ANSWER_LABELS_DA,
    ANSWER_LABELS_EN,
    EMPLOYER_LABELS_DA,
    EMPLOYER_LABELS_EN,
    CitizenAnswer,
    DeclineReason,
    EmployerDeclineReason,
    NotHiredReason,
    Stage,
)
from fleksjob.core.casework.placement_flow import LABELS_DA as FLOW_DA
from fleksjob.core.casework.placement_flow import LABELS_EN as FLOW_EN
from fleksjob.core.casework.placement_flow import OPEN as OPEN_STAGES
from fleksjob.municipalities.scoping import ScopedQuerySet
from fleksjob.ui.labels import bilingual

# Sorted: OPEN is a frozenset, whose order changes between processes and would make the
# constraint below look changed to makemigrations on every run.
OPEN_STAGE_VALUES = sorted(s.value for s in OPEN_STAGES)


PlacementStage = models.TextChoices(
    "PlacementStage",
    [(s.name, (s.value, bilingual(FLOW_DA[s], FLOW_EN[s]))) for s in Stage],
)
CitizenAnswerChoice = models.TextChoices(
    "CitizenAnswerChoice",
    [
        (a.name, (a.value, bilingual(ANSWER_LABELS_DA[a], ANSWER_LABELS_EN[a])))
        for a in CitizenAnswer
    ],
)
DeclineReasonChoice = models.TextChoices(
    "DeclineReasonChoice",
    [
        (r.name, (r.value, bilingual(ANSWER_LABELS_DA[r], ANSWER_LABELS_EN[r])))
        for r in DeclineReason
    ],
)
EmployerDeclineReasonChoice = models.TextChoices(
    "EmployerDeclineReasonChoice",
    [
        (r.name, (r.value, bilingual(EMPLOYER_LABELS_DA[r], EMPLOYER_LABELS_EN[r])))
        for r in EmployerDeclineReason
    ],
)
NotHiredReasonChoice = models.TextChoices(
    "NotHiredReasonChoice",
    [(r.name, (r.value, bilingual(FLOW_DA[r], FLOW_EN[r]))) for r in NotHiredReason],
)


class PlacementQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"

    def open(self) -> PlacementQuerySet:
        return self.filter(stage__in=OPEN_STAGE_VALUES)


class Placement(models.Model):
    """A match proposal of a citizen for a position, followed through to hired or not hired."""

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="placements"
    )
    approval = models.ForeignKey(
        "citizens.Approval", on_delete=models.CASCADE, related_name="placements"
    )
    position = models.ForeignKey(
        "employers.Position", on_delete=models.PROTECT, related_name="placements"
    )
    stage = models.CharField(
        _("trin"), max_length=12, choices=PlacementStage.choices, db_index=True
    )
    stage_since = models.DateField(_("trin siden"))
    not_hired_reason = models.CharField(
        _("årsag"), max_length=20, choices=NotHiredReasonChoice.choices, blank=True
    )
    # The recommendation the proposal came from (score in [0, 1] and its Danish reasons), if any.
    score = models.FloatField(_("match-score"), null=True, blank=True)
    reasons = models.JSONField(_("begrundelse for forslaget"), default=list, blank=True)
    employment = models.OneToOneField(
        "employment.Employment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # its version (ETag, the move form's)
    # The citizen's own answer on Mit fleksjob (placements.actions.answer_proposal).
    citizen_answer = models.CharField(
        _("borgerens svar"), max_length=16, choices=CitizenAnswerChoice.choices, blank=True
    )
    citizen_reason = models.CharField(
        _("borgerens begrundelse"), max_length=12, choices=DeclineReasonChoice.choices, blank=True
    )
    citizen_answered_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    # The employer's answer on their own pages (placements.actions.answer_as_employer).
    employer_answer = models.CharField(
        _("virksomhedens svar"), max_length=16, choices=CitizenAnswerChoice.choices, blank=True
    )
    employer_reason = models.CharField(
        _("virksomhedens begrundelse"),
        max_length=12,
        choices=EmployerDeclineReasonChoice.choices,
        blank=True,
    )
    employer_answered_at = models.DateTimeField(_("virksomheden svarede"), null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-stage_since", "-id"]
        verbose_name = _("match-forslag")
        verbose_name_plural = _("match-forslag")
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in Stage]), name="placement_stage_valid"
            ),
            models.CheckConstraint(
                condition=(Q(stage=Stage.NOT_HIRED) & ~Q(not_hired_reason=""))
                | (~Q(stage=Stage.NOT_HIRED) & Q(not_hired_reason="")),
                name="placement_not_hired_iff_reason",
            ),
            models.CheckConstraint(
                condition=Q(employment__isnull=True) | Q(stage=Stage.HIRED),
                name="placement_employment_only_when_hired",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="placement_score_range",
            ),
            # One open proposal per citizen and position; a closed one may be followed by a new.
            models.UniqueConstraint(
                fields=["citizen", "position"],
                condition=Q(stage__in=OPEN_STAGE_VALUES),
                name="placement_one_open_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.stage_since})"


class PlacementTransition(models.Model):
    """Append-only log of every move of a placement."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=12, choices=PlacementStage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=PlacementStage.choices)
    on = models.DateField(_("dato"))
    reason = models.CharField(_("årsag"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("trinskift")
        verbose_name_plural = _("trinskift")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")), name="placement_transition_changes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.from_stage or '–'} → {self.to_stage}"


class MatchRunStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    RUNNING = "running", _("Kører")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")


class MatchRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> MatchRunQuerySet:
        if not getattr(user, "is_municipal", False):
            return self.none()
        return self.filter(municipality_id=user.municipality_id)


class MatchRun(models.Model):
    """A municipal batch run: recommendations for every waiting citizen and the optimal,
    fair assignment, stored with its statistics and the time it took."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="match_runs"
    )
    status = models.CharField(
        max_length=8, choices=MatchRunStatus.choices, default=MatchRunStatus.PENDING, db_index=True
    )
    stage = models.CharField(_("trin"), max_length=40, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    candidates = models.PositiveIntegerField(default=0)
    positions = models.PositiveIntegerField(default=0)
    placements = models.PositiveIntegerField(default=0)
    objective = models.FloatField(null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("matchkørsel")
        verbose_name_plural = _("matchkørsler")
        constraints = [
            # At most one run waiting or running per municipality: re-requesting is idempotent.
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(status__in=["pending", "running"]),
                name="matchrun_one_active_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.requested_at:%Y-%m-%d %H:%M} ({self.status})"


class MatchResult(models.Model):
    """One recommendation of a run (rank ≥ 1) or the run's assignment (assigned=True)."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="results")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE)
    position = models.ForeignKey("employers.Position", on_delete=models.CASCADE)
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    assigned = models.BooleanField(default=False)
    weight = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["run", "citizen", "rank"]
        indexes = [models.Index(fields=["run", "citizen"], name="matchresult_citizen")]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "citizen", "position"], name="matchresult_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} → {self.position_id} ({self.score:.2f})"


class ProspectImport(models.Model):
    """One import of STAR's Arbejdsmarkedsbalancen (docs/prospects.md). National facts, no
    personal data: the latest import replaces the earlier ones."""

    file_name = models.CharField(_("fil"), max_length=200)
    period = models.CharField(_("periode"), max_length=40, blank=True)
    rows = models.PositiveIntegerField(_("rækker"))
    imported_by = models.CharField(_("importeret af"), max_length=150, blank=True)
    imported_at = models.DateTimeField(_("importeret"), auto_now_add=True)

    class Meta:
        verbose_name = _("import af arbejdsmarkedsbalancen")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.period})"


class OccupationProspect(models.Model):
    """Job prospects of one job title (a DISCO-08 unit group) in one RAR area."""

    batch = models.ForeignKey(ProspectImport, on_delete=models.CASCADE, related_name="prospects")
    area = models.CharField(_("RAR-område"), max_length=20, db_index=True)
    occupation = models.CharField(_("erhverv (DISCO-08)"), max_length=4)
    title = models.CharField(_("stillingsbetegnelse"), max_length=200, blank=True)
    category = models.CharField(_("jobmuligheder"), max_length=20)
    shortage = models.BooleanField(_("mangel"), default=False)

    class Meta:
        verbose_name = _("jobmuligheder for et fag")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "area", "occupation", "title"], name="prospect_unique_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation} {self.area}: {self.category}"

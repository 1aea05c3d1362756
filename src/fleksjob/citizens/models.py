"""Citizens approved for fleksjob, their case (Approval) and its state machine, benefit spells."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fleksjob.audit.stamped import Stamped
from fleksjob.core.records import CITIZEN
from fleksjob.core.rules import decisions
from fleksjob.core.rules.case_status import LABELS_DA, LABELS_EN, EndReason, Status
from fleksjob.municipalities.scoping import ScopedQuerySet
from fleksjob.ui.labels import bilingual
from fleksjob.ui.records import spec_constraints


class Education(models.TextChoices):
    PRIMARY = "primary", _("Grundskole")
    UPPER_SECONDARY = "upper_secondary", _("Gymnasial uddannelse")
    VOCATIONAL = "vocational", _("Erhvervsfaglig uddannelse")
    SHORT_TERTIARY = "short_tertiary", _("Kort videregående uddannelse")
    BACHELOR = "bachelor", _("Mellemlang videregående / bachelor")
    MASTER = "master", _("Lang videregående uddannelse")


class Goal(models.TextChoices):
    PROGRESSION = "progression", _("Flere timer over tid")
    RETENTION = "retention", _("Fastholde fodfæste")
    EDUCATION = "education", _("Uddannelse eller omskoling")


class Sex(models.TextChoices):
    FEMALE = "F", _("Kvinde")
    MALE = "M", _("Mand")


CaseStatus = models.TextChoices(
    "CaseStatus", [(s.name, (s.value, bilingual(LABELS_DA[s], LABELS_EN[s]))) for s in Status]
)
EndReasonChoice = models.TextChoices(
    "EndReasonChoice",
    [(r.name, (r.value, bilingual(LABELS_DA[r], LABELS_EN[r]))) for r in EndReason],
)


class CitizenQuerySet(ScopedQuerySet):
    municipality_path = "municipality"

    def visible_to(self, user) -> models.QuerySet:
        """Anonymised citizens are no one's record any more: out of lists, search and pages."""
        return super().visible_to(user).filter(anonymised_at__isnull=True)


class Citizen(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="citizens",
    )
    # CPR: encrypted at rest; the keyed hash (HMAC-SHA256) supports exact lookup only. Unique
    # within a municipality, not nationally: a national check would tell one municipality that
    # another holds the person (an existence oracle); a citizen who moved is registered anew
    # and the old case requested by case transfer (docs/case-transfer.md).
    cpr_encrypted = models.TextField(_("CPR (krypteret)"))
    cpr_hash = models.CharField(max_length=64, db_index=True)
    birth_date = models.DateField(_("fødselsdato"))
    sex = models.CharField(_("køn"), max_length=1, choices=Sex.choices)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    # Approximate location (not the address) for commute distances.
    lat = models.FloatField(_("breddegrad"))
    lon = models.FloatField(_("længdegrad"))
    max_commute_km = models.PositiveSmallIntegerField(_("maks. transport (km)"), default=25)
    remote_ok = models.BooleanField(_("kan arbejde hjemmefra"), default=False)
    education = models.CharField(_("uddannelse"), max_length=20, choices=Education.choices)
    occupations = models.JSONField(_("erhverv (DISCO-08)"), default=list, blank=True)
    skills_text = models.TextField(_("kompetencer"), blank=True)
    needs = models.JSONField(_("skånehensyn"), default=list, blank=True)
    needs_note = models.TextField(_("note om skånehensyn"), blank=True)
    hours_min = models.DecimalField(_("timer pr. uge, mindst"), max_digits=4, decimal_places=1)
    hours_capacity = models.DecimalField(_("timer pr. uge, kan nu"), max_digits=4, decimal_places=1)
    hours_target = models.DecimalField(_("timer pr. uge, mål"), max_digits=4, decimal_places=1)
    wishes_sectors = models.JSONField(_("ønskede brancher"), default=list, blank=True)
    wishes_task_types = models.JSONField(_("ønskede opgavetyper"), default=list, blank=True)
    # Competence keys (core/matching/competences.py), matched against positions' tasks.
    competences = models.JSONField(_("kompetencer (til opgaver)"), default=list, blank=True)
    goal = models.CharField(_("mål"), max_length=20, choices=Goal.choices)
    consent_share_profile = models.BooleanField(
        _("samtykke til at dele profil med virksomheder"), default=False
    )
    consent_recorded_at = models.DateTimeField(_("samtykke registreret"), null=True, blank=True)
    synthetic = models.BooleanField(_("syntetiske data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by the retention job (privacy/retention.py); an anonymised citizen is never re-processed.
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True, db_index=True)
    # Ids of records a case transfer merged into this one: their audit events keep those ids
    # (the log is append-only), and an access request follows them.
    merged_from = models.JSONField(null=True, blank=True, editable=False)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        indexes = [
            models.Index(
                fields=["municipality", "last_name", "first_name"], name="citizen_muni_name"
            ),
            # A municipality's citizens still on record (visible_to) and their latest change
            # (the matching's version of the waiting citizens), from this index alone.
            models.Index(
                fields=["municipality", "anonymised_at", "updated_at"], name="citizen_muni_stamp"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr_hash"], name="citizen_cpr_unique_in_municipality"
            ),
            models.CheckConstraint(condition=Q(sex__in=["F", "M"]), name="citizen_sex_valid"),
            *spec_constraints(CITIZEN, "citizen"),
            models.CheckConstraint(
                condition=Q(consent_share_profile=False) | Q(consent_recorded_at__isnull=False),
                name="citizen_consent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.anonymised_at is not None:
            return str(_("Anonymiseret borger"))
        return f"{self.first_name} {self.last_name}"


class ConsentItemChoice(models.TextChoices):
    COMPETENCES = "competences", _("Kompetencer")
    HOURS = "hours", _("Timer")
    PROVISIONS = "provisions", _("Hensyn, arbejdspladsen skal tage")
    NAME_CONTACT = "name_contact", _("Navn og kontakt")


class ConsentVia(models.TextChoices):
    CITIZEN = "citizen", _("borgeren selv på Mit fleksjob")
    STAFF = "staff", _("registreret af jobcentret (samtykke på papir)")
    REGISTRATION = "registration", _("givet ved registreringen")
    MIGRATED = "migrated", _("overført fra det tidligere samlede samtykke")


class ConsentChange(models.Model):
    """One change of one consent item (core/casework/consent.py): given or withdrawn, when, by
    whom and how. The history is kept; an item's current state is its latest change."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consent_changes")
    item = models.CharField(_("samtykke til"), max_length=20, choices=ConsentItemChoice.choices)
    given = models.BooleanField(_("givet"))
    at = models.DateTimeField(_("tidspunkt"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("hvordan"), max_length=20, choices=ConsentVia.choices)

    class Meta:
        verbose_name = _("ændring af samtykke")
        verbose_name_plural = _("ændringer af samtykke")
        indexes = [models.Index(fields=["citizen", "id"], name="consent_change_citizen")]

    def __str__(self) -> str:
        return f"samtykke {self.pk}"


class NoticeSetting(models.Model):
    """The citizen's own choice of e-mail notices (docs/selfservice.md): the address the notice
    of something new on Mit fleksjob goes to, or none (``""``: no notices). Set only by the
    citizen (``citizens.notices.set_notice_email``); turning notices off erases the address.
    Its ``updated_at`` is the version of the citizen's form."""

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="notice_setting")
    email = models.EmailField(_("e-mail til beskeder"), max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("besked på e-mail")
        verbose_name_plural = _("beskeder på e-mail")

    def __str__(self) -> str:
        return f"besked på e-mail {self.pk}"

    @property
    def on(self) -> bool:
        return bool(self.email)


class ApprovalQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"

    def active(self) -> ApprovalQuerySet:
        return self.exclude(status=Status.ENDED)

    def owned_by(self, user) -> ApprovalQuerySet:
        """The cases the user is responsible for ("Mine sager"): as responsible caseworker or as
        the named consultant (fleksjobformidler)."""
        return self.filter(Q(caseworker=user) | Q(consultant=user))

    def unassigned(self) -> ApprovalQuerySet:
        """The queue: cases without a responsible caseworker who can act on them today (none, or
        one since deactivated, given another role or moved to another municipality)."""
        return self.exclude(ASSIGNED)


# A case has a responsible caseworker while it names an active caseworker of its own municipality.
ASSIGNED = Q(
    caseworker__isnull=False,
    caseworker__is_active=True,
    caseworker__role="caseworker",
    caseworker__municipality=F("citizen__municipality"),
)


class Approval(Stamped):
    """The fleksjob case: the visitation decision and the case status.

    The case (not the citizen) has the responsible caseworker and, where the municipality uses
    one, the named consultant (fleksjobformidler): responsibility belongs to a case, a new
    visitation is a new case that starts in the queue, and an ended case keeps who held it.
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="approvals")
    visitation_date = models.DateField(_("visitationsdato"))
    first_fleksjob_start = models.DateField(_("start på første fleksjob"), null=True, blank=True)
    temporary_until = models.DateField(_("midlertidig periode slutter"), null=True, blank=True)
    permanent = models.BooleanField(_("permanent fleksjob"), default=False)
    old_scheme = models.BooleanField(_("før reformen 2013"), default=False)
    status = models.CharField(_("status"), max_length=24, choices=CaseStatus.choices, db_index=True)
    status_since = models.DateField(_("status siden"))
    ended_reason = models.CharField(
        _("afslutningsårsag"), max_length=24, choices=EndReasonChoice.choices, blank=True
    )
    # The day the 4½-year review was decided (a CaseDecision of kind "review"); it meets the
    # review deadline (core/rules/deadlines.py: CaseFacts.review_decided_on).
    reviewed_on = models.DateField(_("revurdering afgjort"), null=True, blank=True)
    # Set only through citizens/ownership.py (assign_case, assign_cases): same municipality,
    # fitting role, audited.
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig sagsbehandler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fleksjobformidler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brokered_cases",
    )

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("visitation")
        verbose_name_plural = _("visitationer")
        indexes = [
            models.Index(fields=["citizen", "updated_at"], name="approval_citizen_stamp"),
            # A municipality's cases of one status, from its citizens (the planner otherwise
            # walks every case of that status in the country).
            models.Index(fields=["citizen", "status"], name="approval_citizen_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="approval_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.ENDED) & ~Q(ended_reason=""))
                | (~Q(status=Status.ENDED) & Q(ended_reason="")),
                name="approval_ended_iff_reason",
            ),
            models.UniqueConstraint(
                fields=["citizen"],
                condition=~Q(status=Status.ENDED),
                name="approval_one_active_per_citizen",
            ),
            models.CheckConstraint(
                condition=Q(first_fleksjob_start__isnull=True)
                | Q(first_fleksjob_start__gte=F("visitation_date")),
                name="approval_first_job_after_visitation",
            ),
            models.CheckConstraint(
                condition=Q(temporary_until__isnull=True)
                | (
                    Q(first_fleksjob_start__isnull=False)
                    & Q(temporary_until__gt=F("first_fleksjob_start"))
                ),
                name="approval_temporary_after_first_job",
            ),
            models.CheckConstraint(
                condition=Q(status_since__gte=F("visitation_date")),
                name="approval_status_after_visitation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.visitation_date})"


class StatusTransition(models.Model):
    """Append-only log of every case status change."""

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=CaseStatus.choices)
    on = models.DateField(_("dato"))
    reason = models.CharField(_("begrundelse"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("statusskift")
        verbose_name_plural = _("statusskift")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="transition_changes_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.from_status or '–'} → {self.to_status}"


DecisionKindChoice = models.TextChoices(
    "DecisionKindChoice",
    [
        (k.name, (k.value, bilingual(decisions.LABELS_DA[k], decisions.LABELS_EN[k])))
        for k in decisions.DecisionKind
    ],
)


def reason_label(reason: str) -> str:
    """The label of a pause reason, an end reason or a review outcome, in the user's language."""
    da, en = {**decisions.LABELS_DA, **LABELS_DA}, {**decisions.LABELS_EN, **LABELS_EN}
    return bilingual(da[reason], en[reason]) if reason in da else reason


class CaseDecisionQuerySet(ScopedQuerySet):
    municipality_path = "approval__citizen__municipality"

    def scheduled(self) -> CaseDecisionQuerySet:
        """Decisions dated after the day they were made that have not taken effect yet."""
        return self.filter(applied_on__isnull=True, cancelled_at__isnull=True)


class CaseDecision(Stamped):
    """A decision on a case (docs/decisions.md): visitation, pause, resumption, end, the 4½-year
    review, or the start in fleksjob a hire makes. Dated the day it takes effect, with its legal
    basis (a key of core/rules/legal_bases.json) and a short justification. ``applied_on`` is
    empty while the decision is scheduled (dated after the day it was made); the daily job
    ``apply_case_decisions`` applies it on its day, unless it was cancelled before.
    ``transition`` is the status change it made."""

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("afgørelse"), max_length=20, choices=DecisionKindChoice.choices)
    on = models.DateField(_("gælder fra"))
    legal_basis = models.CharField(_("retsgrundlag"), max_length=40)
    reason = models.CharField(_("årsag"), max_length=24, blank=True)
    justification = models.TextField(
        _("begrundelse"), max_length=decisions.JUSTIFICATION_MAX, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    applied_on = models.DateField(_("trådt i kraft"), null=True, blank=True, db_index=True)
    # A scheduled decision withdrawn before its day (kept: the log of decisions is append-only).
    cancelled_at = models.DateTimeField(_("annulleret"), null=True, blank=True)
    transition = models.OneToOneField(
        StatusTransition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision",
    )

    objects = CaseDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("afgørelse")
        verbose_name_plural = _("afgørelser")
        indexes = [
            models.Index(fields=["applied_on", "on"], name="decision_scheduled_on"),
            # The deadline figures' data version reads only this index (citizens/casefacts.py).
            models.Index(fields=["approval", "updated_at"], name="decision_approval_stamp"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in decisions.DecisionKind]),
                name="decision_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["approval"],
                condition=Q(applied_on__isnull=True, cancelled_at__isnull=True),
                name="decision_one_scheduled_per_case",
            ),
            models.CheckConstraint(
                condition=Q(applied_on__isnull=True) | Q(cancelled_at__isnull=True),
                name="decision_applied_or_cancelled",
            ),
            models.CheckConstraint(
                condition=Q(applied_on__isnull=True) | Q(applied_on__gte=F("on")),
                name="decision_applied_on_its_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on})"

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)

    @property
    def basis(self) -> decisions.LegalBasis | None:
        return decisions.legal_bases().get(self.legal_basis)


class RateCategory(models.TextChoices):
    # 89 % of the highest dagpenge rate for those who qualify, else the kontanthjælp level.
    DAGPENGE_89 = "dagpenge_89", _("89 % af højeste dagpengesats")
    KONTANTHJAELP = "kontanthjaelp", _("Kontanthjælpsniveau")


class BenefitSpellQuerySet(ScopedQuerySet):
    municipality_path = "citizen__municipality"


class BenefitSpell(Stamped):
    """A period on ledighedsydelse (from/to; open while ``end`` is empty)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="benefit_spells")
    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="benefit_spells")
    kind = models.CharField(max_length=20, default="ledighedsydelse", editable=False)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    rate_category = models.CharField(_("satskategori"), max_length=20, choices=RateCategory.choices)

    objects = BenefitSpellQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("ledighedsydelsesperiode")
        verbose_name_plural = _("ledighedsydelsesperioder")
        indexes = [
            models.Index(fields=["approval", "start"], name="spell_approval_start"),
            models.Index(fields=["citizen", "updated_at"], name="spell_citizen_stamp"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="spell_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["citizen"], condition=Q(end__isnull=True), name="spell_one_open_per_citizen"
            ),
        ]

    def __str__(self) -> str:
        return f"ledighedsydelse {self.start} – {self.end or ''}"


class SavedFilter(models.Model):
    """A caseload filter a user saved under a name (kept server-side: names never go in URLs)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("navn"), max_length=60)
    filters = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemt filter")
        verbose_name_plural = _("gemte filtre")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

"""Employers, their contact persons, positions and the consultants' contact log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from fleksjob.core.casework.identity import address_line, picker_label
from fleksjob.core.matching.vocabulary import SECTORS, SIZE_BANDS
from fleksjob.core.records import EMPLOYER, POSITION, POSITION_TASK
from fleksjob.municipalities.scoping import ScopedQuerySet
from fleksjob.ui.labels import bilingual
from fleksjob.ui.records import spec_constraints

SectorChoice = models.TextChoices(
    "SectorChoice", [(k.upper(), (k, bilingual(*v))) for k, v in SECTORS.items()]
)
SizeBand = models.TextChoices(
    "SizeBand", [(k.upper(), (k, bilingual(*v))) for k, v in SIZE_BANDS.items()]
)


class EmployerQuerySet(ScopedQuerySet):
    municipality_path = "municipality"


CVR_TAKEN = _("Kommunen har allerede registreret en virksomhed med dette CVR-nummer.")


class Employer(models.Model):
    """A company as one municipality's jobcentre works with it. A company that works with
    several jobcentres is registered once in each: the CVR number is unique within a
    municipality, and nothing tells one municipality whether another has registered it."""

    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    name = models.CharField(_("navn"), max_length=200)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="employers",
    )
    sector = models.CharField(_("branche"), max_length=30, choices=SectorChoice.choices)
    size_band = models.CharField(_("størrelse"), max_length=10, choices=SizeBand.choices)
    is_public = models.BooleanField(_("offentlig arbejdsgiver"), default=False)
    street = models.CharField(_("adresse"), max_length=200, blank=True, default="")
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True, default="")
    city = models.CharField(_("by"), max_length=100, blank=True, default="")
    lat = models.FloatField(_("breddegrad"))
    lon = models.FloatField(_("længdegrad"))
    synthetic = models.BooleanField(_("syntetiske data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # its version; the matching index's key

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        indexes = [models.Index(fields=["municipality", "name"], name="employer_muni_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cvr"], name="employer_cvr_unique_in_municipality"
            ),
            models.CheckConstraint(
                condition=Q(cvr__regex=r"^[1-9][0-9]{7}$"), name="employer_cvr_8_digits"
            ),
            *spec_constraints(EMPLOYER, "employer"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        """ "Algade 1, 4000 Roskilde", or "" when no address is registered."""
        return address_line(self.street, self.postcode, self.city)

    @property
    def picker_label(self) -> str:
        """ "Navn — CVR 12345678, Algade 1, 4000 Roskilde", for select options."""
        return picker_label(self.name, self.cvr, self.address)

    def clean(self) -> None:
        # The duplicate within the municipality as an error on the CVR field (the constraint's
        # own message names no field); only the employer's own municipality is looked at.
        if self.cvr and self.municipality_id and cvr_taken(self.municipality_id, self.cvr, self.pk):
            raise ValidationError({"cvr": CVR_TAKEN}, code="unique")


def cvr_taken(municipality_id: str, cvr: str, exclude_pk: int | None = None) -> bool:
    """Whether the municipality has registered another employer with this CVR number."""
    found = Employer.objects.filter(municipality_id=municipality_id, cvr=cvr)
    return found.exclude(pk=exclude_pk).exists() if exclude_pk else found.exists()


class ContactPerson(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name


class PositionStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    OPEN = "open", _("Åben")
    FILLED = "filled", _("Besat")
    CLOSED = "closed", _("Lukket")


class PositionQuerySet(ScopedQuerySet):
    municipality_path = "employer__municipality"


class Position(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("titel"), max_length=200)
    occupation = models.CharField(_("erhverv (DISCO-08)"), max_length=4)
    tasks_text = models.TextField(_("opgaver"), blank=True)
    hours_min = models.DecimalField(_("timer pr. uge, mindst"), max_digits=4, decimal_places=1)
    hours_max = models.DecimalField(_("timer pr. uge, højst"), max_digits=4, decimal_places=1)
    provides = models.JSONField(
        _("skånehensyn arbejdspladsen kan tilbyde"), default=list, blank=True
    )
    remote_allowed = models.BooleanField(_("hjemmearbejde muligt"), default=False)
    openings = models.PositiveSmallIntegerField(_("antal pladser"), default=1)
    split_off = models.BooleanField(_("opgaver udskilt fra andre stillinger"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PositionStatus.choices, db_index=True
    )
    created_on = models.DateField(_("oprettet"))
    updated_at = models.DateTimeField(auto_now=True)  # its version; the matching index's key
    synthetic = models.BooleanField(_("syntetiske data"), default=False)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "id"]
        verbose_name = _("stilling")
        verbose_name_plural = _("stillinger")
        # The matching's version of a municipality's open positions, from this index alone.
        indexes = [
            models.Index(
                fields=["employer", "status", "updated_at"], name="position_employer_stamp"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(occupation__regex=r"^[0-9]{4}$"), name="position_occupation_4_digits"
            ),
            *spec_constraints(POSITION, "position"),
        ]

    def __str__(self) -> str:
        return self.title


class PositionTaskQuerySet(ScopedQuerySet):
    municipality_path = "position__employer__municipality"


class PositionTask(models.Model):
    """One task of a position (job crafting): what it is, its weekly hours and the competences
    it needs (keys of core/matching/competences.py), optionally its own DISCO-08 group. The
    spec is ``POSITION_TASK``; ``employers/tasks.py`` writes them."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(_("opgave"), max_length=500)
    hours = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    skills = models.JSONField(_("kompetencer opgaven kræver"), default=list, blank=True)
    occupation = models.CharField(_("erhverv (DISCO-08)"), max_length=4, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)  # its version

    objects = PositionTaskQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaver")
        constraints = [*spec_constraints(POSITION_TASK, "position_task")]

    def __str__(self) -> str:
        return self.description


class Channel(models.TextChoices):
    VISIT = "visit", _("Besøg")
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-mail")
    VIDEO = "video", _("Videomøde")
    PORTAL = "portal", _("Virksomhedens egne sider")


class Outcome(models.TextChoices):
    NO_NEED = "no_need", _("Intet behov nu")
    INTERESTED = "interested", _("Interesseret")
    POSITION_CREATED = "position_created", _("Stilling oprettet")
    FOLLOW_UP = "follow_up", _("Aftalt opfølgning")
    NOT_REACHED = "not_reached", _("Ikke truffet")
    VISIT_REQUESTED = "visit_requested", _("Virksomheden beder om et besøg")


class ContactLogEntryQuerySet(ScopedQuerySet):
    municipality_path = "employer__municipality"

    def open_follow_ups(self) -> ContactLogEntryQuerySet:
        """Entries with a follow-up date not yet settled: neither marked done nor followed by a
        later contact with the employer (logged after it, dated on or after it)."""
        later = ContactLogEntry.objects.filter(
            employer=OuterRef("employer"), pk__gt=OuterRef("pk"), on__gte=OuterRef("on")
        )
        return self.filter(follow_up_on__isnull=False, follow_up_done_on__isnull=True).exclude(
            Exists(later)
        )


class ContactLogEntry(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_log")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konsulent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    contact_person = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True
    )
    on = models.DateField(_("dato"))
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    follow_up_on = models.DateField(_("opfølgning"), null=True, blank=True)
    # Marked done on the task list ("Mine opfølgninger"); a later contact settles it too.
    follow_up_done_on = models.DateField(_("opfølgning udført"), null=True, blank=True)
    follow_up_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opfølgning udført af"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ContactLogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontaktlog")
        indexes = [models.Index(fields=["employer", "on"], name="contact_employer_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=F("on")),
                name="contact_follow_up_after_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_channel_display()}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Sendt til jobcentret")
    RETURNED = "returned", _("Sendt tilbage med en kommentar")
    APPROVED = "approved", _("Godkendt: stillingen er oprettet")


class PositionSubmissionQuerySet(ScopedQuerySet):
    municipality_path = "employer__municipality"


class PositionSubmission(models.Model):
    """A flex position a company's contact person describes on their own pages: tasks that
    could be split off (each with its hours and competences), what the workplace provides, the
    occupation. Sent to the jobcentre, the consultant approves it (it becomes an open position
    through ``assemble_position``) or returns it with a comment (employers/submissions.py)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="submissions")
    contact_person = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    specialist = models.BooleanField(_("specialiststilling"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    title = models.CharField(_("titel"), max_length=200)
    occupation = models.CharField(_("erhverv (DISCO-08)"), max_length=4)
    # The assembly's tasks: [{"description", "hours" (str), "skills", "occupation"}].
    tasks = models.JSONField(_("opgaver"), default=list)
    provides = models.JSONField(_("det kan arbejdspladsen tilbyde"), default=list, blank=True)
    remote_allowed = models.BooleanField(_("hjemmearbejde muligt"), default=False)
    openings = models.PositiveSmallIntegerField(_("antal pladser"), default=1)
    comment = models.TextField(_("konsulentens kommentar"), blank=True)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandlet af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.OneToOneField(
        Position, on_delete=models.SET_NULL, null=True, blank=True, related_name="submission"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # its version

    objects = PositionSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("stillingsforslag fra virksomhed")
        verbose_name_plural = _("stillingsforslag fra virksomheder")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="submission_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"stillingsforslag {self.pk}"

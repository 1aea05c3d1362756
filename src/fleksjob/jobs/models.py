"""The run record of a background job: what ran, for whom, how far it got and what it counted.

Its params, counts and error hold no personal data: params are codes, dates, limits and file
names chosen by staff, counts are numbers, and an error is the exception's class (or a refusal
text written by us), never its message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Venter")
    RUNNING = "running", _("Kører")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> JobRunQuerySet:
        """A municipality's managers see its jobs and the jobs that span every municipality."""
        if not getattr(user, "is_municipal", False):
            return self.none()
        return self.filter(Q(municipality_id=user.municipality_id) | Q(municipality__isnull=True))


class JobRun(models.Model):
    kind = models.CharField(_("job"), max_length=40, db_index=True)
    # Requesting the same job (kind and params) while it waits or runs gives that run.
    key = models.CharField(max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True
    )
    params = models.JSONField(default=dict, blank=True)
    task_id = models.UUIDField(null=True, blank=True, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    requested_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    # The claim: which worker process runs it ("host:pid") and when it last showed life.
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(_("trin"), max_length=80, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=200, blank=True)
    exit_code = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("baggrundsjob")
        verbose_name_plural = _("baggrundsjob")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["queued", "running"]),
                name="jobrun_one_active_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.requested_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

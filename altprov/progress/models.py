"""Records kept on a placement while the pupil attends: progress against each objective of the
plan (R-11.1), the pastoral contact log (R-10.4), the SENDCo's records (R-10.8) and the
Assessment Lead's examination arrangements (R-10.7)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField


class Recorded(models.Model):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ObjectiveProgress(Recorded):
    """R-11.1: a dated check of progress against one objective of the placement's plan."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        SOME = "some", "Some progress"
        NONE = "none", "No progress"
        ACHIEVED = "achieved", "Achieved"

    objective = models.ForeignKey(
        "placements.PlanObjective", on_delete=models.PROTECT, related_name="progress"
    )
    checked_on = DoneDateField("date of the progress check")
    status = models.CharField("progress", max_length=10, choices=Status.choices)
    evidence = models.TextField("evidence")
    next_step = models.TextField("next step", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.checked_on:%-d %B %Y}"

    COLOURS = {"on_track": "green", "some": "yellow", "none": "red", "achieved": "blue"}

    @property
    def colour(self) -> str:
        return self.COLOURS[self.status]

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField


class AgreementReview(models.Model):
    """R-7.3: a review of the agreement with the parents or carers and of the placement, held at
    the trust's interval. The next review falls due from the latest one held (see schedule.py)."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "The placement continues as agreed"
        CHANGED = "changed", "The placement continues with changes to the agreement"
        END = "end", "The placement should end"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="reviews"
    )
    held_on = DoneDateField("date of the review")
    attended = models.TextField("who attended")
    outcome = models.CharField("outcome", max_length=10, choices=Outcome.choices)
    notes = models.TextField("what was discussed and agreed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review held on {self.held_on:%-d %B %Y}"

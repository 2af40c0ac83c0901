"""Monitoring a placement while the pupil attends (policy section 12, R-12.1 to R-12.5)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField

USER = settings.AUTH_USER_MODEL


class TermlyReport(models.Model):
    """R-12.1: the provider's report on the pupil's academic progress, behaviour and welfare, one
    each term, recorded by the AP Lead when it is received."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="termly_reports"
    )
    received_on = DoneDateField("date the report was received")
    received_from = models.CharField("who sent it", max_length=200)
    academic_progress = models.TextField("academic progress")
    behaviour = models.TextField("behaviour")
    welfare = models.TextField("welfare")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Issue 9: a report the provider submitted through the portal names its author (a provider
    # user) and the due date it answers; one per due date, so nothing is asked twice.
    submitted_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="submitted through the provider portal by",
    )
    due_on = models.DateField("the due date the report answers", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "due_on"],
                condition=models.Q(due_on__isnull=False),
                name="one_provider_report_per_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"Termly report received on {self.received_on:%-d %B %Y}"

    @property
    def from_provider(self) -> bool:
        return self.submitted_by_id is not None


class Visit(models.Model):
    """R-12.2: a visit to the pupil at the provider, at the trust's interval."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = DoneDateField("date of the visit")
    visited_by = models.CharField("who visited", max_length=200)
    what_was_seen = models.TextField("what was seen")
    pupil_view = models.TextField("the pupil's view")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on:%-d %B %Y}"


class Incident(models.Model):
    """R-12.3: a serious behaviour incident the provider reported to the school, and the AP
    Lead's and the Headteacher's decisions on it (each recorded once)."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="incidents"
    )
    occurred_on = DoneDateField("date of the incident")
    reported_by = models.CharField("who at the provider reported it", max_length=200)
    what_happened = models.TextField("what happened")
    provider_action = models.TextField("action taken by the provider")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    ap_lead_decision = models.TextField("the AP Lead's decision", blank=True)
    ap_lead_decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ap_lead_decided_at = models.DateTimeField(null=True, blank=True)
    head_decision = models.TextField("the Headteacher's decision", blank=True)
    head_decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"Serious incident on {self.occurred_on:%-d %B %Y}"


class FormalReview(models.Model):
    """R-12.4: a formal review meeting held because the pupil is not making satisfactory
    progress."""

    class Attendee(models.TextChoices):
        HEADTEACHER = "headteacher", "Headteacher"
        AP_LEAD = "ap_lead", "AP Lead"
        PUPIL = "pupil", "The pupil"
        PARENTS = "parents", "Parents or carers"
        PROVIDER = "provider", "The provider"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="formal_reviews"
    )
    held_on = DoneDateField("date of the meeting")
    attended = models.JSONField("who attended", default=list)
    progress = models.TextField("the pupil's progress")
    improved = models.BooleanField("progress has improved since the last formal review")
    actions = models.TextField("actions agreed")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "held_on", "pk"]

    def __str__(self) -> str:
        return f"Formal review held on {self.held_on:%-d %B %Y}"

    @property
    def attended_labels(self) -> list[str]:
        labels = dict(self.Attendee.choices)
        return [labels.get(a, a) for a in self.attended]


class ContinuationDecision(models.Model):
    """R-12.4: after three formal reviews with no improvement, the Headteacher decides whether the
    placement continues or ends; one decision for the review that asked for it."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "The placement continues"
        END = "end", "The placement ends"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="continuation_decisions"
    )
    after_review = models.OneToOneField(
        FormalReview, on_delete=models.PROTECT, related_name="decision"
    )
    decision = models.CharField("decision", max_length=10, choices=Decision.choices)
    rationale = models.TextField("the reasons for the decision")
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.get_decision_display()


class EarlyEnding(models.Model):
    """R-12.5: a placement ended early for safeguarding concerns, with the DSL informed. One per
    placement: a placement ends once."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="early_ending"
    )
    ended_on = DoneDateField("date the placement ended")
    reason = models.TextField("the safeguarding concerns")
    dsl_informed_on = DoneDateField("date the DSL was informed")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Ended early on {self.ended_on:%-d %B %Y} for safeguarding concerns"

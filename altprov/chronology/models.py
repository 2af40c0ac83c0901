from django.conf import settings
from django.db import models

from altprov.core.append_only import AppendOnlyModel
from altprov.core.fields import DoneDateField


class ChronologyEntry(AppendOnlyModel):
    """One dated step in a pupil's chronology of support (R-6.2, policy section 6). Entries are
    never changed or deleted: a correction is a new entry that points to the one it corrects.
    Enforced in Python and by database triggers (altprov/core/append_only.py)."""

    append_only_refusal = (
        "A chronology entry is never changed or deleted (R-6.2): record a correction instead"
    )

    class Kind(models.TextChoices):
        INTERNAL_INTERVENTION = "internal_intervention", "Internal intervention"
        EXTERNAL_AGENCY = "external_agency", "External agency referral or work"
        MEETING = "meeting", "Meeting"
        DECISION = "decision", "Decision"
        PARENT_REFUSAL = "parent_refusal", "Parent or carer refusal"
        NOTE = "note", "Note"

    class Agency(models.TextChoices):
        EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology"
        CAMHS = "camhs", "CAMHS (children and young people's mental health services)"
        SOCIAL_CARE = "social_care", "Children's social care"
        YOUTH_OFFENDING = "youth_offending", "Youth offending team"
        EARLY_HELP = "early_help", "Early help"
        HEALTH = "health", "School nursing or other health service"
        OTHER = "other", "Another agency"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="chronology")
    occurred_on = DoneDateField("date")
    kind = models.CharField("type of entry", max_length=30, choices=Kind.choices)
    summary = models.CharField("what happened", max_length=200)
    detail = models.TextField("details", blank=True)
    impact = models.TextField("impact", blank=True)
    agency = models.CharField("agency", max_length=30, choices=Agency.choices, blank=True)
    safeguarding = models.BooleanField(
        "contains safeguarding information",
        default=False,
        help_text="Only the DSL, Headteacher, AP Lead and trust safeguarding lead see it",
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="the entry this corrects",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Written by the service itself (for example a refusal recorded with the agreement).
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at", "-pk"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%-d %B %Y}: {self.summary}"

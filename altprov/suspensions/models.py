from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField


class Suspension(models.Model):
    """R-10.3: a suspension of a pupil decided by the Headteacher. The dates are those decided
    and told to the parents, counted in school days on the school's calendar when it was
    recorded (altprov/suspensions/rules.py): the last day and, for a suspension of more than five
    school days, the sixth school day, from which full-time education must be provided."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="suspensions")
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="suspensions"
    )
    first_day = models.DateField("first day of the suspension")
    school_days = models.PositiveSmallIntegerField("number of school days")
    last_day = models.DateField("last day of the suspension")
    sixth_day = models.DateField("sixth school day", null=True, blank=True)
    reason = models.TextField("reason for the suspension")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="decided by (Headteacher)",
    )
    parents_told_on = DoneDateField("date the parents were told", null=True, blank=True)
    # The policy's exceptions to provision from the sixth day.
    year11_no_further_exams = models.BooleanField(
        "Year 11 with no further public examinations to take", default=False
    )
    ehcp_fewer_hours = models.BooleanField(
        "the EHC plan specifies fewer hours than full-time", default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school_days__gte=1, school_days__lte=45),
                name="suspension_days_1_to_45",
            )
        ]

    def __str__(self) -> str:
        return f"Suspension from {self.first_day:%-d %B %Y} for {self.school_days} school days"

    @property
    def more_than_five_days(self) -> bool:
        return self.school_days > 5

    @property
    def exception(self) -> str:
        """The policy's exception that applies, in its words, or ''."""
        if self.year11_no_further_exams:
            return "Year 11 with no further public examinations to take"
        if self.ehcp_fewer_hours:
            return "The pupil's EHC plan specifies fewer hours"
        return ""

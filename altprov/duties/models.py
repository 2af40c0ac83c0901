"""The duty summary (issue 10, P2 and P7): the duty engine's counts per school, kept so that the
trust's report and the national dashboard read a few rows instead of running the engine over
every school on every request.

It is derived data, refreshed by `summary.refresh` (the task `tasks.refresh_duty_summaries`,
which the scheduler runs every 15 minutes, and `manage.py refresh_summaries`), so it has no
change history: the engine's own records keep theirs. Pages say how old it is. The school's own
pages and "what needs my attention" never read it: they run the engine live.
"""

from django.db import models

from altprov.organisations.models import School


class DutySummary(models.Model):
    """One school's duties as the engine counted them at `refreshed_at`, for the day `on`:
    overdue means due before `on`; due soon, within the duty's window from `on`."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, primary_key=True, related_name="duty_summary"
    )
    on = models.DateField(help_text="The day the counts are for")
    refreshed_at = models.DateTimeField()
    overdue = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    later = models.PositiveIntegerField(default=0, help_text="Items due after the duty's window")

    class Meta:
        verbose_name_plural = "duty summaries"

    def __str__(self) -> str:
        return f"Duties of {self.school_id} as at {self.refreshed_at:%Y-%m-%d %H:%M}"


class DutyCount(models.Model):
    """One duty's items in one school's summary, by state. Only duties with an item are kept."""

    summary = models.ForeignKey(DutySummary, on_delete=models.CASCADE, related_name="counts")
    duty = models.CharField(max_length=60)  # the key of a Duty in table.DUTIES
    overdue = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    later = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["summary", "duty"], name="one_count_per_duty"),
        ]

    def __str__(self) -> str:
        return f"{self.duty}: {self.overdue} overdue, {self.due_soon} due soon"

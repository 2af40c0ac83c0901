from django.db import models


class DueForDeletion(models.Model):
    """A pupil whose record is past its retention period (X-1), listed by the monthly job
    (`altprov.retention.tasks.list_due_for_deletion`) for the school's DSL to confirm. Derived
    data, recomputed each month: no `simple_history`. The row goes with the pupil's record when
    the deletion is confirmed."""

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.OneToOneField(
        "pupils.Pupil", on_delete=models.CASCADE, related_name="due_for_deletion"
    )
    due_on = models.DateField("date the retention period ended")
    safeguarding = models.BooleanField("the record holds safeguarding information")
    years = models.PositiveSmallIntegerField("years from the date of birth the record is kept")
    listed_on = models.DateField("date the job first listed the record")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name_plural = "records due for deletion"

    def __str__(self) -> str:
        return f"Pupil {self.pupil_id} due for deletion since {self.due_on:%-d %B %Y}"

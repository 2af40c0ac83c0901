from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SubjectAccessExport(models.Model):
    """A subject access export of one pupil's record (X-1, issue 11): who made it, when, and how
    much was redacted, as counts. Never the redacted names or entries themselves: this record must
    not keep what the export left out."""

    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.PROTECT, related_name="subject_access_exports"
    )
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    names_listed = models.PositiveIntegerField("names of third parties listed")
    names_redacted = models.PositiveIntegerField("names of third parties redacted")
    entries_listed = models.PositiveIntegerField("safeguarding entries listed")
    entries_redacted = models.PositiveIntegerField("safeguarding entries redacted")
    documents_listed = models.PositiveIntegerField("documents listed")
    documents_left_out = models.PositiveIntegerField("documents left out")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"Subject access export made on {self.made_at:%-d %B %Y}"

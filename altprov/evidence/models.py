import uuid

from django.conf import settings
from django.db import models


def _stored_name(instance, filename: str) -> str:
    # Never the uploaded name: a random one, under the trust, with the checked extension.
    return f"evidence/{instance.trust_id}/{uuid.uuid4().hex}{instance.extension}"


class EvidenceFile(models.Model):
    """An uploaded document (policy, audit evidence, letter of comfort). Its type is checked from
    its content, not its name; it is served only through `evidence:download`, which asks whoever
    owns the file whether the user may see it."""

    trust = models.ForeignKey("organisations.Trust", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=_stored_name, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

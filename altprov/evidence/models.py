import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

# The extensions a download may keep for each checked type; any other is replaced by the checked
# extension, so a PDF named "report.html" downloads as "report.pdf".
MATCHING_EXTENSIONS = {
    ".pdf": {".pdf"},
    ".png": {".png"},
    ".jpg": {".jpg", ".jpeg"},
    ".gif": {".gif"},
    ".doc": {".doc"},
    ".docx": {".docx"},
}


def _stored_name(instance, filename: str) -> str:
    # Never the uploaded name: a random one, under the trust, with the checked extension.
    return f"evidence/{instance.trust_id}/{uuid.uuid4().hex}{instance.extension}"


class EvidenceFile(models.Model):
    """An uploaded document (policy, audit evidence, letter of comfort). Its type is checked from
    its content, not its name; it is served only through `evidence:download`, which asks whoever
    owns the file whether the user may see it, under `download_name`.

    Replacing a file keeps the earlier one as an earlier version (audit evidence is never thrown
    away): the new file `replaces` it, and every version of one piece of evidence shares the
    `lineage` of the first. Whoever may see a version may see the versions before it."""

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
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The earlier version this file replaced",
    )
    lineage = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The first version of this evidence; empty for a first version",
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def lineage_root_id(self) -> int:
        return self.lineage_id or self.pk

    def lineage_versions(self) -> list["EvidenceFile"]:
        """Every version of this evidence, oldest first, in one query."""
        root = self.lineage_root_id
        return list(
            EvidenceFile.objects.filter(models.Q(pk=root) | models.Q(lineage_id=root)).order_by(
                "pk"
            )
        )

    def this_and_later_ids(self) -> set[int]:
        """This file and every version that replaced it, directly or in turn."""
        children: dict[int, list[int]] = {}
        for version in self.lineage_versions():
            if version.replaces_id is not None:
                children.setdefault(version.replaces_id, []).append(version.pk)
        found, todo = set(), [self.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children.get(pk, []))
        return found

    @property
    def download_name(self) -> str:
        """The name it is served under: the uploaded name, with an extension that matches the
        type its content was checked as."""
        name = PurePath(self.original_name.replace("\\", "/")).name
        path = PurePath(name) if name else PurePath("evidence")
        if path.suffix.lower() in MATCHING_EXTENSIONS.get(self.extension, {self.extension}):
            return path.name
        stem = path.stem if path.suffix else path.name
        return f"{stem or 'evidence'}{self.extension}"

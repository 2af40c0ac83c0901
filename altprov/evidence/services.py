"""Storing uploaded evidence: PDF, Word and images only, checked by content (not by name), with a
size limit. Files are kept under random names and served only through `evidence:download`.

A file that replaces another is stored as its next version: the earlier one stays listed and
downloadable by the same people, so nothing uploaded is left on disk out of reach."""

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .models import EvidenceFile

ACCEPTED = "PDF, Word (.docx or .doc), PNG, JPEG or GIF"


def detect(head: bytes, upload) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None if not an accepted type."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", ".gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword", ".doc"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    return (
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        ".docx",
                    )
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(upload) -> tuple[str, str]:
    """Raises ValidationError with a message for the field when the upload is not acceptable."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
    upload.seek(0)
    head = upload.read(16)
    kind = detect(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(f"The selected file must be a {ACCEPTED}")
    return kind


def evidence_store(
    *, upload, trust, school, by, replaces: EvidenceFile | None = None
) -> EvidenceFile:
    """Stores the upload; with `replaces`, as the next version of that file (which stays)."""
    content_type, extension = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = EvidenceFile(
        trust=trust,
        school=school,
        original_name=upload.name[-255:],
        content_type=content_type,
        extension=extension,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        replaces=replaces,
        lineage_id=replaces.lineage_root_id if replaces is not None else None,
    )
    evidence.file.save(f"upload{extension}", upload, save=False)
    try:
        evidence.save()
    except BaseException:
        evidence.file.delete(save=False)  # no file on disk without its row
        raise
    return evidence


def with_earlier_versions(files) -> None:
    """Puts on each file (None is skipped) `earlier_versions`: the versions it replaced, newest
    first, in one query for them all."""
    files = [f for f in files if f is not None]
    if not files:
        return
    roots = {f.lineage_root_id for f in files}
    by_id = {
        v.pk: v
        for v in EvidenceFile.objects.filter(
            models.Q(pk__in=roots) | models.Q(lineage_id__in=roots)
        )
    }
    for f in files:
        earlier, pk = [], f.replaces_id
        while pk is not None and pk in by_id:
            earlier.append(by_id[pk])
            pk = by_id[pk].replaces_id
        f.earlier_versions = earlier

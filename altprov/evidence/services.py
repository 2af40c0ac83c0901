"""Storing uploaded evidence: PDF, Word and images only, checked by uploads.check_upload (by
content, not by name; no active content in PDFs; scanned for viruses where clamd is set up). Files are kept under random names and served only through
`evidence:download`.

A file that replaces another is stored as its next version: the earlier one stays listed and
downloadable by the same people, so nothing uploaded is left on disk out of reach."""

import hashlib

from django.db import models

from .models import EvidenceFile
from .uploads import check_upload


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

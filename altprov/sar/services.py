"""Recording a subject access export (X-1): who made it, when, and what was redacted, as counts."""

from __future__ import annotations

from django.db import transaction

from .models import SubjectAccessExport
from .redaction import DOCUMENTS, ENTRIES, NAMES, Redaction


@transaction.atomic
def export_recorded(*, redaction: Redaction, by) -> SubjectAccessExport:
    pupil = redaction.record.pupil
    names_listed, names_redacted = redaction.count(NAMES)
    entries_listed, entries_redacted = redaction.count(ENTRIES)
    documents_listed, documents_left_out = redaction.count(DOCUMENTS)
    return SubjectAccessExport.objects.create(
        pupil=pupil,
        school_id=pupil.school_id,
        made_by=by,
        names_listed=names_listed,
        names_redacted=names_redacted,
        entries_listed=entries_listed,
        entries_redacted=entries_redacted,
        documents_listed=documents_listed,
        documents_left_out=documents_left_out,
    )

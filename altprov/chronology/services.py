"""Writing the chronology (R-6.2): entries are only ever added."""

import datetime as dt

from django.core.exceptions import ValidationError

from .models import ChronologyEntry

SAFEGUARDING_AGENCIES = {ChronologyEntry.Agency.SOCIAL_CARE, ChronologyEntry.Agency.YOUTH_OFFENDING}


def entry_add(
    *,
    pupil,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    detail: str = "",
    impact: str = "",
    agency: str = "",
    safeguarding: bool = False,
    corrects: ChronologyEntry | None = None,
    automatic: bool = False,
    by,
) -> ChronologyEntry:
    if corrects is not None and corrects.pupil_id != pupil.pk:
        raise ValidationError("A correction must be for the same pupil")
    if kind == ChronologyEntry.Kind.EXTERNAL_AGENCY and not agency:
        raise ValidationError({"agency": "Select the agency"})
    return ChronologyEntry.objects.create(
        pupil=pupil,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        detail=detail.strip(),
        impact=impact.strip(),
        agency=agency if kind == ChronologyEntry.Kind.EXTERNAL_AGENCY else "",
        safeguarding=safeguarding or agency in SAFEGUARDING_AGENCIES,
        corrects=corrects,
        automatic=automatic,
        recorded_by=by,
    )

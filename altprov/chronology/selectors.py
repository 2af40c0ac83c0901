"""Reading a pupil's chronology: safeguarding entries only for those who may see safeguarding
detail (R-10.2)."""

from dataclasses import dataclass

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission

from .models import ChronologyEntry


@dataclass
class Timeline:
    entries: list[ChronologyEntry]
    hidden: int
    interventions_with_impact: int
    external_agency_entries: int


def timeline_for(user, pupil, kind: str = "") -> Timeline:
    shows_safeguarding = has_permission(
        user, Permission.VIEW_SAFEGUARDING_DETAIL, school=pupil.school
    )
    entries = list(
        ChronologyEntry.objects.filter(pupil=pupil)
        .select_related("recorded_by", "corrects")
        .prefetch_related("corrections")
    )
    visible = [e for e in entries if shows_safeguarding or not e.safeguarding]
    corrected = {c.corrects_id for c in entries if c.corrects_id}
    current = [e for e in entries if e.pk not in corrected]
    return Timeline(
        entries=[e for e in visible if not kind or e.kind == kind],
        hidden=len(entries) - len(visible),
        interventions_with_impact=sum(
            1
            for e in current
            if e.kind == ChronologyEntry.Kind.INTERNAL_INTERVENTION and e.impact.strip()
        ),
        external_agency_entries=sum(
            1 for e in current if e.kind == ChronologyEntry.Kind.EXTERNAL_AGENCY
        ),
    )

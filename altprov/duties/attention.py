"""What needs your attention, from the duty engine: every duty overdue or due soon in the
current school that the user must act on (by role, or as the owner of a next step)."""

import datetime as dt

from altprov.authz.checks import roles_in
from altprov.core.attention import AttentionItem, attention_source
from altprov.organisations.selectors import current_school

from .engine import due_items, duties_for_roles, is_for, rows_for


@attention_source
def duties_due(request) -> list[AttentionItem]:
    school = current_school(request)
    if school is None:
        return []
    user = request.user
    roles = roles_in(user, school)
    duties = duties_for_roles(roles)
    if not duties:
        return []
    today = dt.date.today()
    items = [i for i in due_items([school], today, duties=duties) if is_for(i, user, roles)]
    rows = rows_for(items, today)
    shown = getattr(request, "pupils_shown", None)
    if shown is not None:
        shown.extend(r.pupil for r in rows if r.pupil is not None)
    return [
        AttentionItem(
            title=f"{row.item.title}: {'overdue, ' if row.overdue else ''}due by "
            f"{row.item.due:%-d %B %Y}",
            detail=f"{row.duty.label} ({row.duty.requirement})."
            + (f" Pupil: {row.pupil.full_name}." if row.pupil else ""),
            url=row.item.url,
            link_text=row.link_text,
            link_hidden=row.item.link_hidden,
            urgent=row.overdue,
        )
        for row in rows
    ]

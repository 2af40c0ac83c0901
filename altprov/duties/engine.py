"""The duty engine: what is due, for which schools, and for whom (issue 7, item 6).

`due_items(schools, today)` runs every duty of `table.DUTIES` over the schools at once. Each
duty's compute function makes a fixed number of queries, so the engine's cost in queries does not
grow with the number of placements, providers or next steps (a test asserts it).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from altprov.authz.permissions import Role
from altprov.core.duties import DueItem, DutyContext
from altprov.pupils.models import Pupil

from .table import DUTIES, DUTIES_BY_KEY, Duty


def duty_of(item: DueItem) -> Duty:
    return DUTIES_BY_KEY[item.duty]


def needs_attention(item: DueItem, today: dt.date) -> bool:
    """Overdue, or due within the duty's window (today + its days, inclusive)."""
    return item.due <= today + dt.timedelta(days=duty_of(item).soon_days)


def due_items(
    schools, today: dt.date, *, duties: Iterable[Duty] = DUTIES, only_attention: bool = True
) -> list[DueItem]:
    """Every item of the duties for the schools, soonest first; by default only those overdue or
    due soon."""
    ctx = DutyContext(schools, today)
    items = [
        item
        for duty in duties
        for item in duty.compute(ctx)
        if not only_attention or needs_attention(item, today)
    ]
    return sorted(items, key=lambda i: (i.due, i.duty, i.school_id, i.subject_id))


def duties_for_roles(roles: set[Role]) -> list[Duty]:
    """The duties that may give this person something to do: those of their roles, and those
    whose items have an owner (anyone may own an audit next step)."""
    return [d for d in DUTIES if d.owned or roles & set(d.who)]


def is_for(item: DueItem, user, roles: set[Role]) -> bool:
    """Whether this person must act on the item: its owner if it has one; otherwise anyone
    holding one of the duty's roles in the item's school."""
    duty = duty_of(item)
    if duty.owned and item.owner_id is not None:
        return item.owner_id == user.pk
    return bool(roles & set(duty.who))


@dataclass(frozen=True)
class Row:
    """A due item as a page shows it, with the pupil's name where the page may show pupils."""

    item: DueItem
    duty: Duty
    overdue: bool
    pupil: object | None
    link_text: str


def pupils_of(items: Iterable[DueItem]) -> dict:
    """The pupils the items are about, by id, in one query: the name accessor for pages."""
    ids = {i.pupil_id for i in items if i.pupil_id is not None}
    if not ids:
        return {}
    return {p.pk: p for p in Pupil.objects.filter(pk__in=ids).select_related("school")}


def rows_for(items: list[DueItem], today: dt.date) -> list[Row]:
    pupils = pupils_of(items)
    rows = []
    for item in items:
        pupil = pupils.get(item.pupil_id)
        rows.append(
            Row(
                item=item,
                duty=duty_of(item),
                overdue=item.overdue(today),
                pupil=pupil,
                link_text=item.link_text.format(pupil=pupil.full_name if pupil else "the pupil"),
            )
        )
    return rows

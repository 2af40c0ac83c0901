""" "What needs my attention": each part of the service adds what it knows is due for this user.

A source is a function `source(request) -> list[AttentionItem]`, registered with `@attention_source`.
Later parts (reviews, visits, attendance) add their own sources; the home page lists them all.

The sources together make about 24 queries (the duty engine one per duty), so the home page
shows a stored copy of the list while it is still true (issue 10, P1: at most 8 queries):
`items_shown` keeps each person's list in the shared cache under their id, the school they are
working in and the day, with the generations it was computed under (altprov/core/generations.py)
and the pupils it names, read in one query with those generations' current tokens. A copy is
computed again when a generation has changed (a write in the person's trust, by the person, or
to the whole service), when it is older than `KEEP_MINUTES` (what changes with the clock alone),
or on another day (the key). Pupils' names are in the copy: it lives in the database's cache
table, read for at most `KEEP_MINUTES` (docs/architecture.md, "The home page in 8").
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from django.utils import timezone

from altprov.audit.access import schools_of
from altprov.audit.shown import PupilShown, collecting, pupil_shown
from altprov.organisations.selectors import current_school, user_schools

from . import generations

_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class AttentionItem:
    title: str
    detail: str
    url: str
    link_text: str
    urgent: bool = False
    # Visually hidden words after the link text that tell links with the same text apart
    # ("Open the audit" + " of Moorside Centre").
    link_hidden: str = ""


def attention_source(func: Callable) -> Callable:
    _SOURCES.append(func)
    return func


def items_for(request) -> list[AttentionItem]:
    """Every source's items, computed now."""
    items: list[AttentionItem] = []
    for source in _SOURCES:
        items.extend(source(request))
    return sorted(told_apart(items), key=lambda i: (not i.urgent, i.title))


# A backstop for what changes with the clock and no write (an item falling due within the day);
# also how long a copy, which names pupils, is kept (the scheduled job `expired-cache-rows`
# deletes its row within 5 minutes after).
KEEP_MINUTES = 15
_FORMAT = 2  # the stored copy's layout: a copy of another layout is computed again


def list_key(request) -> str:
    school = current_school(request)
    return (
        f"attention:{request.user.pk}:{school.pk if school else 0}:"
        f"{timezone.localdate().isoformat()}"
    )


def items_shown(request) -> list[AttentionItem]:
    """The list for the home page: the stored copy while it is still true, else computed now and
    stored. Either way the pupils it names are declared to the access log (X-1)."""

    def compute() -> dict:
        with collecting() as named:
            items = items_for(request)
        pupils = _pupils_named(request, list(named.values()))
        return {
            "items": [asdict(item) for item in items],
            "pupils": [(p.pk, p.school_id, p.trust_id) for p in pupils],
        }

    copy = generations.stored_copy(
        list_key(request),
        generations.read_by(request.user),
        compute,
        keep_seconds=KEEP_MINUTES * 60,
        layout=_FORMAT,
    )
    for ids in copy["pupils"]:
        pupil_shown(PupilShown(*ids))
    return [AttentionItem(**fields) for fields in copy["items"]]


def _pupils_named(request, pupils: list) -> list[PupilShown]:
    """The pupils the sources printed, with their school's trust: from the person's schools
    (already read for the request), else one query."""
    schools = {s.pk: s for s in user_schools(request)}
    unknown = [p for p in pupils if p.school_id not in schools]
    if unknown:
        schools.update(schools_of(unknown))
    return [PupilShown(p.pk, p.school_id, schools[p.school_id].trust_id) for p in pupils]


def told_apart(items: list[AttentionItem]) -> list[AttentionItem]:
    """Links that would read the same to a screen reader get the item's title as hidden text
    (issue 14, 2.12), whatever a source forgot."""
    seen = Counter((i.link_text, i.link_hidden) for i in items)
    return [
        replace(i, link_hidden=f"{i.link_hidden}: {i.title}")
        if seen[(i.link_text, i.link_hidden)] > 1
        else i
        for i in items
    ]

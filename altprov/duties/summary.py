"""Refreshing and reading the duty summary (issue 10, P2 and P7; see models.py).

`refresh(schools)` runs the engine over the schools at once (a fixed number of queries for any
number of them) and replaces their summaries in one transaction; `refresh_all` does every
school in batches, so the work can be spread and no batch holds the whole country in memory.
`summaries_for(schools)` reads them, refreshing first any school that has none yet (a new
school), so a page never shows nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from altprov.organisations.models import School

from .engine import due_items, needs_attention
from .models import DutyCount, DutySummary

BATCH = 200  # schools per engine run in refresh_all


def refresh(schools: Iterable[School], now: dt.datetime | None = None) -> list[DutySummary]:
    """Recount every duty of the schools with the engine, as at `now` (default: now), and store
    it. Returns the new summaries."""
    schools = list(schools)
    if not schools:
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts: dict[int, dict[str, list[int]]] = {
        s.pk: defaultdict(lambda: [0, 0, 0]) for s in schools
    }
    for item in due_items(schools, today, only_attention=False):
        state = 0 if item.overdue(today) else 1 if needs_attention(item, today) else 2
        counts[item.school_id][item.duty][state] += 1
    summaries = [
        DutySummary(
            school_id=pk,
            on=today,
            refreshed_at=now,
            overdue=sum(c[0] for c in per.values()),
            due_soon=sum(c[1] for c in per.values()),
            later=sum(c[2] for c in per.values()),
        )
        for pk, per in counts.items()
    ]
    with transaction.atomic():
        DutyCount.objects.filter(summary_id__in=counts).delete()
        DutySummary.objects.bulk_create(
            summaries,
            update_conflicts=True,
            unique_fields=["school"],
            update_fields=["on", "refreshed_at", "overdue", "due_soon", "later"],
        )
        DutyCount.objects.bulk_create(
            DutyCount(summary_id=pk, duty=duty, overdue=c[0], due_soon=c[1], later=c[2])
            for pk, per in counts.items()
            for duty, c in per.items()
        )
    return summaries


def refresh_all(now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Refresh the summary of every school, `batch` schools at a time; returns how many."""
    ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        refresh(School.objects.filter(pk__in=ids[start : start + batch]), now)
    # Summaries of schools that no longer exist went with them (CASCADE).
    return len(ids)


def summaries_for(schools: Iterable[School]) -> dict[int, DutySummary]:
    """The summaries of the schools by school id, refreshing now any school that has none."""
    schools = list(schools)
    found = {s.pk: s for s in DutySummary.objects.filter(school__in=schools)}
    missing = [s for s in schools if s.pk not in found]
    if missing:
        found.update({s.school_id: s for s in refresh(missing)})
    return found


def as_at(summaries: Iterable[DutySummary], now: dt.datetime | None = None) -> str:
    """When the oldest of the summaries was counted, in words (`in_words`); empty when there
    are none."""
    times = [s.refreshed_at for s in summaries]
    return in_words(min(times), now) if times else ""


def in_words(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """A refresh time as a page says it: "06:15 today", "23:45 yesterday" or "06:15 on 3
    November 2026" (local time)."""
    moment = timezone.localtime(moment)
    today = timezone.localdate(now or timezone.now())
    if moment.date() == today:
        day = "today"
    elif moment.date() == today - dt.timedelta(days=1):
        day = "yesterday"
    else:
        day = f"on {moment:%-d %B %Y}"
    return f"{moment:%H:%M} {day}"

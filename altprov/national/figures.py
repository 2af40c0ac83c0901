"""Counting each school's figures for the dashboards (issue 10, P7; see models.py).

`refresh(schools)` counts a batch of schools in a fixed number of queries (plus one attendance
query per distinct term start among them, usually one or two), with the reports' own rules:
the placements are the reports' `Fact`s (`reports.data.load_facts`), a placement's status is
`placements.status.placement_status`, "in AP on a day" is `Fact.open_on` (the census's rule) and
attendance is a `Tally` of the codes. `refresh_all` does every school in batches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from altprov.attendance.codes import Tally
from altprov.attendance.models import DailyAttendance
from altprov.organisations.models import School
from altprov.placements.models import Placement
from altprov.reports.context import Period, ReportContext
from altprov.reports.data import load_facts, tally_counts
from altprov.termdates.models import Term

from .models import SUMMED, SchoolFigures, sessions_of

BATCH = 500
COUNTED = ["on", "refreshed_at", "term_start", *SUMMED]


def term_starts(school_ids: list[int], today: dt.date) -> dict[int, dt.date]:
    """Each school's current term's first day: its latest term started by `today` (one query)."""
    return dict(
        Term.objects.filter(academic_year__school_id__in=school_ids, start__lte=today)
        .values("academic_year__school_id")
        .annotate(start=Max("start"))
        .values_list("academic_year__school_id", "start")
    )


def sessions_by_code(school_ids: list[int], first: dt.date, last: dt.date):
    """(school id, code, sessions) from `first` to `last` for the schools, from the daily
    attendance summary: one query."""
    return (
        DailyAttendance.objects.filter(school_id__in=school_ids, date__gte=first, date__lte=last)
        .order_by()
        .values("school_id", "code")
        .annotate(n=Sum("sessions"))
        .values_list("school_id", "code", "n")
    )


def _attendance(starts: dict[int, dt.date], today: dt.date) -> dict[int, Tally]:
    by_start: dict[dt.date, list[int]] = defaultdict(list)
    for pk, start in starts.items():
        by_start[start].append(pk)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for start, ids in by_start.items():
        for school_id, code, n in sessions_by_code(ids, start, today):
            counts[school_id][code] = n
    return {pk: tally_counts(c) for pk, c in counts.items()}


def count(schools: list[School], today: dt.date) -> dict[int, dict]:
    """Each school's figures for `today`, by school id (without the refresh time)."""
    ids = [s.pk for s in schools]
    starts = term_starts(ids, today)
    earliest = min(starts.values(), default=today)
    facts = load_facts(ReportContext(schools, Period(earliest, today, ""), today))
    attendance = _attendance(starts, today)
    figures: dict[int, dict] = {}
    for school in schools:
        start = starts.get(school.pk)
        mine = [f for f in facts if f.school_id == school.pk]
        term = [f for f in mine if start is not None and f.in_period(start, today)]
        keys = [f.status_key(today) for f in mine]
        tally = attendance.get(school.pk, Tally())
        figures[school.pk] = {
            "on": today,
            "term_start": start,
            "pupils_in_ap": len({f.pupil_id for f in mine if f.open_on(today)}),
            "pupils_this_term": len({f.pupil_id for f in term}),
            "planned": keys.count("planned"),
            "starting": keys.count("starting"),
            "attending": keys.count("attending"),
            "ended_this_term": sum(
                1 for f in term if f.leaving_date is not None and start <= f.leaving_date <= today
            ),
            "unregistered": sum(
                1 for f in mine if f.status != Placement.Status.ENDED and not f.registered
            ),
            **sessions_of(tally),
        }
    return figures


def refresh(schools: Iterable[School], now: dt.datetime | None = None) -> int:
    """Count the schools' figures as at `now` (default now) and store them; returns how many."""
    schools = list(schools)
    if not schools:
        return 0
    now = now or timezone.now()
    figures = count(schools, timezone.localdate(now))
    with transaction.atomic():
        SchoolFigures.objects.bulk_create(
            [SchoolFigures(school_id=pk, refreshed_at=now, **f) for pk, f in figures.items()],
            update_conflicts=True,
            unique_fields=["school"],
            update_fields=COUNTED,
        )
    return len(figures)


def refresh_all(now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Refresh every school's figures, `batch` schools at a time; returns how many schools."""
    now = now or timezone.now()
    ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), batch):
        refresh(
            School.objects.filter(pk__in=ids[first : first + batch]).select_related("trust"), now
        )
    return len(ids)

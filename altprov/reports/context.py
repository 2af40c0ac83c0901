"""What every report section receives: the schools it covers, the period, the day it is made,
and bulk loads the sections share (each loaded once, in a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict


@dataclass(frozen=True)
class Period:
    """The dates a report covers, both included. "Now" figures are taken on `end`."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def query(self) -> str:
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"


def school_year_start(today: dt.date) -> dt.date:
    """1 September of the school year `today` is in."""
    return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def period_from(params: QueryDict, today: dt.date) -> tuple[Period, list[str]]:
    """The period asked for in `?from=` and `?to=` (YYYY-MM-DD), by default the school year so
    far. Returns the period and the problems with what was asked (the default is used then)."""
    errors = []
    start, end = school_year_start(today), today
    raw_from, raw_to = params.get("from", ""), params.get("to", "")
    try:
        if raw_from:
            start = dt.date.fromisoformat(raw_from)
        if raw_to:
            end = dt.date.fromisoformat(raw_to)
    except ValueError:
        errors.append("Enter the dates as year, month and day, for example 2026-09-01")
        start, end = school_year_start(today), today
    else:
        if not (dt.date(2000, 1, 1) <= start <= end <= today):
            errors.append("The period must start before it ends, and end today or earlier")
            start, end = school_year_start(today), today
    return Period(start, end, f"{start:%-d %B %Y} to {end:%-d %B %Y}"), errors


class ReportContext:
    """The schools (ordered by name), their ids, the period, today and the user; `shared(key, load)` keeps
    a bulk load several sections need (placements, attendance, due items)."""

    def __init__(self, schools, period: Period, today: dt.date, user=None):
        self.user = user  # the person the report is for (None: aggregates only)
        self.schools = list(schools)
        self.school_ids = [s.pk for s in self.schools]
        self.school_by_id = {s.pk: s for s in self.schools}
        self.period = period
        self.today = today
        self._shared: dict[str, Any] = {}

    def shared(self, key: str, load: Callable[[ReportContext], Any]) -> Any:
        if key not in self._shared:
            self._shared[key] = load(self)
        return self._shared[key]

"""The rules of suspensions (R-10.3), computed on the school's calendar (X-2).

- From the sixth school day of a suspension of more than five school days the school provides
  suitable full-time education, unless the pupil is in Year 11 with no further public exams or
  has an EHC plan that specifies fewer hours. Days 1 to 5 with nothing arranged are marked E.
- 15 school days of suspension in a term: the governing board must consider reinstatement.
- At most 45 school days of suspension in a school year (the legal maximum).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from altprov.termdates.schooldays import SchoolCalendar

SIXTH_DAY = 6
TERM_WARNING_DAYS = 15
YEAR_MAXIMUM_DAYS = 45
SUSPENSION_ROUTE = "suspension"


def days_within(
    calendar: SchoolCalendar, spans: Iterable[tuple[dt.date, dt.date]], start: dt.date, end: dt.date
) -> int:
    """School days of suspension (spans of first and last days) that fall from `start` to `end`."""
    total = 0
    for first, last in spans:
        first, last = max(first, start), min(last, end)
        if first <= last:
            total += calendar.school_days_between(first, last)
    return total


def provision_arranged(first_day: dt.date, sixth_day: dt.date, placements) -> bool:
    """R-10.3: provision is arranged from the sixth day when a placement by the suspension route
    starts (or started) from the first day of the suspension to its sixth day, or a placement by
    that route that began earlier is still attended. `placements` are rows with `status`,
    `start_date` and `started_on` (placements of the pupil by the suspension route)."""
    for placement in placements:
        start = placement["started_on"] or placement["start_date"]
        if placement["status"] == "ended" and placement["started_on"] is None:
            continue
        if first_day <= start <= sixth_day:
            return True
        if start < first_day and placement["status"] == "active":
            return True
    return False


@dataclass(frozen=True)
class SixthDayState:
    """Where a suspension stands on the duty to provide education from the sixth day."""

    applies: bool  # more than five school days
    exception: str  # the policy's exception recorded, or ''
    arranged: bool
    flagged: bool  # more than five days, no exception, nothing arranged from the sixth day


def sixth_day_state(suspension, placements) -> SixthDayState:
    applies = suspension.school_days > 5
    exception = suspension.exception if applies else ""
    arranged = bool(
        applies and provision_arranged(suspension.first_day, suspension.sixth_day, placements)
    )
    return SixthDayState(applies, exception, arranged, applies and not exception and not arranged)


def notice_days(suspension_notice_hours: int) -> int:
    """Whole days before the start that parents must be told of provision (48 hours: 2)."""
    return -(-suspension_notice_hours // 24)

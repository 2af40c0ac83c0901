"""Which sessions of a placement take a mark (R-10.6): a school day of the school's calendar, while
the placement is attending, on a day its weekly pattern runs, and not in the future."""

from __future__ import annotations

import datetime as dt

NOON = dt.time(12, 0)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def pattern_sessions(placement, day: dt.date) -> set[str]:
    """The sessions (AM, PM) the placement's weekly pattern runs on `day`: a slot starting before
    noon covers the morning, one ending after noon the afternoon. A placement whose pattern is
    not entered runs every weekday, both sessions. Reads `placement.sessions.all()` (prefetch)."""
    slots = list(placement.sessions.all())
    if not slots:
        return {"AM", "PM"} if day.weekday() < 5 else set()
    found: set[str] = set()
    for slot in slots:
        if slot.day != day.weekday():
            continue
        if slot.starts_at < NOON:
            found.add("AM")
        if slot.ends_at > NOON:
            found.add("PM")
    return found


def refusal(placement, calendar, day: dt.date, session: str, today: dt.date) -> str | None:
    """Why the session takes no mark, in words for the person entering it; None if it does."""
    if day > today:
        return f"{day:%-d %B %Y} has not happened yet"
    if not calendar.is_school_day(day):
        return f"{day:%A %-d %B %Y} is not a school day in the school's term dates"
    starts = placement.started_on or placement.start_date
    if placement.status != "active" or day < starts or day > placement.planned_end_date:
        return f"the placement is not attending on {day:%-d %B %Y}"
    if session not in pattern_sessions(placement, day):
        part = "morning" if session == "AM" else "afternoon"
        return f"the placement does not run on {day:%A} {part}s"
    return None

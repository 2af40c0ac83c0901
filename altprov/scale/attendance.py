"""A placement's attendance marks (R-10.6): one for each session of its weekly pattern on each of
the school's school days from its start to its end (or today), within the generated window. One
session in ten is an absence, with the DfE 2024 codes in a realistic spread; an unauthorised one
opens a follow-up for the day (done the next school day, unless that is still to come), and an
illness is notified by the provider, as the service's own saving of marks would do."""

from __future__ import annotations

import bisect
import datetime as dt

from altprov.attendance.codes import is_unauthorised
from altprov.attendance.models import AbsenceNotification, AttendanceMark, FollowUp, WeeklyUpdate

from .pupils import local

ABSENCE_RATE = 0.10
# The 2024 codes an absence gets, with their weights: illness and unexplained absence dominate.
ABSENCE_CODES = ["I", "M", "C", "C2", "R", "E", "G", "N", "O", "U"]
ABSENCE_WEIGHTS = [40, 8, 4, 3, 1, 1, 3, 10, 22, 8]
LATE_RATE = 0.03  # of the sessions attended, arrived late before the register closed


def _cumulative(weights):
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


_CUMULATIVE = _cumulative(ABSENCE_WEIGHTS)


def add_marks(gen, school, placement) -> None:
    sink, rng = gen.sink, gen.rng
    days = school.days
    first = max(placement.start, gen.window_start)
    last = min(placement.ended_on or gen.today, gen.today, placement.planned_end)
    if last < first:
        return
    by = school.staff["attendance_lead"]
    table = sink.table(AttendanceMark)
    history = table.history
    absences: list[tuple[dt.date, str]] = []
    rows = []
    random, pattern, total = rng.random, placement.pattern, _CUMULATIVE[-1]
    start_index = bisect.bisect_left(days, first)
    end_index = bisect.bisect_right(days, last)
    for day in days[start_index:end_index]:
        sessions = pattern.get(day.weekday())
        if not sessions:
            continue
        entered = local(day, dt.time(16, 0))
        for session in sessions:
            if random() < ABSENCE_RATE:
                code = ABSENCE_CODES[bisect.bisect_right(_CUMULATIVE, random() * total)]
                absences.append((day, code))
            elif random() < LATE_RATE:
                code = "L"
            else:
                code = "/" if session == "AM" else "\\"
            rows.append((day, session, code, entered))
    if not rows:
        return
    # The fast path: rows in the tables' column order, checked by `mark_layout`.
    first_id = sink.ids(AttendanceMark, len(rows))
    first_history = sink.ids(history.model, len(rows))
    add, pk = sink.add_plain, placement.id
    for n, (day, session, code, entered) in enumerate(rows):
        add(table, [first_id + n, pk, day, session, code, by, entered])
        add(
            history,
            [
                first_id + n,
                day,
                session,
                code,
                entered,
                pk,
                by,
                first_history + n,
                entered,
                None,
                "+",
                by,
            ],
        )
    _after_absences(gen, school, placement, absences)


def mark_layout(sink) -> None:
    """The marks' fast path writes rows in this column order; refuse to run if it changed."""
    expected = ["id", "placement_id", "date", "session", "code", "entered_by_id", "entered_at"]
    found = sink.columns(AttendanceMark)
    if found != expected:
        raise RuntimeError(
            f"attendance marks' columns changed: {found}; update scale/attendance.py"
        )
    history = sink.table(AttendanceMark).history.columns
    copied = ["id", "date", "session", "code", "entered_at", "placement_id", "entered_by_id"]
    if history != [
        *copied,
        "history_id",
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]:
        raise RuntimeError(f"attendance marks' history columns changed: {history}")


def _after_absences(gen, school, placement, absences) -> None:
    sink, today = gen.sink, gen.today
    by = school.staff["attendance_lead"]
    seen_days = set()
    for day, code in absences:
        if is_unauthorised(code) and day not in seen_days:
            seen_days.add(day)
            done = _next_day(school.days, day)
            opened = local(day, dt.time(16, 0))
            values = {
                "placement_id": placement.id,
                "absence_date": day,
                "reason": "Unauthorised absence marked",
                "opened_at": opened,
            }
            if done is not None and done <= today:
                values |= {
                    "method": gen.rng.choice(["call", "call", "letter", "home_visit"]),
                    "done_on": done,
                    "outcome": gen.rng.choice(
                        [
                            "Spoke to the parent: the pupil overslept; back tomorrow",
                            "No answer; letter sent home",
                            "Home visit: the pupil was unwell and will return",
                        ]
                    ),
                    "recorded_by_id": by,
                }
            sink.add(FollowUp, values, by=by, at=opened)
        elif code == "I" and (day, "notified") not in seen_days:
            seen_days.add((day, "notified"))
            notified = local(day, dt.time(9, 20))
            sink.add(
                AbsenceNotification,
                {
                    "placement_id": placement.id,
                    "date": day,
                    "sessions": "both",
                    "reason": "Unwell: the parent phoned the provider",
                    "reason_accepted": True,
                    "notified_by": placement.provider.manager,
                    "notified_at": notified,
                    "recorded_by_id": by,
                    "recorded_at": notified,
                },
                by=by,
                at=notified,
            )


def _next_day(days: list[dt.date], day: dt.date) -> dt.date | None:
    index = bisect.bisect_right(days, day)
    return days[index] if index < len(days) else None


def weekly_updates(gen, school) -> None:
    """R-10.6: the week's attendance sent to the AP Lead, each week of the window with school
    days, done on its Friday."""
    by = school.staff["attendance_lead"]
    weeks = sorted(
        {
            d - dt.timedelta(days=d.weekday())
            for d in school.days
            if gen.window_start <= d <= gen.today
        }
    )
    for monday in weeks:
        friday = min(monday + dt.timedelta(days=4), gen.today)
        done = local(friday, dt.time(15, 30))
        gen.sink.add(
            WeeklyUpdate,
            {"school_id": school.id, "week": monday, "done_by_id": by, "done_at": done},
            by=by,
            at=done,
        )

"""Attendance entry in the provider portal (R-10.6): today's sessions across every school, and a
week of one placement. The same rules as the school's entry, not a copy of them: which sessions
take a mark is `attendance.rules.refusal` (each school's own term dates), a code is checked by
`attendance.codes.parse_code` and read by `attendance.week.read`, and marks are saved by
`attendance.services.marks_save` (a correction keeps the earlier mark in the history; an
unauthorised mark opens the school's follow-up). So nothing is entered twice: a mark the school
entered shows here, and a mark entered here shows on the school's grid as "(provider)"."""

from __future__ import annotations

import datetime as dt

from altprov.attendance.models import AttendanceMark
from altprov.attendance.rules import pattern_sessions, refusal
from altprov.attendance.week import Row, cell_for, read
from altprov.termdates.schooldays import SchoolCalendar

SESSIONS = ("AM", "PM")


def provider_name(pupil) -> str:
    return pupil.provider_name


def today_rows(placements, today: dt.date) -> list[Row]:
    """A row per attending placement whose weekly pattern runs today, with a cell per session it
    runs: open where the session takes a mark at the pupil's school today. Every school's
    calendar and every saved mark in four queries, whatever the number of pupils and schools
    (`placements` come with their sessions and pupils loaded)."""
    running = [p for p in placements if p.status == p.Status.ACTIVE and pattern_sessions(p, today)]
    calendars = SchoolCalendar.for_schools({p.referral.school_id for p in running})
    saved = {
        (m["placement_id"], m["session"]): m
        for m in AttendanceMark.objects.filter(
            placement__in=[p.pk for p in running], date=today
        ).values("placement_id", "session", "code", "entered_by__provider__name")
    }
    rows = []
    for placement in running:
        row = Row(placement)
        runs = pattern_sessions(placement, today)
        for session in SESSIONS:
            if session not in runs:
                continue
            reason = refusal(
                placement, calendars[placement.referral.school_id], today, session, today
            )
            mark = saved.get((placement.pk, session))
            row.cells.append(cell_for(placement, today, session, reason, mark))
        rows.append(row)
    return rows


def read_marks(rows: list[Row], data):
    """The posted marks and the refused cells, pupils named as the provider knows them."""
    return read(rows, data, name=provider_name)

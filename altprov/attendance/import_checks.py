"""The rules every imported mark is checked by (R-10.6, X-3), for the CSV import and the API's
bulk write alike: a pupil attending a placement here, a real date, AM or PM, a code of the 2024
set that fits the session, a session the placement takes a mark in (`rules.refusal`), and one code
per session. No query: the school's placements come in, already loaded.

Built for files of a million rows (issue 10, P3). Every distinct UPN, date, session and code text
is looked at once and remembered, each placement's window and weekly pattern are worked out once,
and each day's "school day, not in the future" once, so a row that passes costs a few dictionary
look-ups. A refused row is checked again by the slow, plain route, which gives the same reasons in
the same order as the rules' own words (`refusal`, `parse_code`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from altprov.placements.models import Placement

from .codes import CodeRefused, parse_code
from .rules import pattern_sessions, refusal
from .services import MarkEntry

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONDAY = dt.date(2024, 1, 1)  # any Monday: a weekly pattern only reads the day of the week
_SESSIONS = ("AM", "PM")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.column}: {self.reason}"


def parse_date(value: str) -> dt.date | None:
    match = _DMY.fullmatch(value) or _YMD.fullmatch(value)
    if not match:
        return None
    a, b, c = (int(g) for g in match.groups())
    day, month, year = (a, b, c) if match.re is _DMY else (c, b, a)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def attending_by_upn(school) -> dict[str, list[Placement]]:
    """The school's attending placements by their pupil's UPN (two queries)."""
    placements: dict[str, list[Placement]] = {}
    for placement in (
        Placement.objects.filter(referral__school=school, status=Placement.Status.ACTIVE)
        .select_related("referral__pupil")
        .prefetch_related("sessions")
    ):
        placements.setdefault(placement.referral.pupil.upn.upper(), []).append(placement)
    return placements


def _window(placement: Placement) -> tuple[int, dt.date, dt.date, tuple[frozenset[str], ...]]:
    """When a placement takes marks: (id, first day, last day, its sessions per day of the week)."""
    active = placement.status == Placement.Status.ACTIVE
    return (
        placement.pk,
        placement.started_on or placement.start_date,
        placement.planned_end_date,
        tuple(
            frozenset(pattern_sessions(placement, _MONDAY + dt.timedelta(days=d)) if active else ())
            for d in range(7)
        ),
    )


class Accepted:
    """The marks that passed, one (placement id, day, session, code) tuple per session."""

    __slots__ = ("rows",)

    def __init__(self):
        self.rows: list[tuple[int, dt.date, str, str]] = []

    def __len__(self) -> int:
        return len(self.rows)

    def entries(self) -> list[MarkEntry]:
        return [MarkEntry(*row) for row in self.rows]


class Checker:
    """Checks rows of (line, UPN, date, session, code) texts: `check(rows)` collects `errors`
    (every refused cell, in order) and `accepted` (the marks to save if there is no error)."""

    def __init__(self, placements: dict[str, list[Placement]], calendar, today, item="line"):
        self.placements, self.calendar, self.today, self.item = placements, calendar, today, item
        self.windows = {upn: tuple(map(_window, found)) for upn, found in placements.items()}
        self.errors: list[RowError] = []
        self.accepted = Accepted()
        self.rows = 0
        self._refused_lines: set[int] = set()
        self._upns: dict[str, tuple | None] = {}
        self._slots: dict[tuple[str, str], tuple | None] = {}
        self._codes: dict[tuple[str, str], str | None] = {}
        self._seen: dict[int, int] = {}  # the session's key: its place in `accepted`
        self._lines: list[int] = []

    @property
    def refused(self) -> int:
        """How many rows were refused."""
        return len(self._refused_lines)

    def check(self, rows: Iterable[tuple[int, str, str, str, str]]) -> None:
        upns, slots, codes, seen = self._upns, self._slots, self._codes, self._seen
        accepted, lines = self.accepted.rows, self._lines
        accept, add_line = accepted.append, lines.append
        count = 0
        for line, upn, date, session, code in rows:
            count += 1
            windows = upns.get(upn, False)
            if windows is False:
                windows = upns[upn] = self.windows.get(upn.strip().upper())
            slot = slots.get((date, session), False)
            if slot is False:
                slot = slots[(date, session)] = self._slot(date, session)
            if windows is None or slot is None:
                self._refuse(line, upn, date, session, code)
                continue
            on, offset, weekday, open_day, half = slot
            checked = codes.get((code, half), False)
            if checked is False:
                checked = codes[(code, half)] = self._code(code, half)
            pk = 0
            if open_day and checked is not None:
                for candidate, starts, ends, by_weekday in windows:
                    if starts <= on <= ends and half in by_weekday[weekday]:
                        pk = candidate
                        break
            if not pk:
                self._refuse(line, upn, date, session, code)
                continue
            key = pk * 4_000_000 + offset
            at = seen.get(key)
            if at is None:
                seen[key] = len(lines)
                add_line(line)
                accept((pk, on, half, checked))
            elif accepted[at][3] != checked:
                self._error(
                    line,
                    "Code",
                    f"{self.item} {lines[at]} gives the same session a different code "
                    f"({accepted[at][3]})",
                )
            else:
                lines[at] = line
        self.rows += count

    def _slot(self, date: str, session: str):
        """(day, its key in the day's sessions, day of the week, takes marks, AM or PM) for a
        real date and a session; None otherwise."""
        day = parse_date(date.strip())
        half = session.strip().upper()
        if day is None or half not in _SESSIONS:
            return None
        open_day = day <= self.today and self.calendar.is_school_day(day)
        return day, day.toordinal() * 2 + (half == "PM"), day.weekday(), open_day, half

    @staticmethod
    def _code(text: str, session: str) -> str | None:
        try:
            return parse_code(text.strip(), session).code
        except CodeRefused:
            return None

    def _error(self, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(line, column, reason))
        self._refused_lines.add(line)

    def _refuse(self, line: int, upn: str, date: str, session: str, code: str) -> None:
        """The plain route for a refused row: its reasons, in the rules' words."""
        upn, date, session = upn.strip().upper(), date.strip(), session.strip().upper()
        day = parse_date(date)
        found = []
        if not upn:
            found.append(("UPN", "Enter the pupil's UPN"))
        elif upn not in self.placements:
            found.append(("UPN", f"no pupil with UPN {upn} is attending a placement here"))
        if day is None:
            found.append(("Date", f"“{date}” is not a real date like 02/11/2026"))
        if session not in _SESSIONS:
            found.append(("Session", "Enter AM or PM"))
        try:
            parse_code(code.strip(), session if session in _SESSIONS else None)
        except CodeRefused as refused:
            found.append(("Code", str(refused)))
        if not found:
            first = self.placements[upn][0]
            reason = refusal(first, self.calendar, day, session, self.today)
            found.append(("Date", reason or f"the placement takes no mark on {day:%-d %B %Y}"))
        for column, reason in found:
            self._error(line, column, reason)


def check_rows(
    placements: dict[str, list[Placement]],
    rows: list[tuple[int, dict[str, str]]],
    calendar,
    today: dt.date,
    *,
    item: str = "line",
) -> tuple[list[RowError], list[MarkEntry]]:
    """Every refused cell of `rows` ((number, {column: text})) and, if none, the marks to save.
    The one set of rules for the CSV import and the API's bulk write (issue 9): no query."""
    checker = Checker(placements, calendar, today, item)
    checker.check(_cells(rows))
    return checker.errors, checker.accepted.entries()


def _cells(rows) -> Iterator[tuple[int, str, str, str, str]]:
    for line, cell in rows:
        yield line, cell["UPN"], cell["Date"], cell["Session"], cell["Code"]

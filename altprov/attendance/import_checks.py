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


class _Window:
    """When a placement takes marks: its dates and, per day of the week, its sessions."""

    __slots__ = ("pk", "starts", "ends", "by_weekday", "placement")

    def __init__(self, placement: Placement):
        self.placement = placement
        self.pk = placement.pk
        self.starts = placement.started_on or placement.start_date
        self.ends = placement.planned_end_date
        active = placement.status == Placement.Status.ACTIVE
        self.by_weekday = tuple(
            frozenset(pattern_sessions(placement, _MONDAY + dt.timedelta(days=d)) if active else ())
            for d in range(7)
        )


class Accepted:
    """The marks that passed, one per session, in four parallel lists (no object per mark)."""

    __slots__ = ("placement_ids", "days", "sessions", "codes")

    def __init__(self):
        self.placement_ids: list[int] = []
        self.days: list[dt.date] = []
        self.sessions: list[str] = []
        self.codes: list[str] = []

    def __len__(self) -> int:
        return len(self.codes)

    def entries(self) -> list[MarkEntry]:
        return [
            MarkEntry(p, d, s, c)
            for p, d, s, c in zip(
                self.placement_ids, self.days, self.sessions, self.codes, strict=True
            )
        ]


class Checker:
    """Checks rows of (line, UPN, date, session, code) texts: `check(rows)` collects `errors`
    (every refused cell, in order) and `accepted` (the marks to save if there is no error)."""

    def __init__(self, placements: dict[str, list[Placement]], calendar, today, item="line"):
        self.calendar, self.today, self.item = calendar, today, item
        self.windows = {upn: [_Window(p) for p in found] for upn, found in placements.items()}
        self.errors: list[RowError] = []
        self.accepted = Accepted()
        self.rows = 0
        self._refused_lines: set[int] = set()
        self._upns: dict[str, list[_Window] | None] = {}
        self._days: dict[str, tuple[dt.date, int, int, bool] | None] = {}
        self._session: dict[str, str | None] = {}
        self._codes: dict[tuple[str, str], str | None] = {}
        self._seen: dict[int, int] = {}  # the session's key: its place in `accepted`
        self._lines: list[int] = []

    @property
    def refused(self) -> int:
        """How many rows were refused."""
        return len(self._refused_lines)

    def check(self, rows: Iterable[tuple[int, str, str, str, str]]) -> None:
        upns, days, sessions, codes, seen = (
            self._upns,
            self._days,
            self._session,
            self._codes,
            self._seen,
        )
        accepted, lines = self.accepted, self._lines
        add_pid, add_day = accepted.placement_ids.append, accepted.days.append
        add_session, add_code = accepted.sessions.append, accepted.codes.append
        count = 0
        for line, upn, date, session, code in rows:
            count += 1
            windows = upns.get(upn, False)
            if windows is False:
                windows = upns[upn] = self.windows.get(upn.strip().upper())
            day = days.get(date, False)
            if day is False:
                day = days[date] = self._day(date)
            when = sessions.get(session, False)
            if when is False:
                when = sessions[session] = self._session_of(session)
            if windows is None or day is None or when is None:
                self._refuse(line, upn, date, session, code)
                continue
            checked = codes.get((code, when), False)
            if checked is False:
                checked = codes[(code, when)] = self._code(code, when)
            on, ordinal, weekday, open_day = day
            window = None
            if open_day and checked is not None:
                for candidate in windows:
                    if (
                        candidate.starts <= on <= candidate.ends
                        and when in candidate.by_weekday[weekday]
                    ):
                        window = candidate
                        break
            if window is None:
                self._refuse(line, upn, date, session, code)
                continue
            key = window.pk * 4_000_000 + ordinal + (when == "PM")
            at = seen.get(key)
            if at is None:
                seen[key] = len(lines)
                lines.append(line)
                add_pid(window.pk)
                add_day(on)
                add_session(when)
                add_code(checked)
            elif accepted.codes[at] != checked:
                self._error(
                    line,
                    "Code",
                    f"{self.item} {lines[at]} gives the same session a different code "
                    f"({accepted.codes[at]})",
                )
            else:
                lines[at] = line
        self.rows += count

    def _day(self, text: str):
        day = parse_date(text.strip())
        if day is None:
            return None
        open_day = day <= self.today and self.calendar.is_school_day(day)
        return day, day.toordinal() * 2, day.weekday(), open_day

    @staticmethod
    def _session_of(text: str) -> str | None:
        value = text.strip().upper()
        return value if value in _SESSIONS else None

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
        elif upn not in self.windows:
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
            first = self.windows[upn][0].placement
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

"""Importing attendance marks from the provider's or the MIS's CSV file (R-10.6, X-3).

All or nothing: every row is checked first, and if any is refused nothing is saved and every
refused row is reported (line, column, reason). A fixed number of queries whatever the number of
rows: the school's pupils, their placements and patterns, the calendar, then `marks_save`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from altprov.placements.models import Placement

from .codes import CodeRefused, parse_code
from .rules import refusal
from .services import MarkEntry, SaveResult, marks_save

COLUMNS = [
    ("UPN", "The pupil's unique pupil number, 13 characters, as in the school's records"),
    ("Date", "The day of the session, as DD/MM/YYYY (or YYYY-MM-DD)"),
    ("Session", "AM for the morning or PM for the afternoon"),
    ("Code", "The 2024 attendance or absence code, such as B, I, N, C2 or Y1"),
]

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.column}: {self.reason}"


@dataclass
class Outcome:
    problem: str = ""  # the whole file is refused
    errors: list[RowError] = field(default_factory=list)
    accepted: int = 0
    result: SaveResult | None = None


def _decode(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _date(value: str) -> dt.date | None:
    match = _DMY.fullmatch(value) or _YMD.fullmatch(value)
    if not match:
        return None
    a, b, c = (int(g) for g in match.groups())
    day, month, year = (a, b, c) if match.re is _DMY else (c, b, a)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def marks_import(*, school, data: bytes, by, calendar, today: dt.date) -> Outcome:
    text = _decode(data)
    if text is None:
        return Outcome(problem="The selected file must be a CSV file saved as text")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return Outcome(problem="The selected file has no rows")
    keys = [h.strip().casefold() for h in header]
    missing = [name for name, _ in COLUMNS if name.casefold() not in keys]
    if missing:
        return Outcome(
            problem=f"The file must have a first row naming the columns: "
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing"
        )
    at = {name: keys.index(name.casefold()) for name, _ in COLUMNS}
    try:
        rows = [
            (line, {name: (row[i] if i < len(row) else "") for name, i in at.items()})
            for line, row in enumerate(reader, start=2)
            if any(c.strip() for c in row)
        ]
    except csv.Error as error:
        return Outcome(problem=f"The file could not be read as CSV: {error}")
    if not rows:
        return Outcome(problem="The file has no marks below its first row")

    outcome = Outcome()
    outcome.errors, entries = check_rows(attending_by_upn(school), rows, calendar, today)
    outcome.accepted = len(rows) - len({e.line for e in outcome.errors})
    if outcome.errors:
        return outcome
    outcome.result = marks_save(entries, by=by)
    return outcome


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
    errors: list[RowError] = []
    entries: dict[tuple[int, dt.date, str], tuple[int, MarkEntry]] = {}
    for line, cell in rows:
        row_errors = _check_row(placements, line, cell, calendar, today, entries, item)
        errors.extend(row_errors)
    return errors, [entry for _, entry in entries.values()]


def _check_row(placements, line, cell, calendar, today, entries, item) -> list[RowError]:
    errors = []
    upn = cell["UPN"].strip().upper()
    day = _date(cell["Date"].strip())
    session = cell["Session"].strip().upper()
    if not upn:
        errors.append(RowError(line, "UPN", "Enter the pupil's UPN"))
    elif upn not in placements:
        errors.append(
            RowError(line, "UPN", f"no pupil with UPN {upn} is attending a placement here")
        )
    if day is None:
        errors.append(
            RowError(line, "Date", f"“{cell['Date'].strip()}” is not a real date like 02/11/2026")
        )
    if session not in ("AM", "PM"):
        errors.append(RowError(line, "Session", "Enter AM or PM"))
    code = None
    try:
        code = parse_code(cell["Code"].strip(), session if session in ("AM", "PM") else None)
    except CodeRefused as refused:
        errors.append(RowError(line, "Code", str(refused)))
    if errors:
        return errors
    placement, reasons = None, []
    for candidate in placements[upn]:
        reason = refusal(candidate, calendar, day, session, today)
        if reason is None:
            placement = candidate
            break
        reasons.append(reason)
    if placement is None:
        return [RowError(line, "Date", reasons[0])]
    key = (placement.pk, day, session)
    if key in entries and entries[key][1].code != code.code:
        return [
            RowError(
                line,
                "Code",
                f"{item} {entries[key][0]} gives the same session a different code "
                f"({entries[key][1].code})",
            )
        ]
    entries[key] = (line, MarkEntry(placement.pk, day, session, code.code))
    return []

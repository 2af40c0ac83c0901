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
            (line, row) for line, row in enumerate(reader, start=2) if any(c.strip() for c in row)
        ]
    except csv.Error as error:
        return Outcome(problem=f"The file could not be read as CSV: {error}")
    if not rows:
        return Outcome(problem="The file has no marks below its first row")

    placements: dict[str, list[Placement]] = {}
    for placement in (
        Placement.objects.filter(referral__school=school, status=Placement.Status.ACTIVE)
        .select_related("referral__pupil")
        .prefetch_related("sessions")
    ):
        placements.setdefault(placement.referral.pupil.upn.upper(), []).append(placement)

    outcome = Outcome()
    entries: dict[tuple[int, dt.date, str], tuple[int, MarkEntry]] = {}
    for line, row in rows:
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in at.items()}
        errors = []
        upn = cell["UPN"].upper()
        day = _date(cell["Date"])
        session = cell["Session"].upper()
        if not upn:
            errors.append(RowError(line, "UPN", "Enter the pupil's UPN"))
        elif upn not in placements:
            errors.append(
                RowError(line, "UPN", f"no pupil with UPN {upn} is attending a placement here")
            )
        if day is None:
            errors.append(
                RowError(line, "Date", f"“{cell['Date']}” is not a real date like 02/11/2026")
            )
        if session not in ("AM", "PM"):
            errors.append(RowError(line, "Session", "Enter AM or PM"))
        code = None
        try:
            code = parse_code(cell["Code"], session if session in ("AM", "PM") else None)
        except CodeRefused as refused:
            errors.append(RowError(line, "Code", str(refused)))
        placement = None
        if not errors:
            reasons = []
            for candidate in placements[upn]:
                reason = refusal(candidate, calendar, day, session, today)
                if reason is None:
                    placement = candidate
                    break
                reasons.append(reason)
            if placement is None:
                errors.append(RowError(line, "Date", reasons[0]))
        if not errors:
            key = (placement.pk, day, session)
            if key in entries and entries[key][1].code != code.code:
                errors.append(
                    RowError(
                        line,
                        "Code",
                        f"line {entries[key][0]} gives the same session a different code "
                        f"({entries[key][1].code})",
                    )
                )
            else:
                entries[key] = (line, MarkEntry(placement.pk, day, session, code.code))
        outcome.errors.extend(errors)
    outcome.accepted = len(rows) - len({e.line for e in outcome.errors})
    if outcome.errors:
        return outcome
    outcome.result = marks_save([entry for _, entry in entries.values()], by=by)
    return outcome

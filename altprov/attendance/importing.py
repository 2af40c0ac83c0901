"""Importing attendance marks from the provider's or the MIS's CSV file (R-10.6, X-3).

All or nothing: every row is checked first, and if any is refused nothing is saved and every
refused row is reported (line, column, reason). A fixed number of queries whatever the number of
rows: the school's pupils, their placements and patterns, the calendar, then the bulk write.

Three parts, built for an MIS's file of a million marks (issue 10, P3):
- reading (here): the file decoded once, split by `csv.reader` into lists (no dict per row);
- checking (`import_checks.Checker`): the rules, without a query and without an object per row;
- writing (`import_writes.marks_write`): COPY into a staging table on PostgreSQL, then set-based
  SQL for new marks, corrections, their history, follow-ups and the daily summary."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from .import_checks import Checker, RowError, attending_by_upn, check_rows
from .import_writes import marks_write
from .services import SaveResult

__all__ = ["COLUMNS", "Outcome", "RowError", "attending_by_upn", "check_rows", "marks_import"]

COLUMNS = [
    ("UPN", "The pupil's unique pupil number, 13 characters, as in the school's records"),
    ("Date", "The day of the session, as DD/MM/YYYY (or YYYY-MM-DD)"),
    ("Session", "AM for the morning or PM for the afternoon"),
    ("Code", "The 2024 attendance or absence code, such as B, I, N, C2 or Y1"),
]


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
    at = tuple(keys.index(name.casefold()) for name, _ in COLUMNS)
    checker = Checker(attending_by_upn(school), calendar, today)
    try:
        checker.check(_cells(reader, at))
    except csv.Error as error:
        return Outcome(problem=f"The file could not be read as CSV: {error}")
    if not checker.rows:
        return Outcome(problem="The file has no marks below its first row")
    outcome = Outcome(errors=checker.errors, accepted=checker.rows - checker.refused)
    if outcome.errors:
        return outcome
    outcome.result = marks_write(checker.accepted, school=school, by=by)
    return outcome


def _cells(reader, at: tuple[int, int, int, int]) -> Iterator[tuple[int, str, str, str, str]]:
    """(line, UPN, date, session, code) of each row that is not blank; a short row's missing
    cells are empty."""
    upn, date, session, code = at
    widest = max(at)
    for line, row in enumerate(reader, start=2):
        if len(row) > widest:
            first = row[upn]
            if first and not first.isspace():
                yield line, first, row[date], row[session], row[code]
                continue
        if not any(c.strip() for c in row):
            continue
        full = row + [""] * (widest + 1 - len(row))
        yield line, full[upn], full[date], full[session], full[code]

"""The week's grid (R-10.6): a row per attending placement of the school, a column per weekday
morning and afternoon; a cell is open where the session takes a mark (rules.refusal)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .codes import CodeRefused, parse_code
from .models import AttendanceMark
from .rules import refusal
from .services import MarkEntry

SESSIONS = ("AM", "PM")


@dataclass
class Cell:
    name: str  # the form field's name and id
    day: dt.date
    session: str
    open: bool
    reason: str = ""  # why it takes no mark
    saved: str = ""  # the mark saved
    value: str = ""  # what the page shows selected
    error: str = ""
    label: str = ""  # for the error summary: whose mark, which session
    by_provider: str = ""  # the provider's name when a provider user entered the saved mark

    @property
    def part(self) -> str:
        return "morning" if self.session == "AM" else "afternoon"


@dataclass
class Row:
    placement: object
    cells: list[Cell] = field(default_factory=list)


def columns(monday: dt.date) -> list[tuple[dt.date, str]]:
    return [(monday + dt.timedelta(days=i), s) for i in range(5) for s in SESSIONS]


def cell_for(placement, day: dt.date, session: str, reason: str | None, mark: dict | None) -> Cell:
    """One session's cell: open unless `reason` says why it takes no mark, with the saved mark
    (a `values()` row with its code and the provider's name if a provider user entered it)."""
    mark = mark or {}
    code = mark.get("code", "")
    return Cell(
        name=f"m-{placement.pk}-{day.isoformat()}-{session}",
        day=day,
        session=session,
        open=reason is None,
        reason=reason or "",
        saved=code,
        value=code,
        by_provider=mark.get("entered_by__provider__name") or "",
    )


def build(placements, calendar, monday: dt.date, today: dt.date) -> list[Row]:
    """The grid with the saved marks (one query for every placement)."""
    friday = monday + dt.timedelta(days=4)
    saved = {
        (m["placement_id"], m["date"], m["session"]): m
        for m in AttendanceMark.objects.filter(
            placement__in=[p.pk for p in placements], date__range=(monday, friday)
        ).values("placement_id", "date", "session", "code", "entered_by__provider__name")
    }
    rows = []
    for placement in placements:
        row = Row(placement)
        for day, session in columns(monday):
            reason = refusal(placement, calendar, day, session, today)
            mark = saved.get((placement.pk, day, session))
            row.cells.append(cell_for(placement, day, session, reason, mark))
        rows.append(row)
    return rows


def read(rows: list[Row], data, name=None) -> tuple[list[MarkEntry], list[Cell]]:
    """The marks posted for the open cells (a closed or unknown cell's value is never read), and
    the cells refused, each with its message. Values are kept on the cells for the page.
    `name(pupil)` names the pupil in the messages (the provider portal: `provider_name`)."""
    entries, bad = [], []
    for row in rows:
        for cell in row.cells:
            if not cell.open:
                continue
            raw = str(data.get(cell.name, "")).strip()
            cell.value = raw
            who = name(row.placement.pupil) if name else row.placement.pupil.short_name
            cell.label = f"{who}, {cell.day:%A %-d %B} {cell.part}"
            if not raw:
                if cell.saved:
                    cell.error = "A mark once entered cannot be removed: choose its correct code"
                    bad.append(cell)
                continue
            try:
                code = parse_code(raw, cell.session)
            except CodeRefused as refused:
                cell.error = str(refused)
                bad.append(cell)
                continue
            cell.value = code.code
            entries.append(MarkEntry(row.placement.pk, cell.day, cell.session, code.code))
    return entries, bad

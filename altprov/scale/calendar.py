"""Term dates for the generated schools: the English school years 2025/26 to 2027/28 (the demo's
for 2026/27 and 2027/28, and 2025/26 before them, so a year of marks back from November 2026 has
its school days), with the demo's INSET days and one extra INSET day that varies by school.

The school days are worked out in memory with the service's own `SchoolCalendar` (the same rules
as every page: weekdays in term, outside half-term breaks, bank holidays and closures)."""

from __future__ import annotations

import datetime as dt

from altprov.core.demo.data import EXTRA_INSET, INSET_DAYS, TERMS
from altprov.termdates.models import AcademicYear, ClosureDay, Term
from altprov.termdates.schooldays import HalfTerm, SchoolCalendar

D = dt.date

YEARS: dict[int, list[tuple[str, dt.date, dt.date, dt.date, dt.date]]] = {
    2025: [
        (Term.Name.AUTUMN, D(2025, 9, 1), D(2025, 10, 27), D(2025, 10, 31), D(2025, 12, 19)),
        (Term.Name.SPRING, D(2026, 1, 5), D(2026, 2, 16), D(2026, 2, 20), D(2026, 3, 27)),
        (Term.Name.SUMMER, D(2026, 4, 13), D(2026, 5, 25), D(2026, 5, 29), D(2026, 7, 22)),
    ],
    **TERMS,
}
INSET: dict[int, list[dt.date]] = {
    2025: [D(2025, 9, 1), D(2025, 9, 2), D(2026, 1, 5)],
    **INSET_DAYS,
}


def school_closures(index: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, description) of every closure day of the index-th school of a trust."""
    days = [(day, ClosureDay.Kind.INSET, "") for year in INSET.values() for day in year]
    days.append((EXTRA_INSET[index % len(EXTRA_INSET)], ClosureDay.Kind.INSET, ""))
    if index % 5 == 0:
        days.append((D(2027, 5, 6), ClosureDay.Kind.CLOSURE, "Polling station"))
    return days


def calendar_for(index: int) -> SchoolCalendar:
    """The calendar the service will read for the index-th school, built without a query."""
    half_terms, years = [], []
    for start_year, terms in YEARS.items():
        years.append((D(start_year, 9, 1), D(start_year + 1, 8, 31)))
        for _name, start, break_start, break_end, end in terms:
            half_terms.append(HalfTerm(start, break_start - dt.timedelta(days=1)))
            half_terms.append(HalfTerm(break_end + dt.timedelta(days=1), end))
    return SchoolCalendar(half_terms, {d for d, _, _ in school_closures(index)}, years)


def add_calendar(sink, school_id: int, index: int, by: int | None) -> None:
    for start_year, terms in YEARS.items():
        year_id = sink.add(
            AcademicYear,
            {"school_id": school_id, "start": D(start_year, 9, 1), "end": D(start_year + 1, 8, 31)},
            by=by,
        )
        for name, start, break_start, break_end, end in terms:
            sink.add(
                Term,
                {
                    "academic_year_id": year_id,
                    "name": name,
                    "start": start,
                    "half_term_break_start": break_start,
                    "half_term_break_end": break_end,
                    "end": end,
                },
                by=by,
            )
    for day, kind, description in school_closures(index):
        sink.add(
            ClosureDay,
            {"school_id": school_id, "date": day, "kind": kind, "description": description},
            by=by,
        )

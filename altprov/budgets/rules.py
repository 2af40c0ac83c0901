"""The arithmetic of AP budgets (R-10.10): financial years and the cost of each placement.

Financial year. Academy trusts' financial year runs from 1 September to 31 August; the first
month is a trust setting (`TrustSettings.financial_year_start_month`). A year is named by the
calendar years it spans, "2026 to 2027" (a year starting in January is named by its one year).

The cost of a placement. A provider charges by the week for the pupil's weekly pattern, and is
paid for the days the pupil is due to attend in term time. So:

- the daily rate is the weekly cost divided by the number of different weekdays in the pattern
  (two sessions on a Monday make one day);
- the days charged are the pattern's weekdays that are school days on the school's calendar
  (X-2: inside a term, outside the half-term break, not an INSET or closure day, not a bank
  holiday), from the first day to the last day below;
- the cost of some days is weekly cost x days / pattern days, rounded to the penny (half up)
  once: the daily rate is never rounded on its own, so five days of a £100 three-day week cost
  £166.67, not 5 x £33.33.

Which days count:

- a placement not yet started: from its planned start (or today, if that has passed) to its
  planned end, all committed;
- a started placement: from the day it started (confirmed) to its planned end (or today, if it
  is still attended after its planned end); the days up to and including today are spent, the
  rest committed;
- an ended placement: from the day it started to the day it ended, all spent.

Each placement's cost is split by financial year by date (a placement spanning the year's last
day counts in both years). Within each year the cost of all its days and the cost of its days
to today are each rounded once; committed is their difference, so spent + committed is exactly
the placement's cost in the year. Remaining = approved budget - spent - committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
DEFAULT_FIRST_MONTH = 9


def pence(amount: Decimal) -> Decimal:
    """Rounded to the penny, half up (the way money is rounded on an invoice)."""
    return Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, order=True)
class FinancialYear:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.year} to {self.end.year}"

    @property
    def next(self) -> FinancialYear:
        return financial_year(self.end + dt.timedelta(days=1), self.start.month)

    @property
    def previous(self) -> FinancialYear:
        return financial_year(self.start - dt.timedelta(days=1), self.start.month)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def financial_year(day: dt.date, first_month: int = DEFAULT_FIRST_MONTH) -> FinancialYear:
    """The financial year containing `day`, for a trust whose year starts on the 1st of
    `first_month`."""
    if not 1 <= first_month <= 12:
        raise ValueError("The first month of the financial year must be from 1 to 12")
    year = day.year if day.month >= first_month else day.year - 1
    start = dt.date(year, first_month, 1)
    following = dt.date(year + 1, first_month, 1)
    return FinancialYear(start, following - dt.timedelta(days=1))


def financial_year_starting(start: dt.date) -> FinancialYear:
    """The financial year whose first day is `start` (a budget's year)."""
    return financial_year(start, start.month)


@dataclass(frozen=True)
class Span:
    """The days a placement is costed for: `first` to `last`, spent up to and including
    `spent_until` (before `first`: nothing spent yet)."""

    first: dt.date
    last: dt.date
    spent_until: dt.date


def costed_span(
    *,
    status: str,
    start_date: dt.date,
    planned_end_date: dt.date,
    started_on: dt.date | None,
    ended_on: dt.date | None,
    today: dt.date,
) -> Span:
    """R-10.10: which days of a placement count, as of `today` (see the module's docstring)."""
    if status == "ended":
        first = started_on or start_date
        last = ended_on or planned_end_date
        return Span(first, last, last)
    if status == "active":
        first = started_on or start_date
        return Span(first, max(planned_end_date, today), today)
    first = max(start_date, today)
    return Span(first, planned_end_date, first - dt.timedelta(days=1))


@dataclass(frozen=True)
class YearCost:
    """A placement's cost in one financial year."""

    year: FinancialYear
    days: int  # the pattern's school days in the year
    spent_days: int
    cost: Decimal
    spent: Decimal

    @property
    def committed(self) -> Decimal:
        return self.cost - self.spent


@dataclass(frozen=True)
class PlacementCost:
    pattern_days: int
    daily_rate: Decimal  # shown rounded; the arithmetic never uses it rounded
    years: dict[FinancialYear, YearCost]
    # Some of its days fall outside the term dates the school has entered (or beyond the bank
    # holidays known), so they are not counted: the cost is too low until they are added.
    outside_calendar: str = ""

    def in_year(self, year: FinancialYear) -> YearCost:
        return self.years.get(year) or YearCost(year, 0, 0, ZERO, ZERO)


def placement_cost(
    *,
    weekly_cost: Decimal,
    pattern: Iterable[int],
    span: Span,
    calendar: SchoolCalendar,
    first_month: int,
) -> PlacementCost:
    """R-10.10: the placement's cost by financial year (see the module's docstring)."""
    weekdays = frozenset(pattern)
    per_day = len(weekdays)
    weekly_cost = Decimal(weekly_cost)
    days: dict[FinancialYear, list[int]] = {}
    outside = ""
    if span.first <= span.last:
        try:
            calendar.check_covered(span.first, span.last)
        except OutsideCalendar as error:
            outside = str(error)
        # Each financial year's part of the span, its school days on the pattern's weekdays
        # counted by bisection on the calendar (not day by day: the trust's report costs every
        # placement of every school).
        year = financial_year(span.first, first_month)
        first = span.first
        while first <= span.last:
            last = min(year.end, span.last)
            days[year] = [
                calendar.school_days_on(weekdays, first, last),
                calendar.school_days_on(weekdays, first, min(last, span.spent_until)),
            ]
            first, year = last + dt.timedelta(days=1), year.next
    years = {}
    for year, (total, spent) in days.items():
        cost = pence(weekly_cost * total / per_day) if per_day else ZERO
        spent_cost = pence(weekly_cost * spent / per_day) if per_day else ZERO
        years[year] = YearCost(year, total, spent, cost, spent_cost)
    rate = pence(weekly_cost / per_day) if per_day else ZERO
    return PlacementCost(per_day, rate, years, outside)


@dataclass(frozen=True)
class Totals:
    spent: Decimal
    committed: Decimal

    @property
    def total(self) -> Decimal:
        return self.spent + self.committed


def totals(costs: Iterable[PlacementCost], year: FinancialYear) -> Totals:
    spent = committed = ZERO
    for cost in costs:
        part = cost.in_year(year)
        spent += part.spent
        committed += part.committed
    return Totals(spent, committed)


def remaining(approved: Decimal | None, spent: Decimal, committed: Decimal) -> Decimal | None:
    """R-10.10: approved budget - spent - committed; None without an approved budget."""
    if approved is None:
        return None
    return approved - spent - committed

"""Each school's AP budget for a financial year, for the school and trust reports (R-10.10).

`budget_by_school(school_ids, on)` answers for the financial year containing `on` (each school's
trust's year), counting as spent what falls up to and including `on`. A fixed number of
queries whatever the number of schools and placements: schools with their trust's settings 1,
calendars 2, placements 1, weekly patterns 1, budgets 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .costs import SchoolCosts, budgets_for, costs_for
from .rules import FinancialYear, remaining, totals


@dataclass(frozen=True)
class BudgetLine:
    school_id: int
    year_label: str  # e.g. "2026 to 2027"
    year_start: dt.date
    year_end: dt.date
    approved: Decimal | None  # the approved budget in force, None if none
    status: str  # "approved", "proposed", "returned", "none": where the latest proposal stands
    spent: Decimal
    committed: Decimal
    remaining: Decimal | None  # None without an approved budget
    # Placements with days outside the school's entered term dates, which are not counted yet.
    outside_calendar: int = 0

    @property
    def over_budget(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def over_by(self) -> Decimal:
        return -self.remaining if self.over_budget else Decimal("0")


def line_of(costs: SchoolCosts, year: FinancialYear, budget) -> BudgetLine:
    sums = totals(costs.costs.values(), year)
    approved = budget.approved_amount if budget is not None else None
    return BudgetLine(
        school_id=costs.school_id,
        year_label=year.label,
        year_start=year.start,
        year_end=year.end,
        approved=approved,
        status=budget.status if budget is not None else "none",
        spent=sums.spent,
        committed=sums.committed,
        remaining=remaining(approved, sums.spent, sums.committed),
        outside_calendar=sum(
            1 for c in costs.costs.values() if c.outside_calendar and year in c.years
        ),
    )


def budget_by_school(school_ids: Iterable[int], on: dt.date) -> dict[int, BudgetLine]:
    """R-10.10: each school's budget line for the financial year containing `on`."""
    school_ids = list(school_ids)
    if not school_ids:
        return {}
    costs = costs_for(school_ids, on)
    years = {pk: c.year(on) for pk, c in costs.items()}
    budgets = budgets_for(school_ids, {y.start for y in years.values()})
    return {
        pk: line_of(costs[pk], years[pk], budgets.get((pk, years[pk].start))) for pk in school_ids
    }

"""The warning before a placement takes a school over its AP budget (R-10.10): shown where a
placement is made, approved by the trust and started. A warning, never a refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .costs import budgets_for, costs_for, first_month_of
from .rules import FinancialYear, financial_year, totals


@dataclass(frozen=True)
class YearWarning:
    year: FinancialYear
    cost: Decimal  # this placement's cost in the year
    approved: Decimal | None  # None: no approved budget for the year
    remaining_before: Decimal | None  # approved - everything else spent and committed

    @property
    def over_by(self) -> Decimal:
        """By how much this placement takes the school over its budget for the year."""
        if self.remaining_before is None:
            return self.cost
        return self.cost - max(self.remaining_before, Decimal("0"))

    @property
    def already_over(self) -> Decimal:
        """How far over the budget the school is without this placement (0 if it is not)."""
        if self.remaining_before is None or self.remaining_before >= 0:
            return Decimal("0")
        return -self.remaining_before


def placement_warnings(placement, today: dt.date | None = None) -> list[YearWarning]:
    """R-10.10: for each financial year the placement costs something in, a warning when the
    school has no approved budget for that year, or when this placement's cost there is more
    than what remains of the approved budget without it. Exactly at the budget: no warning."""
    today = today or dt.date.today()
    school = placement.referral.school
    first_month = first_month_of(school.trust)
    costs = costs_for([school.pk], today, first_month={school.pk: first_month})[school.pk]
    mine = costs.costs.get(placement.pk)
    if mine is None:
        return []
    years = sorted(y for y, part in mine.years.items() if part.cost > 0)
    budgets = budgets_for([school.pk], [y.start for y in years])
    others = [c for pk, c in costs.costs.items() if pk != placement.pk]
    found = []
    for year in years:
        cost = mine.years[year].cost
        budget = budgets.get((school.pk, year.start))
        approved = budget.approved_amount if budget is not None else None
        if approved is None:
            found.append(YearWarning(year, cost, None, None))
            continue
        before = approved - totals(others, year).total
        if cost > before:
            found.append(YearWarning(year, cost, approved, before))
    return found


@dataclass(frozen=True)
class Remaining:
    year: FinancialYear
    approved: Decimal | None
    remaining: Decimal | None

    @property
    def over_by(self) -> Decimal:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else Decimal(0)


def school_remaining(school, today: dt.date | None = None) -> Remaining:
    """What remains of the school's approved budget for the current financial year."""
    today = today or dt.date.today()
    first_month = first_month_of(school.trust)
    year = financial_year(today, first_month)
    costs = costs_for([school.pk], today, first_month={school.pk: first_month})[school.pk]
    budget = budgets_for([school.pk], [year.start]).get((school.pk, year.start))
    approved = budget.approved_amount if budget is not None else None
    if approved is None:
        return Remaining(year, None, None)
    return Remaining(year, approved, approved - totals(costs.costs.values(), year).total)

"""The committed cost of the placements of many schools at once (R-10.10), in a fixed number of
queries: trust settings 1, calendars 2, placements 1, their weekly patterns 1, budgets 1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from altprov.organisations.models import School, TrustSettings
from altprov.placements.models import Placement, PlacementSession
from altprov.termdates.schooldays import SchoolCalendar

from .models import Budget
from .rules import (
    DEFAULT_FIRST_MONTH,
    FinancialYear,
    PlacementCost,
    costed_span,
    financial_year,
    placement_cost,
)

PLACEMENT_FIELDS = (
    "pk",
    "referral__school_id",
    "status",
    "start_date",
    "planned_end_date",
    "started_on",
    "ended_on",
    "weekly_cost",
)


def first_months(school_ids: Iterable[int]) -> dict[int, int]:
    """The first month of each school's trust's financial year: one query (the schools with
    their trust's settings; a trust without saved settings has the default)."""
    rows = School.objects.filter(pk__in=list(school_ids)).values_list(
        "pk", "trust__settings__financial_year_start_month"
    )
    return {pk: month or DEFAULT_FIRST_MONTH for pk, month in rows}


def first_month_of(trust) -> int:
    found = TrustSettings.objects.filter(trust=trust).values_list(
        "financial_year_start_month", flat=True
    )
    return next(iter(found), DEFAULT_FIRST_MONTH)


def patterns_of(placement_ids: Iterable[int]) -> dict[int, set[int]]:
    """The weekdays of each placement's weekly pattern: one query."""
    days: dict[int, set[int]] = {}
    rows = PlacementSession.objects.filter(placement_id__in=list(placement_ids)).values_list(
        "placement_id", "day"
    )
    for placement_id, day in rows:
        days.setdefault(placement_id, set()).add(day)
    return days


@dataclass
class SchoolCosts:
    """Every placement of a school with its cost by financial year."""

    school_id: int
    first_month: int
    costs: dict[int, PlacementCost] = field(default_factory=dict)  # by placement id

    def year(self, day: dt.date) -> FinancialYear:
        return financial_year(day, self.first_month)


def costs_for(
    school_ids: Iterable[int],
    today: dt.date,
    *,
    placements: Iterable[Placement] | None = None,
    first_month: dict[int, int] | None = None,
) -> dict[int, SchoolCosts]:
    """Each school's placements' costs as of `today`. `placements` (objects already loaded, with
    `referral`) saves the placements query where a page has them; otherwise one query reads
    them."""
    school_ids = list(school_ids)
    months = first_month if first_month is not None else first_months(school_ids)
    calendars = SchoolCalendar.for_schools(school_ids)
    if placements is None:
        rows = list(
            Placement.objects.filter(referral__school_id__in=school_ids).values(*PLACEMENT_FIELDS)
        )
    else:
        rows = [
            {
                "pk": p.pk,
                "referral__school_id": p.referral.school_id,
                "status": p.status,
                "start_date": p.start_date,
                "planned_end_date": p.planned_end_date,
                "started_on": p.started_on,
                "ended_on": p.ended_on,
                "weekly_cost": p.weekly_cost,
            }
            for p in placements
        ]
    patterns = patterns_of(r["pk"] for r in rows)
    found = {pk: SchoolCosts(pk, months.get(pk, DEFAULT_FIRST_MONTH)) for pk in school_ids}
    for row in rows:
        school_id = row["referral__school_id"]
        span = costed_span(
            status=row["status"],
            start_date=row["start_date"],
            planned_end_date=row["planned_end_date"],
            started_on=row["started_on"],
            ended_on=row["ended_on"],
            today=today,
        )
        found[school_id].costs[row["pk"]] = placement_cost(
            weekly_cost=row["weekly_cost"] or Decimal("0"),
            pattern=patterns.get(row["pk"], ()),
            span=span,
            calendar=calendars[school_id],
            first_month=found[school_id].first_month,
        )
    return found


def budgets_for(school_ids: Iterable[int], year_starts: Iterable[dt.date]) -> dict:
    """The budgets of these schools for years starting on these days, by (school id, year
    start): one query."""
    return {
        (b.school_id, b.year_start): b
        for b in Budget.objects.filter(
            school_id__in=list(school_ids), year_start__in=list(year_starts)
        )
    }

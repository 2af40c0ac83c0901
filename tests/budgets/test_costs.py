"""R-10.10: the committed cost of each placement from its rate and school days, split by
financial year, spent and committed, rounded to the penny."""

import datetime as dt
from decimal import Decimal

import pytest

from altprov.budgets.costs import costs_for
from altprov.budgets.report import budget_by_school
from altprov.budgets.rules import (
    FinancialYear,
    costed_span,
    financial_year,
    pence,
)
from tests.budgets.helpers import approved_budget, placement, set_first_month
from tests.factories import add_inset, make_calendar

pytestmark = pytest.mark.django_db
d = dt.date
SEP_2026 = FinancialYear(d(2026, 9, 1), d(2027, 8, 31))
SEP_2027 = FinancialYear(d(2027, 9, 1), d(2028, 8, 31))


def cost_of(world, p, today):
    return costs_for([p.referral.school_id], today)[p.referral.school_id].costs[p.pk]


def test_R10_10_financial_years_start_on_the_trusts_month():
    assert financial_year(d(2026, 8, 31)) == FinancialYear(d(2025, 9, 1), d(2026, 8, 31))
    assert financial_year(d(2026, 9, 1)) == SEP_2026
    assert financial_year(d(2026, 9, 1)).label == "2026 to 2027"
    april = financial_year(d(2027, 3, 31), 4)
    assert april == FinancialYear(d(2026, 4, 1), d(2027, 3, 31))
    assert financial_year(d(2027, 4, 1), 4).start == d(2027, 4, 1)
    assert financial_year(d(2027, 2, 28), 1).label == "2027"
    assert financial_year(d(2028, 2, 29), 3).end == d(2028, 2, 29)
    assert SEP_2026.next == SEP_2027 and SEP_2027.previous == SEP_2026
    with pytest.raises(ValueError):
        financial_year(d(2026, 1, 1), 13)


def test_R10_10_a_placement_spanning_31_august_counts_in_both_years(world):
    make_calendar(world.school_a1, 2027)
    # Mondays and Wednesdays at £300 a week: £150 a school day. 12 July to 10 September 2027:
    # 12, 14, 19 and 21 July (the summer term ends on 21 July), then 1, 6 and 8 September.
    p = placement(world, d(2027, 7, 12), d(2027, 9, 10), weekly="300", days=(0, 2))
    cost = cost_of(world, p, today=d(2027, 7, 1))
    assert cost.pattern_days == 2 and cost.daily_rate == Decimal("150.00")
    before, after = cost.in_year(SEP_2026), cost.in_year(SEP_2027)
    assert (before.days, before.cost, before.spent, before.committed) == (
        4,
        Decimal("600.00"),
        Decimal("0.00"),
        Decimal("600.00"),
    )
    assert (after.days, after.cost, after.committed) == (3, Decimal("450.00"), Decimal("450.00"))
    # Attending on 14 July: 12 and 14 July are spent, the rest committed.
    p.status, p.started_on = "active", d(2027, 7, 12)
    p.save()
    cost = cost_of(world, p, today=d(2027, 7, 14))
    assert cost.in_year(SEP_2026).spent == Decimal("300.00")
    assert cost.in_year(SEP_2026).committed == Decimal("300.00")
    assert cost.in_year(SEP_2027).spent == Decimal("0.00")


def test_R10_10_with_an_april_financial_year_the_split_falls_on_31_march(world):
    set_first_month(world.trust_a, 4)
    # Every weekday at £500: £100 a day. 15 March to 16 April 2027: 15 to 25 March (9 school
    # days: term ends Thursday 25 March; 26 March is Good Friday), then the Easter holiday,
    # then 12 to 16 April (5 days).
    p = placement(world, d(2027, 3, 15), d(2027, 4, 16))
    lines = budget_by_school([world.school_a1.pk], d(2027, 3, 1))
    line = lines[world.school_a1.pk]
    assert (line.year_start, line.year_end, line.year_label) == (
        d(2026, 4, 1),
        d(2027, 3, 31),
        "2026 to 2027",
    )
    assert line.committed == Decimal("900.00") and line.spent == Decimal("0.00")
    later = budget_by_school([world.school_a1.pk], d(2027, 4, 1))[world.school_a1.pk]
    assert later.year_start == d(2027, 4, 1)
    # As of 1 April the placement has not started: its days from 1 April are committed; the
    # March days have passed without it starting and no longer count.
    assert later.committed == Decimal("500.00")
    # With the default September year the whole placement is in 2026 to 2027.
    set_first_month(world.trust_a, 9)
    assert cost_of(world, p, d(2027, 3, 1)).in_year(SEP_2026).cost == Decimal("1400.00")


def test_R10_10_half_terms_bank_holidays_and_inset_days_are_not_charged(world):
    # Every weekday, £500: 19 October to 6 November 2026 spans the half-term break (26 to 30
    # October): 5 + 5 school days.
    half_term = placement(world, d(2026, 10, 19), d(2026, 11, 6))
    assert cost_of(world, half_term, d(2026, 10, 1)).in_year(SEP_2026).cost == Decimal("1000.00")
    # Mondays only, £80: 26 April, 3 May (a bank holiday) and 10 May 2027.
    mondays = placement(world, d(2027, 4, 26), d(2027, 5, 10), weekly="80", days=(0,))
    part = cost_of(world, mondays, d(2026, 10, 1)).in_year(SEP_2026)
    assert (part.days, part.cost) == (2, Decimal("160.00"))
    # An INSET day on 10 May leaves one Monday.
    add_inset(world.school_a1, d(2027, 5, 10))
    assert cost_of(world, mondays, d(2026, 10, 1)).in_year(SEP_2026).cost == Decimal("80.00")
    # Christmas: 14 December 2026 to 8 January 2027, every weekday: 14 to 18 December (5) and 4
    # to 8 January (5); 25 and 28 December and 1 January are bank holidays in the holiday.
    christmas = placement(world, d(2026, 12, 14), d(2027, 1, 8))
    assert cost_of(world, christmas, d(2026, 10, 1)).in_year(SEP_2026).days == 10


def test_R10_10_a_placement_ended_early_costs_only_to_its_end(world):
    p = placement(
        world,
        d(2026, 11, 2),
        d(2026, 12, 18),
        status="ended",
        started_on=d(2026, 11, 2),
        ended_on=d(2026, 11, 13),
    )
    part = cost_of(world, p, d(2026, 12, 1)).in_year(SEP_2026)
    assert (part.days, part.spent, part.committed) == (10, Decimal("1000.00"), Decimal("0.00"))


def test_R10_10_spent_to_today_and_committed_to_the_planned_end(world):
    p = placement(world, d(2026, 11, 2), d(2026, 12, 18), status="active")
    part = cost_of(world, p, d(2026, 11, 11)).in_year(SEP_2026)
    assert (part.spent_days, part.spent) == (8, Decimal("800.00"))
    assert part.committed == Decimal("2700.00")
    # Still attending after the planned end: the days to today are spent.
    part = cost_of(world, p, d(2026, 12, 18)).in_year(SEP_2026)
    assert (part.spent, part.committed) == (Decimal("3500.00"), Decimal("0.00"))


def test_R10_10_a_placement_not_started_is_committed_from_its_planned_start(world):
    p = placement(world, d(2026, 11, 16), d(2026, 11, 20))
    part = cost_of(world, p, d(2026, 11, 2)).in_year(SEP_2026)
    assert (part.days, part.spent, part.committed) == (5, Decimal("0.00"), Decimal("500.00"))
    # Its start has passed without it starting: the days from today still count.
    part = cost_of(world, p, d(2026, 11, 18)).in_year(SEP_2026)
    assert (part.days, part.committed) == (3, Decimal("300.00"))


def test_R10_10_amounts_are_rounded_to_the_penny_once_and_add_up(world):
    # £100 for Mondays, Wednesdays and Fridays: 2 to 6 November 2026 is 3 days, 9 to 11
    # November 2 more: 5 x 100 / 3 = 166.666... -> 166.67 (not 5 x 33.33 = 166.65).
    p = placement(world, d(2026, 11, 2), d(2026, 11, 11), weekly="100", days=(0, 2, 4))
    p.status, p.started_on = "active", d(2026, 11, 2)
    p.save()
    part = cost_of(world, p, d(2026, 11, 2)).in_year(SEP_2026)
    assert part.cost == Decimal("166.67")
    assert part.spent == Decimal("33.33") and part.committed == Decimal("133.34")
    assert pence(Decimal("0.005")) == Decimal("0.01")
    assert pence(Decimal("2.675")) == Decimal("2.68")


def test_R10_10_a_placement_without_a_pattern_costs_nothing(world):
    p = placement(world, d(2026, 11, 2), d(2026, 11, 6), days=())
    assert cost_of(world, p, d(2026, 11, 1)).in_year(SEP_2026).cost == Decimal("0.00")


def test_R10_10_days_outside_the_term_dates_are_flagged_not_counted(world):
    # The world has term dates for 2026 to 2027 only.
    p = placement(world, d(2027, 7, 19), d(2027, 9, 10))
    cost = cost_of(world, p, d(2027, 7, 1))
    assert "do not cover" in cost.outside_calendar
    assert cost.in_year(SEP_2026).days == 3  # 19, 20 and 21 July
    line = budget_by_school([world.school_a1.pk], d(2027, 7, 1))[world.school_a1.pk]
    assert line.outside_calendar == 1


def test_R10_10_remaining_is_the_approved_budget_less_spent_and_committed(world):
    placement(world, d(2026, 11, 2), d(2026, 11, 13), status="active")  # £1,000
    placement(world, d(2026, 11, 16), d(2026, 11, 20))  # £500, planned
    placement(world, d(2026, 11, 2), d(2026, 11, 6), school=world.school_a2)  # not A1's
    line = budget_by_school([world.school_a1.pk], d(2026, 11, 6))[world.school_a1.pk]
    assert (line.status, line.approved, line.remaining) == ("none", None, None)
    assert (line.spent, line.committed) == (Decimal("500.00"), Decimal("1000.00"))
    approved_budget(world, "1500.00", d(2026, 11, 6))
    line = budget_by_school([world.school_a1.pk], d(2026, 11, 6))[world.school_a1.pk]
    assert (line.status, line.approved, line.remaining) == (
        "approved",
        Decimal("1500.00"),
        Decimal("0.00"),
    )
    assert not line.over_budget


def test_R10_10_costed_span_by_status():
    today = d(2026, 11, 11)
    planned = costed_span(
        status="planned",
        start_date=d(2026, 11, 2),
        planned_end_date=d(2026, 12, 1),
        started_on=None,
        ended_on=None,
        today=today,
    )
    assert (planned.first, planned.last) == (today, d(2026, 12, 1))
    assert planned.spent_until < planned.first
    active = costed_span(
        status="active",
        start_date=d(2026, 11, 2),
        planned_end_date=d(2026, 12, 1),
        started_on=d(2026, 11, 4),
        ended_on=None,
        today=today,
    )
    assert (active.first, active.last, active.spent_until) == (
        d(2026, 11, 4),
        d(2026, 12, 1),
        today,
    )
    ended = costed_span(
        status="ended",
        start_date=d(2026, 11, 2),
        planned_end_date=d(2026, 12, 1),
        started_on=d(2026, 11, 4),
        ended_on=d(2026, 11, 6),
        today=today,
    )
    assert (ended.first, ended.last, ended.spent_until) == (
        d(2026, 11, 4),
        d(2026, 11, 6),
        d(2026, 11, 6),
    )

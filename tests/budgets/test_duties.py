"""R-10.10 as duties: a school with placements and no approved budget for the current
financial year (the Headteacher proposes), and a proposal waiting for the trust (the Trust
Executive decides)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.checks import roles_in
from altprov.authz.permissions import Role
from altprov.budgets import services
from altprov.budgets.rules import financial_year
from altprov.core.duties import DutyContext
from altprov.duties.engine import due_items, duties_for_roles
from altprov.duties.table import DUTIES, DUTIES_BY_KEY
from tests.budgets.helpers import approved_budget, placement, set_first_month
from tests.factories import give_role, make_calendar, make_school, make_user

pytestmark = pytest.mark.django_db
d = dt.date
TODAY = d(2026, 11, 10)


def items(world, duty, today=TODAY, schools=None):
    found = due_items(schools or [world.school_a1, world.school_a2], today, only_attention=False)
    return [i for i in found if i.duty == duty]


def test_R10_10_the_duties_are_in_the_table_with_their_roles():
    assert DUTIES_BY_KEY["budget_missing"].requirement == "R-10.10"
    assert DUTIES_BY_KEY["budget_missing"].who == (Role.HEADTEACHER,)
    assert DUTIES_BY_KEY["budget_approval"].requirement == "R-10.10"
    assert DUTIES_BY_KEY["budget_approval"].who == (Role.TRUST_EXECUTIVE,)
    assert [d.key for d in DUTIES].count("budget_missing") == 1


def test_R10_10_a_school_with_placements_and_no_approved_budget_must_propose_one(world):
    assert items(world, "budget_missing") == []
    placement(world, d(2026, 11, 16), d(2026, 12, 18))
    [item] = items(world, "budget_missing")
    assert (item.school_id, item.due) == (world.school_a1.pk, d(2026, 9, 1))
    assert item.overdue(TODAY) and "2026 to 2027" in item.title
    assert item.url == f"/budgets/schools/{world.school_a1.pk}/"
    head = world.users[Role.HEADTEACHER]
    assert DUTIES_BY_KEY["budget_missing"] in duties_for_roles(roles_in(head, world.school_a1))
    # A proposal waiting for the trust: it is the trust's turn.
    proposal = services.budget_propose(
        school=world.school_a1, year=financial_year(TODAY), amount=100, by=head
    )
    assert items(world, "budget_missing") == []
    # Returned without an approved amount: due again.
    services.budget_return(proposal=proposal, reason="No", by=world.users[Role.TRUST_EXECUTIVE])
    assert len(items(world, "budget_missing")) == 1
    approved_budget(world, "5000", TODAY)
    assert items(world, "budget_missing") == []


def test_R10_10_only_placements_in_the_current_financial_year_count(world):
    placement(world, d(2027, 9, 6), d(2027, 10, 1))  # next year's
    ended = placement(
        world,
        d(2026, 6, 1),
        d(2026, 7, 10),
        status="ended",
        started_on=d(2026, 6, 1),
        ended_on=d(2026, 7, 10),
    )  # last year's
    assert items(world, "budget_missing") == []
    ended.ended_on = d(2026, 9, 1)  # ended on the first day of this year
    ended.save()
    assert len(items(world, "budget_missing")) == 1
    # A budget for another year does not cover this one.
    approved_budget(world, "5000", d(2027, 9, 1))
    assert len(items(world, "budget_missing")) == 1


def test_R10_10_with_an_april_year_the_duty_is_due_on_1_april(world):
    set_first_month(world.trust_a, 4)
    placement(world, d(2026, 11, 16), d(2026, 12, 18))
    [item] = items(world, "budget_missing")
    assert item.due == d(2026, 4, 1) and "2026 to 2027" in item.title
    # Approved for the year starting 1 April 2026: covered.
    approved_budget(world, "5000", TODAY, first_month=4)
    assert items(world, "budget_missing") == []


def test_R10_10_a_proposal_waits_for_the_trust_executive(world):
    head = world.users[Role.HEADTEACHER]
    proposal = services.budget_propose(
        school=world.school_a1, year=financial_year(TODAY).next, amount=100, by=head
    )
    [item] = items(world, "budget_approval")
    assert item.due == d(2027, 9, 1) and item.subject_id == proposal.pk
    assert item.url.endswith("?year=2027")
    trust_exec = world.users[Role.TRUST_EXECUTIVE]
    assert DUTIES_BY_KEY["budget_approval"] in duties_for_roles(
        roles_in(trust_exec, world.school_a1)
    )
    services.budget_approve(proposal=proposal, by=trust_exec)
    assert items(world, "budget_approval") == []
    # For the current year, proposed today: due today.
    services.budget_propose(school=world.school_a1, year=financial_year(TODAY), amount=1, by=head)
    [item] = items(world, "budget_approval", today=dt.date.today())
    assert item.due == dt.date.today()


def test_R10_10_the_budget_duties_make_the_same_queries_for_1_and_40_schools(world):
    def queries(schools):
        with CaptureQueriesContext(connection) as ctx:
            list(DUTIES_BY_KEY["budget_missing"].compute(_ctx(schools)))
            list(DUTIES_BY_KEY["budget_approval"].compute(_ctx(schools)))
        return len(ctx.captured_queries)

    def _ctx(schools):
        return DutyContext(schools, TODAY)

    placement(world, d(2026, 11, 16), d(2026, 12, 18))
    one = queries([world.school_a1])
    schools = [make_school(world.trust_a) for _ in range(40)]
    for school in schools[:5]:
        make_calendar(school)
        placement(world, d(2026, 11, 16), d(2026, 12, 18), school=school)
        services.budget_propose(
            school=school,
            year=financial_year(TODAY),
            amount=1,
            by=_head_of(world, school),
        )
    assert queries([world.school_a1, *schools]) == one


def _head_of(world, school):
    head = make_user(f"head-{school.pk}@example.org")
    give_role(head, Role.HEADTEACHER, school=school)
    return head

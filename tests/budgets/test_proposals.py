"""R-10.10: the Headteacher proposes the school's AP budget for a financial year, the trust
approves or returns it, once; a change to an approved budget needs approval again, while the
approved amount stays in force."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from altprov.authz.permissions import Role
from altprov.budgets import services
from altprov.budgets.models import Budget, BudgetProposal
from altprov.budgets.rules import financial_year
from tests.factories import give_role, make_user

pytestmark = pytest.mark.django_db
YEAR = financial_year(dt.date(2026, 11, 1))


def propose(world, amount="20000", school=None, by=None, year=YEAR):
    return services.budget_propose(
        school=school or world.school_a1,
        year=year,
        amount=Decimal(amount),
        note="Four placements",
        by=by or world.users[Role.HEADTEACHER],
    )


def test_R10_10_proposed_then_approved_by_the_trust(world):
    proposal = propose(world)
    budget = proposal.budget
    assert (budget.status, budget.approved_amount) == ("proposed", None)
    assert (budget.year_start, budget.year_end) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    services.budget_approve(proposal=proposal, by=world.users[Role.TRUST_EXECUTIVE])
    budget.refresh_from_db()
    proposal.refresh_from_db()
    assert (budget.status, budget.approved_amount) == ("approved", Decimal("20000.00"))
    assert budget.approved_by == world.users[Role.TRUST_EXECUTIVE]
    assert proposal.state == "approved" and proposal.decided_by == budget.approved_by
    assert budget.history.count() == 2 and proposal.history.count() == 2
    assert budget.history.first().history_user == world.users[Role.TRUST_EXECUTIVE]


def test_R10_10_approval_happens_once(world):
    proposal = propose(world)
    stale = BudgetProposal.objects.get(pk=proposal.pk)  # what a request at the same moment holds
    services.budget_approve(proposal=proposal, by=world.users[Role.TRUST_EXECUTIVE])
    before = (Budget.history.count(), BudgetProposal.history.count())
    with pytest.raises(ValidationError, match="already been approved"):
        services.budget_approve(proposal=stale, by=world.users[Role.TRUST_EXECUTIVE])
    with pytest.raises(ValidationError, match="already been approved"):
        services.budget_return(proposal=stale, reason="No", by=world.users[Role.TRUST_EXECUTIVE])
    assert (Budget.history.count(), BudgetProposal.history.count()) == before


def test_R10_10_returned_with_a_reason_once_and_proposed_again(world):
    proposal = propose(world)
    with pytest.raises(ValidationError, match="Enter why"):
        services.budget_return(proposal=proposal, reason="  ", by=world.users[Role.TRUST_EXECUTIVE])
    stale = BudgetProposal.objects.get(pk=proposal.pk)
    services.budget_return(
        proposal=proposal,
        reason="Too high for four placements",
        by=world.users[Role.TRUST_EXECUTIVE],
    )
    proposal.refresh_from_db()
    assert proposal.state == "returned" and proposal.return_reason == "Too high for four placements"
    assert proposal.budget.status == "returned" and proposal.budget.approved_amount is None
    with pytest.raises(ValidationError, match="already been returned"):
        services.budget_return(proposal=stale, reason="Again", by=world.users[Role.TRUST_EXECUTIVE])
    with pytest.raises(ValidationError, match="already been returned"):
        services.budget_approve(proposal=stale, by=world.users[Role.TRUST_EXECUTIVE])
    again = propose(world, "15000")
    assert again.budget == proposal.budget and again.budget.status == "proposed"
    assert proposal.budget.proposals.count() == 2


def test_R10_10_a_change_to_an_approved_budget_needs_approval_and_the_old_amount_stays(world):
    first = propose(world)
    services.budget_approve(proposal=first, by=world.users[Role.TRUST_EXECUTIVE])
    with pytest.raises(ValidationError, match="already the approved budget"):
        propose(world, "20000.00")
    change = propose(world, "25000")
    budget = Budget.objects.get(pk=first.budget_id)
    assert (budget.status, budget.approved_amount) == ("proposed", Decimal("20000.00"))
    services.budget_return(proposal=change, reason="No", by=world.users[Role.TRUST_EXECUTIVE])
    budget.refresh_from_db()
    assert (budget.status, budget.approved_amount) == ("returned", Decimal("20000.00"))
    change = propose(world, "22000")
    services.budget_approve(proposal=change, by=world.users[Role.TRUST_EXECUTIVE])
    budget.refresh_from_db()
    assert (budget.status, budget.approved_amount) == ("approved", Decimal("22000.00"))


def test_R10_10_one_proposal_waits_at_a_time(world):
    propose(world)
    with pytest.raises(ValidationError, match="already waiting"):
        propose(world, "30000")
    assert BudgetProposal.objects.count() == 1
    # Another year is another budget.
    propose(world, "30000", year=YEAR.next)
    assert Budget.objects.count() == 2


def test_R10_10_amounts_out_of_range_are_refused(world):
    for amount in ("-0.01", "1000000000.00", "10.001"):
        with pytest.raises(ValidationError):
            propose(world, amount)
    assert not Budget.objects.exists()
    assert propose(world, "0").amount == Decimal("0")


@pytest.mark.parametrize(
    "role", [Role.AP_LEAD, Role.DSL, Role.TRUST_EXECUTIVE, Role.SCHOOL_IMPROVEMENT]
)
def test_R10_10_only_the_headteacher_proposes(world, role):
    with pytest.raises(PermissionDenied):
        propose(world, by=world.users[role])
    assert not Budget.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.HEADTEACHER, Role.AP_LEAD, Role.SCHOOL_IMPROVEMENT, Role.TRUSTEE]
)
def test_R10_10_only_the_trust_executive_approves_or_returns(world, role):
    proposal = propose(world)
    with pytest.raises(PermissionDenied):
        services.budget_approve(proposal=proposal, by=world.users[role])
    with pytest.raises(PermissionDenied):
        services.budget_return(proposal=proposal, reason="No", by=world.users[role])
    proposal.refresh_from_db()
    assert proposal.state == "proposed"


def test_R10_10_outsiders_can_neither_propose_nor_decide(world):
    other_head = make_user("head-a2@example.org")
    give_role(other_head, Role.HEADTEACHER, school=world.school_a2)
    other_exec = make_user("exec-b@example.org")
    give_role(other_exec, Role.TRUST_EXECUTIVE, trust=world.trust_b)
    for outsider in (other_head, world.outsider):
        with pytest.raises(PermissionDenied):
            propose(world, by=outsider)
    proposal = propose(world)
    for outsider in (other_exec, world.outsider, other_head):
        with pytest.raises(PermissionDenied):
            services.budget_approve(proposal=proposal, by=outsider)
        with pytest.raises(PermissionDenied):
            services.budget_return(proposal=proposal, reason="No", by=outsider)
    proposal.refresh_from_db()
    assert proposal.state == "proposed"

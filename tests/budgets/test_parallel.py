"""R-10.10 and issue 14, 1.5: eight "Approve" (and eight "Propose") requests at the same moment
give one approval (one waiting proposal). Run with DATABASE_URL=postgres://... (skipped on
SQLite, whose IMMEDIATE transactions queue writers one by one anyway)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from altprov.authz.permissions import Role
from altprov.budgets import services
from altprov.budgets.models import Budget, BudgetProposal
from altprov.budgets.rules import financial_year
from tests.concurrency import on_postgresql, simultaneously
from tests.conftest import signed_in_client

REQUESTS = 8


def _messages(response):
    return [f"{m.level_tag}: {m.message}" for m in get_messages(response.wsgi_request)]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_R10_10_eight_simultaneous_approvals_give_one(world):
    proposal = services.budget_propose(
        school=world.school_a1,
        year=financial_year(dt.date.today()),
        amount=Decimal("5000"),
        by=world.users[Role.HEADTEACHER],
    )
    url = f"/budgets/proposals/{proposal.pk}/approve/"
    clients = [signed_in_client(world.users[Role.TRUST_EXECUTIVE]) for _ in range(REQUESTS)]
    outcomes = sum(simultaneously([lambda c=c: _messages(c.post(url)) for c in clients]), [])
    successes = [o for o in outcomes if o.startswith("success")]
    refusals = [o for o in outcomes if "already been approved" in o]
    assert len(successes) == 1 and len(refusals) == REQUESTS - 1, outcomes
    assert Budget.history.filter(status="approved").count() == 1
    assert BudgetProposal.history.filter(state="approved").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_R10_10_eight_simultaneous_first_proposals_give_one_budget_and_one_proposal(world):
    url = f"/budgets/schools/{world.school_a1.pk}/propose/"
    year = financial_year(dt.date.today())
    data = {"year": year.start.isoformat(), "amount": "7000"}
    clients = [signed_in_client(world.users[Role.HEADTEACHER]) for _ in range(REQUESTS)]
    statuses = simultaneously([lambda c=c: c.post(url, data).status_code for c in clients])
    assert sorted(statuses) == [200] * (REQUESTS - 1) + [302]
    assert Budget.objects.count() == 1 and BudgetProposal.objects.count() == 1

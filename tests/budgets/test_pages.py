"""R-10.10 pages: the school's budget with its placements, proposing, approving and returning,
the trust's schools side by side, and the warning where a placement is made, approved and
started. Outsiders get 404; lists run a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.audit.models import AccessEventPupil
from altprov.authz.permissions import Role
from altprov.budgets import services
from altprov.budgets.models import Budget, BudgetProposal
from altprov.budgets.report import budget_by_school
from altprov.budgets.rules import financial_year
from altprov.budgets.warnings import placement_warnings
from tests.budgets.helpers import approved_budget, placement, set_first_month
from tests.factories import give_role, make_calendar, make_provider, make_school, make_user
from tests.placements.test_placement import agreed_referral

pytestmark = pytest.mark.django_db
d = dt.date
TODAY = d(2026, 11, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC), tick=False):
        yield


def school_url(world, school=None):
    return f"/budgets/schools/{(school or world.school_a1).pk}/"


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_R10_10_the_school_page_shows_the_budget_and_each_placement(world, client_for):
    p = placement(world, d(2026, 11, 2), d(2026, 11, 13), status="active")  # £1,000
    approved_budget(world, "1200", TODAY)
    response = client_for(world.users[Role.AP_LEAD]).get(school_url(world))
    page = response.content.decode()
    assert "AP budget for 2026 to 2027" in page
    assert "£1,200.00" in page and "Approved" in page
    assert "£700.00" in page and "£300.00" in page  # spent 2 to 10 Nov, committed 11 to 13
    assert "£200.00" in page  # remaining
    assert p.pupil.sorted_name in page
    assert "Propose a change" not in page and "Approve the budget" not in page
    logged = AccessEventPupil.objects.filter(pupil=p.pupil)
    assert logged.count() == 1


def test_R10_10_the_headteacher_proposes_and_the_trust_executive_approves(world, client_for):
    head = client_for(world.users[Role.HEADTEACHER])
    page = head.get(school_url(world)).content.decode()
    assert "No budget proposed" in page and "Propose the budget" in page
    form = head.get(school_url(world) + "propose/").content.decode()
    assert "2026 to 2027" in form and "2027 to 2028" in form
    response = head.post(school_url(world) + "propose/", {"year": "2026-09-01", "amount": "oops"})
    assert "Enter the budget as a number" in response.content.decode()
    response = head.post(
        school_url(world) + "propose/",
        {"year": "2026-09-01", "amount": "18000.00", "note": "Three placements"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    proposal = BudgetProposal.objects.get()
    assert proposal.amount == Decimal("18000.00") and proposal.budget.school == world.school_a1
    again = head.post(school_url(world) + "propose/", {"year": "2026-09-01", "amount": "1"})
    assert "already waiting" in again.content.decode()
    trust_exec = client_for(world.users[Role.TRUST_EXECUTIVE])
    page = trust_exec.get(school_url(world)).content.decode()
    assert "Approve the budget of £18,000.00" in page
    response = trust_exec.post(f"/budgets/proposals/{proposal.pk}/approve/")
    assert response.status_code == 302
    budget = Budget.objects.get()
    assert budget.approved_amount == Decimal("18000.00")
    # Twice: refused with a message, nothing changed.
    response = trust_exec.post(f"/budgets/proposals/{proposal.pk}/approve/", follow=True)
    assert "already been approved" in response.content.decode()
    assert Budget.history.count() == 2


def test_R10_10_the_trust_returns_a_proposal_with_its_reason(world, client_for):
    proposal = services.budget_propose(
        school=world.school_a1,
        year=financial_year(TODAY),
        amount=Decimal("9000"),
        by=world.users[Role.HEADTEACHER],
    )
    trust_exec = client_for(world.users[Role.TRUST_EXECUTIVE])
    url = f"/budgets/proposals/{proposal.pk}/return/"
    response = trust_exec.post(url, {"reason": ""})
    assert "Enter why the trust is returning the proposal" in response.content.decode()
    response = trust_exec.post(url, {"reason": "Include the spring placements"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "returned"
    response = trust_exec.post(url, {"reason": "Again"})
    assert "already been returned" in response.content.decode()
    page = client_for(world.users[Role.HEADTEACHER]).get(school_url(world)).content.decode()
    assert "Returned by the trust" in page and "Include the spring placements" in page
    assert "Propose a change to the budget" in page


def test_R10_10_outsiders_find_nothing(world, client_for):
    proposal = services.budget_propose(
        school=world.school_a1,
        year=financial_year(TODAY),
        amount=Decimal("9000"),
        by=world.users[Role.HEADTEACHER],
    )
    other_head = make_user("head-a2@example.org")
    give_role(other_head, Role.HEADTEACHER, school=world.school_a2)
    other_exec = make_user("exec-b@example.org")
    give_role(other_exec, Role.TRUST_EXECUTIVE, trust=world.trust_b)
    for user in (other_head, other_exec, world.outsider, world.users[Role.DSL]):
        client = client_for(user)
        assert client.get(school_url(world)).status_code == 404
        assert client.get(school_url(world) + "propose/").status_code == 404
        assert (
            client.post(
                school_url(world) + "propose/", {"year": "2026-09-01", "amount": "1"}
            ).status_code
            == 404
        )
        assert client.post(f"/budgets/proposals/{proposal.pk}/approve/").status_code == 404
        assert client.get(f"/budgets/proposals/{proposal.pk}/return/").status_code == 404
        assert (
            client.post(f"/budgets/proposals/{proposal.pk}/return/", {"reason": "x"}).status_code
            == 404
        )
    proposal.refresh_from_db()
    assert proposal.state == "proposed" and BudgetProposal.objects.count() == 1
    assert client_for(other_exec).get("/budgets/trust/").content.decode().count("School A1") == 0


def test_R10_10_the_school_page_runs_the_same_queries_for_1_and_12_placements(world, client_for):
    client = client_for(world.users[Role.HEADTEACHER])
    approved_budget(world, "50000", TODAY)
    placement(world, d(2026, 11, 2), d(2026, 12, 18), status="active")
    one, _ = _queries(client, school_url(world))
    for n in range(11):
        placement(world, d(2026, 11, 16), d(2027, 3, 1), days=(n % 5,))
    many, page = _queries(client, school_url(world))
    assert page.count("Budget") >= 12
    assert one == many


def test_R10_10_the_trust_page_and_the_report_run_the_same_queries_for_1_and_8_schools(
    world, client_for
):
    client = client_for(world.users[Role.TRUST_EXECUTIVE])
    placement(world, d(2026, 11, 2), d(2026, 12, 18), status="active")
    one, page = _queries(client, "/budgets/trust/")
    assert "School A1" in page and "School A2" in page and "Budget" not in page
    with CaptureQueriesContext(connection) as ctx:
        budget_by_school([world.school_a1.pk], TODAY)
    report_one = len(ctx.captured_queries)
    schools = [make_school(world.trust_a) for _ in range(6)]
    for school in schools:
        make_calendar(school)
        placement(world, d(2026, 11, 2), d(2026, 12, 18), school=school)
        placement(world, d(2026, 11, 9), d(2027, 2, 1), school=school, status="active")
    give_role(world.users[Role.HEADTEACHER], Role.HEADTEACHER, school=schools[0])
    approved_budget(world, "100", TODAY, school=schools[0])
    many, page = _queries(client, "/budgets/trust/")
    assert one == many and "Over budget" in page
    with CaptureQueriesContext(connection) as ctx:
        lines = budget_by_school([world.school_a1.pk, *(s.pk for s in schools)], TODAY)
    assert len(ctx.captured_queries) == report_one
    assert lines[schools[0].pk].status == "approved" and lines[schools[0].pk].over_budget
    assert lines[schools[1].pk].remaining is None


# The warning where a placement is made, approved by the trust and started ---------------------


def test_R10_10_exactly_at_the_budget_no_warning_a_penny_over_a_warning(world, client_for):
    placement(world, d(2026, 11, 2), d(2026, 11, 13), status="active")  # £1,000
    planned = placement(world, d(2026, 11, 16), d(2026, 11, 20))  # £500
    approved_budget(world, "1500.00", TODAY)
    assert placement_warnings(planned, TODAY) == []
    client = client_for(world.users[Role.AP_LEAD])
    page = client.get(f"/placements/{planned.pk}/").content.decode()
    assert "over its AP budget" not in page
    proposal = services.budget_propose(
        school=world.school_a1,
        year=financial_year(TODAY),
        amount=Decimal("1499.99"),
        by=world.users[Role.HEADTEACHER],
    )
    # Proposed but not approved: the approved £1,500 is still in force.
    assert placement_warnings(planned, TODAY) == []
    services.budget_approve(proposal=proposal, by=world.users[Role.TRUST_EXECUTIVE])
    [warning] = placement_warnings(planned, TODAY)
    assert warning.over_by == Decimal("0.01") and warning.remaining_before == Decimal("499.99")
    page = client.get(f"/placements/{planned.pk}/").content.decode()
    assert "over its AP budget for 2026 to 2027 by £0.01" in page
    assert "£499.99 of the approved budget of £1,499.99 remains without it" in page
    # The Trust Executive sees it where they approve.
    page = client_for(world.users[Role.TRUST_EXECUTIVE]).get(f"/placements/{planned.pk}/")
    assert "by £0.01" in page.content.decode()


def test_R10_10_without_an_approved_budget_the_warning_says_so(world, client_for):
    planned = placement(world, d(2026, 11, 16), d(2026, 11, 20))
    [warning] = placement_warnings(planned, TODAY)
    assert warning.approved is None and warning.over_by == Decimal("500.00")
    page = client_for(world.users[Role.AP_LEAD]).get(f"/placements/{planned.pk}/").content.decode()
    assert "School A1 has no approved AP budget for 2026 to 2027" in page


def test_R10_10_a_placement_spanning_the_years_is_warned_for_each(world):
    make_calendar(world.school_a1, 2027)
    planned = placement(world, d(2027, 7, 12), d(2027, 9, 10), weekly="300", days=(0, 2))
    approved_budget(world, "600", TODAY)  # exactly its July days
    [warning] = placement_warnings(planned, TODAY)
    assert warning.year.label == "2027 to 2028" and warning.approved is None
    set_first_month(world.trust_a, 4)  # now all in 2027 to 2028 (April)
    [warning] = placement_warnings(planned, TODAY)
    assert warning.cost == Decimal("1050.00")


def test_R10_10_an_already_over_school_is_over_by_the_whole_placement(world):
    placement(world, d(2026, 11, 2), d(2026, 11, 13), status="active")  # £1,000
    planned = placement(world, d(2026, 11, 16), d(2026, 11, 20))  # £500
    approved_budget(world, "900", TODAY)
    [warning] = placement_warnings(planned, TODAY)
    assert warning.already_over == Decimal("100.00") and warning.over_by == Decimal("500.00")


def test_R10_10_no_warning_once_the_placement_has_started(world, client_for):
    p = placement(world, d(2026, 11, 2), d(2026, 11, 13), status="active")
    page = client_for(world.users[Role.AP_LEAD]).get(f"/placements/{p.pk}/").content.decode()
    assert "no approved AP budget" not in page


def test_R10_10_making_a_placement_names_the_remaining_budget(world, client_for):
    referral = agreed_referral(world, world.pupil_a1)
    provider = make_provider(world.trust_a)
    client = client_for(world.users[Role.AP_LEAD])
    url = f"/referrals/{referral.pk}/placement/?provider={provider.pk}"
    assert (
        "School A1 has no approved AP budget for 2026 to 2027" in client.get(url).content.decode()
    )
    placement(world, d(2026, 11, 2), d(2026, 11, 13), status="active")  # £1,000
    approved_budget(world, "1250", TODAY)
    page = client.get(url).content.decode()
    assert "School A1 has £250.00 remaining of its approved AP budget of £1,250.00" in page

"""R-10.10 through Chromium: the Headteacher proposes the school's AP budget (after a refused
empty amount), the Trust Executive approves it, and the AP Lead, making a placement, sees what
remains and then by how much the placement takes the school over. axe-core checks every page and
the error state."""

import datetime as dt
import re

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.budgets.models import Budget
from altprov.budgets.warnings import placement_warnings
from tests import factories
from tests.placements.test_placement import agreed_referral

from .conftest import sign_in
from .journey import Checks, another_browser, banner, expect_error_summary, fill_date, h1


def test_R10_10_the_budget_is_proposed_approved_and_warned_about(page, live_server, browser):
    checks = Checks()
    w = factories.world()
    base = live_server.url
    school = w.school_a1
    referral = agreed_referral(w, w.pupil_a1)
    provider = factories.make_provider(w.trust_a, "Budget Skills Centre")
    today = dt.date.today()
    first_monday = today + dt.timedelta(days=7 - today.weekday() + 7)
    budget_url = f"{base}/budgets/schools/{school.pk}/"

    # --- The Headteacher proposes ---------------------------------------------------------------
    sign_in(page, live_server, w.users[Role.HEADTEACHER])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="AP budget").click()
    expect(page).to_have_url(re.compile(rf"{budget_url}$"))
    expect(h1(page)).to_contain_text("AP budget for")
    expect(page.locator("main")).to_contain_text("No budget proposed")
    checks(page, "r10-10-school-budget-none")
    page.get_by_role("link", name=re.compile("^Propose the budget")).click()
    expect(h1(page)).to_have_text("Propose the AP budget")
    checks(page, "r10-10-propose")
    page.get_by_role("button", name="Send to the trust for approval").click()
    expect_error_summary(page, "Enter the AP budget for the year")
    checks(page, "r10-10-propose-error")
    page.get_by_label(re.compile(r"2026 to 2027 \(1 September")).check()
    page.get_by_label("AP budget for the year (£)").fill("1000")
    page.get_by_label("What the budget is based on (optional)").fill("One placement a week")
    page.get_by_role("button", name="Send to the trust for approval").click()
    expect(banner(page)).to_contain_text(
        "The AP budget of £1,000.00 for 2026 to 2027 has been sent"
    )
    expect(page.locator("main")).to_contain_text("Waiting for the trust's approval")
    checks(page, "r10-10-proposed")
    assert Budget.objects.get().status == "proposed"

    # --- The Trust Executive approves -----------------------------------------------------------
    with another_browser(browser) as exec_page:
        sign_in(exec_page, live_server, w.users[Role.TRUST_EXECUTIVE])
        menu = exec_page.get_by_role("navigation", name="Menu")
        menu.get_by_role("link", name="AP budgets").click()
        expect(h1(exec_page)).to_contain_text("AP budgets for")
        row = exec_page.locator("tbody tr").filter(has_text="School A1")
        expect(row).to_contain_text("Waiting for approval")
        checks(exec_page, "r10-10-trust-budgets")
        row.get_by_role("link", name="School A1").click()
        checks(exec_page, "r10-10-school-budget-waiting")
        exec_page.get_by_role("button", name="Approve the budget of £1,000.00").click()
        expect(banner(exec_page)).to_contain_text("You have approved the AP budget of £1,000.00")
        expect(exec_page.locator("main")).to_contain_text("approved by Trust Executive Person")
        checks(exec_page, "r10-10-school-budget-approved")
    budget = Budget.objects.get()
    assert budget.approved_amount == 1000 and budget.approved_by == w.users[Role.TRUST_EXECUTIVE]

    # --- The AP Lead makes a placement that takes the school over -------------------------------
    with another_browser(browser) as lead:
        sign_in(lead, live_server, w.users[Role.AP_LEAD])
        lead.goto(f"{base}/referrals/{referral.pk}/placement/?provider={provider.pk}")
        expect(h1(lead)).to_have_text("Make the placement")
        expect(lead.locator(".govuk-warning-text")).to_contain_text(
            "School A1 has £1,000.00 remaining of its approved AP budget of £1,000.00"
        )
        checks(lead, "r10-10-make-placement-remaining")
        fill_date(lead, "id_start_date", first_monday)
        fill_date(lead, "id_planned_end_date", first_monday + dt.timedelta(weeks=4))
        lead.get_by_label("Cost per week (£)").fill("450")
        lead.get_by_label("Monday: start time").fill("09:00")
        lead.get_by_label("Monday: end time").fill("12:00")
        lead.get_by_role("button", name="Make the placement").click()
        expect(banner(lead)).to_contain_text("The placement has been made.")
        placement = referral.placements.get()
        [warning] = placement_warnings(placement)
        assert warning.over_by > 0
        expect(lead.locator(".govuk-warning-text")).to_contain_text(
            f"This placement would take School A1 over its AP budget for 2026 to 2027 by "
            f"£{warning.over_by:,.2f}"
        )
        checks(lead, "r10-10-placement-over-budget")
        lead.get_by_role("link", name=re.compile("^See the AP budget")).click()
        expect(lead.locator("main")).to_contain_text("Over budget")
        expect(lead.locator("main")).to_contain_text(w.pupil_a1.sorted_name)
        checks(lead, "r10-10-school-budget-over")
    checks.assert_clean()

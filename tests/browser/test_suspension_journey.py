"""R-10.3 through Chromium: the Headteacher records a six-day suspension across the spring half
term (after a refused first day), sees the sixth school day and the flag, the school's list of
current suspensions flags it, and the link starts a referral by the suspension route. axe-core
checks every page and the error state."""

import datetime as dt
import re

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.suspensions.models import Suspension
from tests import factories

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, h1


def test_R10_3_the_headteacher_records_a_suspension_across_a_half_term_and_sees_the_flag(
    page, live_server
):
    checks = Checks()
    w = factories.world()
    base = live_server.url
    pupil = w.pupil_a1

    sign_in(page, live_server, w.users[Role.HEADTEACHER])
    page.goto(f"{base}/pupils/{pupil.pk}/")
    page.get_by_role("link", name="Suspensions of Alex Ordinary").click()
    expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/suspensions/")
    expect(h1(page)).to_have_text("Suspensions")
    checks(page, "r10-3-pupil-suspensions-empty")
    page.get_by_role("link", name="Record a suspension").click()
    expect(h1(page)).to_have_text("Record a suspension")
    checks(page, "r10-3-record-form")

    # Error state: the first day is in the half term; what was typed stays.
    fill_date(page, "id_first_day", dt.date(2027, 2, 15))
    page.get_by_label("Number of school days").fill("6")
    page.get_by_label("Reason for the suspension").fill("Assault on another pupil")
    page.get_by_role("button", name="Record the suspension").click()
    expect_error_summary(page, "The first day of the suspension must be a school day")
    expect(page.get_by_label("Reason for the suspension")).to_have_value("Assault on another pupil")
    checks(page, "r10-3-record-form-error")
    assert not Suspension.objects.exists()

    # Thursday 11 February 2027: Thu, Fri, then half term, then Mon to Thu.
    fill_date(page, "id_first_day", dt.date(2027, 2, 11))
    page.get_by_role("button", name="Record the suspension").click()
    suspension = Suspension.objects.get()
    expect(page).to_have_url(f"{base}/suspensions/{suspension.pk}/")
    expect(banner(page)).to_contain_text("The sixth school day is Thursday 25 February 2027")
    expect(page.locator("#sixth-day-flag")).to_contain_text(
        "No provision is arranged from the sixth school day, Thursday 25 February 2027"
    )
    checks(page, "r10-3-suspension-flagged")
    assert suspension.sixth_day == dt.date(2027, 2, 25)
    assert suspension.decided_by == w.users[Role.HEADTEACHER]

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Suspensions").click()
    expect(page).to_have_url(f"{base}/suspensions/")
    expect(h1(page)).to_have_text("Current suspensions")
    row = page.locator("tbody tr").filter(has_text="Ordinary, Alex")
    expect(row).to_contain_text("No provision from the sixth day")
    checks(page, "r10-3-school-suspensions")

    row.get_by_role("link").click()
    page.get_by_role("link", name="Arrange provision from the sixth day").click()
    expect(page).to_have_url(re.compile(rf"/pupils/{pupil.pk}/refer/\?route=suspension"))
    expect(page.get_by_label("Provision from the sixth day of a suspension")).to_be_checked()
    checks(page, "r10-3-referral-by-suspension-route")
    page.get_by_role("link", name="Back").first.click()
    expect(page).to_have_url(f"{base}/suspensions/{suspension.pk}/")
    checks.assert_clean()

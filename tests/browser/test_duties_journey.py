"""R-7.3 and the duty engine through Chromium: the AP Lead is told a review is overdue, records
it (after a refused date), sees it on the placement page and the next due date; the school's and
the trust's "Overdue and due soon" pages. axe-core checks every page and the error state. The home
page keeps its stored copy of the list in the shared cache, as in production."""

import datetime as dt

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.reviews.models import AgreementReview
from tests import factories
from tests.duties.helpers import attending

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, group, h1, sign_out

REVIEW = "Review of the agreement and placement at"


def test_R7_3_the_ap_lead_records_an_overdue_review_and_the_trust_sees_what_is_due(
    page, live_server, attention_copies
):
    checks = Checks()
    w = factories.world()
    factories.make_calendar(w.school_a1, 2027)  # term dates to July 2028
    today = dt.date.today()
    # Started a term ago: at least one review date has passed with no review.
    placement = attending(
        w, w.pupil_a1, start=today - dt.timedelta(days=60), end=today + dt.timedelta(days=120)
    )
    base = live_server.url

    sign_in(page, live_server, w.users[Role.AP_LEAD])
    item = page.locator(".app-attention-list li").filter(has_text=REVIEW)
    expect(item).to_have_count(1)
    expect(item).to_contain_text("overdue")
    checks(page, "r7-3-home")
    item.get_by_role("link", name="Record the review for Alex Ordinary").click()
    expect(page).to_have_url(f"{base}/placements/{placement.pk}/reviews/add/")
    expect(h1(page)).to_have_text("Record a review of the agreement and placement")
    checks(page, "r7-3-review-form")

    # Error state: a date in the future; what was typed stays.
    fill_date(page, "id_held_on", today + dt.timedelta(days=1))
    page.get_by_label("Who attended").fill("AP Lead, mother, the pupil, the provider")
    group(page, "Outcome").get_by_label("The placement continues as agreed").check()
    page.get_by_label("What was discussed and agreed").fill("Attending well")
    page.get_by_role("button", name="Record the review").click()
    expect_error_summary(page, "The date of the review must be today or in the past")
    expect(page.get_by_label("Who attended")).to_have_value(
        "AP Lead, mother, the pupil, the provider"
    )
    checks(page, "r7-3-review-form-error")
    assert not AgreementReview.objects.exists()

    fill_date(page, "id_held_on", today)
    page.get_by_role("button", name="Record the review").click()
    expect(page).to_have_url(f"{base}/placements/{placement.pk}/")
    expect(banner(page)).to_contain_text("The review has been recorded.")
    expect(page.locator("main")).to_contain_text("Attending well")
    checks(page, "r7-3-placement-with-review")
    review = AgreementReview.objects.get()
    assert review.held_on == today and review.recorded_by == w.users[Role.AP_LEAD]

    # The home page showed its stored copy of the list (issue 10, P1): the review made it stale.
    page.goto(f"{base}/")
    expect(page.locator(".app-attention-list li").filter(has_text=REVIEW)).to_have_count(0)

    page.get_by_role("link", name="Due dates").click()
    expect(page).to_have_url(f"{base}/due/schools/{w.school_a1.pk}/")
    expect(h1(page)).to_have_text("Overdue and due soon")
    checks(page, "due-school")
    sign_out(page)

    sign_in(page, live_server, w.users[Role.TRUST_EXECUTIVE])
    page.get_by_role("link", name="Due dates").click()
    expect(h1(page)).to_have_text("Overdue and due soon across the trust")
    expect(page.locator("main")).to_contain_text("School A2")
    checks(page, "due-trust")
    page.get_by_role("link", name="School A1").click()
    expect(page).to_have_url(f"{base}/due/schools/{w.school_a1.pk}/")
    checks(page, "due-school-from-trust")
    checks.assert_clean()

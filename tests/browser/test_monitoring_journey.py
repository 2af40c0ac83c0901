"""R-12.2 and R-12.4 through Chromium: the AP Lead is told a visit is overdue, logs it (after a
refused form, nothing typed lost), then records a formal review; both are on the placement page.
axe-core checks every page and the error state."""

import datetime as dt

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.monitoring.models import FormalReview, Visit
from tests import factories
from tests.duties.helpers import attending

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, group, h1


def test_R12_2_R12_4_the_ap_lead_logs_a_visit_and_a_formal_review(page, live_server):
    checks = Checks()
    w = factories.world()
    factories.make_calendar(w.school_a1, 2027)  # term dates to July 2028
    today = dt.date.today()
    # Started a half term ago: the first visit is overdue.
    placement = attending(
        w, w.pupil_a1, start=today - dt.timedelta(days=60), end=today + dt.timedelta(days=120)
    )
    base = live_server.url

    sign_in(page, live_server, w.users[Role.AP_LEAD])
    item = page.locator(".app-attention-list li").filter(has_text="Visit to the pupil at")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("overdue")
    item.get_by_role("link", name="Record the visit to Alex Ordinary").click()
    expect(page).to_have_url(f"{base}/placements/{placement.pk}/visits/add/")
    expect(h1(page)).to_have_text("Record a visit to the pupil at the provider")
    checks(page, "r12-2-visit-form")

    fill_date(page, "id_visited_on", today)
    page.get_by_label("Who visited").fill("Jo Lead, AP Lead")
    page.get_by_label("What was seen").fill("Alex in a practical maths lesson, on task")
    page.get_by_role("button", name="Record the visit").click()
    expect_error_summary(page, "Enter the pupil's view")
    expect(page.get_by_label("What was seen")).to_have_value(
        "Alex in a practical maths lesson, on task"
    )
    checks(page, "r12-2-visit-form-error")
    assert not Visit.objects.exists()

    page.get_by_label("The pupil's view").fill("Likes the workshop; wants more English")
    page.get_by_role("button", name="Record the visit").click()
    expect(page).to_have_url(f"{base}/placements/{placement.pk}/#monitoring")
    expect(banner(page)).to_contain_text("The visit has been recorded.")
    expect(page.locator("#visits")).to_contain_text("Likes the workshop; wants more English")
    checks(page, "r12-2-placement-with-visit")
    visit = Visit.objects.get()
    assert visit.visited_on == today and visit.recorded_by == w.users[Role.AP_LEAD]

    page.get_by_role("link", name="Record a formal review").click()
    expect(h1(page)).to_have_text("Record a formal review meeting")
    checks(page, "r12-4-formal-review-form")
    fill_date(page, "id_held_on", today)
    attended = group(page, "Who attended")
    for who in ("The pupil", "Parents or carers", "The provider"):
        attended.get_by_label(who, exact=True).check()
    page.get_by_label("The pupil's progress").fill("Behind on two of three objectives")
    group(page, "Has the pupil's progress improved since the last formal review?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Actions agreed").fill("Weekly check-in with the provider")
    page.get_by_role("button", name="Record the formal review").click()
    expect_error_summary(page, "The Headteacher or the AP Lead must attend the meeting")
    checks(page, "r12-4-formal-review-form-error")
    group(page, "Who attended").get_by_label("AP Lead", exact=True).check()
    page.get_by_role("button", name="Record the formal review").click()
    expect(banner(page)).to_contain_text("The formal review has been recorded.")
    expect(page.locator("#formal-reviews")).to_contain_text("Behind on two of three objectives")
    expect(page.locator("#no-improvement")).to_have_text("1")
    checks(page, "r12-4-placement-with-formal-review")
    review = FormalReview.objects.get()
    assert set(review.attended) == {"ap_lead", "pupil", "parents", "provider"}
    assert review.improved is False
    checks.assert_clean()

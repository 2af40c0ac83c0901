"""R-11.1, R-10.4 and R-10.8 through Chromium: the AP Lead records progress on an objective
(after a refused date) and logs a contact with the pupil; the pastoral contact finds their pupil
from the home page; the SENDCo records an EHCP annual review. axe-core checks every page."""

import datetime as dt

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.placements.models import PlacementRecords, PlanObjective
from altprov.progress.models import EhcpAnnualReview, ObjectiveProgress, PastoralContact
from tests import factories
from tests.duties.helpers import attending

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, group, h1, sign_out


def test_R11_1_R10_4_R10_8_records_kept_on_the_placement(page, live_server):
    checks = Checks()
    w = factories.world()
    factories.make_calendar(w.school_a1, 2027)
    today = dt.date.today()
    w.pupil_a1.send_status = "ehcp"
    w.pupil_a1.save()
    placement = attending(
        w, w.pupil_a1, start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=120)
    )
    PlanObjective.objects.create(
        placement=placement,
        objective="Attend every morning session",
        timeframe="By February half term",
        measure="Attendance marks",
    )
    PlacementRecords.objects.create(
        placement=placement, pastoral_contact=w.users[Role.STAFF_MEMBER]
    )
    base = live_server.url

    # The AP Lead: progress against the objective
    sign_in(page, live_server, w.users[Role.AP_LEAD])
    page.goto(f"{base}/placements/{placement.pk}/")
    records = page.locator("main")
    expect(records).to_contain_text("Records kept during the placement")
    checks(page, "records-placement")
    page.get_by_role("link", name="Progress against the objectives").click()
    expect(h1(page)).to_have_text("Progress against the objectives")
    expect(page.locator("main")).to_contain_text("Not yet recorded")
    checks(page, "records-objectives")
    page.get_by_role("link", name="Record progress").click()
    expect(h1(page)).to_have_text("Record progress against the objective")
    fill_date(page, "id_checked_on", today + dt.timedelta(days=1))
    group(page, "Progress against the objective").get_by_label("Some progress").check()
    page.get_by_label("Evidence").fill("The provider's report: 7 of 10 mornings")
    page.get_by_role("button", name="Record progress").click()
    expect_error_summary(page, "The date of the progress check must be today or in the past")
    expect(page.get_by_label("Evidence")).to_have_value("The provider's report: 7 of 10 mornings")
    checks(page, "records-progress-error")
    assert not ObjectiveProgress.objects.exists()
    fill_date(page, "id_checked_on", today)
    page.get_by_role("button", name="Record progress").click()
    expect(page).to_have_url(f"{base}/placements/{placement.pk}/progress/")
    expect(banner(page)).to_contain_text("Progress against the objective has been recorded.")
    expect(page.locator("main")).to_contain_text("7 of 10 mornings")
    checks(page, "records-objectives-recorded")
    assert ObjectiveProgress.objects.get().status == "some"

    # The AP Lead logs a contact with the pupil
    page.goto(f"{base}/placements/{placement.pk}/")
    page.get_by_role("link", name="Contacts with the pupil").click()
    expect(h1(page)).to_have_text("Contacts with the pupil")
    checks(page, "records-contacts-empty")
    page.get_by_role("link", name="Log a contact").click()
    fill_date(page, "id_contacted_on", today)
    group(page, "How was the contact made?").get_by_label("In person").check()
    group(page, "Where was the pupil?").get_by_label("At the provider").check()
    page.get_by_label("Notes").fill("Settling in well at the workshop")
    checks(page, "records-contact-form")
    page.get_by_role("button", name="Log the contact").click()
    expect(banner(page)).to_contain_text("The contact has been logged.")
    expect(page.locator("main")).to_contain_text("Settling in well at the workshop")
    checks(page, "records-contacts")
    assert PastoralContact.objects.get().recorded_by == w.users[Role.AP_LEAD]
    sign_out(page)

    # The pastoral contact reaches their pupil's contact log from the home page
    sign_in(page, live_server, w.users[Role.STAFF_MEMBER])
    page.get_by_role("link", name="Your pupils' contact logs").click()
    expect(h1(page)).to_have_text("Pupils you are the pastoral contact for")
    checks(page, "records-pastoral-list")
    page.get_by_role("link", name="Alex Ordinary").click()
    expect(page.locator("main")).to_contain_text("Settling in well at the workshop")
    checks(page, "records-contacts-as-pastoral-contact")
    sign_out(page)

    # The SENDCo records the EHCP's annual review
    sign_in(page, live_server, w.users[Role.SENDCO])
    item = page.get_by_role("link", name="Record the date of the EHCP for Alex Ordinary")
    expect(item).to_have_count(1)
    page.goto(f"{base}/placements/{placement.pk}/")
    page.get_by_role("link", name="SEND records").click()
    expect(h1(page)).to_have_text("SEND records")
    checks(page, "records-send")
    page.get_by_role("link", name="Record an annual review").click()
    expect(h1(page)).to_have_text("Record an annual review of the EHCP")
    fill_date(page, "id_held_on", today)
    group(page, "What did the review recommend?").get_by_label("Amend the plan").check()
    checks(page, "records-ehcp-review-form")
    page.get_by_role("button", name="Record the review").click()
    expect(banner(page)).to_contain_text("The annual review has been recorded.")
    expect(page.locator("#ehcp-due")).to_contain_text(
        f"due by {today.replace(year=today.year + 1):%-d %B %Y}"
    )
    checks(page, "records-send-reviewed")
    assert EhcpAnnualReview.objects.get().outcome == "amend"
    checks.assert_clean()

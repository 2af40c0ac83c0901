"""X-5, issue 11 item 3, through Chromium: the AP Lead edits a placement's personalised plan while
the Headteacher saves it; the AP Lead's save is refused with what changed, their own answers kept,
and a second save keeps them. axe-core checks the refusal page, the pupil's SEND page refused the
same way, and the pages around them."""

import datetime as dt
from decimal import Decimal

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.core.versions import STALE_MESSAGE
from altprov.placements import services
from altprov.placements.models import Placement, PlacementRecords
from altprov.pupils.models import Pupil
from altprov.pupils.services import pupil_save
from tests import factories
from tests.placements.test_placement import agreed_referral

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, h1


def test_X5_a_stale_save_is_refused_with_what_changed_and_the_page_passes_axe(page, live_server):
    checks = Checks()
    w = factories.world()
    ap, head = w.users[Role.AP_LEAD], w.users[Role.HEADTEACHER]
    start = dt.date.today() + dt.timedelta(days=14)
    placement = Placement.objects.create(
        referral=agreed_referral(w, w.pupil_a1),
        provider=factories.make_provider(w.trust_a, "Journey Provider"),
        start_date=start,
        planned_end_date=start + dt.timedelta(weeks=8),
        weekly_cost=Decimal("200"),
        created_by=ap,
    )
    base = live_server.url

    sign_in(page, live_server, ap)
    page.goto(f"{base}/placements/{placement.pk}/plan/")
    expect(h1(page)).to_have_text("The personalised plan")
    checks(page, "versions-plan")
    page.get_by_label("Baseline: attendance").fill("75%")
    # Meanwhile the Headteacher saves the plan.
    services.records_update(
        placement=placement, values={"baseline_attendance": "82%"}, by=head, based_on=0
    )
    page.get_by_role("button", name="Save").click()
    expect_error_summary(page, STALE_MESSAGE)
    what_changed = page.locator("#what-changed")
    expect(what_changed).to_contain_text("Baseline: attendance")
    expect(what_changed).to_contain_text("82%")
    expect(what_changed).to_contain_text(head.full_name)
    expect(page.get_by_label("Baseline: attendance")).to_have_value("75%")
    checks(page, "versions-plan-refused")
    assert PlacementRecords.objects.get(placement=placement).baseline_attendance == "82%"

    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("The personalised plan has been saved.")
    assert PlacementRecords.objects.get(placement=placement).baseline_attendance == "75%"

    # The pupil's SEND details, refused the same way.
    page.goto(f"{base}/pupils/{w.pupil_a1.pk}/send/")
    page.get_by_label("Medical needs").fill("Asthma")
    changed = Pupil.objects.get(pk=w.pupil_a1.pk)
    changed.semh_needs = "Anxiety in unstructured time"
    pupil_save(pupil=changed, by=head)
    page.get_by_role("button", name="Save").click()
    expect_error_summary(page, STALE_MESSAGE)
    expect(page.locator("#what-changed")).to_contain_text("Anxiety in unstructured time")
    checks(page, "versions-send-refused")
    checks.assert_clean()

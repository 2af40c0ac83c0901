"""R-10.9 and R-7.6 through Chromium: the AP Lead's school report and census, a download, the
Trust Executive's schools side by side, and the trustee's governance report with small numbers
suppressed. axe-core checks every page."""

import datetime as dt

from playwright.sync_api import expect

from altprov.attendance import summary as attendance_summary
from altprov.attendance.models import AttendanceMark
from altprov.authz.permissions import Role
from tests import factories
from tests.reports.helpers import placement

from .conftest import sign_in
from .journey import Checks, h1, sign_out


def test_R10_9_school_trust_and_trustee_reports_and_a_download(page, live_server):
    checks = Checks()
    w = factories.world()
    unregistered = factories.make_provider(
        w.trust_a, "Farm Project", registration_status="unregistered"
    )
    registered = factories.make_provider(w.trust_a, "Town Pupil Referral Unit")
    made = [
        placement(w, w.school_a1, unregistered, hours=12, first_name="Jordan"),
        placement(w, w.school_a1, registered, route="suspension", first_name="Casey"),
    ] + [placement(w, w.school_a2, registered, first_name="Sam") for _ in range(5)]
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            placement=p,
            date=dt.date(2026, 11, 2) + dt.timedelta(days=d),
            session=s,
            code=c,
            entered_by=w.users[Role.AP_LEAD],
        )
        for p in made
        for d in range(5)
        for s, c in (("AM", "/"), ("PM", "N" if d == 4 else "\\"))
    )
    # written directly (not through marks_save): count the daily summary again
    attendance_summary.refresh_all()
    base = live_server.url

    sign_in(page, live_server, w.users[Role.AP_LEAD])
    page.get_by_role("link", name="Reports").click()
    expect(page).to_have_url(f"{base}/reports/schools/{w.school_a1.pk}/")
    expect(h1(page)).to_have_text("AP report")
    expect(page.locator("main")).to_contain_text("Placements not meeting a condition")
    expect(page.locator("main")).to_contain_text("Jordan Counted")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    checks(page, "r10-9-school-report")
    with page.expect_download() as download:
        page.locator("a[href*='/by-provider.csv']").click()
    path = download.value.path()
    text = open(path, encoding="utf-8").read()
    assert text.startswith("Provider,Pupils,Hours a week (all pupils)")
    assert "Farm Project,1,12" in text
    page.get_by_role("link", name="School census: AP placements arranged by the school").click()
    expect(h1(page)).to_have_text("School census: AP placements arranged by the school")
    expect(page.locator("main")).to_contain_text(made[0].referral.pupil.upn)
    checks(page, "r7-6-census")
    sign_out(page)

    sign_in(page, live_server, w.users[Role.TRUST_EXECUTIVE])
    page.get_by_role("link", name="Reports").click()
    expect(page).to_have_url(f"{base}/reports/trust/")
    expect(h1(page)).to_have_text("AP report: the trust's schools")
    main = page.locator("main")
    expect(main).to_contain_text("School A2")
    expect(main).to_contain_text("Placements at unregistered providers")
    expect(main).not_to_contain_text("Jordan")
    checks(page, "r10-9-trust-report")
    sign_out(page)

    sign_in(page, live_server, w.users[Role.TRUSTEE])
    page.get_by_role("link", name="Reports").click()
    expect(page).to_have_url(f"{base}/reports/governance/")
    main = page.locator("main")
    expect(main).to_contain_text("fewer than 5")
    for name in ("Jordan", "Casey", "Sam ", "Counted"):
        expect(main).not_to_contain_text(name)
    checks(page, "r10-9-governance")
    sign_out(page)
    checks.assert_clean()

"""Issue 10, P7 through Chromium: the Service oversight role signs in, opens the national
dashboard from the navigation, follows a region to its trusts and comes back. axe-core checks
every page; no pupil is named anywhere."""

from playwright.sync_api import expect

from altprov.attendance import summary as attendance_summary
from altprov.authz.permissions import Role
from altprov.duties.summary import refresh_all as refresh_duties
from altprov.national.figures import refresh_all as refresh_figures
from altprov.organisations.models import Region, School
from tests import factories
from tests.reports.helpers import placement

from .conftest import sign_in
from .journey import Checks, h1, sign_out


def test_the_national_dashboard_a_region_and_back(page, live_server):
    checks = Checks()
    w = factories.world()
    School.objects.filter(pk__in=[w.school_a1.pk, w.school_b1.pk]).update(region=Region.LONDON)
    School.objects.filter(pk=w.school_a2.pk).update(region=Region.NORTH_EAST)
    provider = factories.make_provider(w.trust_a, "Town Pupil Referral Unit")
    made = [placement(w, w.school_a1, provider, first_name="Jordan") for _ in range(6)]
    attendance_summary.refresh_all()
    refresh_duties()
    refresh_figures()
    base = live_server.url

    sign_in(page, live_server, w.users[Role.SERVICE_OVERSIGHT])
    page.get_by_role("link", name="National dashboard").click()
    expect(page).to_have_url(f"{base}/service/dashboard/")
    expect(h1(page)).to_have_text("AP across England")
    main = page.locator("main")
    expect(main).to_contain_text(Region.LONDON.label)
    expect(main).to_contain_text(Region.NORTH_EAST.label)
    expect(main).not_to_contain_text("Jordan")
    checks(page, "p7-national-dashboard")

    main.get_by_role("link", name=Region.LONDON.label).click()
    expect(page).to_have_url(f"{base}/service/dashboard/regions/{Region.LONDON.value}/")
    expect(h1(page)).to_have_text(Region.LONDON.label)
    expect(main).to_contain_text("Trust A")
    expect(main).not_to_contain_text(made[0].referral.pupil.upn)
    checks(page, "p7-region")
    page.get_by_role("link", name="All regions").click()
    expect(page).to_have_url(f"{base}/service/dashboard/")
    sign_out(page)
    checks.assert_clean()

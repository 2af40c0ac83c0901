"""R-5.1 (the provider register: list, filters, sorting, adding providers, Ofsted outcomes, sites
and contacts) and the re-audit list, driven through Chromium by an AP Lead, with axe-core checking
every page and every error state."""

import datetime as dt
import re

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.providers.models import Provider
from tests import factories

from .conftest import sign_in
from .journey import (
    Checks,
    banner,
    expect_error_summary,
    fill_date,
    group,
    h1,
    sign_in_page_name,
)

APPROVED = "Approved Academy AP"
UNREGISTERED = "Unregistered Farm Project"
NEW = "Hillside Skills Centre"


def register_rows(page):
    """The provider names in the register's table, in order."""
    return page.get_by_role("table").locator("tbody tr td:first-child")


def test_R5_1_provider_register_pages_are_accessible(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    w = factories.world()
    ap_lead, dsl, head = w.users[Role.AP_LEAD], w.users[Role.DSL], w.users[Role.HEADTEACHER]
    approved = factories.make_provider(w.trust_a, APPROVED)
    factories.complete_audit(approved, w.school_a1, by=ap_lead, dsl=dsl, sign_off_by=head)
    factories.make_letter(approved, by=ap_lead)
    factories.make_provider(w.trust_a, UNREGISTERED, registration_status="unregistered")
    base = live_server.url
    checks = Checks()

    try:
        sign_in(page, live_server, ap_lead, check=lambda p: checks(p, sign_in_page_name(p, "r5-1")))
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Providers").click()
        expect(page).to_have_url(f"{base}/providers/")
        expect(h1(page)).to_have_text("Provider register")
        expect(page.locator("caption")).to_have_text("2 providers")
        expect(register_rows(page)).to_have_text([APPROVED, UNREGISTERED])
        checks(page, "r5-1-register")

        # Filter by status.
        page.get_by_label("Status", exact=True).select_option(label="Approved")
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"[?&]status=approved(&|$)"))
        expect(page.locator("caption")).to_have_text("1 provider found")
        expect(register_rows(page)).to_have_text([APPROVED])
        expect(page.get_by_label("Status", exact=True)).to_have_value("approved")
        checks(page, "r5-1-register-filtered")

        # Sort by status: the filter is kept, and the column says how it is sorted.
        page.get_by_role("link", name="Status (sort)").click()
        expect(page).to_have_url(re.compile(r"sort=status"))
        expect(page).to_have_url(re.compile(r"status=approved"))
        status_header = page.get_by_role("columnheader", name="Status (sort)")
        expect(status_header).to_have_attribute("aria-sort", "ascending")
        expect(register_rows(page)).to_have_text([APPROVED])
        checks(page, "r5-1-register-filtered-sorted")

        page.get_by_role("link", name="Clear filters").click()
        expect(page).to_have_url(f"{base}/providers/")
        page.get_by_role("link", name="Status (sort)").click()
        expect(status_header).to_have_attribute("aria-sort", "ascending")
        expect(register_rows(page)).to_have_text([APPROVED, UNREGISTERED])
        page.get_by_role("link", name="Status (sort)").click()
        expect(status_header).to_have_attribute("aria-sort", "descending")
        expect(register_rows(page)).to_have_text([UNREGISTERED, APPROVED])
        checks(page, "r5-1-register-sorted-descending")

        # Add a provider: empty first, then filled in.
        page.get_by_role("link", name="Add a provider").click()
        expect(page).to_have_url(f"{base}/providers/add/")
        expect(h1(page)).to_have_text("Add a provider to the register")
        checks(page, "r5-1-provider-add")
        page.get_by_role("button", name="Add provider").click()
        expect_error_summary(
            page,
            "Enter the name of the alternative provision",
            "Enter the first line of the address",
            "Enter the town or city",
            "Enter the postcode",
            "Enter the name of the headteacher or manager",
            "Select whether the provider is registered",
        )
        checks(page, "r5-1-provider-add-errors")

        page.get_by_label("Name of alternative provision").fill(NEW)
        page.get_by_label("Address line 1").fill("7 Hill Road")
        page.get_by_label("Town or city").fill("Hilltown")
        page.get_by_label("Postcode").fill("zz3 3cc")
        page.get_by_label("Name of headteacher or manager").fill("Sam Head")
        page.get_by_label("Website").fill("https://hillside.example.org")
        group(page, "Registration status").get_by_label("Registered", exact=True).check()
        page.get_by_label("DfE number (URN)").fill("123456")
        group(page, "On the local authority's providers list").get_by_label(
            "Yes", exact=True
        ).check()
        page.get_by_label("Number of pupil places available").fill("20")
        group(page, "Key stages available").get_by_label("Key stage 4", exact=True).check()
        page.get_by_role("button", name="Add provider").click()
        new = Provider.objects.get(trust=w.trust_a, name=NEW)
        expect(page).to_have_url(f"{base}/providers/{new.pk}/")
        expect(banner(page)).to_contain_text(f"{NEW} has been added to the register.")
        expect(h1(page)).to_have_text(NEW)
        expect(page.locator(".app-status")).to_have_text("No audit")
        assert new.postcode == "ZZ3 3CC"
        checks(page, "r5-1-provider-detail-new")

        # An Ofsted inspection under the report card scheme.
        page.get_by_role("link", name="Add an Ofsted inspection").click()
        expect(page).to_have_url(f"{base}/providers/{new.pk}/ofsted/add/")
        expect(h1(page)).to_have_text("Add an Ofsted inspection")
        checks(page, "r5-1-inspection-scheme")
        page.get_by_role("button", name="Continue").click()
        expect_error_summary(page, "Select the scheme the inspection was under")
        checks(page, "r5-1-inspection-scheme-errors")
        page.get_by_label("Report card (from 10 November 2025)").check()
        page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(f"{base}/providers/{new.pk}/ofsted/add/report_card/")
        expect(h1(page)).to_have_text("Outcome of the Ofsted inspection")
        checks(page, "r5-1-inspection-outcome")
        page.get_by_role("button", name="Save").click()
        expect_error_summary(
            page,
            "Enter the date of the inspection",
            "Select the grade for inclusion",
            "Select the grade for leadership and governance",
            "Select the safeguarding judgement",
        )
        checks(page, "r5-1-inspection-outcome-errors")

        fill_date(page, "id_inspection_date", dt.date(2025, 11, 20))
        for area in (
            "Inclusion",
            "Curriculum and teaching",
            "Achievement",
            "Attendance and behaviour",
            "Personal development and well-being",
            "Leadership and governance",
        ):
            page.get_by_label(area, exact=True).select_option(label="Expected standard")
        group(page, "Safeguarding").get_by_label("Met", exact=True).check()
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(f"{base}/providers/{new.pk}/")
        expect(banner(page)).to_contain_text("The Ofsted inspection has been added.")
        expect(page.locator("main")).to_contain_text("Report card (from 10 November 2025)")
        expect(page.locator("main")).to_contain_text("20 November 2025")
        checks(page, "r5-1-provider-detail-inspection")

        # A site.
        page.get_by_role("link", name="Add a site").click()
        expect(page).to_have_url(f"{base}/providers/{new.pk}/sites/add/")
        expect(h1(page)).to_have_text("Add a site")
        checks(page, "r5-1-site-add")
        page.get_by_role("button", name="Save").click()
        expect_error_summary(
            page,
            "Enter the site name",
            "Enter the first line of the address",
            "Enter the town or city",
            "Enter the postcode",
        )
        checks(page, "r5-1-site-add-errors")
        page.get_by_label("Site name").fill("Farm annexe")
        page.get_by_label("Address line 1").fill("Lower Field Lane")
        page.get_by_label("Town or city").fill("Hilltown")
        page.get_by_label("Postcode").fill("ZZ3 4DD")
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(f"{base}/providers/{new.pk}/")
        expect(banner(page)).to_contain_text("The site Farm annexe has been added.")
        expect(page.locator("main")).to_contain_text("Farm annexe: Lower Field Lane, Hilltown")
        checks(page, "r5-1-provider-detail-site")

        # A contact.
        page.get_by_role("link", name="Add a contact").click()
        expect(page).to_have_url(f"{base}/providers/{new.pk}/contacts/add/")
        expect(h1(page)).to_have_text("Add a contact")
        checks(page, "r5-1-contact-add")
        page.get_by_role("button", name="Save").click()
        expect_error_summary(
            page,
            "Enter the contact's name",
            "Enter the contact's role",
            "Enter an email address or a phone number",
        )
        checks(page, "r5-1-contact-add-errors")
        page.get_by_label("Name", exact=True).fill("Robin Office")
        page.get_by_label("Role", exact=True).fill("Office manager")
        page.get_by_label("Email address").fill("robin@hillside.example.org")
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(f"{base}/providers/{new.pk}/")
        expect(banner(page)).to_contain_text(
            "The contact Robin Office (Office manager) has been added."
        )
        expect(page.locator("main")).to_contain_text("robin@hillside.example.org")
        checks(page, "r5-1-provider-detail-contact")

        # Providers due for re-audit: the two never audited, not the one audited last week.
        page.get_by_role("link", name="Provider register").click()
        expect(page).to_have_url(f"{base}/providers/")
        page.get_by_role("link", name="Providers due for re-audit").click()
        expect(page).to_have_url(f"{base}/providers/due-for-re-audit/")
        expect(h1(page)).to_have_text("Providers due for re-audit")
        checks(page, "r5-6-due-for-re-audit-school")
        page.get_by_role("link", name="Show the whole trust").click()
        expect(page).to_have_url(f"{base}/providers/due-for-re-audit/?scope=trust")
        table = page.get_by_role("table")
        expect(table.get_by_role("link", name=UNREGISTERED)).to_be_visible()
        expect(table.get_by_role("link", name=NEW)).to_be_visible()
        expect(table.get_by_role("link", name=APPROVED)).to_have_count(0)
        checks(page, "r5-6-due-for-re-audit-trust")
    finally:
        # Whatever stopped the journey, report every accessibility problem met before it.
        if checks.violations:
            print("\n\n".join(checks.violations))

    checks.assert_clean()


def test_R5_1_error_summary_links_move_focus_to_the_radios_they_name(page, live_server):
    w = factories.world()
    sign_in(page, live_server, w.users[Role.AP_LEAD])
    page.goto(f"{live_server.url}/providers/add/")
    page.get_by_role("button", name="Add provider").click()
    expect_error_summary(page, "Select whether the provider is registered")
    summary = page.locator(".govuk-error-summary")
    # Every link in the summary points at an element on the page...
    for href in summary.get_by_role("link").evaluate_all("links => links.map(a => a.hash)"):
        assert page.locator(f"[id='{href[1:]}']").count() == 1, f"nothing on the page has {href}"
    # ...and following the radio's link puts focus on its first radio, as for a text input.
    summary.get_by_role("link", name="Select whether the provider is registered").click()
    expect(page.locator("#id_registration_status_1")).to_be_focused()

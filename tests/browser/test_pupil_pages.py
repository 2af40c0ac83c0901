"""R-6.1 in a real browser: adding a pupil, the record's sections, a parent or carer and the MIS
import, with axe (WCAG 2.2 AA) on every page and error state. Marked `browser`; skipped without
Chromium, like every test in tests/browser."""

import re

import pytest
from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.pupils.models import Pupil
from altprov.pupils.upn import make_upn
from tests import factories

from .conftest import assert_accessible, screenshot, sign_in
from .journey import h1

pytestmark = pytest.mark.browser


def check(page, name: str) -> None:
    screenshot(page, name)
    assert_accessible(page, name)


def test_R6_1_a_headteacher_adds_a_pupil_records_their_needs_and_a_carer_and_imports(
    page, live_server, tmp_path
):
    w = factories.world()
    sign_in(page, live_server, w.users[Role.HEADTEACHER])
    base = live_server.url

    page.goto(f"{base}/pupils/")
    page.get_by_role("link", name="Add a pupil").click()
    expect(h1(page)).to_have_text("Add a pupil")
    check(page, "r6-1-add")
    page.get_by_role("button", name="Add pupil").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the pupil's first name")
    expect(page).to_have_title(re.compile("^Error: "))
    check(page, "r6-1-add-errors")

    born = factories.born_aged(12)
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Byrne")
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year", exact=True).fill(str(born.year))
    page.get_by_label("Unique pupil number (UPN)").fill(make_upn(801, 4000, 2019, 17))
    page.get_by_label("Year group").fill("7")
    page.get_by_role("button", name="Add pupil").click()
    expect(h1(page)).to_have_text("Jordan Byrne")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Jordan Byrne has been added"
    )
    check(page, "r6-1-detail-new")

    page.get_by_role("link", name="Change SEND details").click()
    expect(h1(page)).to_have_text("Change the SEND details")
    page.get_by_label("Education, health and care plan").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the local authority that maintains the EHCP"
    )
    check(page, "r6-1-send-errors")
    page.get_by_label("Local authority that maintains the EHCP").fill("Leeds City Council")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#send")).to_contain_text("Leeds City Council")

    page.get_by_role("link", name="Change safeguarding details").click()
    check(page, "r6-1-safeguarding")
    page.get_by_label("Yes").check()
    page.get_by_label("Social worker's name (optional)").fill("Sam Social")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#safeguarding")).to_contain_text("Sam Social")

    page.get_by_role("link", name="Add a parent or carer").click()
    check(page, "r6-1-carer-add")
    page.get_by_label("Full name").fill("Morgan Byrne")
    page.get_by_label("Relationship to the pupil").fill("Foster carer")
    page.get_by_label("Phone number (optional)").fill("07700 900 123")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Add parent or carer").click()
    expect(page.get_by_role("heading", name="Morgan Byrne")).to_be_visible()
    check(page, "r6-1-detail-complete")

    page.get_by_role("link", name="Remove Morgan Byrne").click()
    check(page, "r6-1-carer-remove")
    page.get_by_role("button", name="Remove contact").click()
    expect(page.locator("#carers ~ p").first).to_have_text(
        "No parents or carers have been recorded."
    )

    page.goto(f"{base}/pupils/import/")
    check(page, "r6-1-import")
    bad = tmp_path / "pupils.csv"
    upn = make_upn(801, 4000, 2014, 1)
    bad.write_text(
        "UPN,Legal surname,Legal forename,Date of birth,NC year\n"
        f"{upn},Ahmed,Sara,31/02/2013,7\n"
        f"{upn},Ahmed,Sami,01/09/2013,15\n"
    )
    page.get_by_label("Upload the CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Import pupils").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("2 rows were refused")
    expect(summary).to_contain_text(f"Line 2 ({upn}): Date of birth 31/02/2013 is not a real date")
    expect(page).to_have_title(re.compile("^Error: "))
    check(page, "r6-1-import-report")

    good = tmp_path / "good.csv"
    good.write_text(
        "UPN,Legal surname,Legal forename,Date of birth,NC year\n"
        f"{upn},Ahmed,Sara,{factories.born_aged(12):%d/%m/%Y},7\n"
    )
    page.get_by_label("Upload the CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Import pupils").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "good.csv has been imported: 1 added, 0 updated, 0 unchanged."
    )
    check(page, "r6-1-import-done")
    assert Pupil.objects.filter(upn=upn, school=w.school_a1).exists()

"""X-1 (issue 11, item 1) in a real browser: the DSL opens "Subject access request" from the
pupil's page, chooses what to redact, checks the answers and downloads the ZIP, with axe-core on
both pages. Marked `browser`; skipped without Chromium, like every test in tests/browser."""

import datetime as dt
import zipfile

import pytest
from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.chronology.services import entry_add
from altprov.sar.models import SubjectAccessExport
from tests import factories

from .conftest import assert_accessible, screenshot, sign_in
from .journey import h1

pytestmark = pytest.mark.browser


def check(page, name: str) -> None:
    screenshot(page, name)
    assert_accessible(page, name)


def test_X1_the_dsl_chooses_what_to_redact_checks_and_downloads_the_export(
    page, live_server, tmp_path
):
    w = factories.world()
    pupil = w.pupil_a1
    factories.make_carer(pupil, name="Rhona Redactme", relationship="Aunt")
    entry_add(
        pupil=pupil,
        kind="note",
        occurred_on=dt.date.today() - dt.timedelta(days=3),
        summary="A safeguarding concern",
        safeguarding=True,
        by=w.users[Role.DSL],
    )
    sign_in(page, live_server, w.users[Role.DSL])
    page.goto(f"{live_server.url}/pupils/{pupil.pk}/")
    page.get_by_role("link", name="Subject access request").click()
    expect(h1(page)).to_have_text("Subject access request: what to redact")
    expect(page.get_by_label("A safeguarding concern", exact=False)).to_be_checked()
    expect(page.get_by_label("Rhona Redactme")).not_to_be_checked()
    check(page, "x1-sar-redaction")

    page.get_by_label("Rhona Redactme").check()
    page.get_by_role("button", name="Continue").click()
    expect(h1(page)).to_have_text("Check what the export will leave out")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Rhona Redactme")
    check(page, "x1-sar-check")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Make the export and download it").click()
    path = tmp_path / "export.zip"
    download_info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        carers = archive.read("carers.csv").decode("utf-8-sig")
    assert "summary.pdf" in names and "chronology.csv" in names
    assert "Redactme" not in carers and "[redacted]" in carers
    assert SubjectAccessExport.objects.get().names_redacted == 1

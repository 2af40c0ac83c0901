"""X-1 in a real browser: the pupil record's history of changes, reached from the record, with
axe (WCAG 2.2 AA) on the page as a DSL sees it (every value) and as the Attendance Lead sees it
(safeguarding and SEND detail hidden), and on its second page. Marked `browser`."""

import pytest
from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.pupils.models import Pupil
from altprov.pupils.services import pupil_save
from tests import factories

from .conftest import assert_accessible, screenshot, sign_in
from .journey import h1

pytestmark = pytest.mark.browser

SECRET = "Sammy Secretworker"


def check(page, name: str) -> None:
    screenshot(page, name)
    assert_accessible(page, name)


def _change(pupil, by, **values):
    pupil = Pupil.objects.get(pk=pupil.pk)
    for name, value in values.items():
        setattr(pupil, name, value)
    pupil_save(pupil=pupil, by=by)


def test_X1_the_history_of_a_pupils_record_is_accessible(page, live_server, browser):
    w = factories.world()
    dsl = w.users[Role.DSL]
    pupil = w.pupil_a1
    _change(pupil, dsl, social_worker_name=SECRET, looked_after=True)
    for n in range(30):  # two pages of changes
        _change(pupil, dsl, year_group=1 + n % 11, medical_needs=f"Need {n}")
    base = live_server.url

    sign_in(page, live_server, dsl)
    page.goto(f"{base}/pupils/{pupil.pk}/")
    page.get_by_role("link", name="History of changes to the record of Alex Ordinary").click()
    expect(h1(page)).to_have_text("History of changes: Alex Ordinary")
    expect(page.locator(".app-history-change h2").first).to_have_text("Changed: Pupil record")
    check(page, "x1-history-dsl")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text(SECRET)).to_have_count(1)
    check(page, "x1-history-dsl-page-2")

    other = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    lead = other.new_page()
    try:
        sign_in(lead, live_server, w.users[Role.ATTENDANCE_LEAD])
        lead.goto(f"{base}/pupils/{pupil.pk}/history/?page=2")
        expect(h1(lead)).to_have_text("History of changes: Alex Ordinary")
        # The record as added (its "looked after" answer) and the social worker's change.
        expect(
            lead.get_by_text("Changed (hidden: you do not have access to safeguarding detail)")
        ).to_have_count(2)
        assert SECRET not in lead.content()
        check(lead, "x1-history-hidden")
    finally:
        other.close()

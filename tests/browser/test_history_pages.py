"""X-1 in a real browser: the pupil record's history of changes, reached from the record, with
axe (WCAG 2.2 AA) on the page as a DSL sees it (every value) and as the Attendance Lead sees it
(safeguarding and SEND detail hidden), and on its second page; a placement's history filtered by
group. Marked `browser`."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from altprov.attendance.services import MarkEntry, marks_save
from altprov.authz.permissions import Role
from altprov.monitoring.models import EarlyEnding
from altprov.pupils.models import Pupil
from altprov.pupils.services import pupil_save
from tests import factories
from tests.duties.helpers import attending

from .conftest import assert_accessible, screenshot, sign_in
from .journey import h1

pytestmark = pytest.mark.browser

SECRET = "Sammy Secretworker"
DAY = dt.date(2026, 11, 2)


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


def test_X1_a_placements_history_filters_by_group_and_is_accessible(page, live_server):
    """The placement's history, reached from its monitoring section, filtered with "Show", as
    the Attendance Lead sees it (the concerns of an early ending hidden), with axe."""
    w = factories.world()
    dsl = w.users[Role.DSL]
    placement = attending(w, w.pupil_a1)
    marks_save([MarkEntry(placement.pk, DAY, "AM", "/")], by=dsl)
    marks_save([MarkEntry(placement.pk, DAY, "AM", "O")], by=w.users[Role.ATTENDANCE_LEAD])
    placement.status, placement.ended_on = "ended", DAY
    placement.save()
    ending = EarlyEnding(
        placement=placement, ended_on=DAY, reason=SECRET, dsl_informed_on=DAY, recorded_by=dsl
    )
    ending._history_user = dsl
    ending.save()
    base = live_server.url

    sign_in(page, live_server, w.users[Role.ATTENDANCE_LEAD])
    page.goto(f"{base}/placements/{placement.pk}/")
    page.get_by_role("link", name="History of changes to the monitoring records").click()
    expect(h1(page)).to_have_text("History of changes: placement of Alex Ordinary")
    expect(page.get_by_label("Show")).to_have_value("monitoring")
    expect(
        page.get_by_text("Changed (hidden: you do not have access to safeguarding detail)")
    ).to_have_count(1)
    assert SECRET not in page.content()
    check(page, "x1-placement-history-monitoring")
    page.get_by_label("Show").select_option("attendance")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Show")).to_have_value("attendance")
    expect(
        page.get_by_role("heading", name="Changed: Attendance mark: 2 November 2026 (morning)")
    ).to_have_count(1)
    check(page, "x1-placement-history-attendance")

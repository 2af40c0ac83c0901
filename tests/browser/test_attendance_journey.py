"""R-10.6 through Chromium: the Attendance Lead enters a week of marks on the grid, imports a file
with one bad row and sees the report (nothing saved), imports it corrected, then records the
follow-up of the unauthorised absence. axe-core checks every page and each error state."""

import datetime as dt

from playwright.sync_api import expect

from altprov.attendance.models import AttendanceMark, FollowUp
from altprov.authz.permissions import Role
from altprov.termdates.schooldays import SchoolCalendar
from tests import factories
from tests.duties.helpers import attending

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, group, h1


def _school_week(calendar, today: dt.date) -> list[dt.date]:
    """The school days up to today of the latest week with at least three of them."""
    monday = today - dt.timedelta(days=today.weekday())
    while True:
        days = [
            d
            for d in (monday + dt.timedelta(days=i) for i in range(5))
            if d <= today and calendar.is_school_day(d)
        ]
        if len(days) >= 3:
            return days
        monday -= dt.timedelta(weeks=1)


def test_R10_6_the_attendance_lead_enters_a_week_imports_a_file_and_follows_up(page, live_server):
    checks = Checks()
    w = factories.world()
    factories.make_calendar(w.school_a1, 2027)
    today = dt.date.today()
    placement = attending(
        w, w.pupil_a1, start=today - dt.timedelta(days=90), end=today + dt.timedelta(days=120)
    )
    days = _school_week(SchoolCalendar.for_school(w.school_a1), today)
    monday = days[0] - dt.timedelta(days=days[0].weekday())
    base = live_server.url

    sign_in(page, live_server, w.users[Role.ATTENDANCE_LEAD])
    page.get_by_role("link", name="Attendance", exact=True).click()
    expect(h1(page)).to_have_text("Attendance")
    checks(page, "r10-6-school-attendance")

    # The week's grid: the first day present, the second B (at the provider), the third N.
    page.goto(f"{base}/attendance/schools/{w.school_a1.pk}/week/?week={monday.isoformat()}")
    expect(h1(page)).to_contain_text("Attendance for the week beginning")
    checks(page, "r10-6-week-grid")
    cell = f"#m-{placement.pk}-{{}}-{{}}"
    page.select_option(cell.format(days[0].isoformat(), "AM"), "/")
    page.select_option(cell.format(days[0].isoformat(), "PM"), "\\")
    page.select_option(cell.format(days[1].isoformat(), "AM"), "B")
    page.select_option(cell.format(days[1].isoformat(), "PM"), "B")
    page.get_by_role("button", name="Save the week's marks").click()
    expect(banner(page)).to_contain_text("4 marks added, 0 corrected, 0 unchanged")
    checks(page, "r10-6-week-saved")
    assert AttendanceMark.objects.filter(placement=placement).count() == 4

    # The import: one bad row (a withdrawn code) refuses the whole file, with the row named.
    upn, third = w.pupil_a1.upn, days[2].strftime("%d/%m/%Y")
    rows = f"{upn},{third},AM,N\n{upn},{third},PM,H\n"
    page.goto(f"{base}/attendance/schools/{w.school_a1.pk}/import/")
    expect(h1(page)).to_have_text("Import attendance marks")
    checks(page, "r10-6-import")
    upload = {"name": "marks.csv", "mimeType": "text/csv"}
    page.set_input_files(
        "#id_file", files=[{**upload, "buffer": f"UPN,Date,Session,Code\n{rows}".encode()}]
    )
    page.get_by_role("button", name="Import marks").click()
    expect_error_summary(page, "Line 3, Code: H (holiday authorised) was withdrawn in 2024")
    expect(page.locator("#refused-rows")).to_contain_text("Line")
    checks(page, "r10-6-import-refused")
    assert AttendanceMark.objects.filter(placement=placement).count() == 4
    fixed = rows.replace("PM,H", "PM,N")
    page.set_input_files(
        "#id_file", files=[{**upload, "buffer": f"UPN,Date,Session,Code\n{fixed}".encode()}]
    )
    page.get_by_role("button", name="Import marks").click()
    expect(banner(page)).to_contain_text("2 marks added")
    checks(page, "r10-6-imported")
    (follow_up,) = FollowUp.objects.filter(placement=placement)

    # The follow-up of the unauthorised absence, from the school's attendance page.
    page.goto(f"{base}/attendance/schools/{w.school_a1.pk}/")
    page.get_by_role("link", name="Record the follow-up").first.click()
    expect(h1(page)).to_contain_text("Record the follow-up of the absence on")
    checks(page, "r10-6-follow-up")
    group(page, "How was it followed up?").get_by_label("Telephone call").check()
    fill_date(page, "id_done_on", today)
    page.get_by_role("button", name="Record the follow-up").click()
    expect_error_summary(page, "Enter the outcome of the follow-up")
    checks(page, "r10-6-follow-up-error")
    page.get_by_label("Outcome").fill("Spoke to the mother: ill, back tomorrow")
    page.get_by_role("button", name="Record the follow-up").click()
    expect(page).to_have_url(f"{base}/placements/{placement.pk}/attendance/")
    expect(banner(page)).to_contain_text("The follow-up is recorded.")
    expect(page.locator("svg title")).to_have_text("Attendance per week")
    expect(page.locator("main")).to_contain_text("Spoke to the mother")
    checks(page, "r10-6-placement-attendance")
    follow_up.refresh_from_db()
    assert follow_up.method == "call" and follow_up.done_on == today
    checks.assert_clean()

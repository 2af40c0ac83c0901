"""R-10.6: the Attendance Lead enters a week at a time on a grid of the school's attending
placements, saved in one transaction in a bounded number of queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance.models import AttendanceMark, FollowUp
from altprov.authz.permissions import Role
from tests.attendance.helpers import DAYS, MONDAY, cell, placements, week_data
from tests.conftest import signed_in_client
from tests.factories import add_inset

pytestmark = pytest.mark.django_db
WEEK = ["/", "\\", "B", "B", "D", "I", "N", "N", "C2", "Y1"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC), tick=False):
        yield


def url(world):
    return f"/attendance/schools/{world.school_a1.pk}/week/?week={MONDAY.isoformat()}"


def test_R10_6_the_attendance_lead_enters_a_week_of_marks(world):
    (placement,) = placements(world, 1)
    lead = world.users[Role.ATTENDANCE_LEAD]
    client = signed_in_client(lead)
    page = client.get(url(world)).content.decode()
    assert "Surname0, Pupil0" in page and cell(placement, MONDAY, "AM") in page
    response = client.post(url(world), week_data(placement, WEEK), follow=True)
    marks = AttendanceMark.objects.filter(placement=placement).order_by("date", "session")
    assert [m.code for m in marks] == WEEK
    assert {m.entered_by for m in marks} == {lead}
    assert all(m.history.get().history_user == lead for m in marks)
    assert "10 marks added, 0 corrected, 0 unchanged" in response.content.decode()
    # N on Wednesday (twice) is one day of unauthorised absence: one follow-up
    assert list(FollowUp.objects.values_list("absence_date", flat=True)) == [DAYS[3]]


def test_R10_6_a_changed_mark_is_a_correction_kept_in_history(world):
    (placement,) = placements(world, 1)
    ap_lead, lead = world.users[Role.AP_LEAD], world.users[Role.ATTENDANCE_LEAD]
    signed_in_client(ap_lead).post(url(world), week_data(placement, WEEK))
    corrected = ["/", "\\", "B", "B", "D", "I", "I", "I", "C2", "Y1"]
    client = signed_in_client(lead)
    response = client.post(url(world), week_data(placement, corrected), follow=True)
    assert "0 marks added, 2 corrected, 8 unchanged" in response.content.decode()
    mark = AttendanceMark.objects.get(placement=placement, date=DAYS[3], session="AM")
    assert mark.code == "I" and mark.entered_by == lead
    assert [h.code for h in mark.history.order_by("history_date")] == ["N", "I"]
    unchanged = AttendanceMark.objects.get(placement=placement, date=MONDAY, session="AM")
    assert unchanged.history.count() == 1 and unchanged.entered_by == ap_lead


def test_R10_6_bad_cells_are_each_named_and_nothing_is_saved(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    data = week_data(placement, WEEK)
    data[cell(placement, MONDAY, "AM")] = "H"
    data[cell(placement, DAYS[2], "PM")] = "ZZ"
    page = client.post(url(world), data).content.decode()
    assert "There is a problem" in page and "Nothing has been saved" in page
    assert "Pupil0, Monday 2 November morning: H (holiday authorised) was withdrawn" in page
    assert "Pupil0, Wednesday 4 November afternoon: “ZZ” is not an attendance code" in page
    assert f'href="#{cell(placement, MONDAY, "AM")}"' in page
    assert page.count('<option value="B" selected>') == 2  # what was chosen is kept
    assert not AttendanceMark.objects.exists() and not FollowUp.objects.exists()


def test_R10_6_a_mark_once_entered_cannot_be_blanked(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    client.post(url(world), week_data(placement, WEEK))
    data = week_data(placement, WEEK)
    data[cell(placement, MONDAY, "AM")] = ""
    page = client.post(url(world), data).content.decode()
    assert "A mark once entered cannot be removed" in page
    assert AttendanceMark.objects.get(placement=placement, date=MONDAY, session="AM").code == "/"


def test_R10_6_only_school_days_and_the_days_the_placement_runs_take_a_mark(world):
    add_inset(world.school_a1, DAYS[4])  # Friday is an INSET day
    (placement,) = placements(world, 1, days=[0, 1, 2, 3])  # Monday to Thursday
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    page = client.get(url(world)).content.decode()
    assert f'id="{cell(placement, DAYS[4], "AM")}"' not in page
    assert "Friday 6 November 2026 is not a school day" in page
    client.post(url(world), week_data(placement, WEEK))
    assert AttendanceMark.objects.count() == 8  # the Friday values are never read
    assert not AttendanceMark.objects.filter(date=DAYS[4]).exists()


def test_R10_6_a_week_not_yet_over_offers_only_the_days_gone(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    page = client.get(f"/attendance/schools/{world.school_a1.pk}/week/").content.decode()
    assert "week beginning Monday 2 November 2026" in page
    page = client.get(url(world).replace(MONDAY.isoformat(), "2026-11-09")).content.decode()
    assert cell(placement, dt.date(2026, 11, 9), "AM") not in page
    assert "has not happened yet" in page


def test_R10_6_entering_a_week_takes_the_same_queries_for_one_pupil_or_many(world):
    """The grid of 1 placement and of 7 (the first's marks unchanged, 6 new): the same number
    of queries to show it and to save it. (SQLite splits an insert of more than 999 values into
    batches; PostgreSQL does not, so a school's whole cohort is one insert there.)"""
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    counts, data = [], {}
    for n in (1, 6):
        for placement in placements(world, n):
            data.update(week_data(placement, WEEK))
        with CaptureQueriesContext(connection) as get_queries:
            assert client.get(url(world)).status_code == 200
        with CaptureQueriesContext(connection) as post_queries:
            assert client.post(url(world), data).status_code == 302
        counts.append((len(get_queries), len(post_queries)))
    assert AttendanceMark.objects.count() == 7 * 10
    assert FollowUp.objects.count() == 7
    assert counts[0] == counts[1]

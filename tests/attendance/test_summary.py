"""The daily attendance summary (issue 10): after every path that writes marks it equals a GROUP
BY of the marks, per school, day and code; schools do not mix; a correction moves a session from
one code to another. (The API's bulk write and the provider portal are checked in their own
tests: tests/api/test_marks_write.py, tests/portal/test_portal.py.)"""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance import summary
from altprov.attendance.models import AttendanceMark, DailyAttendance
from altprov.attendance.services import MarkEntry, marks_save
from altprov.authz.permissions import Role
from tests.attendance.helpers import (
    MONDAY,
    assert_summary_exact,
    placements,
    summary_rows,
    week_data,
)
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import make_pupil

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC), tick=False):
        yield


def week_url(world):
    return f"/attendance/schools/{world.school_a1.pk}/week/?week={MONDAY.isoformat()}"


def test_entering_a_week_on_the_grid_keeps_the_summary_exact(world):
    first, second = placements(world, 2)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    data = week_data(first, ["/", "\\", "B", "B", "I", "N", "N", "C2", "B", "B"])
    data.update(week_data(second, ["/", "\\", "I", "B", "B", "N", "B", "C2", "B", "B"]))
    client.post(week_url(world), data)
    stored = assert_summary_exact()
    school = world.school_a1.pk
    assert [r for r in stored if r[1] <= TUESDAY] == [
        (school, MONDAY, "/", 2),
        (school, MONDAY, "\\", 2),
        (school, TUESDAY, "B", 3),
        (school, TUESDAY, "I", 1),
    ]


def test_a_correction_moves_a_session_from_one_code_to_another(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    codes = ["B"] * 10
    client.post(week_url(world), week_data(placement, codes))
    school = world.school_a1.pk
    assert [r for r in assert_summary_exact() if r[1] == MONDAY] == [(school, MONDAY, "B", 2)]
    codes[1] = "I"  # Monday afternoon was in fact an illness
    client.post(week_url(world), week_data(placement, codes))
    monday = [r for r in assert_summary_exact() if r[1] == MONDAY]
    assert monday == [(school, MONDAY, "B", 1), (school, MONDAY, "I", 1)]


def test_the_csv_import_keeps_the_summary_exact(world):
    first, second = placements(world, 2)
    rows = [
        (p.pupil.upn, day, session, code)
        for p, code in ((first, "B"), (second, "N"))
        for day in ("02/11/2026", "2026-11-03")
        for session in ("AM", "PM")
    ]
    text = "UPN,Date,Session,Code\n" + "".join(f"{','.join(r)}\n" for r in rows)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    upload = SimpleUploadedFile("marks.csv", text.encode(), content_type="text/csv")
    client.post(f"/attendance/schools/{world.school_a1.pk}/import/", {"file": upload})
    school = world.school_a1.pk
    assert assert_summary_exact() == [
        (school, MONDAY, "B", 2),
        (school, MONDAY, "N", 2),
        (school, TUESDAY, "B", 2),
        (school, TUESDAY, "N", 2),
    ]


def test_two_schools_are_counted_apart(world):
    (in_a1,) = placements(world, 1)
    in_a2 = attending(world, make_pupil(world.school_a2))
    by = world.users[Role.ATTENDANCE_LEAD]
    marks_save(
        [
            MarkEntry(in_a1.pk, MONDAY, "AM", "B"),
            MarkEntry(in_a2.pk, MONDAY, "AM", "B"),
            MarkEntry(in_a2.pk, MONDAY, "PM", "I"),
        ],
        by=by,
    )
    a1, a2 = world.school_a1.pk, world.school_a2.pk
    assert assert_summary_exact() == sorted(
        [(a1, MONDAY, "B", 1), (a2, MONDAY, "B", 1), (a2, MONDAY, "I", 1)]
    )
    # A later write for one school leaves the other's counts as they were.
    marks_save([MarkEntry(in_a1.pk, MONDAY, "PM", "B")], by=by)
    assert (a1, MONDAY, "B", 2) in assert_summary_exact()
    assert list(summary.counts([a2], MONDAY, MONDAY)) and sorted(
        summary.counts([a2], MONDAY, MONDAY)
    ) == [(a2, MONDAY, "B", 1), (a2, MONDAY, "I", 1)]


def test_nothing_new_or_changed_writes_nothing_to_the_summary(world):
    (placement,) = placements(world, 1)
    by = world.users[Role.ATTENDANCE_LEAD]
    marks_save([MarkEntry(placement.pk, MONDAY, "AM", "B")], by=by)
    with CaptureQueriesContext(connection) as queries:
        marks_save([MarkEntry(placement.pk, MONDAY, "AM", "B")], by=by)
    assert not any("attendance_dailyattendance" in q["sql"] for q in queries.captured_queries)
    assert_summary_exact()


def test_refresh_all_counts_every_mark_again_and_refresh_one_range_only_that(world):
    (placement,) = placements(world, 1)
    by = world.users[Role.ATTENDANCE_LEAD]
    marks_save(
        [MarkEntry(placement.pk, MONDAY, "AM", "B"), MarkEntry(placement.pk, TUESDAY, "AM", "I")],
        by=by,
    )
    right = summary_rows()
    DailyAttendance.objects.all().delete()
    summary.refresh([world.school_a1.pk], TUESDAY, TUESDAY)
    assert summary_rows() == [r for r in right if r[1] == TUESDAY]
    DailyAttendance.objects.update(sessions=99)
    summary.refresh_all()
    assert summary_rows() == right
    assert_summary_exact()


def test_counts_read_the_summary_in_one_query(world):
    (placement,) = placements(world, 1)
    marks_save([MarkEntry(placement.pk, MONDAY, "AM", "B")], by=world.users[Role.AP_LEAD])
    with CaptureQueriesContext(connection) as queries:
        found = list(summary.counts([world.school_a1.pk], MONDAY, TUESDAY))
    assert found == [(world.school_a1.pk, MONDAY, "B", 1)] and len(queries) == 1
    assert summary.counts_from_marks([world.school_a1.pk], MONDAY, TUESDAY) == found


def test_the_data_migration_fills_the_summary_from_marks_already_stored(world):
    (placement,) = placements(world, 1)
    by = world.users[Role.ATTENDANCE_LEAD]
    AttendanceMark.objects.bulk_create(  # written before the summary existed
        AttendanceMark(placement=placement, date=day, session=s, code=c, entered_by=by)
        for day, s, c in [(MONDAY, "AM", "B"), (MONDAY, "PM", "I"), (TUESDAY, "AM", "B")]
    )
    assert not DailyAttendance.objects.exists()
    fill = importlib.import_module("altprov.attendance.migrations.0003_dailyattendance_fill").fill
    fill(django_apps, SimpleNamespace(connection=connection))  # it only uses the connection
    assert assert_summary_exact() == [
        (world.school_a1.pk, MONDAY, "B", 1),
        (world.school_a1.pk, MONDAY, "I", 1),
        (world.school_a1.pk, TUESDAY, "B", 1),
    ]

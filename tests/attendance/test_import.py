"""R-10.6, X-3: importing the provider's or MIS's CSV of marks: all or nothing with every refused
row reported; re-importing the same file changes nothing; a changed mark is a correction."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance.models import AttendanceMark, FollowUp
from altprov.authz.permissions import Role
from tests.attendance.helpers import placements
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC), tick=False):
        yield


def csv_of(rows) -> SimpleUploadedFile:
    text = "UPN,Date,Session,Code\n" + "".join(f"{','.join(r)}\n" for r in rows)
    return SimpleUploadedFile("marks.csv", text.encode(), content_type="text/csv")


def rows_for(placement, codes=("B", "B", "I", "N")):
    upn = placement.pupil.upn
    return [
        (upn, "02/11/2026", "AM", codes[0]),
        (upn, "02/11/2026", "PM", codes[1]),
        (upn, "2026-11-03", "AM", codes[2]),
        (upn, "2026-11-03", "PM", codes[3]),
    ]


def post(world, rows, role=Role.ATTENDANCE_LEAD):
    client = signed_in_client(world.users[role])
    url = f"/attendance/schools/{world.school_a1.pk}/import/"
    return client.post(url, {"file": csv_of(rows)}, follow=True)


def test_R10_6_X3_an_import_with_a_bad_row_changes_nothing_and_reports_every_refused_row(world):
    (placement,) = placements(world, 1)
    rows = rows_for(placement)
    upn = placement.pupil.upn
    rows.insert(1, (upn, "31/11/2026", "AM", "B"))  # line 3: not a real date
    rows.append((upn, "04/11/2026", "AM", "H"))  # line 7: withdrawn code
    rows.append(("Z999999999999", "04/11/2026", "XM", "B"))  # line 8: two problems
    rows.append((upn, "31/10/2026", "AM", "B"))  # line 9: half term (a Saturday, too)
    page = post(world, rows).content.decode()
    assert "The file was not imported: 4 rows were refused. Nothing has been saved." in page
    assert "Line 3, Date: “31/11/2026” is not a real date" in page
    assert "Line 7, Code: H (holiday authorised) was withdrawn in 2024" in page
    assert "Line 8, UPN: no pupil with UPN Z999999999999 is attending a placement here" in page
    assert "Line 8, Session: Enter AM or PM" in page
    assert "Line 9, Date: Saturday 31 October 2026 is not a school day" in page
    assert "4 other rows were correct, but were not saved either" in page
    assert not AttendanceMark.objects.exists() and not FollowUp.objects.exists()


def test_R10_6_X3_re_importing_the_same_file_changes_nothing(world):
    (placement,) = placements(world, 1)
    page = post(world, rows_for(placement)).content.decode()
    assert "marks.csv has been imported: 4 marks added, 0 corrected, 0 unchanged" in page
    history = AttendanceMark.history.count()
    stamps = list(AttendanceMark.objects.values_list("entered_at", "entered_by"))
    page = post(world, rows_for(placement), role=Role.AP_LEAD).content.decode()
    assert "0 marks added, 0 corrected, 4 unchanged" in page
    assert AttendanceMark.history.count() == history == 4
    assert list(AttendanceMark.objects.values_list("entered_at", "entered_by")) == stamps
    assert FollowUp.objects.count() == 1 and FollowUp.history.count() == 1


def test_R10_6_a_changed_mark_in_a_later_file_is_a_correction_kept_in_history(world):
    (placement,) = placements(world, 1)
    post(world, rows_for(placement))
    page = post(world, rows_for(placement, ("B", "B", "I", "I")), role=Role.AP_LEAD)
    assert "0 marks added, 1 corrected, 3 unchanged" in page.content.decode()
    mark = AttendanceMark.objects.get(date=dt.date(2026, 11, 3), session="PM")
    assert mark.code == "I" and mark.entered_by == world.users[Role.AP_LEAD]
    assert [h.code for h in mark.history.order_by("history_date")] == ["N", "I"]


def test_X3_a_file_without_the_columns_is_refused_naming_them(world):
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    upload = SimpleUploadedFile("marks.csv", b"Pupil,When\nx,y\n", content_type="text/csv")
    url = f"/attendance/schools/{world.school_a1.pk}/import/"
    page = client.post(url, {"file": upload}).content.decode()
    assert "UPN and Date and Session and Code are missing" in page


def test_X3_two_rows_for_one_session_with_different_codes_are_refused(world):
    (placement,) = placements(world, 1)
    rows = rows_for(placement) + [(placement.pupil.upn, "2/11/2026", "am", "I")]
    page = post(world, rows).content.decode()
    assert "Line 6, Code: line 2 gives the same session a different code (B)" in page
    assert not AttendanceMark.objects.exists()


def test_R10_6_X3_an_import_takes_the_same_queries_for_few_rows_or_many(world):
    """Both routes of the bulk write (issue 10): a school's first marks for the days (straight
    into the table) and marks beside ones already stored (staged and matched)."""
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    url = f"/attendance/schools/{world.school_a1.pk}/import/"
    counts = {}
    for route in ("fresh", "staged"):
        for n in (1, 6):
            if route == "fresh":
                AttendanceMark.objects.all().delete()
            rows = [r for p in placements(world, n) for r in rows_for(p)]
            with CaptureQueriesContext(connection) as queries:
                assert client.post(url, {"file": csv_of(rows)}).status_code == 302
            counts[route, n] = len(queries)
    assert AttendanceMark.objects.count() == (6 + 1 + 6) * 4
    assert counts["fresh", 1] == counts["fresh", 6]
    assert counts["staged", 1] == counts["staged", 6]

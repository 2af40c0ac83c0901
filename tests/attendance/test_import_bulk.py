"""R-10.6, X-3 (issue 10, P3): the import's rules hold on its bulk path, on SQLite and PostgreSQL:
all or nothing, every refused row reported, history rows as `simple_history` writes them,
corrections kept, follow-ups opened once, the daily summary exact. The COPY path's own tests
(PostgreSQL only) are at the end."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance import import_writes
from altprov.attendance.importing import marks_import
from altprov.attendance.models import AttendanceMark, DailyAttendance, FollowUp
from altprov.attendance.services import MarkEntry, marks_save
from altprov.authz.permissions import Role
from altprov.termdates.schooldays import SchoolCalendar
from tests.attendance.helpers import assert_summary_exact, placements

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)
HEADER = "UPN,Date,Session,Code\n"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 27, 16, tzinfo=dt.UTC), tick=False) as clock:
        yield clock


def school_days(world, n=10):
    calendar = SchoolCalendar.for_school(world.school_a1)
    found, day = [], dt.date(2026, 11, 2)
    while len(found) < n:
        if calendar.is_school_day(day):
            found.append(day)
        day += dt.timedelta(days=1)
    return found


def run(world, text, by=None):
    return marks_import(
        school=world.school_a1,
        data=text.encode(),
        by=by or world.users[Role.ATTENDANCE_LEAD],
        calendar=SchoolCalendar.for_school(world.school_a1),
        today=TODAY,
    )


def big_file(pupils, days, code=lambda n, i, pm: "\\" if pm else "/"):
    lines = [HEADER]
    for i, day in enumerate(days):
        for n, placement in enumerate(pupils):
            for pm, session in ((False, "AM"), (True, "PM")):
                lines.append(f"{placement.pupil.upn},{day:%d/%m/%Y},{session},{code(n, i, pm)}\n")
    return "".join(lines)


def test_R10_6_new_marks_each_get_a_history_row_naming_who_and_when(world):
    pupils, days = placements(world, 3), school_days(world, 4)
    outcome = run(world, big_file(pupils, days))
    assert str(outcome.result) == "24 marks added, 0 corrected, 0 unchanged"
    lead = world.users[Role.ATTENDANCE_LEAD]
    marks = list(AttendanceMark.objects.all())
    assert len(marks) == 24 and {m.entered_by for m in marks} == {lead}
    assert {m.code for m in marks} == {"/", "\\"}  # the backslash survives the staging table
    history = list(AttendanceMark.history.all())
    assert sorted((h.id, h.code, h.history_type) for h in history) == sorted(
        (m.pk, m.code, "+") for m in marks
    )
    assert {h.history_user for h in history} == {lead}
    assert {h.entered_at for h in history} == {m.entered_at for m in marks}
    # What the ORM's history API reads back is the same as for a mark saved one at a time.
    mark = marks[0]
    assert [h.code for h in mark.history.all()] == [mark.code]
    assert mark.history.first().instance.code == mark.code


def test_R10_6_a_correction_in_a_big_file_is_kept_in_history_and_the_rest_left_alone(world, frozen):
    pupils, days = placements(world, 5), school_days(world, 6)
    run(world, big_file(pupils, days))
    frozen.shift(dt.timedelta(minutes=5))
    stamps = dict(AttendanceMark.objects.values_list("pk", "entered_at"))
    ap_lead = world.users[Role.AP_LEAD]

    def corrected(n, i, pm):
        if (n, i, pm) == (2, 3, True):
            return "I"
        return "\\" if pm else "/"

    outcome = run(world, big_file(pupils, days, corrected), by=ap_lead)
    assert str(outcome.result) == "0 marks added, 1 corrected, 59 unchanged"
    mark = AttendanceMark.objects.get(placement=pupils[2], date=days[3], session="PM")
    assert (mark.code, mark.entered_by) == ("I", ap_lead)
    assert [(h.code, h.history_type) for h in mark.history.order_by("history_id")] == [
        ("\\", "+"),
        ("I", "~"),
    ]
    assert mark.history.order_by("history_id").last().history_user == ap_lead
    # Only the corrected mark changed: every other keeps its time and one history row.
    after = dict(AttendanceMark.objects.values_list("pk", "entered_at"))
    assert {pk for pk in after if after[pk] != stamps[pk]} == {mark.pk}
    assert AttendanceMark.history.count() == 61
    monday = [r for r in assert_summary_exact() if r[1] == days[3] and r[2] in ("\\", "I")]
    assert monday == [(world.school_a1.pk, days[3], "I", 1), (world.school_a1.pk, days[3], "\\", 4)]


def test_R10_6_unauthorised_absences_open_one_follow_up_per_day_with_history(world):
    (pupil,) = placements(world, 1)
    days = school_days(world, 3)
    marks_save(
        [MarkEntry(pupil.pk, days[2], "AM", "N")], by=world.users[Role.ATTENDANCE_LEAD]
    )  # a follow-up is already open for the third day
    upn = pupil.pupil.upn
    text = HEADER + "".join(
        f"{upn},{d:%d/%m/%Y},{s},{c}\n"
        for d, s, c in [
            (days[0], "AM", "N"),
            (days[0], "PM", "O"),  # the same day: one follow-up
            (days[1], "AM", "I"),  # authorised: none
            (days[2], "PM", "G"),  # the day already has one
        ]
    )
    outcome = run(world, text)
    assert outcome.result.follow_ups == 1
    assert sorted(FollowUp.objects.values_list("absence_date", "reason")) == [
        (days[0], "Unauthorised absence marked"),
        (days[2], "Unauthorised absence marked"),
    ]
    opened = FollowUp.objects.get(absence_date=days[0])
    assert opened.is_open and opened.recorded_by is None
    assert [(h.history_type, h.history_user) for h in opened.history.all()] == [
        ("+", world.users[Role.ATTENDANCE_LEAD])
    ]
    assert FollowUp.history.count() == 2
    # Importing again opens nothing more; a correction to an unauthorised code on a day with
    # no follow-up opens one.
    assert run(world, text).result.follow_ups == 0
    again = text.replace(f"{days[1]:%d/%m/%Y},AM,I", f"{days[1]:%d/%m/%Y},AM,U")
    assert str(run(world, again).result) == (
        "0 marks added, 1 corrected, 3 unchanged; 1 unauthorised absence to follow up"
    )


def test_X3_a_refused_last_row_of_a_big_file_leaves_nothing_written(world):
    pupils, days = placements(world, 4), school_days(world, 8)
    text = big_file(pupils, days) + f"{pupils[0].pupil.upn},{days[0]:%d/%m/%Y},AM,H\n"
    outcome = run(world, text)
    assert outcome.result is None and outcome.accepted == 64
    assert [str(e) for e in outcome.errors] == [
        "Line 66, Code: H (holiday authorised) was withdrawn in 2024: use C for exceptional "
        "circumstances, or G for a holiday not granted."
    ]
    assert not AttendanceMark.objects.exists() and not AttendanceMark.history.exists()
    assert not FollowUp.objects.exists() and not DailyAttendance.objects.exists()


def test_X3_every_refused_row_is_reported_in_order_with_the_rules_words(world):
    (pupil, other) = placements(world, 2)
    days = school_days(world, 2)
    upn = pupil.pupil.upn
    text = (
        HEADER
        + f"{upn},{days[0]:%d/%m/%Y},AM,/\n"
        + "\n"  # a blank line is skipped, not refused
        + f" {upn.lower()} ,{days[0]:%Y-%m-%d}, pm ,\\\n"  # spaces and case do not matter
        + f"{upn},{days[0]:%d/%m/%Y},PM,/\n"  # "/" is the morning's mark
        + f"{upn},28/11/2026,AM,B\n"  # a Saturday, and in the future
        + f"{upn},{days[1]:%d/%m/%Y}\n"  # a short row: session and code missing
        + f"{other.pupil.upn},{days[0]:%d/%m/%Y},AM,B\n"
        + f"{other.pupil.upn},{days[0]:%d/%m/%Y},AM,I\n"  # the same session, another code
        + ",,,\n"  # blank cells: skipped
    )
    outcome = run(world, text)
    assert [str(e) for e in outcome.errors] == [
        "Line 5, Code: / is the morning's present mark: use \\ for the afternoon",
        "Line 6, Date: 28 November 2026 has not happened yet",
        "Line 7, Session: Enter AM or PM",
        "Line 7, Code: Enter an attendance code",
        "Line 9, Code: line 8 gives the same session a different code (B)",
    ]
    assert outcome.accepted == 3 and not AttendanceMark.objects.exists()


def test_X3_a_file_of_only_a_header_or_blank_rows_is_refused(world):
    assert run(world, HEADER + "\n,,,\n").problem == "The file has no marks below its first row"


def test_the_bulk_writes_history_columns_are_every_column_of_the_history_tables():
    """A field added to the mark or the follow-up must be added to the bulk path's SQL too."""
    for model, columns in (
        (AttendanceMark, import_writes._MARK_COLUMNS),
        (FollowUp, import_writes._FOLLOW_UP_COLUMNS),
    ):
        written = {c.strip() for c in f"{columns}, {import_writes._HISTORY}".split(",")}
        history = {f.column for f in model.history.model._meta.concrete_fields}
        assert written == history - {"history_id"}
        assert {f.column for f in model._meta.concrete_fields} <= written


# The COPY path (PostgreSQL) -------------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY is PostgreSQL's; SQLite stages the marks with executemany (tested above)",
)


@postgres_only
def test_copy_writes_a_big_file_with_its_history_and_follow_ups(world):
    pupils, days = placements(world, 20), school_days(world, 15)
    with CaptureQueriesContext(connection) as queries:
        outcome = run(world, big_file(pupils, days, lambda n, i, pm: "N" if n == i else "B"))
    assert str(outcome.result) == (
        "600 marks added, 0 corrected, 0 unchanged; 15 unauthorised absences to follow up"
    )
    # Loaded by COPY, not by an INSERT per row or per batch.
    assert not any(" VALUES " in q["sql"] for q in queries.captured_queries)
    assert AttendanceMark.history.filter(history_type="+").count() == 600
    assert set(AttendanceMark.objects.values_list("code", flat=True)) == {"N", "B"}
    assert FollowUp.objects.count() == FollowUp.history.count() == 15
    assert_summary_exact()


@postgres_only
def test_copy_path_a_correction_in_a_big_file(world):
    pupils, days = placements(world, 20), school_days(world, 15)
    run(world, big_file(pupils, days))
    changed = big_file(
        pupils, days, lambda n, i, pm: "N" if (n, i, pm) == (7, 9, False) else ("\\" if pm else "/")
    )
    with CaptureQueriesContext(connection) as queries:
        outcome = run(world, changed)
    assert str(outcome.result) == (
        "0 marks added, 1 corrected, 599 unchanged; 1 unauthorised absence to follow up"
    )
    assert not any(" VALUES " in q["sql"] for q in queries.captured_queries)  # staged by COPY
    mark = AttendanceMark.objects.get(placement=pupils[7], date=days[9], session="AM")
    assert [h.code for h in mark.history.order_by("history_id")] == ["/", "N"]
    assert FollowUp.objects.get().absence_date == days[9]
    assert_summary_exact()


@postgres_only
def test_copy_path_a_refused_row_leaves_nothing_written(world):
    pupils, days = placements(world, 20), school_days(world, 15)
    text = big_file(pupils, days) + "Z999999999999,02/11/2026,AM,B\n"
    outcome = run(world, text)
    assert [str(e) for e in outcome.errors] == [
        "Line 602, UPN: no pupil with UPN Z999999999999 is attending a placement here"
    ]
    assert not AttendanceMark.objects.exists() and not AttendanceMark.history.exists()
    assert not DailyAttendance.objects.exists()

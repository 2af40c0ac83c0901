"""R-10.6, X-3 (issue 10, P3): `manage.py import_marks FILE --school URN --by EMAIL`, the import
for an MIS's files beyond the page's upload limit: the same rules, all or nothing, every refused
row on stderr, the marks entered by a person allowed to enter the school's attendance."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from altprov.attendance.models import AttendanceMark
from altprov.authz.permissions import Role
from tests.attendance.helpers import assert_summary_exact, placements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC), tick=False):
        yield


def marks_file(tmp_path, placement, extra=""):
    upn = placement.pupil.upn
    path = tmp_path / "register.csv"
    path.write_text(f"UPN,Date,Session,Code\n{upn},02/11/2026,AM,/\n{upn},02/11/2026,PM,N\n{extra}")
    return path


def command(path, world, by=None, school=None):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_marks",
        str(path),
        "--school",
        school or world.school_a1.urn,
        "--by",
        by or world.users[Role.ATTENDANCE_LEAD].email.upper(),
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_R10_6_the_command_imports_a_file_as_the_named_person(world, tmp_path):
    (placement,) = placements(world, 1)
    out, _ = command(marks_file(tmp_path, placement), world)
    assert out.strip() == (
        "register.csv has been imported: 2 marks added, 0 corrected, 0 unchanged; "
        "1 unauthorised absence to follow up."
    )
    lead = world.users[Role.ATTENDANCE_LEAD]
    assert {m.entered_by for m in AttendanceMark.objects.all()} == {lead}
    assert_summary_exact()


def test_X3_a_refused_row_imports_nothing_and_each_is_reported(world, tmp_path):
    (placement,) = placements(world, 1)
    path = marks_file(tmp_path, placement, f"{placement.pupil.upn},03/11/2026,AM,H\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_marks",
            str(path),
            "--school",
            world.school_a1.urn,
            "--by",
            world.users[Role.ATTENDANCE_LEAD].email,
            stderr=err,
        )
    assert str(refused.value) == (
        "register.csv: 1 row was refused (2 others were correct). Nothing was imported."
    )
    assert err.getvalue().startswith("Line 4, Code: H (holiday authorised) was withdrawn")
    assert not AttendanceMark.objects.exists()


def test_only_someone_who_may_enter_the_schools_attendance_can_import(world, tmp_path):
    (placement,) = placements(world, 1)
    path = marks_file(tmp_path, placement)
    for by in (world.outsider.email, "nobody@example.org"):
        with pytest.raises(CommandError, match="is not someone who may enter attendance"):
            command(path, world, by=by)
    with pytest.raises(CommandError, match="No school has the URN 000000"):
        command(path, world, school="000000")
    with pytest.raises(CommandError, match="no such file"):
        command(tmp_path / "missing.csv", world)
    assert not AttendanceMark.objects.exists()

import datetime as dt

from django.db.models import Count

from altprov.attendance.models import AttendanceMark, DailyAttendance
from altprov.placements.models import PlacementSession
from tests.duties.helpers import attending
from tests.factories import make_pupil

MONDAY = dt.date(2026, 11, 2)  # after the autumn half term of the demo calendar
DAYS = [MONDAY + dt.timedelta(days=i) for i in range(5)]


def cell(placement, day: dt.date, session: str) -> str:
    return f"m-{placement.pk}-{day.isoformat()}-{session}"


def week_data(placement, codes: list[str]) -> dict:
    """Ten codes, Monday morning to Friday afternoon."""
    data = {"week": MONDAY.isoformat()}
    for i, code in enumerate(codes):
        data[cell(placement, DAYS[i // 2], "AM" if i % 2 == 0 else "PM")] = code
    return data


def placements(world, n: int, *, days=None):
    """`n` attending placements of new pupils of school A1 (a weekly pattern on `days`)."""
    made = []
    for i in range(n):
        pupil = make_pupil(world.school_a1, first_name=f"Pupil{i}", last_name=f"Surname{i}")
        placement = attending(world, pupil)
        for day in days or ():
            PlacementSession.objects.create(
                placement=placement, day=day, starts_at=dt.time(9), ends_at=dt.time(15)
            )
        made.append(placement)
    return made


def summary_rows() -> list[tuple[int, dt.date, str, int]]:
    """The daily attendance summary as stored: (school id, day, code, sessions)."""
    return sorted(DailyAttendance.objects.values_list("school_id", "date", "code", "sessions"))


def marks_grouped() -> list[tuple[int, dt.date, str, int]]:
    """The same numbers by a GROUP BY of the marks themselves (the ORM, not the summary's SQL)."""
    return sorted(
        AttendanceMark.objects.order_by()
        .values("placement__referral__school_id", "date", "code")
        .annotate(n=Count("pk"))
        .values_list("placement__referral__school_id", "date", "code", "n")
    )


def assert_summary_exact() -> list[tuple[int, dt.date, str, int]]:
    """The summary equals a GROUP BY of the marks, and there is something in it."""
    stored = summary_rows()
    assert stored == marks_grouped()
    assert stored, "no marks were written"
    return stored

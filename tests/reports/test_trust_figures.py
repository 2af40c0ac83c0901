"""Issue 10, P2: the trust's report reads summaries (the daily attendance summary, the duty
summary), and its figures are still those worked out directly from the base tables: the marks,
the placements and the duty engine, for a small trust."""

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from altprov.attendance import summary as attendance_summary
from altprov.attendance.codes import Meaning, meaning_of
from altprov.attendance.models import AttendanceMark
from altprov.authz.permissions import Role
from altprov.duties.engine import due_items
from altprov.placements.models import Placement
from altprov.placements.status import placement_status
from tests.factories import make_provider

from .helpers import TODAY, placement

pytestmark = pytest.mark.django_db
MONDAYS = [dt.date(2026, 11, 2), dt.date(2026, 11, 9)]
PERIOD = "from=2026-09-01&to=2026-11-20"


@pytest.fixture
def trust(world):
    farm = make_provider(world.trust_a, "Farm Project", registration_status="unregistered")
    unit = make_provider(world.trust_a, "Registered Unit")
    made = [placement(world, world.school_a1, farm if i % 2 else unit) for i in range(5)]
    made += [placement(world, world.school_a2, unit) for _ in range(3)]
    placement(world, world.school_a1, unit, status=Placement.Status.PLANNED, start=TODAY)
    placement(
        world,
        world.school_a2,
        unit,
        status=Placement.Status.ENDED,
        start=dt.date(2026, 9, 7),
        ended_on=dt.date(2026, 11, 10),
    )
    codes = ["/", "\\", "N", "I", "B", "X", "/", "M"]
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            placement=p,
            date=monday + dt.timedelta(days=d),
            session=s,
            code=codes[(i + d + (s == "PM")) % len(codes)],
            entered_by=world.users[Role.AP_LEAD],
        )
        for i, p in enumerate(made)
        for monday in MONDAYS
        for d in range(5)
        for s in ("AM", "PM")
    )
    # written directly (not through marks_save): count the daily summary again
    attendance_summary.refresh_all()
    return world


def table(client, world, key) -> list[dict]:
    text = client.get(f"/reports/trust/{world.trust_a.pk}/{key}.csv?{PERIOD}").content.decode()
    return list(csv.DictReader(io.StringIO(text)))


def pct(attending: int, possible: int) -> str:
    if not possible:
        return ""
    return str((Decimal(100 * attending) / possible).quantize(Decimal("0.1"), ROUND_HALF_UP))


def direct_tally(marks):
    by = Counter(meaning_of(code) for code in marks.values_list("code", flat=True))
    attending = by[Meaning.ATTENDING]
    return attending, attending + by[Meaning.AUTHORISED] + by[Meaning.UNAUTHORISED]


def test_the_trust_report_figures_are_those_of_the_base_tables(trust, client_for):
    client = client_for(trust.users[Role.TRUST_EXECUTIVE])
    marks = AttendanceMark.objects.filter(
        date__gte=dt.date(2026, 9, 1), date__lte=dt.date(2026, 11, 20)
    )
    # attendance per week, from the marks themselves
    weekly = {r["Week beginning"]: r for r in table(client, trust, "attendance")}
    assert set(weekly) == {m.isoformat() for m in MONDAYS}
    for monday in MONDAYS:
        attending, possible = direct_tally(
            marks.filter(date__gte=monday, date__lte=monday + dt.timedelta(days=6))
        )
        row = weekly[monday.isoformat()]
        assert (int(row["Sessions attended"]), int(row["Possible sessions"])) == (
            attending,
            possible,
        )
        assert row["Attendance"] == pct(attending, possible)
    # attendance during AP per school (effectiveness)
    rows = {r["School"]: r for r in table(client, trust, "effectiveness")}
    for school in (trust.school_a1, trust.school_a2):
        attending, possible = direct_tally(marks.filter(placement__referral__school=school))
        assert rows[school.name]["Attendance during AP"] == pct(attending, possible)
    # placements by status per school, from the placements and the one status rule
    status = {r["School"]: r for r in table(client, trust, "status")}
    for school in (trust.school_a1, trust.school_a2):
        keys = Counter(
            placement_status(p, TODAY).key
            for p in Placement.objects.filter(referral__school=school)
        )
        row = status[school.name]
        assert (
            int(row["Planned"]),
            int(row["Starting soon"]),
            int(row["Attending"]),
            int(row["Ended"]),
        ) == (keys["planned"], keys["starting"], keys["attending"], keys["ended"])
    # duties overdue per school: the engine's count (the summary was counted on first view)
    overdue = defaultdict(int)
    for item in due_items([trust.school_a1, trust.school_a2, trust.school_b1], TODAY):
        overdue[item.school_id] += item.overdue(TODAY)
    schools = {r["School"]: r for r in table(client, trust, "schools")}
    for school in (trust.school_a1, trust.school_a2):
        assert int(schools[school.name]["Duties overdue"]) == overdue[school.pk]

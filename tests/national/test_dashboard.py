"""Issue 10, P7: the national and regional dashboards for the Service oversight role, from the
summaries only, small numbers suppressed, never a pupil; 404 for everyone else."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance import summary as attendance_summary
from altprov.attendance.models import AttendanceMark
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import ROLES, Role
from altprov.duties.engine import due_items
from altprov.duties.summary import refresh_all as refresh_duties
from altprov.national.figures import refresh_all as refresh_figures
from altprov.national.models import SchoolFigures
from altprov.organisations.models import Region, School
from altprov.placements.models import Placement
from tests.factories import World, make_calendar, make_provider, make_school, make_user
from tests.reports.helpers import placement

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
TODAY = NOW.date()
TERM_START = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def scene(world, extra_schools: int = 0, per_school: int = 0):
    """A1 (London): 6 attending, 1 planned, 1 ended in the term, 1 starting next week, at a
    registered and an unregistered provider, with marks; A2 (North East): none; B1 (London,
    trust B): 2 attending. `extra_schools` more London schools of trust A with `per_school`
    attending placements each."""
    School.objects.filter(pk__in=[world.school_a1.pk, world.school_b1.pk]).update(
        region=Region.LONDON
    )
    School.objects.filter(pk=world.school_a2.pk).update(region=Region.NORTH_EAST)
    good, farm = (
        make_provider(world.trust_a),
        make_provider(world.trust_a, registration_status="unregistered"),
    )
    made = [placement(world, world.school_a1, good if i % 2 else farm) for i in range(6)]
    placement(world, world.school_a1, good, status=Placement.Status.PLANNED, start=TODAY)
    placement(
        world,
        world.school_a1,
        good,
        status=Placement.Status.ENDED,
        start=dt.date(2026, 9, 7),
        ended_on=dt.date(2026, 10, 16),
    )
    placement(world, world.school_a1, good, start=TODAY + dt.timedelta(days=7))
    other = make_provider(world.trust_b)
    made += [placement(world, world.school_b1, other) for _ in range(2)]
    for i in range(extra_schools):
        school = make_school(world.trust_a, f"Extra School {i}")
        make_calendar(school)
        School.objects.filter(pk=school.pk).update(region=Region.LONDON)
        made += [placement(world, school, good) for _ in range(per_school)]
    by = world.users[Role.AP_LEAD]
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            placement=p,
            date=dt.date(2026, 11, 2),
            session=s,
            code="/" if (s == "AM" or p.pk % 3) else "N",
            entered_by=by,
        )
        for p in made
        for s in ("AM", "PM")
    )
    # a mark before the term does not count this term
    AttendanceMark.objects.create(
        placement=made[0], date=dt.date(2026, 7, 1), session="AM", code="N", entered_by=by
    )
    # written directly (not through marks_save): count the daily summary again
    attendance_summary.refresh_all()
    refresh_duties()
    refresh_figures()
    return made


def oversight(world):
    return world.users[Role.SERVICE_OVERSIGHT]


def cells(page: str, label: str) -> list[str]:
    """The cells of the row whose header is `label` (link or not), as text."""
    row = re.search(
        rf"<tr[^>]*>\s*<th[^>]*>(?:<a[^>]*>)?{re.escape(label)}(?:</a>)?</th>(.*?)</tr>", page, re.S
    )
    assert row, label
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def test_the_figures_are_those_of_the_base_tables(world):
    made = scene(world)
    a1 = SchoolFigures.objects.get(school=world.school_a1)
    assert (a1.on, a1.term_start) == (TODAY, TERM_START)
    assert (a1.pupils_in_ap, a1.planned, a1.starting, a1.attending, a1.ended_this_term) == (
        6,
        1,
        1,
        6,
        1,
    )
    assert a1.pupils_this_term == 7  # the six attending and the one ended in October
    assert a1.unregistered == 3
    marks = AttendanceMark.objects.filter(
        placement__referral__school=world.school_a1, date__gte=TERM_START
    )
    assert (
        a1.sessions_attending
        == marks.filter(code="/").count()
        == 6 + sum(1 for p in made[:6] if p.pk % 3)
    )
    assert a1.sessions_unauthorised == marks.filter(code="N").count()
    a2 = SchoolFigures.objects.get(school=world.school_a2)
    assert (a2.pupils_in_ap, a2.sessions_attending) == (0, 0)


def test_the_national_dashboard_adds_up_the_regions_and_suppresses_small_numbers(world, client_for):
    scene(world)
    page = client_for(oversight(world)).get("/service/dashboard/").content.decode()
    assert "AP across England" in page
    # London: trust A and trust B; schools A1 and B1; 6 + 2 pupils in AP
    london = cells(page, "London")
    assert london[:3] == ["2", "2", "8"]
    assert 'href="/service/dashboard/regions/london/"' in page
    # North East: one school with nothing in AP (0 is shown)
    assert cells(page, "North East")[:3] == ["1", "1", "0"]
    # planned, starting, attending, ended, at unregistered providers: 1, 1, 8, 1, 3
    assert london[3:8] == ["fewer than 5", "fewer than 5", "8", "fewer than 5", "fewer than 5"]
    term = AttendanceMark.objects.filter(
        placement__referral__school__region=Region.LONDON, date__gte=TERM_START
    )
    rate = Decimal(100 * term.filter(code="/").count()) / term.count()  # no July mark
    assert london[8] == f"{rate.quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    england = cells(page, "England")
    assert england[:3] == ["2", "3", "8"]
    overdue = sum(1 for i in due_items(School.objects.all(), TODAY) if i.overdue(TODAY))
    assert england[-1] == str(overdue)
    assert (
        "Duties as at 09:30 today" in page and "Placements and attendance as at 09:30 today" in page
    )
    for name in ("Reportpupil", World.CANARY_A2, World.CANARY_B1):
        assert name not in page


def test_the_regional_page_lists_its_trusts(world, client_for):
    scene(world)
    client = client_for(oversight(world))
    page = client.get("/service/dashboard/regions/london/").content.decode()
    assert "Trust A" in page and World.CANARY_TRUST_B in page
    # trust A's 6 pupils are withheld: with the total (8) they would give trust B's away
    assert cells(page, "Trust A")[:2] == ["1", "withheld"]
    # trust B's 2 pupils are fewer than 5, and its attendance rate is withheld
    b = cells(page, World.CANARY_TRUST_B)
    assert b[1] == "fewer than 5" and b[-2] == "withheld"
    assert "All trusts in London" in page
    north_east = client.get("/service/dashboard/regions/north_east/").content.decode()
    assert "Trust A" in north_east and World.CANARY_TRUST_B not in north_east
    assert client.get("/service/dashboard/regions/atlantis/").status_code == 404


def test_schools_without_a_region_have_their_own_row_and_page(world, client_for):
    scene(world)
    School.objects.filter(pk=world.school_a2.pk).update(region="")
    client = client_for(oversight(world))
    page = client.get("/service/dashboard/").content.decode()
    assert "Region not known" in page
    assert "Trust A" in client.get("/service/dashboard/regions/not-known/").content.decode()


def test_everyone_else_gets_404(world, client_for):
    scene(world)
    for role in ROLES:
        if role is Role.SERVICE_OVERSIGHT:
            continue
        client = client_for(world.users[role])
        assert client.get("/service/dashboard/").status_code == 404, role
        assert client.get("/service/dashboard/regions/london/").status_code == 404, role
    assert client_for(world.outsider).get("/service/dashboard/").status_code == 404
    assert client_for(world.no_roles).get("/service/dashboard/").status_code == 404


def test_the_dashboards_run_the_same_queries_whatever_the_numbers(world, client_for):
    client = client_for(oversight(world))

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    scene(world)
    urls = ["/service/dashboard/", "/service/dashboard/regions/london/"]
    for url in urls:
        client.get(url)
    small = [queries(url) for url in urls]
    for i in range(5):  # five more schools of seven pupils each, in another region
        school = make_school(world.trust_a, f"Bigger School {i}")
        make_calendar(school)
        School.objects.filter(pk=school.pk).update(region=Region.SOUTH_WEST)
        for _ in range(7):
            placement(world, school, make_provider(world.trust_a))
    refresh_duties()
    refresh_figures()
    assert [queries(url) for url in urls] == small


def test_grant_service_oversight_gives_and_takes_the_role(world, capsys):
    person = make_user("analyst@example.org")
    call_command("grant_service_oversight", person.email)
    held = RoleAssignment.objects.get(user=person, role=Role.SERVICE_OVERSIGHT)
    assert (held.trust_id, held.school_id) == (None, None)
    assert "is now a Service oversight" in capsys.readouterr().out
    call_command("grant_service_oversight", person.email, "--remove")
    assert not RoleAssignment.objects.filter(user=person, role=Role.SERVICE_OVERSIGHT).exists()


def test_the_navigation_offers_the_dashboard_to_service_oversight_only(world, client_for):
    assert "National dashboard" in client_for(oversight(world)).get("/").content.decode()
    admin = world.users[Role.SERVICE_ADMINISTRATOR]
    assert "National dashboard" not in client_for(admin).get("/").content.decode()


def test_refresh_summaries_refreshes_the_figures_too(world, capsys):
    scene(world)
    SchoolFigures.objects.all().delete()
    call_command("refresh_summaries", "--only", "figures")
    assert SchoolFigures.objects.count() == School.objects.count()
    assert "Refreshed the figures summary of 3 schools" in capsys.readouterr().out

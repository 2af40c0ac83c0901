"""R-10.9: every report page and download runs the same number of queries whatever the number of
schools and placements (2 schools of 3 placements, then 6 schools of 20)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance import summary as attendance_summary
from altprov.attendance.models import AttendanceMark
from altprov.authz.permissions import Role
from altprov.duties.summary import refresh_all
from altprov.placements.models import Placement
from tests.duties.bulk import attending_placements
from tests.factories import make_calendar, make_provider, make_school

MONDAY = dt.date(2026, 11, 2)


def grow(world, schools: int, per_school: int):
    """Schools of trust A (A1 first) with `per_school` attending placements each, at a
    registered and an unregistered provider, each with a week of marks."""
    made = [world.school_a1]
    for _ in range(schools - 1):
        school = make_school(world.trust_a)
        make_calendar(school)
        made.append(school)
    providers = [
        make_provider(world.trust_a),
        make_provider(world.trust_a, registration_status="unregistered"),
    ]
    by = world.users[Role.AP_LEAD]
    attending_placements(made, per_school, providers, by)
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            placement=p,
            date=MONDAY + dt.timedelta(days=d),
            session=s,
            code="/" if s == "AM" else "N",
            entered_by=by,
        )
        for p in Placement.objects.filter(referral__school__in=made, attendance_marks__isnull=True)
        for d in range(5)
        for s in ("AM", "PM")
    )
    # written directly (not through marks_save): count the daily summary again
    attendance_summary.refresh_all()
    # One placement of each school ended by reintegration in the period, so the outcomes
    # sections load their marks and views at both sizes.
    for school in made:
        first = Placement.objects.filter(
            referral__school=school, status=Placement.Status.ACTIVE
        ).first()
        Placement.objects.filter(pk=first.pk).update(
            status=Placement.Status.ENDED,
            ended_on=MONDAY + dt.timedelta(days=4),
            end_reason=Placement.EndReason.REINTEGRATED,
        )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


URLS = [
    "/reports/schools/{a1}/",
    "/reports/schools/{a1}/conditions.xlsx",
    "/reports/schools/{a1}/census/",
    "/reports/schools/{a1}/census.csv",
    "/reports/trust/",
    "/reports/trust/{trust}/providers.csv",
    "/reports/governance/",
    "/reports/governance/{trust}/pupils-by-route.xlsx",
    "/reports/governance/schools/{a1}/termly.pdf",
    "/reports/schools/{a1}/endings.csv",
    "/reports/trust/{trust}/budget.xlsx",
    "/reports/trust/{trust}/outcomes-by-provider.csv",
    "/reports/governance/{trust}/outcomes.csv",
]


@pytest.mark.parametrize("url", URLS)
def test_R10_9_a_report_runs_the_same_queries_at_two_sizes(world, client_for, url):
    url = url.format(a1=world.school_a1.pk, trust=world.trust_a.pk)
    role = Role.TRUST_EXECUTIVE if "governance" not in url else Role.TRUSTEE
    client = client_for(world.users[role])
    grow(world, 2, 3)
    refresh_all()  # the duty summary, as the worker keeps it
    client.get(url)  # warm the per-process caches (bank holidays, templates)
    small = count(client, url)
    grow(world, 5, 17)  # now 6 schools; school A1 has 20 placements
    refresh_all()
    assert count(client, url) == small

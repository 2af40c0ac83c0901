"""Benchmark of the trust's AP report (R-10.9): the page for a trust of 50 schools and 2,000
placements with a school year of attendance marks, against a plain query in the same run.

    .venv/bin/python bench/trust_view.py [--schools 50] [--per-school 40] [--days 190] [--repeat 5]

It builds one trust with 50 schools (a year of term dates each), 20 providers (one in four
unregistered, every one with a signed-off audit), 40 attending placements per school and, for
each placement, a mark for each session of the last `--days` weekdays up to 27 November 2026
(760,000 marks by default; one session in ten absent), all with bulk_create in a throwaway
database (bench/database.py: a temporary SQLite file, or with DATABASE_URL a PostgreSQL database
`<name>_bench_<pid>` next to the one it names; copied from a migrated template, dropped at the end).

Before timing it counts the daily attendance summary from the marks (written here with
bulk_create; the service keeps it exact on every write) and refreshes the duty summary (as the
worker does every 15 minutes); their times are printed, not counted. It then times, alternately and `--repeat` times each:
1. the trust view: a GET of /reports/trust/ for the year, as a signed-in Trust Executive, through
   every middleware and the template (every section of `reports.sections.TRUST_SECTIONS`),
   counting its queries;
2. the baseline (issue 10, P2): the raw SQL aggregates of the same numbers, in plain SQL on the
   same connection: the marks of the period counted by school and code, and the placements
   counted by school and status.

Target (P2): the view's median at most 1.5 x the baseline's median + 30 ms.
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402
from duty_engine import timed  # noqa: E402

LAST_DAY = dt.date(2026, 11, 27)


def weekdays(days: int) -> list[dt.date]:
    found, day = [], LAST_DAY
    while len(found) < days:
        if day.weekday() < 5:
            found.append(day)
        day -= dt.timedelta(days=1)
    return sorted(found)


def build(schools_count: int, per_school: int, days: int):
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from altprov.accounts.models import User
    from altprov.attendance.models import AttendanceMark
    from altprov.authz.models import RoleAssignment
    from altprov.organisations.services import trust_create
    from altprov.placements.models import Placement
    from altprov.provider_audits.models import ProviderAudit
    from altprov.providers.models import Provider
    from tests.duties.bulk import attending_placements
    from tests.factories import make_calendar, make_school

    trust = trust_create(name="Bench Trust")
    by = User.objects.create_user(email="bench@example.org", password=None, full_name="Bench")
    RoleAssignment.objects.create(user=by, role="trust_executive", trust=trust)
    TOTPDevice.objects.create(user=by, name="Bench", confirmed=True)
    schools = [make_school(trust, f"Bench School {i:02d}") for i in range(schools_count)]
    for school in schools:
        make_calendar(school)
    Provider.objects.bulk_create(
        Provider(
            trust=trust,
            name=f"Bench Provider {i:02d}",
            registration_status="unregistered" if i % 4 == 0 else "registered",
            urn="" if i % 4 == 0 else f"{700000 + i}",
            address_line_1="1 Bench Road",
            town="Benchtown",
            postcode="ZZ1 1AA",
            manager_name="Bench Manager",
        )
        for i in range(20)
    )
    providers = list(Provider.objects.filter(trust=trust).order_by("pk"))
    visit = timezone.make_aware(dt.datetime(2026, 1, 10, 10, 30))
    ProviderAudit.objects.bulk_create(
        ProviderAudit(
            provider=p,
            school=schools[i % len(schools)],
            version=1,
            created_by=by,
            visit_at=visit,
            suitable=True,
            signed_off_at=visit,
        )
        for i, p in enumerate(providers)
    )
    attending_placements(schools, per_school, providers, by)
    dates = weekdays(days)
    placement_ids = list(
        Placement.objects.filter(referral__school__in=schools).values_list("pk", flat=True)
    )
    batch = []
    for n, pk in enumerate(placement_ids):
        for i, day in enumerate(dates):
            for session, present in (("AM", "/"), ("PM", "\\")):
                absent = (n + i + (session == "PM")) % 10 == 0
                batch.append(
                    AttendanceMark(
                        placement_id=pk,
                        date=day,
                        session=session,
                        code=("N" if i % 2 else "I") if absent else present,
                        entered_by=by,
                    )
                )
        if len(batch) > 50_000:
            AttendanceMark.objects.bulk_create(batch, batch_size=5_000)
            batch = []
    AttendanceMark.objects.bulk_create(batch, batch_size=5_000)
    return trust, schools, by, len(placement_ids), dates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--per-school", type=int, default=40)
    parser.add_argument("--days", type=int, default=190)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with database.throwaway_database():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext, setup_test_environment

        from altprov.attendance import summary as attendance_summary
        from altprov.attendance.models import AttendanceMark
        from altprov.duties.summary import refresh_all
        from tests.conftest import signed_in_client

        setup_test_environment()
        started = time.perf_counter()
        trust, schools, user, placements, dates = build(args.schools, args.per_school, args.days)
        built = time.perf_counter() - started
        marks = AttendanceMark.objects.count()
        # The marks went in with bulk_create, not through marks_save, which keeps the daily
        # attendance summary exact: count it once, as `refresh_summaries` would.
        started = time.perf_counter()
        attendance_summary.refresh_all()
        summarised = time.perf_counter() - started
        school_ids = [s.pk for s in schools]
        client = signed_in_client(user)
        url = f"/reports/trust/?from={dates[0]}&to={LAST_DAY}"

        def view():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        def baseline():
            """The same numbers in plain SQL: marks by school and code, placements by
            school and status."""
            marks = ", ".join(["%s"] * len(school_ids))
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT r.school_id, m.code, COUNT(*) "  # noqa: S608 - placeholders only
                    "FROM attendance_attendancemark m "
                    "JOIN placements_placement p ON p.id = m.placement_id "
                    "JOIN referrals_referral r ON r.id = p.referral_id "
                    f"WHERE r.school_id IN ({marks}) AND m.date >= %s AND m.date <= %s "
                    "GROUP BY r.school_id, m.code",
                    [*school_ids, dates[0], LAST_DAY],
                )
                by_code = cursor.fetchall()
                cursor.execute(
                    "SELECT r.school_id, p.status, COUNT(*) FROM placements_placement p "  # noqa: S608
                    "JOIN referrals_referral r ON r.id = p.referral_id "
                    f"WHERE r.school_id IN ({marks}) GROUP BY r.school_id, p.status",
                    school_ids,
                )
                return by_code, cursor.fetchall()

        # The first view warms the bank-holiday data, templates, URL modules and the query
        # compiler, and counts the duty summary of every school (none has one yet).
        view()
        started = time.perf_counter()
        refresh_all()  # the duty summary again, as the worker does every 15 minutes
        refreshed = time.perf_counter() - started
        baseline()
        view_times, base_times = [], []
        for _ in range(args.repeat):
            t, response = timed(view, 1)
            view_times += t
            t, (by_code, by_status) = timed(baseline, 1)
            base_times += t
        with CaptureQueriesContext(connection) as queries:
            view()
        vendor = connection.vendor
        size = len(response.content)
    view_median = statistics.median(view_times)
    base_median = statistics.median(base_times)
    limit = 1.5 * base_median + 0.030
    print(f"Database:               {vendor}")
    print(
        f"Data:                   {len(schools)} schools, {placements:,} placements, "
        f"{marks:,} marks over {len(dates)} weekdays (built in {built:.0f} s, not counted)"
    )
    print(f"Trust view queries:     {len(queries.captured_queries)} (page of {size:,} bytes)")
    print(f"Attendance summary:     {summarised:.2f} s to count from the marks (not counted)")
    print(f"Duty summary refresh:   {refreshed:.2f} s (the worker's job, not counted)")
    print(
        f"Trust view time:        median {view_median:.3f} s "
        f"(min {min(view_times):.3f}, max {max(view_times):.3f}, {args.repeat} runs)"
    )
    print(
        f"Baseline (raw SQL):     median {base_median:.3f} s "
        f"({len(by_code):,} school/code rows, {len(by_status):,} school/status rows)"
    )
    print(f"Ratio view / baseline:  {view_median / base_median:.2f}x")
    verdict = "yes" if view_median <= limit else "NO"
    print(f"View <= 1.5 x baseline + 30 ms ({limit:.3f} s): {verdict}")


if __name__ == "__main__":
    main()

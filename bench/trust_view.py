"""Benchmark of the trust's AP report (R-10.9): the page for a trust of 50 schools and 2,000
placements with a school year of attendance marks, against a plain query in the same run.

    .venv/bin/python bench/trust_view.py [--schools 50] [--per-school 40] [--days 190] [--repeat 5]

It builds one trust with 50 schools (a year of term dates each), 20 providers (one in four
unregistered, every one with a signed-off audit), 40 attending placements per school and, for
each placement, a mark for each session of the last `--days` weekdays up to 27 November 2026
(760,000 marks by default; one session in ten absent), all with bulk_create in a throwaway
database: a temporary SQLite file, or with DATABASE_URL (PostgreSQL) a temporary database next to
the one it names, dropped at the end.

It then times, alternately and `--repeat` times each:
1. the trust view: a GET of /reports/trust/ for the year, as a signed-in Trust Executive, through
   every middleware and the template (every section of `reports.sections.TRUST_SECTIONS`),
   counting its queries;
2. a plain query: the placements' rows (`.values(...)` of a few columns) fetched into a list;
3. for scale, the marks counted per code in one plain `GROUP BY` (the floor for reading a year of
   marks at all).
"""

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from duty_engine import setup_django, timed  # noqa: E402

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
    with tempfile.TemporaryDirectory(prefix="trust-view-bench-") as tmp_name:
        teardown = setup_django(Path(tmp_name))
        try:
            from django.db import connection
            from django.db.models import Count
            from django.test.utils import CaptureQueriesContext, setup_test_environment

            from altprov.attendance.models import AttendanceMark
            from altprov.placements.models import Placement
            from tests.conftest import signed_in_client

            setup_test_environment()
            started = time.perf_counter()
            trust, schools, user, placements, dates = build(
                args.schools, args.per_school, args.days
            )
            built = time.perf_counter() - started
            marks = AttendanceMark.objects.count()
            school_ids = [s.pk for s in schools]
            client = signed_in_client(user)
            url = f"/reports/trust/?from={dates[0]}&to={LAST_DAY}"

            def view():
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return response

            def plain():
                return list(
                    Placement.objects.filter(referral__school_id__in=school_ids).values(
                        "pk", "referral__school_id", "provider__name", "start_date", "status"
                    )
                )

            def marks_plain():
                return list(
                    AttendanceMark.objects.filter(placement__referral__school_id__in=school_ids)
                    .values("code")
                    .annotate(n=Count("pk"))
                    .order_by()
                )

            view()  # warm the bank-holiday data, templates and the query compiler once
            plain()
            view_times, plain_times, marks_times = [], [], []
            for _ in range(args.repeat):
                t, response = timed(view, 1)
                view_times += t
                t, rows = timed(plain, 1)
                plain_times += t
                t, _ = timed(marks_plain, 1)
                marks_times += t
            with CaptureQueriesContext(connection) as queries:
                view()
            vendor = connection.vendor
            size = len(response.content)
        finally:
            teardown()
    view_median = statistics.median(view_times)
    plain_median = statistics.median(plain_times)
    marks_median = statistics.median(marks_times)
    print(f"Database:               {vendor}")
    print(
        f"Data:                   {len(schools)} schools, {placements:,} placements, "
        f"{marks:,} marks over {len(dates)} weekdays (built in {built:.0f} s, not counted)"
    )
    print(f"Trust view queries:     {len(queries.captured_queries)} (page of {size:,} bytes)")
    print(
        f"Trust view time:        median {view_median:.3f} s "
        f"(min {min(view_times):.3f}, max {max(view_times):.3f}, {args.repeat} runs)"
    )
    print(
        f"Plain placements query: median {plain_median:.4f} s ({len(rows):,} rows; "
        f"min {min(plain_times):.4f}, max {max(plain_times):.4f})"
    )
    print(f"Marks GROUP BY code:    median {marks_median:.3f} s")
    print(f"Ratio view / plain:     {view_median / plain_median:.0f}x")
    print(f"Ratio view / marks:     {view_median / marks_median:.1f}x")


if __name__ == "__main__":
    main()

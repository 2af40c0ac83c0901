"""Benchmark of the national dashboards (issue 10, P7): the trust view for a few trusts, the
national dashboard and regional pages, each timed as the p95 of at least 20 requests, on a
database of national shape, against the live raw SQL aggregate they replace (same run).

    .venv/bin/python bench/national.py                     # reduced: 60 trusts, 500 schools
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dash_bench .venv/bin/python bench/national.py \\
        --trusts 2500 --schools 22000 --placements 100000 --days 190      # national, PostgreSQL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dash_bench .venv/bin/python bench/national.py \\
        --reuse dash_national                             # a database generated before

Without `--reuse` it builds a throwaway database (`bench/database.py`) and fills it
with `altprov.scale.generate.generate_totals(...)`, the service's data generator. With
`--reuse NAME` it uses the database NAME on the server DATABASE_URL names, already generated
(`manage.py generate_scale`) and migrated, and leaves it in place; it adds what the bench
needs there (a region for schools with none, the Service oversight and Trust Executive users
below) and refreshes the summaries unless `--skip-refresh`.

Steps, each printed:
1. schools with no region get one of the nine, by their trust's id, so each trust sits in one
   region as most trusts do (the generator's schools are fictional and have no GIAS row);
2. the summaries are refreshed as the worker does every 15 minutes (`refresh_summaries`): timed,
   not counted in the pages' times;
3. each page is requested `--requests` times (default 20) through the test client with every
   middleware, signed in: the trust view (`/reports/trust/`) as a Trust Executive of the
   largest, a middle and the smallest trust, the national dashboard and three regional pages as
   a Service oversight user; the p95 and median of each, and its query count;
4. the baseline: the raw SQL the national dashboard would need without the summaries
   (placements by region and status, and this term's marks by region and code), timed 3 times.

Target (P7): every page's p95 at most 1 s.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402

TERM_START = dt.date(2026, 9, 1)


@contextmanager
def existing_database(name: str):
    """Points Django at the database `name` on the DATABASE_URL server, left in place."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit("--reuse needs DATABASE_URL naming the PostgreSQL server")
    database.setup_django()
    from django.conf import settings
    from django.db import connection

    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    yield


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def regions_for_all() -> int:
    """Gives every school without a region one of the nine, by its trust's id (a trust's schools
    share a region, as most trusts' do); returns how many."""
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Mod

    from altprov.organisations.models import Region, School

    values = Region.values
    return (
        School.objects.filter(region="")
        .annotate(slot=Mod("trust_id", len(values), output_field=IntegerField()))
        .update(
            region=Case(
                *[When(slot=i, then=Value(v)) for i, v in enumerate(values)],
                default=Value(values[0]),
            )
        )
    )


def user_with(email: str, role: str, trust=None):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from altprov.accounts.models import User
    from altprov.authz.models import RoleAssignment

    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, full_name=email.split("@")[0].title()
    )
    RoleAssignment.objects.get_or_create(user=user, role=role, trust=trust, school=None)
    TOTPDevice.objects.get_or_create(user=user, name="Bench", defaults={"confirmed": True})
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trusts", type=int, default=60)
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--placements", type=int, default=2_500)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", metavar="DATABASE", help="A generated database to use")
    parser.add_argument("--skip-refresh", action="store_true", help="With --reuse: keep summaries")
    args = parser.parse_args()
    if args.requests < 20:
        parser.error("--requests must be at least 20 (a p95 needs them)")
    with existing_database(args.reuse) if args.reuse else database.throwaway_database():
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import Count
        from django.test.utils import CaptureQueriesContext, setup_test_environment

        from altprov.attendance.models import AttendanceMark
        from altprov.organisations.models import Region, School, Trust
        from altprov.placements.models import Placement
        from tests.conftest import signed_in_client

        setup_test_environment()
        built = 0.0
        if not args.reuse:
            try:
                from altprov.scale.generate import generate_totals
            except ImportError:
                sys.exit(
                    "The data generator (altprov.scale) is not in this tree: "
                    "use --reuse DATABASE with a database generated elsewhere"
                )
            started = time.perf_counter()
            generate_totals(
                trusts=args.trusts,
                schools=args.schools,
                placements=args.placements,
                days=args.days,
                out=lambda *a, **k: None,
            )
            built = time.perf_counter() - started
        given = regions_for_all()
        refreshed = None
        if not (args.reuse and args.skip_refresh):
            started = time.perf_counter()
            call_command("refresh_summaries", stdout=open(os.devnull, "w"))  # noqa: SIM115
            refreshed = time.perf_counter() - started
        sizes = {
            "trusts": Trust.objects.count(),
            "schools": School.objects.count(),
            "placements": Placement.objects.count(),
            "marks": AttendanceMark.objects.count(),
        }
        by_size = list(
            Trust.objects.annotate(n=Count("schools")).filter(n__gt=0).order_by("-n", "pk")
        )
        chosen = [by_size[0], by_size[len(by_size) // 2], by_size[-1]]
        pages = []
        for i, trust in enumerate(chosen):
            client = signed_in_client(
                user_with(f"bench.exec{i}@example.org", "trust_executive", trust)
            )
            # the trust view works in the user's current trust: their only one
            pages.append(
                (f"trust view, {trust.schools.count()} schools", client, "/reports/trust/")
            )
        oversight = signed_in_client(user_with("bench.oversight@example.org", "service_oversight"))
        pages.append(("national dashboard", oversight, "/service/dashboard/"))
        for value in (Region.LONDON, Region.NORTH_EAST, Region.SOUTH_WEST):
            pages.append(
                (
                    f"region: {Region(value).label}",
                    oversight,
                    f"/service/dashboard/regions/{value}/",
                )
            )

        results = []
        for name, client, url in pages:
            assert client.get(url).status_code == 200, url  # warm
            times = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, url
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            results.append(
                (name, p95(times), statistics.median(times), len(queries.captured_queries))
            )

        def live_aggregate():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT s.region, p.status, COUNT(*) FROM placements_placement p "
                    "JOIN referrals_referral r ON r.id = p.referral_id "
                    "JOIN organisations_school s ON s.id = r.school_id "
                    "GROUP BY s.region, p.status"
                )
                placements = cursor.fetchall()
                cursor.execute(
                    "SELECT s.region, m.code, COUNT(*) FROM attendance_attendancemark m "
                    "JOIN placements_placement p ON p.id = m.placement_id "
                    "JOIN referrals_referral r ON r.id = p.referral_id "
                    "JOIN organisations_school s ON s.id = r.school_id "
                    "WHERE m.date >= %s GROUP BY s.region, m.code",
                    [TERM_START],
                )
                return placements, cursor.fetchall()

        base_times = []
        for _ in range(3):
            started = time.perf_counter()
            live_aggregate()
            base_times.append(time.perf_counter() - started)
        vendor = connection.vendor
    base = statistics.median(base_times)
    print(f"Database:              {vendor}{' (reused: ' + args.reuse + ')' if args.reuse else ''}")
    print(
        f"Data:                  {sizes['trusts']:,} trusts, {sizes['schools']:,} schools, "
        f"{sizes['placements']:,} placements, {sizes['marks']:,} marks"
        + (f" (generated in {built:.0f} s, not counted)" if built else "")
    )
    print(f"Regions given:         {given:,} schools had none")
    if refreshed is not None:
        print(f"Summaries refreshed:   {refreshed:.1f} s (the worker's job, not counted)")
    print(
        f"Live raw SQL baseline: median {base:.3f} s (placements by region and status, "
        "this term's marks by region and code)"
    )
    print(f"{'Page':<34} {'p95':>8} {'median':>8} {'queries':>8} {'p95/base':>9}  p95 <= 1 s")
    worst = 0.0
    for name, high, median, queries in results:
        worst = max(worst, high)
        print(
            f"{name:<34} {high:>7.3f}s {median:>7.3f}s {queries:>8} {high / base:>8.2f}x  "
            f"{'yes' if high <= 1.0 else 'NO'}"
        )
    print(
        f"Every page p95 <= 1 s: {'yes' if worst <= 1.0 else 'NO'} (worst {worst:.3f} s, {args.requests} requests each)"
    )


if __name__ == "__main__":
    main()

"""Benchmark of the duty engine (issue 7, item 6): due dates for 10,000 placements across 50
schools, against a plain query over the same rows in the same run.

    .venv/bin/python bench/duty_engine.py [--schools 50] [--per-school 200] [--repeat 5]

It builds one trust with 50 schools (each with a year of term dates), 20 providers with a
signed-off audit each (so the re-audit duty has work), and 200 attending placements per school
(a pupil, an approved referral and a placement each, one in three with a review), all with
bulk_create in a throwaway database (bench/database.py: a temporary SQLite file, or with
DATABASE_URL a PostgreSQL database `<name>_bench_<pid>` next to the one it names; copied from a
migrated template and dropped at the end).

It then times, alternately and `--repeat` times each:
1. the engine: `due_items(schools, today, only_attention=False)`, every duty over every school,
   counting its queries;
2. a plain query: the same placements' rows (`.values(...)` of the columns the engine reads),
   fetched into a list, which is the floor for anything that looks at every placement.
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402


def build(schools_count: int, per_school: int):
    from django.utils import timezone

    from altprov.accounts.models import User
    from altprov.organisations.services import trust_create
    from altprov.provider_audits.models import ProviderAudit
    from altprov.providers.models import Provider
    from tests.duties.bulk import attending_placements
    from tests.factories import make_calendar, make_school

    trust = trust_create(name="Bench Trust")
    by = User.objects.create_user(email="bench@example.org", password=None, full_name="Bench")
    schools = [make_school(trust, f"Bench School {i:02d}") for i in range(schools_count)]
    for school in schools:
        make_calendar(school)
    providers = Provider.objects.bulk_create(
        Provider(
            trust=trust,
            name=f"Bench Provider {i:02d}",
            registration_status="registered",
            urn=f"{700000 + i}",
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
    return schools


def timed(func, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--per-school", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with database.throwaway_database():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from altprov.duties.engine import due_items
        from altprov.placements.models import Placement

        started = time.perf_counter()
        schools = build(args.schools, args.per_school)
        built = time.perf_counter() - started
        school_ids = [s.pk for s in schools]
        today = dt.date(2026, 11, 3)

        def engine():
            return due_items(schools, today, only_attention=False)

        def plain():
            return list(
                Placement.objects.filter(
                    referral__school_id__in=school_ids, status="active"
                ).values(
                    "pk",
                    "referral__school_id",
                    "referral__pupil_id",
                    "start_date",
                    "planned_end_date",
                    "provider__name",
                )
            )

        engine()  # warm the bank-holiday data and the query compiler once
        plain()
        engine_times, plain_times = [], []
        for _ in range(args.repeat):
            t, items = timed(engine, 1)
            engine_times += t
            t, rows = timed(plain, 1)
            plain_times += t
        with CaptureQueriesContext(connection) as queries:
            engine()
        vendor = connection.vendor
        by_duty: dict[str, int] = {}
        for item in items:
            by_duty[item.duty] = by_duty.get(item.duty, 0) + 1
    engine_median = statistics.median(engine_times)
    plain_median = statistics.median(plain_times)
    print(f"Database:               {vendor}")
    print(
        f"Placements:             {len(rows):,} attending, across {len(schools)} schools "
        f"(built in {built:.1f} s, not counted)"
    )
    print(
        f"Items computed:         {len(items):,} ({', '.join(f'{k} {v:,}' for k, v in sorted(by_duty.items()))})"
    )
    print(f"Engine queries:         {len(queries.captured_queries)}")
    print(
        f"Engine time:            median {engine_median:.3f} s "
        f"(min {min(engine_times):.3f}, max {max(engine_times):.3f}, {args.repeat} runs)"
    )
    print(
        f"Plain query, same rows: median {plain_median:.3f} s "
        f"(min {min(plain_times):.3f}, max {max(plain_times):.3f})"
    )
    print(f"Ratio engine / plain:   {engine_median / plain_median:.1f}x")
    print(f"Target under 2 s:       {'met' if engine_median < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()

"""The service's main queries on attendance marks and placements, explained by PostgreSQL on a
generated database (issue 10, item 2): which indexes they use and how long they take.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a generated database> \\
        .venv/bin/python bench/scale_explain.py

Run it on a database filled by `manage.py generate_scale` (for example `--size national`). For
each query it prints the plan's scans (index or sequential, on which table) and the execution
time of `EXPLAIN (ANALYZE, BUFFERS)`, and, as the plain baseline, the time of `SELECT count(*)`
of the whole marks table, measured in the same run.
"""

import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def queries():
    from django.db.models import Count

    from altprov.attendance.models import AttendanceMark
    from altprov.organisations.models import Trust
    from altprov.placements.models import Placement

    trust = Trust.objects.order_by("pk").last()
    schools = list(trust.schools.values_list("pk", flat=True))
    school = schools[0]
    active = list(
        Placement.objects.filter(referral__school_id=school, status="active").values_list(
            "pk", flat=True
        )
    )
    one = active[0]
    start, end = dt.date(2025, 9, 1), dt.date(2026, 11, 27)
    monday = dt.date(2026, 11, 23)
    yield (
        "trust report: marks per school, day and code for a year (reports.data)",
        AttendanceMark.objects.filter(
            placement__referral__school_id__in=schools, date__gte=start, date__lte=end
        )
        .order_by()
        .values("placement__referral__school_id", "date", "code")
        .annotate(n=Count("pk")),
    )
    yield (
        "placement page: one placement's marks (attendance.selectors)",
        AttendanceMark.objects.filter(placement_id=one).values_list("date", "code"),
    )
    yield (
        "week grid: a school's attending placements, one week (attendance.week)",
        AttendanceMark.objects.filter(
            placement__in=active, date__range=(monday, monday + dt.timedelta(4))
        ),
    )
    yield (
        "attendance duty: marks counted per placement and code (attendance.duties)",
        AttendanceMark.objects.filter(placement__in=active)
        .values("placement_id", "code")
        .annotate(n=Count("pk")),
    )
    yield (
        "placements list of a school (placements.views)",
        Placement.objects.filter(referral__school_id=school).select_related(
            "referral__pupil", "provider"
        ),
    )
    yield (
        "duty engine: a trust's attending placements (duties.engine)",
        Placement.objects.filter(referral__school_id__in=schools, status="active"),
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "altprov.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a generated PostgreSQL database")
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SELECT count(*) FROM attendance_attendancemark")
        marks = cursor.fetchone()[0]
        baseline = time.perf_counter() - started
        print(f"Marks: {marks:,}; plain count(*) of the table: {baseline * 1000:.0f} ms")
        for name, queryset in queries():
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
            scans = sorted(
                {
                    re.sub(r"\s+\(cost.*", "", line.strip().lstrip("-> "))
                    for line in plan
                    if "Scan" in line
                }
            )
            took = next(line for line in plan if line.startswith("Execution Time"))
            ms = float(re.search(r"([\d.]+) ms", took).group(1))
            print(f"\n{name}\n  {ms:,.1f} ms ({ms / 1000 / baseline:.2f}x the plain count)")
            for scan in scans:
                print(f"  {scan}")


if __name__ == "__main__":
    main()

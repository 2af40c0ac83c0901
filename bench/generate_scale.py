"""Benchmark of the scale data generator (issue 10, item 2): the time to generate a trust (by
default the large one: 50 schools, 2,000 placements, 190 weekdays of marks), against a plain
bulk write of the same number of rows in the same run.

    .venv/bin/python bench/generate_scale.py [--size large|national] [--trusts N
        --schools-per-trust M --placements-per-school P --days D]

It generates into a throwaway database (bench/database.py): a temporary SQLite file, or with
DATABASE_URL (PostgreSQL) a database named after the one DATABASE_URL names plus `_bench_<pid>`,
copied from a migrated template and dropped at the end. Then, as the baseline, it writes the
same total number of rows as plainly as the database allows, into a scratch table shaped like the
attendance marks: prebuilt tuples with one `COPY` (PostgreSQL) or `executemany` INSERTs in
batches of 5,000 (SQLite). The ratio is what building realistic, linked rows for 60 tables costs
over writing bare rows.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402


def plain_write(rows: int) -> float:
    """Seconds to write `rows` bare mark-shaped rows into a scratch table, as plainly as the
    database allows, in one transaction."""
    from django.db import connection, transaction

    day, entered = dt.date(2026, 11, 27), dt.datetime(2026, 11, 27, 16, tzinfo=dt.UTC)
    data = [(n, n // 300, day, "AM", "/", 1, entered) for n in range(rows)]
    columns = "id bigint, placement_id bigint, date date, session varchar(2), code varchar(2), "
    columns += "entered_by_id bigint, entered_at timestamp with time zone"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMPORARY TABLE plain_marks ({columns})")
            started = time.perf_counter()
            with cursor.cursor.copy("COPY plain_marks FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        else:
            cursor.execute(
                f"CREATE TEMPORARY TABLE plain_marks ({columns.replace('bigint', 'integer')})"
            )
            text = [
                (a, b, c.isoformat(), d, e, f, g.isoformat(" ")) for a, b, c, d, e, f, g in data
            ]
            started = time.perf_counter()
            for start in range(0, rows, 5_000):
                cursor.cursor.executemany(
                    "INSERT INTO plain_marks VALUES (?, ?, ?, ?, ?, ?, ?)",
                    text[start : start + 5_000],
                )
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE plain_marks")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["large", "national"], default="large")
    parser.add_argument("--trusts", type=int)
    parser.add_argument("--schools-per-trust", type=int)
    parser.add_argument("--placements-per-school", type=int)
    parser.add_argument("--days", type=int)
    args = parser.parse_args()
    with database.throwaway_database():
        from django.db import connection

        from altprov.scale.generate import generate, generate_totals
        from altprov.scale.management.commands.generate_scale import SIZES

        started = time.perf_counter()
        if args.trusts:
            written = generate(
                trusts=args.trusts,
                schools_per_trust=args.schools_per_trust,
                placements_per_school=args.placements_per_school,
                days=args.days or 190,
            )
            shape = (
                f"{args.trusts} x {args.schools_per_trust} schools x "
                f"{args.placements_per_school} placements, {args.days or 190} weekdays"
            )
        else:
            size = SIZES[args.size]
            written = generate_totals(
                trusts=size["trusts"],
                schools=size["schools"],
                placements=size["placements"],
                days=args.days or size["days"],
            )
            shape = (
                f"{args.size}: {size['trusts']:,} trusts, {size['schools']:,} schools, "
                f"{size['placements']:,} placements, {args.days or size['days']} weekdays"
            )
        generated = time.perf_counter() - started
        rows = sum(written.values())
        plain = plain_write(rows)
        vendor = connection.vendor
    marks = written.get("attendance_attendancemark", 0)
    print(f"Database:               {vendor}")
    print(f"Size:                   {shape}")
    print(
        f"Rows written:           {rows:,} in {len(written)} tables "
        f"({marks:,} marks, {written.get('placements_placement', 0):,} placements)"
    )
    print(f"Generator time:         {generated:.1f} s ({rows / generated:,.0f} rows/s)")
    print(f"Plain write, same rows: {plain:.1f} s ({rows / plain:,.0f} rows/s)")
    print(f"Ratio generator / plain: {generated / plain:.1f}x")


if __name__ == "__main__":
    main()

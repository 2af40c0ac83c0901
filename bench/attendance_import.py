"""Benchmark P3 (issue 10): importing an MIS's CSV file of 1,000,000 attendance marks, against
PostgreSQL's COPY of the same rows into the same table, in the same run.

    .venv/bin/python bench/attendance_import.py [--marks 1000000] [--days 185] [--repeat 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<yours> .venv/bin/python bench/attendance_import.py

It builds, with bulk_create in a throwaway database (bench/database.py: a temporary SQLite file,
or with DATABASE_URL a database named after the one it names with `_bench_<pid>` added; copied
from a migrated template, dropped at the end), one school with a year of term dates and enough
attending placements (every weekday, both sessions, the whole year) that `--marks` marks are
valid: 2,703 placements × 185 school days × 2 sessions by default.
It writes the CSV file (UPN, Date, Session, Code; one row per pupil per session, day by day; most
sessions present, about one in twelve an absence, one in forty unauthorised) and then times,
alternately and `--repeat` times each, on emptied tables:

1. the import: `attendance.importing.marks_import` from the file's bytes, everything included:
   decoding and parsing, checking every row, writing the marks and their history rows, opening
   the follow-ups for unauthorised absences and counting the daily summary, in one transaction;
2. the baseline: on PostgreSQL, `COPY attendance_attendancemark (...) FROM STDIN` of the same rows
   already resolved to placement ids (text prepared before the clock starts), in one
   transaction; on SQLite, which has no COPY, a plain `executemany` INSERT of the same rows.

It prints both medians and the ratio baseline / import (the issue's target: at least 0.3), and,
from one more import, how the time splits between reading and checking and writing.
"""

import argparse
import datetime as dt
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import database  # noqa: E402

TODAY = dt.date(2027, 7, 30)


def build(marks: int, days: int):
    from altprov.accounts.models import User
    from altprov.organisations.services import trust_create
    from altprov.placements.models import Placement
    from altprov.providers.models import Provider
    from altprov.termdates.schooldays import SchoolCalendar
    from tests.duties.bulk import attending_placements
    from tests.factories import make_calendar, make_school

    trust = trust_create(name="Bench Trust")
    by = User.objects.create_user(email="bench@example.org", password=None, full_name="Bench")
    school = make_school(trust, "Bench School")
    make_calendar(school)
    provider = Provider.objects.create(
        trust=trust,
        name="Bench Provider",
        registration_status="registered",
        urn="700001",
        address_line_1="1 Bench Road",
        town="Benchtown",
        postcode="ZZ1 1AA",
        manager_name="Bench Manager",
    )
    calendar = SchoolCalendar.for_school(school)
    school_days, day = [], dt.date(2026, 9, 1)
    while len(school_days) < days:
        if calendar.is_school_day(day):
            school_days.append(day)
        day += dt.timedelta(days=1)
    assert school_days[-1] <= TODAY, "more school days asked for than the year has"
    per_school = -(-marks // (2 * days))
    attending_placements([school], per_school, provider, by)
    # Attending the whole year, every weekday (no weekly pattern entered).
    Placement.objects.filter(referral__school=school).update(
        start_date=dt.date(2026, 9, 1),
        started_on=dt.date(2026, 9, 1),
        planned_end_date=dt.date(2027, 7, 31),
    )
    pupils = list(
        Placement.objects.filter(referral__school=school)
        .order_by("pk")
        .values_list("pk", "referral__pupil__upn")
    )
    return school, by, pupils, school_days


def code_for(n: int, i: int, pm: bool) -> str:
    """Mostly present; about one session in twelve absent, one in forty unauthorised."""
    k = (n * 7 + i * 3 + pm) % 120
    if k < 3:
        return "N" if k == 0 else "O"
    if k < 10:
        return "I" if k < 7 else "M"
    if k < 12:
        return "B"
    return "\\" if pm else "/"


def rows_of(pupils, school_days, marks: int):
    """(placement id, UPN, day, session, code), day by day, as an MIS exports a register."""
    rows = []
    for i, day in enumerate(school_days):
        for n, (pk, upn) in enumerate(pupils):
            for pm in (False, True):
                rows.append((pk, upn, day, "PM" if pm else "AM", code_for(n, i, pm)))
    return rows[:marks]


def write_csv(path: Path, rows) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("UPN,Date,Session,Code\n")
        for _, upn, day, session, code in rows:
            out.write(f"{upn},{day:%d/%m/%Y},{session},{code}\n")
    return path.stat().st_size


def empty_tables() -> None:
    from django.db import connection, transaction

    from altprov.attendance.models import AttendanceMark, DailyAttendance, FollowUp

    tables = [
        AttendanceMark._meta.db_table,
        AttendanceMark.history.model._meta.db_table,
        FollowUp._meta.db_table,
        FollowUp.history.model._meta.db_table,
        DailyAttendance._meta.db_table,
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--marks", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=185)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with database.throwaway_database() as db:
        results = run(args, db.tmp)
    report(args, results)


def run(args, tmp: Path) -> dict:
    from django.db import connection, transaction
    from django.db.models import Sum

    from altprov.attendance import importing
    from altprov.attendance.import_checks import Checker, attending_by_upn
    from altprov.attendance.models import AttendanceMark, DailyAttendance, FollowUp
    from altprov.termdates.schooldays import SchoolCalendar

    started = time.perf_counter()
    school, by, pupils, school_days = build(args.marks, args.days)
    rows = rows_of(pupils, school_days, args.marks)
    path = tmp / "marks.csv"
    size = write_csv(path, rows)
    built = time.perf_counter() - started
    table = AttendanceMark._meta.db_table
    columns = "placement_id, date, session, code, entered_by_id, entered_at"
    stamp = dt.datetime(2027, 7, 30, 16, 0, tzinfo=dt.UTC)
    postgres = connection.vendor == "postgresql"
    if postgres:
        escaped = {"\\": "\\\\"}
        copy_text = "".join(
            f"{pk}\t{day.isoformat()}\t{session}\t{escaped.get(code, code)}\t{by.pk}\t"
            f"{stamp.isoformat()}\n"
            for pk, _, day, session, code in rows
        ).encode()
    else:
        params = [
            (pk, day.isoformat(), session, code, by.pk, "2027-07-30 16:00:00")
            for pk, _, day, session, code in rows
        ]

    def do_import():
        outcome = importing.marks_import(
            school=school,
            data=path.read_bytes(),
            by=by,
            calendar=SchoolCalendar.for_school(school),
            today=TODAY,
        )
        if outcome.problem or outcome.errors:
            raise SystemExit(
                f"The import refused the file: {outcome.problem or outcome.errors[:5]}"
            )
        return outcome

    def baseline():
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write(copy_text)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
                    params,
                )

    def check_only():
        text = importing._decode(path.read_bytes())
        reader = importing.csv.reader(io.StringIO(text))
        keys = [h.strip().casefold() for h in next(reader)]
        at = tuple(keys.index(name.casefold()) for name, _ in importing.COLUMNS)
        checker = Checker(attending_by_upn(school), SchoolCalendar.for_school(school), TODAY)
        checker.check(enumerate(reader, start=2), at, skip_blank=True)
        assert not checker.errors and len(checker.accepted) == len(rows)

    import_times, baseline_times = [], []
    for _ in range(args.repeat):
        empty_tables()
        t0 = time.perf_counter()
        outcome = do_import()
        import_times.append(time.perf_counter() - t0)
        # Everything was written: the marks, a history row each, the summary, the follow-ups.
        assert AttendanceMark.objects.count() == len(rows) == outcome.result.added
        assert AttendanceMark.history.filter(history_type="+").count() == len(rows)
        assert DailyAttendance.objects.aggregate(n=Sum("sessions"))["n"] == len(rows)
        assert FollowUp.objects.count() == outcome.result.follow_ups > 0
        empty_tables()
        t0 = time.perf_counter()
        baseline()
        baseline_times.append(time.perf_counter() - t0)
        assert AttendanceMark.objects.count() == len(rows)
    t0 = time.perf_counter()
    check_only()
    checked = time.perf_counter() - t0
    empty_tables()
    t0 = time.perf_counter()
    outcome = do_import()
    whole = time.perf_counter() - t0
    # The same file again: every mark unchanged (checked, staged and compared, nothing written).
    t0 = time.perf_counter()
    again = do_import()
    unchanged = time.perf_counter() - t0
    assert again.result.unchanged == len(rows) and again.result.added == 0
    return {
        "vendor": connection.vendor,
        "marks": len(rows),
        "placements": len(pupils),
        "days": len(school_days),
        "size": size,
        "built": built,
        "import": import_times,
        "baseline": baseline_times,
        "checked": checked,
        "whole": whole,
        "unchanged": unchanged,
        "result": str(outcome.result),
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def report(args, r: dict) -> None:
    imp, base = statistics.median(r["import"]), statistics.median(r["baseline"])
    baseline_name = (
        "PostgreSQL COPY into the table"
        if r["vendor"] == "postgresql"
        else "plain executemany INSERT (SQLite has no COPY)"
    )
    print(f"Database:              {r['vendor']}")
    print(
        f"Data:                  {r['marks']:,} marks: {r['placements']:,} placements × "
        f"{r['days']} school days × 2 sessions; file of {r['size'] / 1e6:.1f} MB "
        f"(built in {r['built']:.0f} s, not counted)"
    )
    print(f"Import result:         {r['result']}")
    print(
        f"Import (everything):   median {imp:.2f} s (min {min(r['import']):.2f}, "
        f"max {max(r['import']):.2f}, {args.repeat} runs), {r['marks'] / imp:,.0f} marks/s"
    )
    print(
        f"Baseline:              median {base:.2f} s (min {min(r['baseline']):.2f}, "
        f"max {max(r['baseline']):.2f}): {baseline_name}"
    )
    print(f"Ratio baseline/import: {base / imp:.2f} (target at least 0.3)")
    print(
        f"One more import:       {r['whole']:.2f} s, of which reading and checking "
        f"{r['checked']:.2f} s (measured alone) and writing the rest"
    )
    print(f"The same file again:   {r['unchanged']:.2f} s (every mark unchanged)")
    print(f"Peak RSS:              {r['rss']:.0f} MB")
    print(f"Load average:          {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""The daily attendance summary (issue 10, P7): how many sessions each school marked with each
code on each day, for the trust's and the national dashboards, which cannot count tens of millions
of marks on every request.

`DailyAttendance` is derived from the marks and kept exact: every path that writes marks
(`services.marks_save`, which the week's grid, the provider portal and the API's bulk write use,
corrections included, and the CSV import's bulk path `import_writes.marks_write`) calls
`refresh` for the schools and days it touched, in the same transaction. `refresh` deletes those rows and counts them
again from the marks in one `INSERT ... SELECT ... GROUP BY`, in SQL on every database.

Writers of one school's marks queue on the school's row (`lock_schools`), so two imports at once
cannot both count the same day. Readers (the dashboards) use `counts`, never the table directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from altprov.organisations.models import School
from altprov.placements.models import Placement
from altprov.referrals.models import Referral

from .models import AttendanceMark, DailyAttendance


def _tables() -> dict[str, str]:
    """The tables' names from the models (the only text put into the SQL here; every value is a
    parameter)."""
    return {
        "summary": DailyAttendance._meta.db_table,
        "mark": AttendanceMark._meta.db_table,
        "placement": Placement._meta.db_table,
        "referral": Referral._meta.db_table,
    }


def _insert_select(where: str) -> str:
    t = _tables()
    return (
        f"INSERT INTO {t['summary']} (school_id, date, code, sessions) "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        f"SELECT r.school_id, m.date, m.code, COUNT(*) FROM {t['mark']} m "
        f"JOIN {t['placement']} p ON p.id = m.placement_id "
        f"JOIN {t['referral']} r ON r.id = p.referral_id "
        f"WHERE {where} GROUP BY r.school_id, m.date, m.code"
    )


def schools_of(placement_ids: Iterable[int]) -> list[int]:
    """The schools the placements belong to (one query), in order."""
    ids = sorted(set(placement_ids))
    if not ids:
        return []
    return sorted(
        set(
            Placement.objects.filter(pk__in=ids)
            .order_by()
            .values_list("referral__school_id", flat=True)
        )
    )


def lock_schools(school_ids: Iterable[int]) -> None:
    """Makes writers of the same schools' marks wait for each other until the transaction ends
    (on PostgreSQL `SELECT ... FOR NO KEY UPDATE` of the schools' rows, in id order, which does not
    block inserts that only refer to the school; SQLite's writers already queue)."""
    ids = sorted(set(school_ids))
    if ids:
        list(
            School.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def refresh(school_ids: Iterable[int], first: dt.date, last: dt.date) -> None:
    """Counts again the schools' sessions per day and code from `first` to `last` (inclusive):
    two statements whatever the number of marks. Call it in the transaction that wrote them."""
    ids = sorted(set(school_ids))
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_tables()['summary']} "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
            f"WHERE school_id IN ({marks}) AND date >= %s AND date <= %s",
            [*ids, first, last],
        )
        cursor.execute(
            _insert_select(f"r.school_id IN ({marks}) AND m.date >= %s AND m.date <= %s"),
            [*ids, first, last],
        )


def refresh_all() -> None:
    """Counts every school's marks again (the data migration, or a repair)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_tables()['summary']}")  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        cursor.execute(_insert_select("1 = 1"))


def counts(
    school_ids: Iterable[int], first: dt.date, last: dt.date
) -> Iterator[tuple[int, dt.date, str, int]]:
    """(school id, day, code, sessions) for the schools from `first` to `last` inclusive: what a
    GROUP BY of the marks per school, day and code gives, read from the summary (one query)."""
    return iter(
        DailyAttendance.objects.filter(
            school_id__in=list(school_ids), date__gte=first, date__lte=last
        )
        .order_by()
        .values_list("school_id", "date", "code", "sessions")
    )


def counts_from_marks(
    school_ids: Iterable[int], first: dt.date, last: dt.date
) -> list[tuple[int, dt.date, str, int]]:
    """The same numbers counted from the marks themselves (for checks and the benchmarks)."""
    ids = sorted(set(school_ids))
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.school_id, m.date, m.code, COUNT(*) FROM {t['mark']} m "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
            f"JOIN {t['placement']} p ON p.id = m.placement_id "
            f"JOIN {t['referral']} r ON r.id = p.referral_id "
            f"WHERE r.school_id IN ({marks}) AND m.date >= %s AND m.date <= %s "
            f"GROUP BY r.school_id, m.date, m.code",
            [*ids, first, last],
        )
        return [(s, _day(d), c, n) for s, d, c, n in cursor.fetchall()]


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)

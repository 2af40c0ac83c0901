"""Writing a whole file of checked marks at once (R-10.6, X-3; issue 10, P3): a fixed number of
statements whatever the number of marks, all in one transaction, the school's row locked first
(`summary.lock_schools`, as in `services.marks_save`) so writers of one school's marks queue.

Two routes, both ending with the daily summary counted again for the file's days:
- **Fresh**: the school has no mark in the file's range (a term imported for the first time).
  The marks go straight into the marks table: psycopg's COPY on PostgreSQL, `executemany` in
  large batches on SQLite. Their history rows ("+", by and when, as `bulk_create_with_history`
  writes them) and the follow-ups are then written from the table by set-based SQL.
- **Staged**: otherwise. The marks go into a temporary staging table (COPY or `executemany`), each
  is matched to the stored mark of its session (one `UPDATE ... FROM`); new marks are inserted,
  changed ones corrected, each with its history row ("+" or "~", so the earlier mark stays in the
  history), and a mark given again with the same code changes nothing.
Either way an unauthorised mark, new or changed, opens a follow-up for its day (with its history
row) unless the day has one (R-10.6)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from altprov.placements.models import Placement

from . import summary
from .codes import CODES, Meaning
from .import_checks import Accepted
from .models import AttendanceMark, FollowUp
from .services import SaveResult

STAGING = "attendance_import_staging"
ABSENT = "attendance_import_absent"
BATCH = 50_000
FOLLOW_UP_REASON = "Unauthorised absence marked"
UNAUTHORISED = tuple(sorted(c for c, code in CODES.items() if code.meaning is Meaning.UNAUTHORISED))
_MARK_COLUMNS = "id, placement_id, date, session, code, entered_by_id, entered_at"
_FOLLOW_UP_COLUMNS = (
    "id, placement_id, absence_date, reason, opened_at, method, done_on, outcome, recorded_by_id"
)
_HISTORY = "history_date, history_change_reason, history_type, history_user_id"
_COPY_TEXT = {code: code.replace("\\", "\\\\") for code in CODES}  # COPY's text format


def _names() -> dict[str, str]:
    """The tables' names from the models: the only text put into the SQL here."""
    return {
        "mark": AttendanceMark._meta.db_table,
        "mark_history": AttendanceMark.history.model._meta.db_table,
        "follow_up": FollowUp._meta.db_table,
        "follow_up_history": FollowUp.history.model._meta.db_table,
        "placement": Placement._meta.db_table,
        "referral": Placement._meta.get_field("referral").related_model._meta.db_table,
    }


def marks_write(accepted: Accepted, *, school, by) -> SaveResult:
    """Saves the checked marks of one school's file: adds, corrects, leaves the same alone."""
    if not len(accepted):
        return SaveResult(0, 0, 0, 0)
    days = {day for _, day, _, _ in accepted.rows}
    first, last = min(days), max(days)
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    # The school's marks in the file's range.
    scope = (
        f"{_IN_SCHOOL.format(**_names())} AND m.date >= %s AND m.date <= %s",
        [school.pk, *_dates(first, last)],
    )
    with transaction.atomic(), connection.cursor() as cursor:
        summary.lock_schools([school.pk])
        cursor.execute(f"SELECT 1 FROM {_names()['mark']} m WHERE {scope[0]} LIMIT 1", scope[1])  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        if cursor.fetchone() is None:
            added, corrected, opened = _fresh(cursor, accepted, by.pk, stamp, scope)
        else:
            added, corrected, opened = _staged(cursor, accepted, by.pk, stamp)
        summary.refresh([school.pk], first, last)
    return SaveResult(added, corrected, len(accepted) - added - corrected, opened)


_IN_SCHOOL = (
    "m.placement_id IN (SELECT p.id FROM {placement} p JOIN {referral} r "
    "ON r.id = p.referral_id WHERE r.school_id = %s)"
)


def _fresh(cursor, accepted: Accepted, by_id: int, stamp, scope) -> tuple[int, int, int]:
    """No mark of the school in the range: every mark is new, loaded straight into the table."""
    t = _names()
    where, params = scope
    _load(cursor, t["mark"], accepted, (by_id, stamp))
    cursor.execute(
        _mark_history(_prefixed("m", _MARK_COLUMNS), "+") + f" FROM {t['mark']} m WHERE {where}",
        [stamp, by_id, *params],
    )
    opened = _open_follow_ups(
        cursor,
        f"SELECT m.placement_id, m.date FROM {t['mark']} m WHERE {where} AND m.code IN ({_codes()})",  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        [*params, *UNAUTHORISED],
        stamp,
        by_id,
    )
    return len(accepted), 0, opened


def _staged(cursor, accepted: Accepted, by_id: int, stamp) -> tuple[int, int, int]:
    """Some marks of the school in the range: staged, then matched to the stored marks."""
    t = _names()
    postgres = connection.vendor == "postgresql"
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGING} (placement_id bigint NOT NULL, date date NOT NULL, "
        "session varchar(2) NOT NULL, code varchar(2) NOT NULL, mark_id bigint, "
        "old_code varchar(2))"
    )
    _load(cursor, STAGING, accepted, ())
    if postgres:
        cursor.execute(f"ANALYZE {STAGING}")  # temporary tables are never analysed otherwise
    cursor.execute(
        f"UPDATE {STAGING} SET mark_id = m.id, old_code = m.code FROM {t['mark']} m "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        f"WHERE m.placement_id = {STAGING}.placement_id AND m.date = {STAGING}.date "
        f"AND m.session = {STAGING}.session"
    )
    # The follow-ups' days first: after the writes a new or changed mark looks like any other.
    opened = _open_follow_ups(
        cursor,
        f"SELECT s.placement_id, s.date FROM {STAGING} s WHERE s.code IN ({_codes()}) "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        "AND (s.mark_id IS NULL OR s.old_code <> s.code)",
        list(UNAUTHORISED),
        stamp,
        by_id,
    )
    insert = (
        f"INSERT INTO {t['mark']} (placement_id, date, session, code, entered_by_id, entered_at) "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        f"SELECT placement_id, date, session, code, %s, %s FROM {STAGING} WHERE mark_id IS NULL"
    )
    changed = f"{STAGING}.mark_id = {t['mark']}.id AND {STAGING}.old_code <> {STAGING}.code"
    update = (
        f"UPDATE {t['mark']} SET code = {STAGING}.code, entered_by_id = %s, entered_at = %s "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        f"FROM {STAGING} WHERE {changed}"
    )
    if postgres:
        cursor.execute(
            f"WITH new AS ({insert} RETURNING {_MARK_COLUMNS}) "
            f"{_mark_history(_MARK_COLUMNS, '+')} FROM new",
            [by_id, stamp, stamp, by_id],
        )
        added = cursor.rowcount
        cursor.execute(
            f"WITH changed AS ({update} RETURNING {_prefixed(t['mark'], _MARK_COLUMNS)}) "
            f"{_mark_history(_MARK_COLUMNS, '~')} FROM changed",
            [by_id, stamp, stamp, by_id],
        )
        corrected = cursor.rowcount
    else:
        cursor.execute(insert, [by_id, stamp])
        added = cursor.rowcount
        cursor.execute(
            _mark_history(_prefixed("m", _MARK_COLUMNS), "+")
            + f" FROM {t['mark']} m JOIN {STAGING} s ON m.placement_id = s.placement_id "
            "AND m.date = s.date AND m.session = s.session WHERE s.mark_id IS NULL",
            [stamp, by_id],
        )
        cursor.execute(update, [by_id, stamp])
        corrected = cursor.rowcount
        cursor.execute(
            _mark_history(_prefixed("m", _MARK_COLUMNS), "~")
            + f" FROM {t['mark']} m JOIN {STAGING} s ON s.mark_id = m.id "
            "WHERE s.old_code <> s.code",
            [stamp, by_id],
        )
    cursor.execute(f"DROP TABLE {STAGING}")
    return added, corrected, opened


def _load(cursor, table: str, accepted: Accepted, extra: tuple) -> None:
    """The marks (placement, date, session, code, then `extra` on every row) into `table`: COPY
    on PostgreSQL, executemany in batches on SQLite."""
    columns = "placement_id, date, session, code" + (", entered_by_id, entered_at" if extra else "")
    rows = accepted.rows
    iso = {d: d.isoformat() for d in {day for _, day, _, _ in rows}}
    if connection.vendor == "postgresql":
        tail = "".join(f"\t{value}" for value in extra) + "\n"
        text = _COPY_TEXT
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            batch = []
            for pid, day, session, code in rows:
                batch.append(f"{pid}\t{iso[day]}\t{session}\t{text[code]}{tail}")
                if len(batch) == BATCH:
                    copy.write("".join(batch))
                    batch = []
            if batch:
                copy.write("".join(batch))
        return
    marks = ", ".join(["%s"] * (4 + len(extra)))
    insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608  # table names from the models, values as parameters
    batch = []
    for pid, day, session, code in rows:
        batch.append((pid, iso[day], session, code, *extra))
        if len(batch) == BATCH:
            cursor.executemany(insert, batch)
            batch = []
    if batch:
        cursor.executemany(insert, batch)


def _open_follow_ups(cursor, days_sql: str, params: list, stamp, by_id: int) -> int:
    """A follow-up (and its history row) for each (placement, day) that `days_sql` selects,
    unless the day has one already (R-10.6)."""
    t = _names()
    cursor.execute(f"DROP TABLE IF EXISTS {ABSENT}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {ABSENT} AS SELECT DISTINCT d.placement_id, d.date "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        f"FROM ({days_sql}) d WHERE NOT EXISTS (SELECT 1 FROM {t['follow_up']} f "
        "WHERE f.placement_id = d.placement_id AND f.absence_date = d.date)",
        params,
    )
    cursor.execute(
        f"INSERT INTO {t['follow_up']} (placement_id, absence_date, reason, opened_at, method, "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        f"done_on, outcome, recorded_by_id) SELECT placement_id, date, %s, %s, '', NULL, '', "
        f"NULL FROM {ABSENT}",
        [FOLLOW_UP_REASON, stamp],
    )
    opened = cursor.rowcount
    cursor.execute(
        f"INSERT INTO {t['follow_up_history']} ({_FOLLOW_UP_COLUMNS}, {_HISTORY}) "  # noqa: S608  # nosec B608  # table names from the models, values as parameters
        f"SELECT {_prefixed('f', _FOLLOW_UP_COLUMNS)}, %s, NULL, '+', %s "
        f"FROM {t['follow_up']} f JOIN {ABSENT} a "
        "ON f.placement_id = a.placement_id AND f.absence_date = a.date",
        [stamp, by_id],
    )
    cursor.execute(f"DROP TABLE {ABSENT}")
    return opened


def _mark_history(source: str, kind: str) -> str:
    """The start of an INSERT of history rows of type `kind` ("+" added, "~" changed) whose mark
    columns are `source`; the parameters are the history's date and user."""
    table = _names()["mark_history"]
    return (
        f"INSERT INTO {table} ({_MARK_COLUMNS}, {_HISTORY}) "  # noqa: S608
        f"SELECT {source}, %s, NULL, '{kind}', %s"
    )


def _codes() -> str:
    return ", ".join(["%s"] * len(UNAUTHORISED))


def _dates(*days: dt.date) -> list:
    return [connection.ops.adapt_datefield_value(day) for day in days]


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))

"""Writing a whole file of checked marks at once (R-10.6, X-3; issue 10, P3): a fixed number of
statements whatever the number of marks, all in one transaction.

The marks go into a temporary staging table first: on PostgreSQL with psycopg's COPY, on SQLite
with `executemany` in large batches. Everything else is set-based SQL on the staging table:
- the marks already stored for the same sessions are found (one `UPDATE ... FROM`, only if the
  school has any mark in the file's range at all);
- new marks are inserted and each gets its history row ("+", by and when), as
  `bulk_create_with_history` would write it;
- changed marks are corrected and each correction gets its history row ("~"), so the earlier
  mark stays in the history; a mark given again with the same code changes nothing;
- an unauthorised mark, new or changed, opens a follow-up for its day unless one is there, with
  its history row;
- the daily summary is counted again for the school's days (`summary.refresh`).
Writers of the same school queue on the school's row (`summary.lock_schools`), as in
`services.marks_save`."""

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


def _names() -> dict[str, str]:
    """The tables' names from the models: the only text put into the SQL here."""
    return {
        "mark": AttendanceMark._meta.db_table,
        "mark_history": AttendanceMark.history.model._meta.db_table,
        "follow_up": FollowUp._meta.db_table,
        "follow_up_history": FollowUp.history.model._meta.db_table,
        "placement": Placement._meta.db_table,
    }


def marks_write(accepted: Accepted, *, school, by) -> SaveResult:
    """Saves the checked marks of one school's file: adds, corrects, leaves the same alone."""
    if not len(accepted):
        return SaveResult(0, 0, 0, 0)
    first, last = min(accepted.days), max(accepted.days)
    now = timezone.now()
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        summary.lock_schools([school.pk])
        _stage(cursor, accepted, postgres)
        _find_stored(cursor, postgres, school.pk, first, last)
        added = _insert_new(cursor, by.pk, now, postgres)
        corrected = _correct_changed(cursor, by.pk, now, postgres)
        opened = _open_follow_ups(cursor, now, by.pk)
        cursor.execute(f"DROP TABLE {STAGING}")
        summary.refresh([school.pk], first, last)
    return SaveResult(added, corrected, len(accepted) - added - corrected, opened)


def _stage(cursor, accepted: Accepted, postgres: bool) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGING} (placement_id bigint NOT NULL, date date NOT NULL, "
        "session varchar(2) NOT NULL, code varchar(2) NOT NULL, mark_id bigint, "
        f"old_code varchar(2)){' ON COMMIT DROP' if postgres else ''}"
    )
    columns = zip(
        accepted.placement_ids, accepted.days, accepted.sessions, accepted.codes, strict=True
    )
    iso: dict[dt.date, str] = {d: d.isoformat() for d in set(accepted.days)}
    if postgres:
        # COPY's text format: tab-separated, and a backslash (the afternoon's present mark)
        # written as two.
        text = {code: code.replace("\\", "\\\\") for code in CODES}
        with cursor.cursor.copy(
            f"COPY {STAGING} (placement_id, date, session, code) FROM STDIN"
        ) as copy:
            batch = []
            for pid, day, session, code in columns:
                batch.append(f"{pid}\t{iso[day]}\t{session}\t{text[code]}\n")
                if len(batch) == BATCH:
                    copy.write("".join(batch))
                    batch = []
            if batch:
                copy.write("".join(batch))
        return
    insert = f"INSERT INTO {STAGING} (placement_id, date, session, code) VALUES (%s, %s, %s, %s)"  # noqa: S608
    batch = []
    for pid, day, session, code in columns:
        batch.append((pid, iso[day], session, code))
        if len(batch) == BATCH:
            cursor.executemany(insert, batch)
            batch = []
    if batch:
        cursor.executemany(insert, batch)


def _find_stored(cursor, postgres: bool, school_id: int, first: dt.date, last: dt.date) -> None:
    """Each staged mark's stored mark for the same session, if there is one, and its code. The
    join is skipped (a one-time filter) when the school has no mark in the file's range, as when
    a term is imported for the first time."""
    t = _names()
    referral = Placement._meta.get_field("referral").related_model._meta.db_table
    if postgres:
        cursor.execute(f"ANALYZE {STAGING}")  # temporary tables are never analysed otherwise
    cursor.execute(
        f"UPDATE {STAGING} SET mark_id = m.id, old_code = m.code FROM {t['mark']} m "  # noqa: S608
        f"WHERE m.placement_id = {STAGING}.placement_id AND m.date = {STAGING}.date "
        f"AND m.session = {STAGING}.session AND EXISTS (SELECT 1 FROM {t['mark']} x "
        f"WHERE x.date >= %s AND x.date <= %s AND x.placement_id IN (SELECT p.id FROM "
        f"{t['placement']} p JOIN {referral} r ON r.id = p.referral_id WHERE r.school_id = %s))",
        [_date(first), _date(last), school_id],
    )


def _insert_new(cursor, by_id: int, now, postgres: bool) -> int:
    t = _names()
    stamp = connection.ops.adapt_datetimefield_value(now)
    insert = (
        f"INSERT INTO {t['mark']} (placement_id, date, session, code, entered_by_id, entered_at) "  # noqa: S608
        f"SELECT placement_id, date, session, code, %s, %s FROM {STAGING} WHERE mark_id IS NULL"
    )
    if postgres:
        history = _mark_history(_MARK_COLUMNS, "+")
        cursor.execute(
            f"WITH new AS ({insert} RETURNING {_MARK_COLUMNS}) {history} FROM new",
            [by_id, stamp, stamp, by_id],
        )
        return cursor.rowcount
    cursor.execute(insert, [by_id, stamp])
    added = cursor.rowcount
    cursor.execute(
        _mark_history(_prefixed("m", _MARK_COLUMNS), "+")
        + f" FROM {t['mark']} m JOIN {STAGING} s ON m.placement_id = s.placement_id "
        "AND m.date = s.date AND m.session = s.session WHERE s.mark_id IS NULL",
        [stamp, by_id],
    )
    return added


def _correct_changed(cursor, by_id: int, now, postgres: bool) -> int:
    t = _names()
    stamp = connection.ops.adapt_datetimefield_value(now)
    changed = f"{STAGING}.mark_id = {t['mark']}.id AND {STAGING}.old_code <> {STAGING}.code"
    update = (
        f"UPDATE {t['mark']} SET code = {STAGING}.code, entered_by_id = %s, entered_at = %s "  # noqa: S608
        f"FROM {STAGING} WHERE {changed}"
    )
    if postgres:
        returning = _prefixed(t["mark"], _MARK_COLUMNS)
        history = _mark_history(_MARK_COLUMNS, "~")
        cursor.execute(
            f"WITH changed AS ({update} RETURNING {returning}) {history} FROM changed",
            [by_id, stamp, stamp, by_id],
        )
        return cursor.rowcount
    cursor.execute(update, [by_id, stamp])
    corrected = cursor.rowcount
    cursor.execute(
        _mark_history(_prefixed("m", _MARK_COLUMNS), "~")
        + f" FROM {t['mark']} m JOIN {STAGING} s ON s.mark_id = m.id "
        "WHERE s.old_code <> s.code",
        [stamp, by_id],
    )
    return corrected


def _open_follow_ups(cursor, now, by_id: int) -> int:
    """A follow-up (and its history row) for each day with an unauthorised mark added or
    changed, unless the day has one already (R-10.6)."""
    t = _names()
    stamp = connection.ops.adapt_datetimefield_value(now)
    codes = ", ".join(["%s"] * len(UNAUTHORISED))
    cursor.execute(f"DROP TABLE IF EXISTS {ABSENT}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {ABSENT} AS SELECT DISTINCT s.placement_id, s.date "  # noqa: S608
        f"FROM {STAGING} s WHERE s.code IN ({codes}) "
        "AND (s.mark_id IS NULL OR s.old_code <> s.code) "
        f"AND NOT EXISTS (SELECT 1 FROM {t['follow_up']} f "
        "WHERE f.placement_id = s.placement_id AND f.absence_date = s.date)",
        list(UNAUTHORISED),
    )
    cursor.execute(
        f"INSERT INTO {t['follow_up']} (placement_id, absence_date, reason, opened_at, method, "  # noqa: S608
        f"done_on, outcome, recorded_by_id) SELECT placement_id, date, %s, %s, '', NULL, '', "
        f"NULL FROM {ABSENT}",
        [FOLLOW_UP_REASON, stamp],
    )
    opened = cursor.rowcount
    cursor.execute(
        f"INSERT INTO {t['follow_up_history']} ({_FOLLOW_UP_COLUMNS}, {_HISTORY}) "  # noqa: S608
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


def _date(day: dt.date):
    return connection.ops.adapt_datefield_value(day)


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))

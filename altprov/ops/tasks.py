"""The operations' background tasks, run by the task worker (`manage.py db_worker`) when the
scheduler enqueues them (altprov/ops/schedule.py)."""

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import task

from . import backups
from .health import WORKER, record_heartbeat


@task()
def heartbeat() -> None:
    """Shows that the worker takes tasks from the queue: `/healthz/ready` reads the row."""
    record_heartbeat(WORKER)


@task()
def nightly_backup() -> str:
    """A backup into BACKUP_DIR (pg_dump or SQLite's backup, with its manifest), then the oldest
    beyond BACKUP_KEEP removed. Returns the dump's file name."""
    made = backups.backup(settings.BACKUP_DIR)
    backups.prune(settings.BACKUP_DIR, keep=settings.BACKUP_KEEP)
    return made.dump.name


@task()
def check_latest_backup() -> str:
    """The restore check of the newest backup in BACKUP_DIR: restored into a throwaway database,
    every table's rows and checksum compared with its manifest. Fails (and the task shows as
    failed) on any mismatch."""
    latest = backups.latest(settings.BACKUP_DIR)
    if latest is None:
        raise backups.BackupError(f"No backup in {settings.BACKUP_DIR} to check.")
    problems = backups.restore_check(latest)
    if problems:
        raise backups.BackupError(f"{latest.name}: " + "; ".join(problems))
    return latest.name


@task()
def delete_expired_cache_rows() -> int:
    """Deletes the shared cache's rows past their expiry (Django deletes one only when it is read
    again, or when the table is full): the home page's stored lists name pupils and must not
    outlive their quarter of an hour by more than this job's interval (altprov/core/attention.py).
    Returns how many rows went."""
    table = connection.ops.quote_name(settings.CACHE_TABLE)
    now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])  # noqa: S608  # nosec B608 - our table, the value a parameter
        return cursor.rowcount

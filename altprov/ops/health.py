"""The checks behind `/healthz/ready` (readiness). Each returns True (passing) or False: the
response names the checks and their state, never why (no error text, host name or version).
What failed is written to the log (`altprov.ops`), which only the operators read."""

import datetime as dt
import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .models import Heartbeat

log = logging.getLogger("altprov.ops")

WORKER = "worker"
SCHEDULER = "scheduler"


def database_reachable() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means not reachable
        log.exception("Readiness: the database is not reachable")
        return False


def migrations_applied() -> bool:
    """Every migration on disk is recorded as applied (the `migrate` job has run)."""
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001
        log.exception("Readiness: could not read the applied migrations")
        return False
    if plan:
        log.warning("Readiness: %d migrations not applied, first %s", len(plan), plan[0][0])
    return not plan


def beat_recently(name: str, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    try:
        beat_at = Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
    except Exception:  # noqa: BLE001
        log.exception("Readiness: could not read the %s heartbeat", name)
        return False
    fresh = beat_at is not None and now - beat_at <= dt.timedelta(
        seconds=settings.HEARTBEAT_STALE_SECONDS
    )
    if not fresh:
        log.warning("Readiness: the %s's last heartbeat was %s", name, beat_at or "never")
    return fresh


def record_heartbeat(name: str) -> None:
    """One upsert (INSERT ... ON CONFLICT DO UPDATE): two workers beating at once both succeed."""
    Heartbeat.objects.bulk_create(
        [Heartbeat(name=name, beat_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["beat_at"],
    )


def readiness() -> dict[str, bool]:
    """Every check by name. Without the database the others are not tried (and fail)."""
    if not database_reachable():
        return {"database": False, "migrations": False, WORKER: False, SCHEDULER: False}
    return {
        "database": True,
        "migrations": migrations_applied(),
        WORKER: beat_recently(WORKER),
        SCHEDULER: beat_recently(SCHEDULER),
    }

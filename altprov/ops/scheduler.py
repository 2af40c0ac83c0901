"""Enqueues the scheduled jobs' tasks (altprov/ops/schedule.py) at their slots, once each.

For each job, the latest slot at or before now is enqueued if it is within the job's grace and
no `ScheduledRun` row exists for it. The row and the task (a row of django-tasks-db's queue, in
the same database) are written in one transaction; a second scheduler doing the same at the same
moment waits at the unique (job, slot) row and then finds it taken, so nothing runs twice.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .health import SCHEDULER, record_heartbeat
from .models import ScheduledRun
from .schedule import Job, jobs_by_name

log = logging.getLogger("altprov.ops")


@dataclass(frozen=True)
class Enqueued:
    job: str
    slot: dt.datetime
    task_id: str


def due_slot(job: Job, now: dt.datetime) -> dt.datetime | None:
    slot = job.when.latest_slot(now)
    return slot if now - slot <= job.grace else None


def claim_and_enqueue(job: Job, slot: dt.datetime, now: dt.datetime) -> Enqueued | None:
    """The slot's row and its task together, or nothing if another scheduler has the slot."""
    if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
        return None
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, slot=slot, enqueued_at=now, task_id="")
            result = job.task.enqueue(*job.arguments(slot))
            run.task_id = str(result.id)
            run.save(update_fields=["task_id"])
    except IntegrityError:
        return None  # the other scheduler committed this slot first
    log.info("Enqueued %s for %s (task %s)", job.name, slot.isoformat(), result.id)
    return Enqueued(job.name, slot, str(result.id))


def run_due(now: dt.datetime | None = None) -> list[Enqueued]:
    """One tick: the scheduler's heartbeat, then every job's due slot enqueued once."""
    now = now or timezone.now()
    record_heartbeat(SCHEDULER)
    enqueued = []
    for job in jobs_by_name().values():
        slot = due_slot(job, now)
        if slot is not None and (made := claim_and_enqueue(job, slot, now)) is not None:
            enqueued.append(made)
    return enqueued

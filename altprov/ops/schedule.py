"""Every scheduled job, declared once. `manage.py run_scheduler` (the compose "scheduler"
service) reads this table and enqueues each job's task at its times for the task worker;
docs/deployment.md lists it (`manage.py run_scheduler --list` prints it).

A row: the job's name (unique; it names the slot rows in `ops_scheduledrun`), when it runs
(`Daily` in the service's time zone, or `Every` so many seconds), the task, how late a missed
slot may still be enqueued (after a scheduler restart, say), and the task's arguments from the
slot (the day it was for).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django_tasks.base import Task

from altprov.duties.tasks import refresh_duty_summaries, send_daily_digests
from altprov.national.tasks import refresh_school_figures
from altprov.retention.tasks import list_due_for_deletion

from . import tasks
from .timing import MONDAY_TO_FRIDAY, Daily, Every, Monthly


def no_arguments(slot: dt.datetime) -> tuple:
    return ()


def the_slots_day(slot: dt.datetime) -> tuple:
    """The slot's date in the service's time zone, as the task's ISO date argument."""
    return (slot.astimezone(ZoneInfo(settings.TIME_ZONE)).date().isoformat(),)


@dataclass(frozen=True)
class Job:
    name: str
    when: Daily | Monthly | Every
    task: Task
    grace: dt.timedelta
    arguments: Callable[[dt.datetime], tuple] = field(default=no_arguments)


JOBS: list[Job] = [
    # the email digest of what needs attention, early on school days.
    Job(
        "daily-digest",
        Daily("06:00", MONDAY_TO_FRIDAY),
        send_daily_digests,
        grace=dt.timedelta(hours=4),
        arguments=the_slots_day,
    ),
    # Issue 10: the nightly backup with its manifest, then the restore check of it.
    Job("nightly-backup", Daily("02:30"), tasks.nightly_backup, grace=dt.timedelta(hours=3)),
    Job(
        "restore-check",
        Daily("04:00"),
        tasks.check_latest_backup,
        grace=dt.timedelta(hours=2),
    ),
    # the records past their retention period, listed for each school's DSL to confirm.
    Job(
        "retention-due",
        Monthly(1, "05:00"),
        list_due_for_deletion,
        grace=dt.timedelta(hours=12),
        arguments=the_slots_day,
    ),
    # Issue 10: the summaries the trust's report (duties) and the national and regional
    # dashboards (duties and per-school figures) read; the pages say how old they are.
    Job("duty-refresh", Every(900), refresh_duty_summaries, grace=dt.timedelta(minutes=15)),
    Job("school-figures", Every(900), refresh_school_figures, grace=dt.timedelta(minutes=15)),
    # Expired rows of the shared cache: the home page's stored lists name pupils (5 minutes after
    # their quarter of an hour at most).
    Job(
        "expired-cache-rows",
        Every(300),
        tasks.delete_expired_cache_rows,
        grace=dt.timedelta(minutes=5),
    ),
    # The worker's heartbeat for /healthz/ready: each minute's slot, never an earlier one.
    Job("worker-heartbeat", Every(60), tasks.heartbeat, grace=dt.timedelta(seconds=60)),
]


def jobs_by_name() -> dict[str, Job]:
    names = [job.name for job in JOBS]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"Two scheduled jobs share a name: {', '.join(sorted(duplicates))}")
    return {job.name: job for job in JOBS}

"""The scheduler: a long-running process (the compose "scheduler" service, or a systemd unit)
that enqueues the scheduled jobs of altprov/ops/schedule.py for the task worker. Run one; two
are safe (each slot runs once) but pointless."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from altprov.ops.schedule import jobs_by_name
from altprov.ops.scheduler import due_slot, run_due


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs (digest, backup, restore check, heartbeat) at their times."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick", type=float, default=10.0, help="Seconds between looks (default 10)"
        )
        parser.add_argument("--once", action="store_true", help="One look, then exit")
        parser.add_argument(
            "--list", action="store_true", dest="show_list", help="Print the schedule and exit"
        )

    def handle(self, *args, tick, once, show_list, **options):
        if show_list:
            now = timezone.now()
            for job in jobs_by_name().values():
                slot = due_slot(job, now)
                self.stdout.write(
                    f"{job.name}: {job.when} -> {job.task.module_path} (grace {job.grace}; "
                    f"{'due now: ' + slot.isoformat() if slot else 'not due now'})"
                )
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        self.stdout.write(f"Scheduler started: {len(jobs_by_name())} jobs, a look every {tick}s.")
        while not stopping:
            try:
                for made in run_due():
                    self.stdout.write(f"Enqueued {made.job} for {made.slot.isoformat()}.")
            except Exception as error:  # noqa: BLE001 - a lost database must not end the loop
                self.stderr.write(
                    f"Scheduler tick failed, retrying: {type(error).__name__}: {error}"
                )
            if once:
                break
            deadline = time.monotonic() + tick
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, tick))
            close_old_connections()  # a connection the database dropped is opened afresh
        self.stdout.write("Scheduler stopped.")

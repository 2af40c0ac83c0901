"""What the running processes leave for each other in the one store (PostgreSQL)."""

from django.db import models


class Heartbeat(models.Model):
    """The last time a background process showed it was alive, one row per process kind.

    "worker": written by the `heartbeat` task, which the scheduler enqueues every minute and the
    task worker (`manage.py db_worker`) runs, so a fresh row means the worker takes tasks from
    the queue. "scheduler": written by `run_scheduler` on every tick. `/healthz/ready` reads both.
    """

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """One row per job and slot (the time the schedule named), written in the same transaction as
    the task it enqueues. The unique pair is what makes a slot run once however many schedulers
    run: the second INSERT waits for the first to commit, then fails and enqueues nothing."""

    job = models.CharField(max_length=60)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField()
    task_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="ops_one_run_per_job_slot")
        ]
        indexes = [models.Index(fields=["job", "-slot"], name="ops_run_job_slot")]

    def __str__(self):
        return f"{self.job} for {self.slot:%Y-%m-%d %H:%M}"

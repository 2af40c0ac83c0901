"""The schedule table and `run_scheduler`: each job's slot enqueued once, even by two schedulers
at the same moment; missed slots within the grace caught up, older ones not."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from altprov.ops import schedule
from altprov.ops.health import WORKER, beat_recently
from altprov.ops.models import Heartbeat, ScheduledRun
from altprov.ops.schedule import JOBS, Job, jobs_by_name
from altprov.ops.scheduler import run_due
from altprov.ops.tasks import heartbeat
from altprov.ops.timing import MONDAY_TO_FRIDAY, Daily, Every
from tests.concurrency import on_postgresql, simultaneously

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def queued(task) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task.module_path))


def test_daily_slots_are_local_time_in_summer_and_winter():
    six = Daily("06:00")
    assert six.latest_slot(at("2026-07-01T05:30:00")) == at("2026-07-01T05:00:00")  # BST
    assert six.latest_slot(at("2026-12-01T05:30:00")) == at("2026-11-30T06:00:00")  # GMT
    assert six.latest_slot(at("2026-12-01T06:00:00")) == at("2026-12-01T06:00:00")


def test_a_weekday_job_on_a_saturday_has_fridays_slot():
    digest = Daily("06:00", MONDAY_TO_FRIDAY)
    saturday_noon = at("2026-12-05T12:00:00")
    assert digest.latest_slot(saturday_noon) == at("2026-12-04T06:00:00")


def test_every_slots_are_multiples_of_the_interval():
    assert Every(60).latest_slot(at("2026-12-02T10:00:59")) == at("2026-12-02T10:00:00")
    with pytest.raises(ValueError):
        Every(5)
    with pytest.raises(ValueError):
        Daily("25:00")
    with pytest.raises(ValueError):
        Daily("06:00", frozenset({7}))


def test_the_table_has_the_digest_the_backup_its_check_and_the_heartbeat():
    jobs = jobs_by_name()
    assert set(jobs) >= {"daily-digest", "nightly-backup", "restore-check", "worker-heartbeat"}
    assert jobs["daily-digest"].task.module_path == "altprov.duties.tasks.send_daily_digests"


def test_the_summaries_are_refreshed_every_quarter_hour(db):
    jobs = jobs_by_name()
    assert jobs["duty-refresh"].task.module_path == "altprov.duties.tasks.refresh_duty_summaries"
    assert jobs["school-figures"].task.module_path == (
        "altprov.national.tasks.refresh_school_figures"
    )
    assert {m.job for m in run_due(at("2026-12-02T13:15:10"))} >= {"duty-refresh", "school-figures"}
    assert not {m.job for m in run_due(at("2026-12-02T13:29:50"))} & {"duty-refresh"}
    assert {m.job for m in run_due(at("2026-12-02T13:30:01"))} >= {"duty-refresh", "school-figures"}


def test_two_jobs_with_one_name_are_refused(monkeypatch):
    monkeypatch.setattr(schedule, "JOBS", [*JOBS, JOBS[0]])
    with pytest.raises(ValueError, match="daily-digest"):
        jobs_by_name()


def test_a_slot_is_enqueued_once_however_often_the_scheduler_looks(db):
    now = at("2026-12-02T06:00:20")  # a Wednesday, 06:00 GMT
    first = run_due(now)
    # 06:00 is also a slot of the quarter-hourly summaries and of the five-minutely clean-up.
    assert {made.job for made in first} == {
        "daily-digest",
        "worker-heartbeat",
        "duty-refresh",
        "school-figures",
        "expired-cache-rows",
    }
    assert run_due(now) == []
    assert run_due(now + dt.timedelta(seconds=30)) == []
    # The digest is for the slot's day, whenever the worker gets to it.
    (digest,) = queued(schedule.send_daily_digests)
    assert digest.args_kwargs["args"] == ["2026-12-02"]
    assert ScheduledRun.objects.get(job="daily-digest").task_id == str(digest.id)
    # The next minute's heartbeat is a new slot.
    assert [m.job for m in run_due(at("2026-12-02T06:01:05"))] == ["worker-heartbeat"]
    assert len(queued(heartbeat)) == 2


def test_a_slot_missed_by_less_than_its_grace_is_caught_up_and_an_older_one_is_not(db):
    # The scheduler was down at 02:30 and 04:00 and comes back at 05:00.
    made = {m.job for m in run_due(at("2026-12-02T05:00:00"))}
    assert "nightly-backup" in made  # 2h30 late, within its 3 hours
    assert "restore-check" in made  # 1 hour late, within 2 hours
    assert "daily-digest" not in made  # yesterday's 06:00 is 23 hours old
    assert not queued(schedule.send_daily_digests)


def test_the_scheduler_leaves_its_heartbeat_on_every_look(db):
    run_due(at("2026-12-02T06:00:20"))
    assert Heartbeat.objects.get(name="scheduler").beat_at is not None


def test_the_heartbeat_task_makes_the_worker_alive(db):
    assert not beat_recently(WORKER)
    heartbeat.call()
    assert beat_recently(WORKER)


def test_a_row_added_to_the_table_is_scheduled(db, monkeypatch):
    extra = Job("extra", Every(3600), heartbeat, grace=dt.timedelta(minutes=5))
    monkeypatch.setattr(schedule, "JOBS", [*JOBS, extra])
    made = {m.job for m in run_due(at("2026-12-02T13:02:00"))}
    assert "extra" in made


def test_run_scheduler_once_and_its_list(db):
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "Enqueued worker-heartbeat" in out.getvalue()
    assert Heartbeat.objects.filter(name="scheduler").exists()
    out = io.StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    for name in ("daily-digest", "nightly-backup", "restore-check", "worker-heartbeat"):
        assert name in out.getvalue()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_enqueue_each_slot_once():
    now = at("2026-12-02T06:00:20")
    results = simultaneously([lambda: run_due(now) for _ in range(4)])
    made = [m.job for result in results for m in result]
    assert sorted(made) == [
        "daily-digest",
        "duty-refresh",
        "expired-cache-rows",
        "school-figures",
        "worker-heartbeat",
    ]
    assert len(queued(schedule.send_daily_digests)) == 1
    assert len(queued(heartbeat)) == 1

"""Background tasks (django-tasks; run by `manage.py db_worker`, which `make run` starts)."""

import datetime as dt

from django_tasks import task

from .digest import send_all


@task()
def send_daily_digests(on: str | None = None) -> int:
    """X-4: the daily email digest. `on` is an ISO date (default today)."""
    return send_all(dt.date.fromisoformat(on) if on else dt.date.today())

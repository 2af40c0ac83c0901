"""Background tasks (django-tasks; run by `manage.py db_worker`, which `make run` starts)."""

import datetime as dt

from django_tasks import task

from .digest import send_all
from .summary import refresh_all


@task()
def send_daily_digests(on: str | None = None) -> int:
    """X-4: the daily email digest. `on` is an ISO date (default today)."""
    return send_all(dt.date.fromisoformat(on) if on else dt.date.today())


@task()
def refresh_duty_summaries() -> int:
    """Duty refresh (issue 10, P2 and P7): recount every school's duties into the duty summary
    that the trust's report and the national dashboard read. The scheduler runs it every 15
    minutes. Returns the number of schools refreshed."""
    return refresh_all()

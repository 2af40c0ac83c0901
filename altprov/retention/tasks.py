"""Background tasks of retention (X-1), run by the task worker."""

import datetime as dt

from django_tasks import task

from altprov.core.generations import service_data_changed

from .services import list_due


@task()
def list_due_for_deletion(on: str | None = None) -> int:
    """The monthly job (altprov/ops/schedule.py): lists every record past its retention period
    for its school's DSL. `on` is an ISO date (default today). The home pages' stored lists are
    made stale, so the DSL's shows the new item at once. Returns the number listed."""
    listed = list_due(dt.date.fromisoformat(on) if on else dt.date.today())
    service_data_changed()
    return listed

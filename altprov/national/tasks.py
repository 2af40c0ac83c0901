"""Background tasks (django-tasks; run by `manage.py db_worker`)."""

from django_tasks import task

from .figures import refresh_all


@task()
def refresh_school_figures() -> int:
    """Issue 10, P7: recount every school's figures for the national and regional dashboards.
    The scheduler runs it every 15 minutes. Returns the number of schools refreshed."""
    return refresh_all()

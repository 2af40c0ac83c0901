"""Each school's figures for the national and regional dashboards (issue 10, P7), counted by the
worker (`figures.refresh`) so that a dashboard over 22,000 schools sums a row per school instead
of reading 100,000 placements and 40 million marks on each request.

Derived data with no change history, like the duty summary; the dashboards say how old it is.
Counts only: never a pupil.
"""

from django.db import models

from altprov.attendance.codes import Tally
from altprov.organisations.models import School

# The figures' columns, named once for the refresh that writes them (figures.py) and the
# dashboards that add them up (dashboard.py): counts of placements and pupils, then this term's
# sessions by what they count as, one column per field of `attendance.codes.Tally`.
COUNTS = [
    "pupils_in_ap",
    "pupils_this_term",
    "planned",
    "starting",
    "attending",
    "ended_this_term",
    "unregistered",
]
SESSIONS = {
    "sessions_attending": "attending",
    "sessions_authorised": "authorised",
    "sessions_unauthorised": "unauthorised",
    "sessions_not_counted": "not_counted",
    "sessions_not_possible": "not_possible",
}
SUMMED = [*COUNTS, *SESSIONS]


def sessions_of(tally: Tally) -> dict[str, int]:
    """The session columns of a tally."""
    return {column: getattr(tally, field) for column, field in SESSIONS.items()}


def tally_of(row: dict) -> Tally:
    """The tally of a row holding the session columns (one school's, or summed)."""
    return Tally(**{field: row[column] for column, field in SESSIONS.items()})


class SchoolFigures(models.Model):
    """One school's placements and attendance as counted at `refreshed_at` for the day `on`.
    "This term" is the school's own term containing `on` (its latest term started by then)."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    on = models.DateField(help_text="The day the figures are for")
    refreshed_at = models.DateTimeField()
    term_start = models.DateField(null=True, blank=True, help_text="None: no term entered")
    pupils_in_ap = models.PositiveIntegerField(default=0, help_text="Pupils in AP on the day")
    pupils_this_term = models.PositiveIntegerField(default=0, help_text="Pupils in AP this term")
    planned = models.PositiveIntegerField(default=0)
    starting = models.PositiveIntegerField(default=0, help_text="Started, first day still ahead")
    attending = models.PositiveIntegerField(default=0)
    ended_this_term = models.PositiveIntegerField(default=0)
    unregistered = models.PositiveIntegerField(
        default=0, help_text="Planned or not ended placements at unregistered providers"
    )
    # This term's sessions by what they count as (attendance.codes.Tally)
    sessions_attending = models.PositiveIntegerField(default=0)
    sessions_authorised = models.PositiveIntegerField(default=0)
    sessions_unauthorised = models.PositiveIntegerField(default=0)
    sessions_not_counted = models.PositiveIntegerField(default=0)
    sessions_not_possible = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "school figures"

    def __str__(self) -> str:
        return f"Figures of {self.school_id} as at {self.refreshed_at:%Y-%m-%d %H:%M}"

"""Refreshes every summary the service keeps for its trust and national views (issue 10, P2 and
P7): the daily attendance summary, the duty summary and the schools' figures for the dashboards.
The scheduler runs the duty and figures refreshes as tasks; this command does everything at once
(after a restore, a bulk load, or by hand)."""

import time

from django.core.management.base import BaseCommand

from altprov.attendance.summary import refresh_all as refresh_attendance
from altprov.duties.summary import refresh_all as refresh_duties
from altprov.national.figures import refresh_all as refresh_figures

# (name, refresh function taking no argument; it may return how many schools it refreshed).
# Adding a summary is one line here. The schools' figures read the others, so they come last.
SUMMARIES = [
    # Kept exact by every write of marks; counted again here after a restore or a bulk load.
    ("attendance", refresh_attendance),
    ("duties", refresh_duties),
    ("figures", refresh_figures),
]


class Command(BaseCommand):
    help = "Refresh every summary the trust's report and the national dashboard read."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=[name for name, _ in SUMMARIES],
            action="append",
            help="Refresh only this summary (may be given more than once)",
        )

    def handle(self, *args, only=None, **options):
        for name, refresh in SUMMARIES:
            if only and name not in only:
                continue
            started = time.perf_counter()
            done = refresh()
            of = f" of {done} schools" if isinstance(done, int) else ""
            self.stdout.write(
                f"Refreshed the {name} summary{of} in {time.perf_counter() - started:.1f} s."
            )

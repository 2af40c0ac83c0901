"""Queues today's email digest (X-4) for the task worker. Run it once a day from a scheduler
(cron, a systemd timer or the platform's scheduler): `python manage.py send_digests`."""

from django.core.management.base import BaseCommand

from altprov.duties.tasks import send_daily_digests


class Command(BaseCommand):
    help = "Queue the daily email digest of items needing attention (X-4) for the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to compute for, as YYYY-MM-DD (default today)")

    def handle(self, *args, date=None, **options):
        result = send_daily_digests.enqueue(date)
        self.stdout.write(f"Queued the daily digest (task {result.id}).")

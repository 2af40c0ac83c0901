"""`manage.py check_health [CHECK ...]`: the readiness checks from the command line, for the
health checks of containers that serve no HTTP (the worker and the scheduler in compose.yaml).
Prints each check's state; exits 1 if any named check (default: all) fails."""

from django.core.management.base import BaseCommand, CommandError

from altprov.ops.health import readiness


class Command(BaseCommand):
    help = "Run the readiness checks (database, migrations, worker, scheduler); exit 1 on failure."

    def add_arguments(self, parser):
        parser.add_argument(
            "checks", nargs="*", choices=["database", "migrations", "worker", "scheduler"]
        )

    def handle(self, *args, checks, **options):
        results = readiness()
        wanted = checks or list(results)
        for name in wanted:
            self.stdout.write(f"{name}: {'ok' if results[name] else 'failing'}")
        failing = [name for name in wanted if not results[name]]
        if failing:
            raise CommandError(f"Failing: {', '.join(failing)}")

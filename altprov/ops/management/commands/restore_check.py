"""`manage.py restore_check DUMP`: restores a backup into a throwaway database and compares every
table's rows and checksum with its manifest (altprov/ops/backups.py). Exits non-zero on any
mismatch, naming each table, or on a dump whose sha256 is not the manifest's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from altprov.ops import backups


class Command(BaseCommand):
    help = "Restore DUMP into a throwaway database and check every table against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path)
        parser.add_argument(
            "--manifest", type=Path, help="Default: the .manifest.json beside the dump"
        )

    def handle(self, *args, dump, manifest=None, **options):
        try:
            problems = backups.restore_check(dump, manifest)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{dump.name}: {len(problems)} mismatches with the manifest.")
        tables = backups.read_manifest(manifest or backups.manifest_path(dump))["tables"]
        self.stdout.write(
            f"{dump.name}: restored; all {len(tables)} tables match the manifest "
            f"({sum(t['rows'] for t in tables.values())} rows)."
        )

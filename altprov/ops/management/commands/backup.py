"""`manage.py backup --to DIR`: the database (pg_dump custom format, or SQLite's backup) and its
manifest of checksums (altprov/ops/backups.py). The scheduler runs it nightly."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from altprov.ops import backups


class Command(BaseCommand):
    help = "Back up the database into DIR, with a manifest of every table's rows and checksum."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="The folder (default ALTPROV_BACKUP_DIR)")
        parser.add_argument(
            "--keep", type=int, help="Then keep only this many backups in the folder"
        )

    def handle(self, *args, to=None, keep=None, **options):
        folder = to or settings.BACKUP_DIR
        try:
            made = backups.backup(folder)
            removed = backups.prune(folder, keep) if keep is not None else []
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = backups.read_manifest(made.manifest)
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables to {made.dump} "
            f"(sha256 {manifest['dump_sha256']}); manifest {made.manifest}."
        )
        for path in removed:
            self.stdout.write(f"Removed the old backup {path.name}.")

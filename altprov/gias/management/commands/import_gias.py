"""R-5.2: imports a GIAS establishment extract (edubasealldataYYYYMMDD.csv) and checks every
provider's registration against it: the scheduled way to keep the national register current.
A refused file changes nothing and exits with status 1.

A file that would remove more than half of the register is refused; `--force --reason "..."`
imports it anyway and the import keeps the reason. Only this command can force an import.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from altprov.core.generations import changes_service_data
from altprov.gias.services import GiasFileError, RegisterWouldShrinkError, gias_import


class Command(BaseCommand):
    help = "Imports the GIAS establishment file and checks every provider against it."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The edubasealldataYYYYMMDD.csv file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import even if the file would remove more than half of the register",
        )
        parser.add_argument("--reason", default="", help="Why --force is right (kept with it)")

    @changes_service_data
    def handle(self, *args, path, force, reason, **options):
        if force and not reason.strip():
            raise CommandError(
                '--force needs --reason "why removing most of the register is right"'
            )
        if reason.strip() and not force:
            raise CommandError("--reason goes with --force")
        source = Path(path)
        try:
            with source.open("rb") as file:
                result = gias_import(
                    file=file, file_name=source.name, by=None, force_reason=reason if force else ""
                )
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a folder, not a file") from None
        except GiasFileError as error:
            raise CommandError(f"{source.name}: {error}. Nothing was imported.") from None
        except RegisterWouldShrinkError as error:
            raise CommandError(
                f'{source.name}: {error}. If it is right, run again with --force --reason "why".'
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.rows:,} establishments from {result.file_name} "
                f"({result.get_encoding_display()})."
            )
        )
        if result.extract_date:
            self.stdout.write(f"Extract of {result.extract_date:%d %B %Y}.")
        if result.removed:
            self.stdout.write(
                f"{result.removed:,} establishments of the previous register removed."
            )
        self.stdout.write(
            f"{result.providers_checked:,} providers checked: {result.providers_flagged:,} flagged."
        )

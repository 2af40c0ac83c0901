"""R-5.2: imports a GIAS establishment extract (edubasealldataYYYYMMDD.csv) and checks every
provider's registration against it. A refused file changes nothing and exits with status 1."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from altprov.gias.services import GiasFileError, gias_import


class Command(BaseCommand):
    help = "Imports the GIAS establishment file and checks every provider against it."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The edubasealldataYYYYMMDD.csv file")

    def handle(self, *args, path, **options):
        source = Path(path)
        try:
            with source.open("rb") as file:
                result = gias_import(file=file, file_name=source.name, by=None)
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a folder, not a file") from None
        except GiasFileError as error:
            raise CommandError(f"{source.name}: {error}. Nothing was imported.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.rows:,} establishments from {result.file_name} "
                f"({result.get_encoding_display()})."
            )
        )
        if result.extract_date:
            self.stdout.write(f"Extract of {result.extract_date:%d %B %Y}.")
        self.stdout.write(
            f"{result.providers_checked:,} providers checked: {result.providers_flagged:,} flagged."
        )

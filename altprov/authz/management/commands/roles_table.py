from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from altprov.authz.docs import roles_table

START, END = "<!-- roles-table:start -->\n", "<!-- roles-table:end -->"


class Command(BaseCommand):
    help = "Prints the table of roles and what each can do; --write puts it into docs/roles.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Update docs/roles.md in place")

    def handle(self, *args, write=False, **options):
        table = roles_table()
        if not write:
            self.stdout.write(table, ending="")
            return
        path = Path(settings.BASE_DIR) / "docs" / "roles.md"
        text = path.read_text()
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        path.write_text(f"{head}{START}{table}{END}{tail}")
        self.stdout.write(f"Updated {path}")

from django.core.management.base import BaseCommand

from altprov.authz.docs import roles_table


class Command(BaseCommand):
    help = "Prints the table of roles and what each can do, for docs/roles.md."

    def handle(self, *args, **options):
        self.stdout.write(roles_table(), ending="")

"""Django's `flush`, which empties every table, with the deletion of append-only rows allowed for
the one transaction (see altprov/core/append_only.py). Tests use it to empty the database after
each transactional test; SQLite empties tables with DELETE, which the append-only triggers would
otherwise refuse (PostgreSQL's TRUNCATE is refused the same way)."""

from django.core.management.commands import flush

from altprov.core.append_only import deletion_allowed
from altprov.core.generations import changes_service_data


class Command(flush.Command):
    @changes_service_data
    def handle(self, **options):
        with deletion_allowed(options["database"]):
            return super().handle(**options)

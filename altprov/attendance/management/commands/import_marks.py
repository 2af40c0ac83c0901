"""R-10.6, X-3 (issue 10, P3): imports an MIS's CSV file of attendance marks for one school, with
no size limit: the page's upload stops at 5 MB (about 170,000 marks), a term or a year of a large
school is many times that. The same import as the page (`attendance.importing.marks_import`):
every row checked first, all or nothing, every refused row reported (line, column, reason), and
the marks entered by the named person, who must be allowed to enter the school's attendance.
A refused file changes nothing and exits with status 1."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from altprov.accounts.models import User
from altprov.attendance.importing import marks_import
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.generations import changes_service_data
from altprov.organisations.models import School
from altprov.termdates.schooldays import SchoolCalendar


class Command(BaseCommand):
    help = "Imports a CSV file of attendance marks (UPN, Date, Session, Code) for one school."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file: UPN, Date, Session and Code columns")
        parser.add_argument("--school", required=True, help="The school's URN")
        parser.add_argument(
            "--by", required=True, help="The email address of the person entering the marks"
        )

    @changes_service_data
    def handle(self, *args, path, school, by, **options):
        found = School.objects.filter(urn=school.strip()).first()
        if found is None:
            raise CommandError(f"No school has the URN {school}")
        user = User.objects.filter(email__iexact=by.strip(), is_active=True).first()
        if user is None or not has_permission(user, Permission.ENTER_ATTENDANCE, school=found):
            raise CommandError(
                f"{by} is not someone who may enter attendance at {found.name} "
                "(an active account with that permission in the school)"
            )
        source = Path(path)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a folder, not a file") from None
        outcome = marks_import(
            school=found,
            data=data,
            by=user,
            calendar=SchoolCalendar.for_school(found),
            today=timezone.localdate(),
        )
        if outcome.problem:
            raise CommandError(f"{source.name}: {outcome.problem}. Nothing was imported.")
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(str(error))
            refused = len({e.line for e in outcome.errors})
            raise CommandError(
                f"{source.name}: {refused:,} row{'s were' if refused != 1 else ' was'} refused "
                f"({outcome.accepted:,} other{'s were' if outcome.accepted != 1 else ' was'} "
                "correct). Nothing was imported."
            )
        self.stdout.write(self.style.SUCCESS(f"{source.name} has been imported: {outcome.result}."))

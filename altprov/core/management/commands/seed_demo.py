"""Builds a realistic, entirely fictional demo: two trusts, their schools, staff in every role, term
dates for this and next academic year, a few thousand pupils and a dozen providers per trust
(see `altprov/core/demo/`).

Deterministic: the same run gives the same data. Run it on an empty database (or with --reset in
demo mode). Every demo account has the password and TOTP secret printed by `make run`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from altprov.core.demo.seed import seed_demo
from altprov.core.generations import changes_service_data
from altprov.organisations.models import Trust


class Command(BaseCommand):
    help = "Builds the fictional demo trusts. Refuses to run on a database that has data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has a trust",
        )
        parser.add_argument(
            "--pupils-per-school", type=int, default=240, help="Pupils in each school (240)"
        )

    @changes_service_data
    def handle(self, *args, **options):
        if Trust.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has data: the demo was not seeded again.")
                return
            raise CommandError("The database already has trusts. Seed an empty database.")
        seed_demo(pupils_per_school=options["pupils_per_school"])
        if not settings.DEMO_MODE:
            self.stdout.write(
                self.style.WARNING(
                    "ALTPROV_DEMO is off: the demo accounts exist but the sign-in page will not "
                    "show their codes."
                )
            )
        self.stdout.write(self.style.SUCCESS("Demo trusts seeded."))

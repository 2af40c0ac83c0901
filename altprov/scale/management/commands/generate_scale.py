"""manage.py generate_scale: fictional data at scale (issue 10, item 2). See altprov/scale."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from altprov.core.generations import changes_service_data
from altprov.scale.generate import AlreadyHasTrusts, generate, generate_totals

# The sizes of issue 10: a large trust, and the whole country.
SIZES = {
    "large": {"trusts": 1, "schools": 50, "placements": 2_000, "days": 190},
    "national": {"trusts": 2_500, "schools": 22_000, "placements": 100_000, "days": 300},
}


class Command(BaseCommand):
    help = (
        "Generates fictional trusts, schools, staff, providers, pupils, referrals, placements and "
        "attendance marks in bulk. Refuses a database that already has trusts (unless --append) "
        "and production settings (DJANGO_DEBUG=0) unless --yes-really."
    )

    def add_arguments(self, parser):
        parser.add_argument("--trusts", type=int)
        parser.add_argument("--schools-per-trust", type=int)
        parser.add_argument("--placements-per-school", type=int)
        parser.add_argument("--days", type=int, help="weekdays of marks back from today")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--size",
            choices=sorted(SIZES),
            help="large: 1 trust of 50 schools, 2,000 placements, 190 weekdays; national: "
            "2,500 trusts, 22,000 schools, 100,000 placements, 300 weekdays",
        )
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="with --size: that share of the preset's trusts, schools and placements "
            "(for example 0.1 for a tenth of national: 250 trusts, 2,200 schools, 10,000 "
            "placements)",
        )
        parser.add_argument(
            "--append", action="store_true", help="add to a database that already has trusts"
        )
        parser.add_argument(
            "--skip-fk-checks",
            action="store_true",
            help="PostgreSQL superuser only: no foreign key triggers while writing (about twice "
            "as fast at national size; the same rows)",
        )
        parser.add_argument(
            "--yes-really",
            action="store_true",
            help="run even under production settings (DJANGO_DEBUG=0)",
        )

    @changes_service_data
    def handle(self, *args, **options):
        if not settings.DEVELOPMENT and not options["yes_really"]:
            raise CommandError(
                "These are production settings (DJANGO_DEBUG=0): generated data does not belong "
                f"in {connection.settings_dict['NAME']}. Pass --yes-really if it does."
            )
        out = self.stdout.write
        try:
            if options["size"]:
                given = [
                    name
                    for name in ("trusts", "schools_per_trust", "placements_per_school")
                    if options[name] is not None
                ]
                if given:
                    raise CommandError(
                        f"--size sets the numbers itself: leave out --{given[0].replace('_', '-')}"
                    )
                size = SIZES[options["size"]]
                fraction = options["fraction"]
                if not 0 < fraction <= 1:
                    raise CommandError("--fraction must be more than 0 and at most 1")
                written = generate_totals(
                    trusts=max(1, round(size["trusts"] * fraction)),
                    schools=max(1, round(size["schools"] * fraction)),
                    placements=round(size["placements"] * fraction),
                    days=options["days"] or size["days"],
                    seed=options["seed"],
                    out=out,
                    append=options["append"],
                    skip_fk_checks=options["skip_fk_checks"],
                )
            else:
                missing = [
                    f"--{name.replace('_', '-')}"
                    for name in ("trusts", "schools_per_trust", "placements_per_school", "days")
                    if options[name] is None
                ]
                if missing:
                    raise CommandError(f"Give {', '.join(missing)} (or --size large|national)")
                written = generate(
                    trusts=options["trusts"],
                    schools_per_trust=options["schools_per_trust"],
                    placements_per_school=options["placements_per_school"],
                    days=options["days"],
                    seed=options["seed"],
                    out=out,
                    append=options["append"],
                    skip_fk_checks=options["skip_fk_checks"],
                )
        except (AlreadyHasTrusts, ValueError) as error:
            raise CommandError(str(error)) from error
        width = max(len(name) for name in written)
        for name, count in written.items():
            out(f"{name:<{width}}  {count:>12,}")

"""Prints how to sign in to the demo, with the current second-factor code."""

from django.core.management.base import BaseCommand

from altprov.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET_BASE32, demo_code_now
from altprov.accounts.models import User
from altprov.core.demo.data import DEMO_DOMAIN

SHOWN = [
    ("head.fernleigh-academy@fmat.demo.altprov.invalid", "Headteacher, Fernleigh Academy"),
    ("aplead.fernleigh-academy@fmat.demo.altprov.invalid", "AP Lead, Fernleigh Academy"),
    ("dsl.fernleigh-academy@fmat.demo.altprov.invalid", "DSL, Fernleigh Academy"),
    ("sendco.fernleigh-academy@fmat.demo.altprov.invalid", "SENDCo, Fernleigh Academy"),
    ("aplead.shared@fmat.demo.altprov.invalid", "AP Lead in two schools (school switcher)"),
    ("admin@fmat.demo.altprov.invalid", "Trust administrator"),
    ("safeguarding@fmat.demo.altprov.invalid", "Trust safeguarding lead"),
    ("trustee@fmat.demo.altprov.invalid", "Trustee (aggregates only)"),
    ("admin@hlp.demo.altprov.invalid", "Trust administrator of the second trust"),
    ("service@demo.altprov.invalid", "Service administrator (imports the GIAS register)"),
    ("oversight@demo.altprov.invalid", "Service oversight (national and regional dashboards)"),
    ("manager.provider@fmat.demo.altprov.invalid", "Provider portal: a provider's manager"),
]


class Command(BaseCommand):
    help = "Prints the demo accounts, their password and the current second-factor code."

    def handle(self, *args, **options):
        out = self.stdout.write
        if options["code"]:
            out(demo_code_now())
            return
        if options["all"]:
            out(f"Password for every demo account: {DEMO_PASSWORD}")
            out(f"Second factor: `make code`, or the secret {DEMO_TOTP_SECRET_BASE32}")
            out("")
            for user in User.objects.filter(email__endswith=DEMO_DOMAIN).order_by("email"):
                out(f"{user.email:<60} {user.job_title}")
            return
        out("")
        out("AltProv demo: sign in at http://127.0.0.1:8000/sign-in/")
        out(f"  Password for every demo account: {DEMO_PASSWORD}")
        out("  Second factor: the sign-in page shows the current code in demo mode, or")
        out(
            f"  add the secret {DEMO_TOTP_SECRET_BASE32} to an authenticator app, or run `make code`."
        )
        out(f"  Code right now: {demo_code_now()}")
        out("  Accounts (every school has head., aplead., dsl., attendance., assessment., sendco.,")
        out("  staff. and lac. accounts; see `manage.py demo_sign_in --all`):")
        existing = set(
            User.objects.filter(email__in=[e for e, _ in SHOWN]).values_list("email", flat=True)
        )
        for email, what in SHOWN:
            if email in existing:
                out(f"    {email:<55} {what}")
        out("")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="List every demo account")
        parser.add_argument("--code", action="store_true", help="Print only the current code")

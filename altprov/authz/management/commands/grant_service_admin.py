"""R-5.2: gives (or with --remove, takes away) the Service administrator role, a role held
outside every trust. Only this command grants it: no trust administrator can.

A person without an account gets one (--name is then needed) and is emailed a set-up link.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from altprov.accounts import services as account_services
from altprov.accounts.command_output import give_set_up_link
from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import ROLES, Role

ROLE = Role.SERVICE_ADMINISTRATOR


class Command(BaseCommand):
    """Also the base of every command that gives a service role (`grant_service_oversight`):
    a subclass sets `role` and `help`."""

    help = "Gives a person the Service administrator role (imports the national GIAS register)."
    role = ROLE

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's email address")
        parser.add_argument("--name", default="", help="Full name, for a person with no account")
        parser.add_argument("--remove", action="store_true", help="Take the role away instead")

    @transaction.atomic
    def handle(self, *args, email, name, remove, **options):
        role = self.role
        email = email.strip().lower()
        label = ROLES[role].label
        user = User.objects.filter(email__iexact=email).first()
        if remove:
            held = RoleAssignment.objects.filter(
                user__email__iexact=email, role=role, trust=None, school=None
            )
            if not held.exists():
                raise CommandError(f"{email} is not a {label}.")
            held.delete()
            self.stdout.write(self.style.SUCCESS(f"{email} is no longer a {label}."))
            return
        created = user is None
        if created:
            if not name.strip():
                raise CommandError(f"{email} has no account: give their full name with --name.")
            if "@" not in email:
                raise CommandError(f"{email} is not an email address.")
            user = account_services.user_create(email=email, full_name=name, by=None)
        elif not user.is_active:
            raise CommandError(f"{email}'s account is switched off.")
        if RoleAssignment.objects.filter(user=user, role=role, trust=None, school=None).exists():
            self.stdout.write(f"{email} is already a {label}.")
            return
        RoleAssignment.objects.create(user=user, role=role, trust=None, school=None)
        self.stdout.write(self.style.SUCCESS(f"{email} is now a {label}."))
        if created:
            give_set_up_link(self, user)

"""Creates a trust with its default settings and its first trust administrator, who is emailed a
link to set up their account. Everything after that is done in the service's own pages."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from altprov.accounts import services as account_services
from altprov.accounts.command_output import give_set_up_link
from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.core.generations import changes_service_data
from altprov.organisations.models import Trust
from altprov.organisations.services import trust_create


class Command(BaseCommand):
    help = "Creates a trust and its first trust administrator."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The trust's name")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True, help="The administrator's full name")

    @changes_service_data
    def handle(self, *args, name, admin_email, admin_name, **options):
        try:
            validate_email(admin_email)
        except ValidationError:
            raise CommandError(f"--admin-email: {admin_email!r} is not an email address") from None
        if Trust.objects.filter(name=name).exists():
            raise CommandError(f"--name: a trust called {name!r} already exists")
        with transaction.atomic():
            trust = trust_create(name=name)
            admin = User.objects.filter(email__iexact=admin_email).first()
            if admin is None:
                admin = account_services.user_create(
                    email=admin_email, full_name=admin_name, by=None
                )
            RoleAssignment.objects.create(user=admin, role=Role.TRUST_ADMINISTRATOR, trust=trust)
        self.stdout.write(self.style.SUCCESS(f"Created {trust.name}."))
        if not admin.has_usable_password():
            give_set_up_link(self, admin)

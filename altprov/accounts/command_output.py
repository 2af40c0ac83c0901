"""What the operators' commands that make accounts (create_trust, grant_service_admin,
grant_service_oversight) say about the set-up link."""

from django.core.management.base import BaseCommand

from . import services as account_services
from .models import User


def give_set_up_link(command: BaseCommand, user: User) -> None:
    """Emails a new account's set-up link; if the email cannot be sent, says why and prints the
    link for the operator to give the person by a safe route (it works once)."""
    link, problem = account_services.set_up_email_send_or_give(user)
    if problem is None:
        command.stdout.write(f"Set-up link emailed to {user.email}: {link}")
        return
    command.stderr.write(
        command.style.WARNING(
            f"The set-up email to {user.email} could not be sent ({problem}). The account is "
            f"made: give them this link yourself, by a safe route (it works once): {link}"
        )
    )

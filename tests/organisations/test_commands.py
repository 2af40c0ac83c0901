import re
import smtplib
from unittest.mock import patch

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.organisations.models import Trust

pytestmark = pytest.mark.django_db


def test_R10_1_create_trust_makes_the_trust_its_settings_and_its_first_administrator():
    call_command(
        "create_trust", name="Example Trust", admin_email="ada@example.org", admin_name="Ada"
    )
    trust = Trust.objects.get(name="Example Trust")
    assert trust.settings.notice_school_days == 2
    assert trust.threshold_rules.count() == 2
    assignment = RoleAssignment.objects.get(trust=trust)
    assert assignment.role == "trust_administrator" and assignment.user.email == "ada@example.org"
    assert len(mail.outbox) == 1


def test_X3_create_trust_refuses_a_bad_email_and_a_duplicate_name_and_changes_nothing():
    with pytest.raises(CommandError, match="--admin-email"):
        call_command("create_trust", name="T", admin_email="not-an-email", admin_name="Ada")
    assert not Trust.objects.exists()
    call_command("create_trust", name="T", admin_email="a@example.org", admin_name="Ada")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_trust", name="T", admin_email="b@example.org", admin_name="Bo")
    assert Trust.objects.count() == 1


@pytest.mark.parametrize(
    "failure",
    [
        ConnectionRefusedError(111, "Connection refused"),
        smtplib.SMTPAuthenticationError(535, b"no"),
    ],
)
def test_X3_when_the_set_up_email_cannot_be_sent_the_commands_say_so_and_give_the_link(
    failure, settings, capsys
):
    """The account is made first; a mail server that cannot be reached or refuses leaves the
    operator a clear warning and the link to give by a safe route, never a traceback, and
    rerunning the command would send nothing (the account exists)."""

    def refuse(*args, **kwargs):
        raise failure

    with patch("altprov.accounts.services.send_mail", refuse):
        call_command("create_trust", name="T", admin_email="ada@example.org", admin_name="Ada")
        call_command("grant_service_admin", "ops@example.org", "--name", "Olu Ops")
    out = capsys.readouterr()
    assert Trust.objects.filter(name="T").exists()
    assert "Created T." in out.out
    for email in ("ada@example.org", "ops@example.org"):
        user = User.objects.get(email=email)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = re.search(rf"{email}.*by a safe route \(it works once\): (\S+)", out.err).group(1)
        assert link.startswith(f"{settings.SERVICE_BASE_URL.rstrip('/')}/account/set-up/{uid}/")
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert default_token_generator.check_token(user, token)
    assert "emailed" not in out.out

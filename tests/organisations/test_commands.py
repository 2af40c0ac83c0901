import pytest
from django.core import mail
from django.core.management import CommandError, call_command

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

"""R-5.2 and R-10.1: the Service administrator is held outside every trust, grants nothing in any
trust or school, and is given only by `manage.py grant_service_admin`, never by a trust
administrator."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from altprov.accounts.models import User
from altprov.authz.checks import (
    has_permission,
    has_service_permission,
    school_ids_with,
    trust_ids_reaching,
    trust_ids_with,
)
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Permission, Role
from altprov.staff.services import role_assign, staff_add
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SERVICE = Role.SERVICE_ADMINISTRATOR


def test_R5_2_only_the_service_role_grants_the_gias_import(world):
    assert has_service_permission(world.users[SERVICE], Permission.IMPORT_GIAS)
    for role, user in world.users.items():
        if role is not SERVICE:
            assert not has_service_permission(user, Permission.IMPORT_GIAS), role
    assert not has_service_permission(world.outsider, Permission.IMPORT_GIAS)


def test_R10_2_the_service_role_grants_nothing_in_any_trust_or_school(world):
    user = world.users[SERVICE]
    for permission in Permission:
        for school in (world.school_a1, world.school_b1):
            assert not has_permission(user, permission, school=school)
        assert not has_permission(user, permission, trust=world.trust_a)
        assert not list(school_ids_with(user, permission))
        assert trust_ids_with(user, permission) == set()
        assert trust_ids_reaching(user, permission) == set()


def test_R5_2_a_trust_administrator_cannot_give_the_service_role(world):
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    with pytest.raises(ValidationError):
        role_assign(
            trust=world.trust_a,
            user=world.users[Role.AP_LEAD],
            role=SERVICE,
            school=None,
            by=admin,
        )
    with pytest.raises(ValidationError):
        staff_add(
            trust=world.trust_a,
            email="new@example.org",
            full_name="New Person",
            job_title="",
            role=SERVICE,
            school=None,
            by=admin,
        )
    assert not RoleAssignment.objects.filter(role=SERVICE).exclude(user=world.users[SERVICE])
    assert not User.objects.filter(email="new@example.org").exists()


def test_R5_2_the_staff_form_offers_no_service_role(world):
    from altprov.staff.forms import RoleForm

    choices = RoleForm.base_fields["role"].choices
    offered = {value for _group, group in choices for value, _label in group}
    assert SERVICE.value not in offered and Role.TRUST_ADMINISTRATOR.value in offered


def test_R10_1_the_database_keeps_each_role_in_its_scope(world):
    user = make_user()
    for bad in (
        {"role": SERVICE, "trust": world.trust_a},
        {"role": SERVICE, "trust": world.trust_a, "school": world.school_a1},
        {"role": Role.TRUST_ADMINISTRATOR, "trust": None},
        {"role": Role.HEADTEACHER, "trust": None, "school": world.school_a1},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(user=user, **bad)
    RoleAssignment.objects.create(user=user, role=SERVICE)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=SERVICE)


def test_R5_2_grant_service_admin_gives_takes_and_creates_accounts(world, capsys):
    person = world.no_roles
    call_command("grant_service_admin", person.email.upper())
    assert "is now a Service administrator" in capsys.readouterr().out
    held = RoleAssignment.objects.get(user=person, role=SERVICE)
    assert (held.trust_id, held.school_id, held.where) == (None, None, "the whole service")
    call_command("grant_service_admin", person.email)
    assert "already a Service administrator" in capsys.readouterr().out
    assert RoleAssignment.objects.filter(user=person).count() == 1

    call_command("grant_service_admin", person.email, "--remove")
    assert not RoleAssignment.objects.filter(user=person).exists()
    with pytest.raises(CommandError, match="is not a Service administrator"):
        call_command("grant_service_admin", person.email, "--remove")

    with pytest.raises(CommandError, match="give their full name with --name"):
        call_command("grant_service_admin", "new.admin@example.org")
    assert not User.objects.filter(email="new.admin@example.org").exists()
    call_command("grant_service_admin", "New.Admin@example.org", "--name", "Noor Admin")
    created = User.objects.get(email="new.admin@example.org")
    assert created.full_name == "Noor Admin" and not created.has_usable_password()
    assert has_service_permission(created, Permission.IMPORT_GIAS)
    assert mail.outbox[-1].to == ["new.admin@example.org"]
    assert "Set-up link emailed to" in capsys.readouterr().out


def test_R5_2_the_account_page_says_the_service_role_is_held_for_the_whole_service(
    world, client_for
):
    content = client_for(world.users[SERVICE]).get("/account/").content.decode()
    assert "Service administrator" in content and "the whole service" in content


def test_R10_2_no_service_permission_without_an_active_signed_in_user(world):
    from django.contrib.auth.models import AnonymousUser

    assert not has_service_permission(None, Permission.IMPORT_GIAS)
    assert not has_service_permission(AnonymousUser(), Permission.IMPORT_GIAS)
    admin = world.users[SERVICE]
    admin.is_active = False
    admin.save()
    admin = User.objects.get(pk=admin.pk)
    assert not has_service_permission(admin, Permission.IMPORT_GIAS)

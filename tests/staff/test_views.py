"""R-10.1: trust administrators manage staff and their roles in the service's own pages."""

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.staff.models import RoleInvitation
from tests.conftest import signed_in_client
from tests.factories import give_role, make_user

pytestmark = pytest.mark.django_db


def admin_client(world):
    return signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])


def test_R10_1_adding_a_member_of_staff_invites_them_and_emails_a_set_up_link(world):
    response = admin_client(world).post(
        "/trust/staff/add/",
        {
            "full_name": "Pat Newcomer",
            "email": "Pat@Example.org",
            "job_title": "Deputy Head",
            "role": "ap_lead",
            "school": world.school_a2.pk,
        },
    )
    person = User.objects.get(email="pat@example.org")
    assert response["Location"] == "/trust/staff/"
    assert not person.has_usable_password()
    # The role waits for them to accept it, signed in as themselves.
    assert not person.role_assignments.exists()
    invitation = RoleInvitation.objects.get(user=person)
    assert (invitation.role, invitation.school, invitation.status) == (
        "ap_lead",
        world.school_a2,
        "pending",
    )
    assert len(mail.outbox) == 1 and "/account/set-up/" in mail.outbox[0].body


def test_X3_a_school_role_without_a_school_is_refused_naming_the_field(world):
    response = admin_client(world).post(
        "/trust/staff/add/",
        {"full_name": "Pat", "email": "pat@example.org", "role": "dsl", "school": ""},
    )
    content = response.content.decode()
    assert "Select the school where they are Designated Safeguarding Lead (DSL)" in content
    assert 'href="#id_school"' in content
    assert not User.objects.filter(email="pat@example.org").exists()


def test_X5_a_school_of_another_trust_cannot_be_chosen(world):
    response = admin_client(world).post(
        "/trust/staff/add/",
        {
            "full_name": "Pat",
            "email": "pat@example.org",
            "role": "dsl",
            "school": world.school_b1.pk,
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="pat@example.org").exists()


def test_R10_1_someone_who_already_has_an_account_is_offered_the_role_by_email(world):
    existing = world.users[Role.SENDCO]
    admin_client(world).post(
        "/trust/staff/add/",
        {
            "full_name": "Whoever",
            "email": existing.email.upper(),
            "role": "sendco",
            "school": world.school_a2.pk,
        },
    )
    assert existing.role_assignments.count() == 1
    assert RoleInvitation.objects.get(user=existing).status == "pending"
    assert len(mail.outbox) == 1 and "/account/invitations/" in mail.outbox[0].body


def test_R10_1_a_role_is_added_and_removed(world):
    person = world.users[Role.ASSESSMENT_LEAD]
    client = admin_client(world)
    url = f"/trust/staff/{person.pk}/roles/add/"
    assert client.post(url, {"role": "trustee", "school": ""}).status_code == 302
    assert person.role_assignments.filter(role="trustee", school=None).exists()
    response = client.post(url, {"role": "trustee", "school": ""})
    assert "is already Trustee in Trust A" in response.content.decode()
    response = client.post(url, {"role": "trustee", "school": world.school_a1.pk})
    assert "A trust role is not held in one school" in response.content.decode()
    assignment = person.role_assignments.get(role="trustee")
    assert client.post(f"/trust/staff/{person.pk}/roles/{assignment.pk}/remove/").status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_R10_1_the_last_trust_administrator_cannot_be_removed(world):
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    assignment = admin.role_assignments.get(role="trust_administrator")
    response = admin_client(world).post(f"/trust/staff/{admin.pk}/roles/{assignment.pk}/remove/")
    assert response.status_code == 400
    assert "only trust administrator" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_X5_resetting_sign_in_removes_the_second_factor_and_signs_out_everywhere(world):
    person = world.users[Role.DSL]
    their_session = signed_in_client(person)
    response = admin_client(world).post(f"/trust/staff/{person.pk}/reset-sign-in/")
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.has_usable_password()
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert their_session.get("/")["Location"].startswith("/sign-in/")
    assert len(mail.outbox) == 1


def test_a_new_set_up_link_is_sent_only_to_someone_who_has_not_set_up(world):
    client = admin_client(world)
    person = world.users[Role.DSL]
    client.post(f"/trust/staff/{person.pk}/set-up-link/")
    assert len(mail.outbox) == 0
    person.set_unusable_password()
    person.save()
    client.post(f"/trust/staff/{person.pk}/set-up-link/")
    assert len(mail.outbox) == 1


def test_the_staff_list_shows_only_roles_in_this_trust_and_searches(world):
    world.outsider  # has roles only in trust B
    both = make_user("both@example.org", full_name="Both Trusts")
    give_role(both, Role.SENDCO, school=world.school_a1)
    give_role(both, Role.SENDCO, school=world.school_b1)
    content = admin_client(world).get("/trust/staff/").content.decode()
    assert "Both Trusts" in content
    assert world.CANARY_SCHOOL_B1 not in content
    assert "Outsider Person" not in content
    content = admin_client(world).get("/trust/staff/?q=both").content.decode()
    assert "Both Trusts" in content and "SENDCo Person" not in content


@pytest.mark.parametrize("rows", [1, 50])
def test_the_staff_list_makes_the_same_number_of_queries_whatever_its_length(
    world, rows, django_assert_num_queries
):
    for i in range(rows):
        person = make_user(f"extra{i}@example.org", verified_device=False)
        give_role(person, Role.STAFF_MEMBER, school=world.school_a1)
    client = admin_client(world)
    client.get("/trust/staff/")  # warm the session
    with django_assert_num_queries(QUERIES_STAFF_LIST):
        client.get("/trust/staff/")


QUERIES_STAFF_LIST = 9  # with the invitations waiting; issue 10 cut the overheads

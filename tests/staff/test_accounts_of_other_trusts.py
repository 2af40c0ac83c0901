"""Issue 14, item 1.1: an account belongs to the trust(s) that hold its roles. No trust
administrator may reset, change or see an account that holds roles only in another trust, nor
reset the sign-in of one shared with another trust; adding an email address never reveals that
it has an account elsewhere: the person is offered the role and accepts it signed in."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.staff import selectors, services
from altprov.staff.models import RoleInvitation
from tests.conftest import signed_in_client
from tests.factories import give_role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """A SENDCo in school A1 (trust A) who is also DSL in school B1 (trust B)."""
    person = make_user("shared@example.org", full_name="Shared Person")
    give_role(person, Role.SENDCO, school=world.school_a1)
    give_role(person, Role.DSL, school=world.school_b1)
    return person


def admin_a(world):
    return world.users[Role.TRUST_ADMINISTRATOR]


def untouched(person, password_hash):
    person.refresh_from_db()
    return person.password == password_hash and TOTPDevice.objects.filter(user=person).exists()


def test_an_administrator_cannot_see_or_change_an_account_of_another_trust(world):
    outsider = world.outsider  # roles only in trust B
    b_role = outsider.role_assignments.first()
    password = outsider.password
    client = signed_in_client(admin_a(world))
    base = f"/trust/staff/{outsider.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/reset-sign-in/").status_code == 404
    assert client.post(f"{base}/reset-sign-in/").status_code == 404
    assert client.post(f"{base}/set-up-link/").status_code == 404
    assert client.post(f"{base}/roles/add/", {"role": "trustee"}).status_code == 404
    assert client.post(f"{base}/roles/{b_role.pk}/remove/").status_code == 404
    assert untouched(outsider, password)
    assert outsider.role_assignments.count() == 2
    assert not outsider.role_assignments.filter(trust=world.trust_a).exists()
    assert len(mail.outbox) == 0


def test_the_staff_services_refuse_an_account_of_another_trust(world):
    outsider, by = world.outsider, admin_a(world)
    trust = world.trust_a
    with pytest.raises(Http404):
        selectors.staff_member(trust, outsider.pk)
    with pytest.raises(PermissionDenied):
        services.sign_in_reset(trust=trust, user=outsider, by=by)
    with pytest.raises(PermissionDenied):
        services.set_up_link_send(trust=trust, user=outsider, by=by)
    with pytest.raises(PermissionDenied):
        services.role_assign(trust=trust, user=outsider, role=Role.TRUSTEE, school=None, by=by)
    with pytest.raises(PermissionDenied):
        services.role_remove(trust=trust, assignment=outsider.role_assignments.first(), by=by)
    # Nor may another trust's administrator use trust A's services.
    with pytest.raises(PermissionDenied):
        services.sign_in_reset(trust=trust, user=world.users[Role.DSL], by=outsider)
    assert TOTPDevice.objects.filter(user=outsider).exists()
    assert outsider.role_assignments.count() == 2


def test_an_account_shared_with_another_trust_cannot_have_its_sign_in_reset(world, shared):
    password = shared.password
    client = signed_in_client(admin_a(world))
    base = f"/trust/staff/{shared.pk}"
    # Seen, with only this trust's roles.
    content = client.get(f"{base}/").content.decode()
    assert "Shared Person" in content and "SENDCo" in content
    assert world.CANARY_SCHOOL_B1 not in content
    assert "also used outside" in content and "Reset their sign-in" not in content
    response = client.post(f"{base}/reset-sign-in/")
    assert response.status_code == 400
    assert "cannot be reset here" in response.content.decode()
    assert client.post(f"{base}/set-up-link/").status_code == 404
    assert untouched(shared, password)
    assert len(mail.outbox) == 0
    with pytest.raises(ValidationError):
        services.sign_in_reset(trust=world.trust_a, user=shared, by=admin_a(world))
    assert untouched(shared, password)


def test_roles_of_a_shared_account_in_this_trust_can_still_be_given_and_removed(world, shared):
    client = signed_in_client(admin_a(world))
    base = f"/trust/staff/{shared.pk}"
    assert client.post(f"{base}/roles/add/", {"role": "trustee", "school": ""}).status_code == 302
    assert shared.role_assignments.filter(role="trustee", trust=world.trust_a).exists()
    b_role = shared.role_assignments.get(trust=world.trust_b)
    assert client.post(f"{base}/roles/{b_role.pk}/remove/").status_code == 404
    a_role = shared.role_assignments.get(role="sendco")
    assert client.post(f"{base}/roles/{a_role.pk}/remove/").status_code == 302
    assert set(shared.role_assignments.values_list("role", "trust")) == {
        ("trustee", world.trust_a.pk),
        ("dsl", world.trust_b.pk),
    }


def _add(client, email, name="Alex Example"):
    return client.post(
        "/trust/staff/add/",
        {"full_name": name, "email": email, "role": "dsl", "school": client.school_pk},
        follow=True,
    )


def test_adding_an_address_that_has_an_account_elsewhere_reads_like_a_new_address(world):
    client = signed_in_client(admin_a(world))
    client.school_pk = world.school_a1.pk
    new = _add(client, "brand.new@example.org")
    existing = _add(client, world.outsider.email)

    assert new.redirect_chain == existing.redirect_chain == [("/trust/staff/", 302)]
    banner = "an invitation to be Designated Safeguarding Lead (DSL), School A1"
    for response, email in ((new, "brand.new@example.org"), (existing, world.outsider.email)):
        assert response.status_code == 200
        assert f"We have emailed {email} {banner}" in response.content.decode()
    listed = existing.content.decode()

    def row(email):
        found = re.search(
            r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(email) + r".*?</tr>", listed, re.S
        )
        return re.sub(r"/invitations/\d+/", "/invitations/ID/", found.group(0)).replace(
            email, "EMAIL"
        )

    # The two invitations read the same, apart from the address typed.
    assert row("brand.new@example.org") == row(world.outsider.email)
    # The list shows what the administrator typed, never the account's own details.
    assert "Outsider Person" not in listed and world.CANARY_SCHOOL_B1 not in listed
    assert listed.count("Alex Example") == 2
    # Neither has the role until they accept it; the outsider's account is unchanged.
    assert not RoleAssignment.objects.filter(user=world.outsider, trust=world.trust_a).exists()
    world.outsider.refresh_from_db()
    assert world.outsider.full_name == "Outsider Person"
    assert RoleInvitation.objects.filter(status="pending").count() == 2
    assert len(mail.outbox) == 2


def test_the_invited_person_accepts_the_role_once_signed_in_and_it_is_then_active(world):
    client = signed_in_client(admin_a(world))
    client.school_pk = world.school_a1.pk
    _add(client, world.outsider.email)
    invitation = RoleInvitation.objects.get(user=world.outsider)
    # Another person cannot answer it.
    other = signed_in_client(world.users[Role.DSL])
    response = other.post(
        "/account/invitations/", {"invitation": invitation.pk, "answer": "accept"}
    )
    assert response.status_code == 404
    invited = signed_in_client(world.outsider)
    assert "has offered you a role" in invited.get("/").content.decode()
    page = invited.get("/account/invitations/").content.decode()
    assert "Designated Safeguarding Lead (DSL), School A1" in page
    invited.post("/account/invitations/", {"invitation": invitation.pk, "answer": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.answered_at
    assert world.outsider.role_assignments.filter(role="dsl", school=world.school_a1).exists()
    # Single use: a second answer finds nothing waiting.
    again = invited.post(
        "/account/invitations/", {"invitation": invitation.pk, "answer": "decline"}
    )
    assert again.status_code == 404
    # Now shared with trust B: trust A sees the person but may not reset their sign-in.
    assert services.account_managed_by(world.trust_a, world.outsider) is False
    assert client.post(f"/trust/staff/{world.outsider.pk}/reset-sign-in/").status_code == 400


def test_a_declined_or_withdrawn_invitation_gives_no_role(world):
    client = signed_in_client(admin_a(world))
    client.school_pk = world.school_a1.pk
    _add(client, world.outsider.email)
    _add(client, "someone.new@example.org", name="Sam New")
    declined = RoleInvitation.objects.get(user=world.outsider)
    signed_in_client(world.outsider).post(
        "/account/invitations/", {"invitation": declined.pk, "answer": "decline"}
    )
    withdrawn = RoleInvitation.objects.get(email="someone.new@example.org")
    # Another trust's administrator cannot withdraw it.
    outsider_admin = signed_in_client(world.outsider)
    url = f"/trust/staff/invitations/{withdrawn.pk}/withdraw/"
    assert outsider_admin.post(url).status_code == 404
    assert client.post(url).status_code == 302
    declined.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (declined.status, withdrawn.status) == ("declined", "withdrawn")
    assert (
        not RoleAssignment.objects.filter(trust=world.trust_a, role="dsl")
        .exclude(user=world.users[Role.DSL])
        .exists()
    )


def test_R10_1_a_new_person_sets_up_their_account_then_accepts_the_role(world):
    from django.test import Client
    from django_otp.oath import totp

    client = signed_in_client(admin_a(world))
    client.school_pk = world.school_a1.pk
    _add(client, "fresh.start@example.org", name="Fresh Start")
    path = re.search(r"https?://[^/\s]+(/account/set-up/\S+/)", mail.outbox[0].body).group(1)
    browser = Client()
    secret = "a-much-better-secret-77"
    response = browser.post(path, {"new_password": secret, "confirm_password": secret})
    assert response["Location"] == "/sign-in/set-up-authenticator/"
    browser.get("/sign-in/set-up-authenticator/")
    person = RoleInvitation.objects.get(email="fresh.start@example.org").user
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    browser.post("/sign-in/set-up-authenticator/", {"code": f"{totp(device.bin_key):06d}"})
    # Signed in, with no role yet: the home page offers it.
    assert not person.role_assignments.exists()
    home = browser.get("/")
    assert home.status_code == 200
    assert "Accept or decline the role Designated Safeguarding Lead" in home.content.decode()
    invitation = RoleInvitation.objects.get(user=person)
    browser.post("/account/invitations/", {"invitation": invitation.pk, "answer": "accept"})
    assert list(person.role_assignments.values_list("role", "school")) == [
        ("dsl", world.school_a1.pk)
    ]
    # Now on the trust's staff list, and only this trust holds the account: it may be reset.
    assert selectors.account_managed_by(world.trust_a, person)

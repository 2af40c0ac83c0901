"""X-5: provider accounts. A trust administrator, or the AP Lead of a school that uses the
provider, invites a provider's member of staff by email; they set up their account from the
single-use link like every member of staff; switching them off ends their access at once."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.portal import services
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import PASSWORD, make_provider, make_pupil, make_user

pytestmark = pytest.mark.django_db


def invite_url(provider):
    return reverse("provider_users:invite", args=[provider.pk])


def invite_data(email="new.person@moorside.example.org"):
    return {"full_name": "New Person", "email": email, "job_title": "Centre manager"}


def test_X5_a_trust_administrator_invites_a_providers_member_of_staff(portal):
    admin = portal.world.users[Role.TRUST_ADMINISTRATOR]
    response = signed_in_client(admin).post(invite_url(portal.provider), invite_data())
    assert response.status_code == 302
    user = User.objects.get(email="new.person@moorside.example.org")
    assert user.provider == portal.provider and user.is_provider_user
    assert not user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=user).exists()
    (message,) = mail.outbox
    assert message.to == ["new.person@moorside.example.org"]
    assert "/account/set-up/" in message.body
    assert "pupils the schools have placed with you" in message.body
    assert "role" not in message.body  # a provider user is offered no role
    for name in ("Alex", "Sam", "Ordinary", "Moorside"):
        assert name not in message.body  # nothing of the pupils, nor where they are placed
    assert user.history.first().history_user == admin


def test_X5_the_ap_lead_of_a_school_with_a_placement_at_the_provider_may_invite(portal):
    ap_lead = portal.world.users[Role.AP_LEAD]  # school A1 has Alex at the provider
    assert services.may_manage_users(ap_lead, portal.provider)
    response = signed_in_client(ap_lead).post(invite_url(portal.provider), invite_data())
    assert response.status_code == 302
    assert User.objects.filter(provider=portal.provider, email__startswith="new.person").exists()


def test_X5_an_ended_placement_or_an_audit_is_use_of_the_provider_too(portal):
    ap_lead = portal.world.users[Role.AP_LEAD]
    assert services.may_manage_users(ap_lead, portal.ended_provider)  # an ended placement
    audited = make_provider(portal.world.trust_a, "Audited Only")
    assert not services.may_manage_users(ap_lead, audited)
    from altprov.provider_audits import services as audit_services

    audit_services.audit_start(provider=audited, school=portal.world.school_a1, by=ap_lead)
    assert services.may_manage_users(ap_lead, audited)


def test_X5_the_ap_lead_of_a_school_that_does_not_use_the_provider_finds_nothing(portal):
    world = portal.world
    unused = make_provider(world.trust_a, "Used By A2 Only")
    attending(world, make_pupil(world.school_a2), unused)
    ap_lead = world.users[Role.AP_LEAD]  # of school A1
    client = signed_in_client(ap_lead)
    assert client.get(invite_url(unused)).status_code == 404
    assert client.post(invite_url(unused), invite_data()).status_code == 404
    with pytest.raises(Http404):
        services.provider_user_invite(provider=unused, by=ap_lead, **invite_data())
    assert not User.objects.filter(email="new.person@moorside.example.org").exists()
    # ... and the provider's page does not list its users for them
    body = client.get(reverse("providers:detail", args=[unused.pk])).content.decode()
    assert "Provider portal users" not in body


@pytest.mark.parametrize(
    "role", [Role.HEADTEACHER, Role.DSL, Role.SCHOOL_IMPROVEMENT, Role.TRUST_EXECUTIVE]
)
def test_X5_no_other_role_may_invite(portal, role):
    user = portal.world.users[role]
    assert signed_in_client(user).get(invite_url(portal.provider)).status_code == 404
    with pytest.raises(Http404):
        services.provider_user_invite(provider=portal.provider, by=user, **invite_data())


def test_X5_a_trust_administrator_of_another_trust_finds_nothing(portal):
    outsider = portal.world.outsider  # trust B's administrator
    assert signed_in_client(outsider).get(invite_url(portal.provider)).status_code == 404


@pytest.mark.parametrize(
    "email",
    [
        "ap_lead@example.org",  # a member of staff of this trust
        "OUTSIDER@example.org",  # of another trust, in capitals
        "fay@far.example.org",  # a provider user of another trust's provider
        "pat@moorside.example.org",  # already a user of this provider
    ],
)
def test_X5_an_email_that_has_an_account_anywhere_is_refused_with_the_same_words(portal, email):
    admin = portal.world.users[Role.TRUST_ADMINISTRATOR]
    before = User.objects.count()
    response = signed_in_client(admin).post(invite_url(portal.provider), invite_data(email))
    assert response.status_code == 200
    assert services.EMAIL_REFUSED in response.content.decode()
    assert User.objects.count() == before and not mail.outbox
    with pytest.raises(ValidationError) as refused:
        services.provider_user_invite(provider=portal.provider, by=admin, **invite_data(email))
    assert refused.value.message_dict == {"email": [services.EMAIL_REFUSED]}


def test_X5_a_missing_name_or_a_malformed_email_is_a_field_error(portal):
    admin = portal.world.users[Role.TRUST_ADMINISTRATOR]
    body = (
        signed_in_client(admin)
        .post(invite_url(portal.provider), {"full_name": "", "email": "not-an-email"})
        .content.decode()
    )
    assert "Enter their full name" in body
    assert "Enter an email address in the correct format" in body


def test_X5_the_providers_page_lists_its_portal_users_for_those_who_may_invite(portal):
    make_user("set.up@moorside.example.org", full_name="Set Up Person", provider=portal.provider)
    services.provider_user_invite(
        provider=portal.provider,
        by=portal.world.users[Role.TRUST_ADMINISTRATOR],
        **invite_data(),
    )
    page = reverse("providers:detail", args=[portal.provider.pk])
    body = signed_in_client(portal.world.users[Role.AP_LEAD]).get(page).content.decode()
    assert "Provider portal users" in body
    assert "Set Up Person" in body and "set.up@moorside.example.org" in body
    assert "New Person" in body and "Not set up yet" in body
    assert ">Set up<" in body  # Pat Provider and Set Up Person have password and authenticator
    # The DSL may manage providers but not their users: no list, no link
    body = signed_in_client(portal.world.users[Role.DSL]).get(page).content.decode()
    assert "Provider portal users" not in body and "pat@moorside" not in body


def test_X5_the_list_costs_the_same_queries_whatever_the_number_of_users(portal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            list(services.portal_users(portal.provider))
        return len(queries)

    one = count()
    for n in range(5):
        make_user(f"more{n}@moorside.example.org", provider=portal.provider)
    assert count() == one == 1


def test_X5_switching_off_ends_their_access_at_once_and_keeps_the_history(portal):
    user = portal.user
    their_client = signed_in_client(user)
    assert their_client.get(reverse("portal:home")).status_code == 200
    ap_lead = portal.world.users[Role.AP_LEAD]
    url = reverse("provider_users:switch_off", args=[portal.provider.pk, user.pk])
    client = signed_in_client(ap_lead)
    assert "Switch off Pat Provider" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.session_generation == 1
    assert user.history.first().history_user == ap_lead
    response = their_client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    # They cannot sign in again
    refused = Client().post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert refused.status_code == 200  # the form again, not the second factor
    # Already off: the page is gone and the service refuses it with its own words
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError, match="already switched off"):
        services.provider_user_switch_off(provider=portal.provider, user_id=user.pk, by=ap_lead)


def test_X5_switching_off_as_an_outsider_or_for_another_providers_user_is_not_found(portal):
    world = portal.world
    url = reverse("provider_users:switch_off", args=[portal.provider.pk, portal.user.pk])
    for who in (world.users[Role.DSL], world.outsider, portal.other_user):
        assert signed_in_client(who).post(url).status_code == 404
    wrong = reverse("provider_users:switch_off", args=[portal.provider.pk, portal.far_user.pk])
    assert signed_in_client(world.users[Role.TRUST_ADMINISTRATOR]).post(wrong).status_code == 404
    staff = reverse(
        "provider_users:switch_off", args=[portal.provider.pk, world.users[Role.DSL].pk]
    )
    assert signed_in_client(world.users[Role.TRUST_ADMINISTRATOR]).post(staff).status_code == 404
    portal.user.refresh_from_db()
    assert portal.user.is_active


def test_X5_the_invited_user_sets_up_from_the_link_and_reaches_the_portal(portal):
    services.provider_user_invite(
        provider=portal.provider, by=portal.world.users[Role.TRUST_ADMINISTRATOR], **invite_data()
    )
    link = mail.outbox[0].body.split("http://", 1)[1].split()[0]
    path = link[link.index("/") :]
    client = Client()
    response = client.post(
        path,
        {"new_password": "a-much-better-secret-77", "confirm_password": "a-much-better-secret-77"},
    )
    assert response["Location"] == "/sign-in/set-up-authenticator/"  # then TOTP, like staff
    assert client.get(reverse("portal:home"))["Location"].startswith("/sign-in/")


def test_X5_a_provider_user_invited_to_a_staff_role_can_never_take_it_up(portal):
    from altprov.staff import services as staff_services

    invitation = staff_services.staff_add(
        trust=portal.world.trust_a,
        email=portal.user.email,
        full_name="Pat Provider",
        job_title="",
        role=Role.AP_LEAD,
        school=portal.world.school_a1,
        by=portal.world.users[Role.TRUST_ADMINISTRATOR],
    )
    with pytest.raises(ValidationError, match="is for the provider portal"):
        staff_services.invitation_accept(invitation=invitation, by=portal.user)
    assert not RoleAssignment.objects.filter(user=portal.user).exists()


def test_X5_a_provider_user_reaches_their_own_account_page(portal):
    client = signed_in_client(portal.user)
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "pat@moorside.example.org" in page
    assert "You use the provider portal for Moorside Centre" in page
    assert "Today and your pupils" in page  # the portal's navigation, not the staff one
    assert "Referrals" not in page and "no roles yet" not in page

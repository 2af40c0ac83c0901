"""X-5, issue 11: adding or removing a passkey, the authenticator app or recovery codes leaves a
kept record (`SecurityEvent`, altprov/accounts/events.py): whose account, what, who made the
change and when. The record is never changed or deleted."""

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from altprov.accounts import services
from altprov.accounts.models import SecurityEvent
from altprov.authz.permissions import Role
from altprov.core.append_only import AppendOnlyError
from tests.conftest import signed_in_client
from tests.factories import give_role, make_passkey, make_trust, make_user

from .test_passkeys import add_passkey, relying_party  # noqa: F401 - the fixture is used
from .test_sign_in import sign_in

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
NOW = "2026-11-02 10:30:00+00:00"


def events(user) -> list[tuple]:
    return [
        (e.kind, e.by, e.detail)
        for e in SecurityEvent.objects.filter(user=user).order_by("at", "pk")
    ]


@time_machine.travel(NOW, tick=False)
def test_X5_adding_and_removing_a_passkey_leave_a_record_with_who_and_when(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    add_passkey(client, "Work laptop")
    stored = WebAuthnCredential.objects.get(user=user)
    assert events(user) == [(Kind.PASSKEY_ADDED, user, "Work laptop")]

    response = client.post(reverse("accounts:passkey_remove", args=[stored.pk]))
    assert response.status_code == 302
    assert events(user) == [
        (Kind.PASSKEY_ADDED, user, "Work laptop"),
        (Kind.PASSKEY_REMOVED, user, "Work laptop"),
    ]
    assert {e.at for e in SecurityEvent.objects.filter(user=user)} == {timezone.now()}


def test_X5_a_refused_passkey_leaves_no_record(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    client.post(reverse("accounts:passkey_add"), {"name": "Work laptop"})
    client.post(reverse("accounts:passkey_register_begin"), "{}", content_type="application/json")
    response = client.post(
        reverse("accounts:passkey_register_complete"), "{}", content_type="application/json"
    )
    assert response.status_code >= 400
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    assert events(user) == []


def test_X5_someone_elses_passkey_is_not_removed_and_nothing_is_recorded(world):
    user, other = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    theirs = make_passkey(other)
    client = signed_in_client(user)
    assert client.post(reverse("accounts:passkey_remove", args=[theirs.pk])).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()
    assert events(user) == events(other) == []


@time_machine.travel(NOW, tick=False)
def test_X5_setting_up_the_authenticator_app_and_recovery_codes_leave_a_record(db):
    user = make_user("new@example.org", verified_device=False)
    give_role(user, Role.TRUST_ADMINISTRATOR, trust=make_trust())
    client = Client()
    sign_in(client, user.email)
    client.get("/sign-in/set-up-authenticator/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/sign-in/set-up-authenticator/", {"code": f"{totp(device.bin_key):06d}"}
    )
    assert response["Location"] == "/sign-in/recovery-codes/"
    assert events(user) == [(Kind.APP_ADDED, user, ""), (Kind.CODES_MADE, user, "")]
    assert {e.at for e in SecurityEvent.objects.filter(user=user)} == {timezone.now()}


def test_X5_new_recovery_codes_leave_a_record_that_the_old_ones_no_longer_work(world):
    user = world.users[Role.AP_LEAD]
    services.recovery_codes_generate(user=user)
    client = signed_in_client(user)
    assert client.post(reverse("accounts:recovery_codes_new")).status_code == 302
    assert events(user)[-1] == (Kind.CODES_MADE, user, "The codes made before no longer work")


def test_X5_a_sign_in_reset_records_each_way_removed_and_the_administrator(world):
    user, admin = world.users[Role.AP_LEAD], world.users[Role.TRUST_ADMINISTRATOR]
    services.recovery_codes_generate(user=user)
    make_passkey(user, "Phone")
    make_passkey(user, "Laptop")
    before = len(events(user))
    services.sign_in_reset(user=user, by=admin)
    assert sorted(events(user)[before:]) == sorted(
        [
            (Kind.APP_REMOVED, admin, ""),
            (Kind.CODES_REMOVED, admin, ""),
            (Kind.PASSKEY_REMOVED, admin, "Phone"),
            (Kind.PASSKEY_REMOVED, admin, "Laptop"),
        ]
    )


def test_X5_the_record_of_sign_in_changes_is_never_changed_or_deleted(world):
    user = world.users[Role.AP_LEAD]
    services.recovery_codes_generate(user=user)
    event = SecurityEvent.objects.get(user=user)
    event.detail = "Nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        SecurityEvent._base_manager.filter(pk=event.pk).update(detail="Nothing happened")
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


@time_machine.travel(NOW, tick=False)
def test_X5_the_account_page_lists_the_latest_changes_to_how_you_sign_in_and_only_yours(world):
    user, admin = world.users[Role.AP_LEAD], world.users[Role.TRUST_ADMINISTRATOR]
    client = signed_in_client(user)
    assert "No changes have been recorded." in client.get("/account/").content.decode()
    for n in range(11):
        SecurityEvent.objects.create(user=user, kind=Kind.PASSKEY_ADDED, detail=f"Key {n}", by=user)
    SecurityEvent.objects.create(user=user, kind=Kind.APP_REMOVED, by=admin)
    SecurityEvent.objects.create(user=admin, kind=Kind.PASSKEY_ADDED, detail="Not yours", by=admin)
    page = client.get("/account/").content.decode()
    assert "Changes to how you sign in" in page
    assert (
        f'Authenticator app removed</td>\n      <td class="govuk-table__cell">{admin.full_name}'
        in page
    )
    assert "Passkey added: Key 10" in page and "Passkey added: Key 2" in page
    assert "Key 1<" not in page and "Key 0<" not in page  # the 10 latest only
    assert "Not yours" not in page
    assert page.count('<td class="govuk-table__cell">You</td>') == 9
    assert "2 November 2026 at 10:30am" in page


@time_machine.travel(NOW, tick=False)
def test_X5_the_trust_administrator_sees_the_latest_sign_in_changes_of_an_account_they_manage(
    world,
):
    admin, user = world.users[Role.TRUST_ADMINISTRATOR], world.users[Role.AP_LEAD]
    client = signed_in_client(admin)
    url = f"/trust/staff/{user.pk}/"
    page = client.get(url).content.decode()
    assert "Changes to how they sign in" in page and "No changes have been recorded." in page
    for n in range(11):
        SecurityEvent.objects.create(user=user, kind=Kind.PASSKEY_ADDED, detail=f"Key {n}", by=user)
    SecurityEvent.objects.create(user=user, kind=Kind.APP_REMOVED, by=admin)
    SecurityEvent.objects.create(user=admin, kind=Kind.PASSKEY_ADDED, detail="Theirs", by=admin)
    page = client.get(url).content.decode()
    assert "Passkey added: Key 10" in page and "Passkey added: Key 2" in page
    assert "Key 1<" not in page and "Theirs" not in page  # the 10 latest, of this account only
    assert page.count(f'<td class="govuk-table__cell">{user.full_name}</td>') == 9
    assert 'Authenticator app removed</td>\n      <td class="govuk-table__cell">You</td>' in page
    assert "2 November 2026 at 10:30am" in page


def test_X5_a_trust_does_not_see_the_sign_in_changes_of_an_account_shared_with_another(world):
    person = make_user("shared@example.org", full_name="Shared Person")
    give_role(person, Role.SENDCO, school=world.school_a1)
    give_role(person, Role.DSL, school=world.school_b1)
    SecurityEvent.objects.create(user=person, kind=Kind.PASSKEY_ADDED, detail="Own key", by=person)
    page = (
        signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
        .get(f"/trust/staff/{person.pk}/")
        .content.decode()
    )
    assert "Shared Person" in page
    assert "Changes to how they sign in" not in page and "Own key" not in page

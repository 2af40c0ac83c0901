"""X-5, issue 11 item 5: passkeys (WebAuthn) as a second factor beside the authenticator app
(altprov/accounts/passkeys.py, passkey_views.py). The ceremonies run for real against the
endpoints with a software passkey (tests/accounts/software_authenticator.py): py_webauthn checks
each challenge, origin, relying party id and signature. The browser journey, with Chromium's
virtual authenticator: tests/browser/test_passkey_journey.py."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp_webauthn.models import WebAuthnCredential

from altprov.accounts import services
from altprov.accounts.passkeys import PENDING_NAME
from altprov.authz.permissions import Role
from altprov.core.step_up import SECOND_FACTOR_AT
from tests.conftest import signed_in_client
from tests.factories import PASSWORD, make_passkey, make_user

from .software_authenticator import SoftwarePasskey, b64url

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"  # the test client's origin
USE_PASSKEY = "Use a passkey instead"
LOCKED = "You have tried too many times"


@pytest.fixture(autouse=True)
def relying_party(settings):
    """The test client's host is the relying party (development's default is localhost)."""
    settings.OTP_WEBAUTHN_RP_ID = "testserver"


def post_json(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def add_passkey(client, name="Work laptop") -> SoftwarePasskey:
    """The "Add a passkey" journey of a signed-in client: name, then the registration ceremony."""
    response = client.post(reverse("accounts:passkey_add"), {"name": name})
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:passkey_create"
    )
    options = post_json(client, reverse("accounts:passkey_register_begin")).json()
    passkey = SoftwarePasskey()
    response = post_json(
        client,
        reverse("accounts:passkey_register_complete"),
        passkey.attestation(options, ORIGIN),
    )
    assert response.status_code == 200, response.content
    return passkey


def use_passkey(client, passkey, *, next_path=None, tamper=False, origin=ORIGIN):
    options = post_json(client, reverse("accounts:passkey_sign_in_begin")).json()
    url = reverse("accounts:passkey_sign_in_complete")
    if next_path:
        url += f"?next={next_path}"
    return post_json(client, url, passkey.assertion(options, origin, tamper=tamper))


def password_step(user) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response["Location"] == "/sign-in/code/"
    return client


def last_code_16_minutes_ago(client) -> None:
    session = client.session
    session[SECOND_FACTOR_AT] -= 16 * 60
    session.save()


def test_X5_a_person_adds_a_named_passkey_and_sees_it_listed(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    account = client.get(reverse("accounts:account")).content.decode()
    assert "You have no passkeys." in account and "Add a passkey" in account

    page = client.get(reverse("accounts:passkey_add"))
    assert page.status_code == 200
    response = client.post(reverse("accounts:passkey_add"), {"name": "  "})
    assert "Enter a name for your passkey" in response.content.decode()
    response = client.post(reverse("accounts:passkey_add"), {"name": "x" * 65})
    assert "The name must be 64 characters or fewer" in response.content.decode()

    passkey = add_passkey(client, "Work   laptop")
    stored = WebAuthnCredential.objects.get(user=user)
    assert stored.name == "Work laptop" and stored.confirmed
    assert bytes(stored.credential_id) == passkey.credential_id
    assert PENDING_NAME not in client.session
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Your passkey ‘Work laptop’ is added." in account
    assert 'Remove<span class="govuk-visually-hidden"> passkey Work laptop</span>' in account
    # The same name again is refused, naming the field.
    response = client.post(reverse("accounts:passkey_add"), {"name": "work laptop"})
    assert "You already have a passkey with this name" in response.content.decode()


def test_X5_the_create_page_serves_the_package_script_from_our_static_files(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.get(reverse("accounts:passkey_create"))["Location"] == reverse(
        "accounts:passkey_add"
    )
    client.post(reverse("accounts:passkey_add"), {"name": "My phone"})
    response = client.get(reverse("accounts:passkey_create"))
    html = response.content.decode()
    assert "Create the passkey" in html and "My phone" in html
    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    assert "/static/django_otp_webauthn/otp_webauthn_register.js" in sources
    assert all(src.startswith("/static/") for src in sources)
    # Scripts from this site only, no inline script without the nonce.
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    assert "'self'" in script_src and "'unsafe-inline'" not in script_src
    for tag in re.findall(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>", html):
        assert "nonce=" in tag


def test_X5_signing_in_with_password_then_passkey_counts_as_the_code(world):
    user = world.users[Role.AP_LEAD]
    passkey = add_passkey(signed_in_client(user))
    client = password_step(user)
    code_step = client.get("/sign-in/code/").content.decode()
    assert USE_PASSKEY in code_step and "otp_webauthn_config" in code_step
    before = client.session.session_key
    assert client.get("/")["Location"].startswith("/sign-in/")

    response = use_passkey(client, passkey)
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == "/"
    session = client.session
    assert session.session_key != before  # privilege_changed
    assert isinstance(session[SECOND_FACTOR_AT], int)  # second_factor_proven
    assert session[DEVICE_ID_SESSION_KEY].startswith("django_otp_webauthn.webauthncredential/")
    assert client.get("/").status_code == 200
    stored = WebAuthnCredential.objects.get(user=user)
    assert stored.sign_count == passkey.sign_count and stored.last_used_at is not None


def test_X5_a_passkey_from_another_origin_or_tampered_is_refused(world):
    user = world.users[Role.AP_LEAD]
    passkey = add_passkey(signed_in_client(user))
    client = password_step(user)
    response = use_passkey(client, passkey, origin="https://evil.example")
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "The passkey was not accepted. Try again, or enter a code instead."
    )
    assert use_passkey(client, passkey, tamper=True).status_code == 422
    # A complete without a begun ceremony (a replay) is refused too.
    body = passkey.assertion({"challenge": b64url(b"old"), "rpId": "testserver"}, ORIGIN)
    assert post_json(client, reverse("accounts:passkey_sign_in_complete"), body).status_code == 400
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_X5_refused_passkeys_count_towards_the_same_lockout_as_wrong_codes(world, settings):
    user = world.users[Role.AP_LEAD]
    passkey = add_passkey(signed_in_client(user))
    client = password_step(user)
    client.post("/sign-in/code/", {"code": "zzzzz-zzzzz"})  # a wrong recovery code: 1
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        assert use_passkey(client, passkey, tamper=True).status_code == 422
    response = use_passkey(client, passkey, tamper=True)
    assert response.status_code == 429 and LOCKED in response.json()["detail"]
    # Signed out, and the password is refused while locked out, even with the right passkey.
    assert client.get("/sign-in/code/")["Location"] == "/sign-in/"
    response = Client().post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_X5_a_passkey_clears_earlier_failures_like_a_code(world, settings):
    user = world.users[Role.AP_LEAD]
    passkey = add_passkey(signed_in_client(user))
    client = password_step(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/sign-in/code/", {"code": "zzzzz-zzzzz"})
    assert use_passkey(client, passkey).status_code == 200
    client.post(reverse("accounts:sign_out"))
    client = password_step(user)
    client.post("/sign-in/code/", {"code": "zzzzz-zzzzz"})
    assert use_passkey(client, passkey).status_code == 200


def test_X5_step_up_with_a_passkey_before_the_census_download(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    passkey = add_passkey(client)
    last_code_16_minutes_ago(client)
    download = reverse("reports:census_download", args=[world.school_a1.pk, "csv"])
    response = client.get(download)
    assert response["Location"].startswith("/account/code/?next=")
    step_up = client.get(response["Location"]).content.decode()
    assert USE_PASSKEY in step_up
    before = client.session.session_key

    response = use_passkey(client, passkey, next_path=download)
    assert response.status_code == 200
    assert response.json()["redirect_url"] == download
    assert client.session.session_key != before
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_X5_step_up_never_sends_a_passkey_elsewhere(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    passkey = add_passkey(client)
    response = use_passkey(client, passkey, next_path="https://evil.example/")
    assert response.json()["redirect_url"] == "/"


def test_X5_someone_elses_passkey_is_refused_and_their_passkeys_are_not_found(world):
    owner = world.users[Role.AP_LEAD]
    passkey = add_passkey(signed_in_client(owner))
    stored = WebAuthnCredential.objects.get(user=owner)
    other = world.users[Role.DSL]
    client = password_step(other)
    # The challenge names only the person's own passkeys: they have none.
    options = post_json(client, reverse("accounts:passkey_sign_in_begin")).json()
    assert options.get("allowCredentials", []) == []
    response = post_json(
        client,
        reverse("accounts:passkey_sign_in_complete"),
        passkey.assertion(options, ORIGIN),
    )
    assert response.status_code == 403
    assert client.get("/")["Location"].startswith("/sign-in/")
    outsider = signed_in_client(world.outsider)
    remove = reverse("accounts:passkey_remove", args=[stored.pk])
    assert outsider.get(remove).status_code == 404
    assert outsider.post(remove).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=stored.pk).exists()


def test_X5_removing_a_passkey_needs_a_fresh_code(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    add_passkey(client)
    stored = WebAuthnCredential.objects.get(user=user)
    remove = reverse("accounts:passkey_remove", args=[stored.pk])
    last_code_16_minutes_ago(client)
    assert client.get(remove)["Location"].startswith("/account/code/?next=")
    assert client.post(remove)["Location"].startswith("/account/code/?next=")
    assert WebAuthnCredential.objects.filter(pk=stored.pk).exists()

    client = signed_in_client(user)
    page = client.get(remove).content.decode()
    assert "Remove your passkey ‘Work laptop’" in page
    response = client.post(remove)
    assert response["Location"] == reverse("accounts:account")
    assert not WebAuthnCredential.objects.filter(pk=stored.pk).exists()
    assert (
        "Your passkey ‘Work laptop’ is removed."
        in client.get(response["Location"]).content.decode()
    )


def test_X5_adding_a_passkey_needs_a_fresh_code(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    last_code_16_minutes_ago(client)
    assert client.get(reverse("accounts:passkey_add"))["Location"].startswith("/account/code/")
    response = post_json(client, reverse("accounts:passkey_register_begin"))
    assert response.status_code == 403 and response.json()["code"] == "step_up_needed"
    assert not WebAuthnCredential.objects.exists()


def test_X5_a_passkey_is_no_way_to_skip_the_password(world):
    client = Client()
    for name in ("passkey_sign_in_begin", "passkey_sign_in_complete"):
        response = post_json(client, reverse(f"accounts:{name}"))
        assert response.status_code == 302 and response["Location"] == "/sign-in/"
    response = post_json(client, reverse("accounts:passkey_register_begin"))
    assert response["Location"].startswith("/sign-in/")


def test_X5_a_password_alone_cannot_add_a_passkey(world):
    client = password_step(world.users[Role.AP_LEAD])
    response = post_json(client, reverse("accounts:passkey_register_begin"))
    assert response["Location"] == "/sign-in/code/"


def test_X5_a_person_with_only_a_passkey_can_still_use_recovery_codes(world):
    user = make_user("passkey-only@example.org", verified_device=False)
    make_passkey(user, "Security key")
    codes = services.recovery_codes_generate(user=user)
    client = password_step(user)  # the code step, not setting up an authenticator app
    page = client.get("/sign-in/code/").content.decode()
    assert USE_PASSKEY in page and "recovery codes" in page
    response = client.post("/sign-in/code/", {"code": codes[0]})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert services.recovery_codes_left(user) == 9


def test_X5_a_person_without_a_passkey_is_not_offered_one(world):
    user = world.users[Role.AP_LEAD]
    client = password_step(user)
    page = client.get("/sign-in/code/").content.decode()
    assert USE_PASSKEY not in page and "otp_webauthn_config" not in page


def test_X5_passkeys_are_offered_only_at_the_relying_partys_host(world, settings):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"  # development's default; the client is testserver
    user = world.users[Role.AP_LEAD]
    make_passkey(user)
    client = signed_in_client(user)
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Passkeys work only when you open AltProv at localhost." in account
    assert reverse("accounts:passkey_add") not in account
    assert USE_PASSKEY not in password_step(user).get("/sign-in/code/").content.decode()


def test_X5_a_sign_in_reset_removes_passkeys_too(world):
    user = world.users[Role.AP_LEAD]
    make_passkey(user)
    services.sign_in_reset(user=user, by=world.users[Role.TRUST_ADMINISTRATOR])
    assert not WebAuthnCredential.objects.filter(user=user).exists()


def test_X5_removing_the_passkey_this_session_used_asks_for_a_code(world):
    user = world.users[Role.AP_LEAD]
    passkey = add_passkey(signed_in_client(user))
    client = password_step(user)
    assert use_passkey(client, passkey).status_code == 200
    stored = WebAuthnCredential.objects.get(user=user)
    response = client.post(reverse("accounts:passkey_remove", args=[stored.pk]))
    assert response["Location"] == "/sign-in/code/"
    page = client.get("/sign-in/code/").content.decode()
    assert "You used it to sign in, so enter a code" in page
    assert client.get("/")["Location"] == "/sign-in/code/"

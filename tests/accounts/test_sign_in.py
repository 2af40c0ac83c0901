"""X-5: password and second factor, lockout, time-outs, sign out everywhere."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts import services
from altprov.authz.permissions import Role
from tests.conftest import signed_in_client
from tests.factories import PASSWORD, give_role, make_user

pytestmark = pytest.mark.django_db


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def sign_in(client, email, password=PASSWORD):
    return client.post("/sign-in/", {"email": email, "password": password})


def test_X5_signing_in_needs_the_password_then_the_code(world):
    user = world.users[Role.HEADTEACHER]
    client = Client()
    response = sign_in(client, user.email)
    assert response.status_code == 302 and response["Location"] == "/sign-in/code/"
    # Signed in with a password only: every page sends you to the code.
    assert client.get("/")["Location"] == "/sign-in/code/"
    response = client.post("/sign-in/code/", {"code": code_for(user)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_X5_a_wrong_code_is_refused_with_a_message_on_the_field(world):
    user = world.users[Role.HEADTEACHER]
    client = Client()
    sign_in(client, user.email)
    wrong = "000000" if code_for(user) != "000000" else "111111"
    response = client.post("/sign-in/code/", {"code": wrong})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "govuk-error-message" in content
    assert 'href="#id_code"' in content
    assert client.get("/")["Location"] == "/sign-in/code/"


def test_X5_a_wrong_password_and_an_unknown_email_get_the_same_answer(world):
    user = world.users[Role.HEADTEACHER]
    wrong = sign_in(Client(), user.email, "not-the-password-at-all").content.decode()
    unknown = sign_in(Client(), "nobody@example.org", "not-the-password-at-all").content.decode()
    assert "Enter a correct email address and password" in wrong
    assert "Enter a correct email address and password" in unknown

    def strip(html, email):
        import re

        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'nonce="[^"]+"', "", html).replace(email, "EMAIL")

    assert strip(wrong, user.email) == strip(unknown, "nobody@example.org")


@pytest.mark.parametrize("email", ["headteacher@example.org", "nobody-at-all@example.org"])
def test_X5_repeated_failures_lock_out_without_saying_whether_the_account_exists(world, email):
    client = Client()
    for _ in range(5):
        sign_in(client, email, "wrong-password-again")
    response = sign_in(client, email, "wrong-password-again")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    # Even the right password is refused while locked out.
    response = sign_in(client, "headteacher@example.org")
    if email == "headteacher@example.org":
        assert response.status_code == 429


def test_X5_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes(db):
    user = make_user("new@example.org", verified_device=False)
    give_role(
        user, Role.TRUST_ADMINISTRATOR, trust=__import__("tests.factories").factories.make_trust()
    )
    client = Client()
    response = sign_in(client, user.email)
    assert response["Location"] == "/sign-in/set-up-authenticator/"
    page = client.get("/sign-in/set-up-authenticator/")
    content = page.content.decode()
    assert "<svg" in content and 'id="totp-secret"' in content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/sign-in/set-up-authenticator/", {"code": "12345"})
    assert "The code must be 6 digits" in response.content.decode()
    response = client.post(
        "/sign-in/set-up-authenticator/", {"code": f"{totp(device.bin_key):06d}"}
    )
    assert response["Location"] == "/sign-in/recovery-codes/"
    codes_page = client.get("/sign-in/recovery-codes/").content.decode()
    assert codes_page.count("<li><code>") == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    # The codes are shown once.
    assert client.get("/sign-in/recovery-codes/")["Location"] == "/account/"
    assert client.get("/").status_code == 200


def test_X5_a_recovery_code_signs_in_once(world):
    user = world.users[Role.DSL]
    codes = services.recovery_codes_generate(user=user)
    client = Client()
    sign_in(client, user.email)
    response = client.post("/sign-in/code/", {"code": codes[0]})
    assert response["Location"] == "/"
    assert StaticToken.objects.filter(device__user=user).count() == 9
    again = Client()
    sign_in(again, user.email)
    response = again.post("/sign-in/code/", {"code": codes[0]})
    assert response.status_code == 200
    assert StaticDevice.objects.filter(user=user).exists()


def test_X5_an_idle_session_ends_after_the_idle_time_out(world):
    user = world.users[Role.AP_LEAD]
    with time_machine.travel(
        dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False
    ) as traveller:
        client = signed_in_client(user)
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/sign-in/"
        assert "did nothing for 30 minutes" in client.get("/sign-in/").content.decode()


def test_X5_a_session_ends_after_the_absolute_time_out_even_when_busy(world):
    user = world.users[Role.AP_LEAD]
    with time_machine.travel(
        dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC), tick=False
    ) as traveller:
        client = signed_in_client(user)
        for _ in range(30):  # 10 hours of a request every 20 minutes
            traveller.shift(dt.timedelta(minutes=20))
            response = client.get("/")
            assert response.status_code == 200
        traveller.shift(dt.timedelta(minutes=20))
        response = client.get("/")
        assert response["Location"] == "/sign-in/"


def test_X5_sign_out_everywhere_ends_every_other_session(world):
    user = world.users[Role.HEADTEACHER]
    laptop = signed_in_client(user)
    phone = signed_in_client(user)
    assert phone.get("/").status_code == 200
    response = laptop.post("/account/sign-out-everywhere/")
    assert response["Location"] == "/sign-in/"
    assert phone.get("/")["Location"] == "/sign-in/"
    assert laptop.get("/")["Location"].startswith("/sign-in/")


def test_X5_signing_out_ends_the_session(world):
    client = signed_in_client(world.users[Role.HEADTEACHER])
    response = client.post("/sign-out/")
    assert response["Location"] == "/sign-in/"
    assert client.get("/")["Location"].startswith("/sign-in/")
    assert client.get("/sign-out/").status_code == 405


def test_X5_after_sign_in_you_go_back_only_to_a_page_of_this_service(world):
    user = world.users[Role.HEADTEACHER]
    client = Client()
    client.post("/sign-in/?next=/pupils/", {"email": user.email, "password": PASSWORD})
    assert client.post("/sign-in/code/", {"code": code_for(user)})["Location"] == "/pupils/"
    other = world.users[Role.DSL]
    client = Client()
    client.post(
        "/sign-in/?next=https://evil.example/", {"email": other.email, "password": PASSWORD}
    )
    assert client.post("/sign-in/code/", {"code": code_for(other)})["Location"] == "/"


def test_X5_a_set_up_link_sets_a_strong_password_once(world):
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    user = services.user_create(email="Fresh@Example.org", full_name="Fresh Person", by=admin)
    assert not user.has_usable_password()
    link = services.set_up_email_send(user)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert link in message.body and message.to == ["fresh@example.org"]
    assert "If you have been offered a role, accept it" in message.body  # staff, not a provider
    path = link.split("8000", 1)[-1] if "8000" in link else link
    client = Client()
    response = client.post(
        path, {"new_password": "password1234", "confirm_password": "password1234"}
    )
    assert "This password is too common" in response.content.decode()
    response = client.post(
        path, {"new_password": "a-much-better-secret-77", "confirm_password": "a-different-one-77"}
    )
    assert "The passwords do not match" in response.content.decode()
    response = client.post(
        path,
        {"new_password": "a-much-better-secret-77", "confirm_password": "a-much-better-secret-77"},
    )
    assert response["Location"] == "/sign-in/set-up-authenticator/"
    user.refresh_from_db()
    assert user.check_password("a-much-better-secret-77")
    # Used once: the link no longer works.
    assert Client().get(path).status_code == 404


def test_X4_the_set_up_email_names_no_pupil_and_no_concern(world):
    user = services.user_create(email="x@example.org", full_name="X Person", by=None)
    services.set_up_email_send(user)
    body = mail.outbox[0].body.lower()
    for word in ("pupil", "safeguarding", "concern", world.pupil_a1.first_name.lower()):
        assert word not in body


@override_settings(DEMO_MODE=True)
def test_X5_in_demo_mode_the_code_page_shows_the_demo_code_for_demo_accounts(world):
    from altprov.accounts.demo import DEMO_TOTP_KEY_HEX

    user = make_user("demo-person@example.org", verified_device=False)
    TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
    client = Client()
    sign_in(client, user.email)
    assert "app-demo-code" in client.get("/sign-in/code/").content.decode()
    # A normal account shows no code even in demo mode.
    other = world.users[Role.DSL]
    client = Client()
    sign_in(client, other.email)
    assert "app-demo-code" not in client.get("/sign-in/code/").content.decode()


def test_X5_outside_demo_mode_no_code_is_shown(world):
    user = world.users[Role.DSL]
    client = Client()
    sign_in(client, user.email)
    assert "app-demo-code" not in client.get("/sign-in/code/").content.decode()

"""Issue 14, item 1.8 (X-5): wrong second-factor codes (authenticator and recovery codes) count
towards the same lockout as wrong passwords: one counter per email address and IP address, the
same page, and it does not say whether the account exists."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts import services
from altprov.authz.permissions import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Too many attempts to sign in"


def sign_in(client, email, password=PASSWORD):
    return client.post("/sign-in/", {"email": email, "password": password})


def wrong_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    right = f"{totp(device.bin_key):06d}"
    return "000000" if right != "000000" else "111111"


def page(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.mark.parametrize("kind", ["authenticator", "recovery"])
def test_X5_wrong_codes_lock_out_like_wrong_passwords(world, kind, settings):
    user = world.users[Role.HEADTEACHER]
    bad = wrong_code(user) if kind == "authenticator" else "zzzzz-zzzzz"
    client = Client()
    sign_in(client, user.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/sign-in/code/", {"code": bad})
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = client.post("/sign-in/code/", {"code": bad})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # The half-signed-in session is over, and the password is refused while locked out.
    assert client.get("/")["Location"].startswith("/sign-in/")
    response = sign_in(Client(), user.email)
    assert response.status_code == 429
    # The locked-out page is the very page an unknown address gets after wrong passwords.
    unknown = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(unknown, "nobody-here@example.org", "not-the-password")
    assert page(sign_in(unknown, "nobody-here@example.org", "x")) == page(response)


def test_X5_passwords_and_codes_share_one_counter(world, settings):
    """Wrong passwords and then wrong codes add up; a right password does not clear the count."""
    user = world.users[Role.DSL]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        sign_in(client, user.email, "wrong-password-again")
    assert sign_in(client, user.email).status_code == 302  # right password: on to the code
    bad = wrong_code(user)
    assert client.post("/sign-in/code/", {"code": bad}).status_code == 200
    assert client.post("/sign-in/code/", {"code": bad}).status_code == 429


def test_X5_a_right_password_cannot_restart_the_count_of_code_guesses(world, settings):
    user = world.users[Role.SENDCO]
    bad = wrong_code(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client = Client()
        sign_in(client, user.email)
        client.post("/sign-in/code/", {"code": bad})
    client = Client()
    assert sign_in(client, user.email).status_code == 302
    assert client.post("/sign-in/code/", {"code": bad}).status_code == 429


def test_X5_a_whole_sign_in_clears_the_count(world, settings):
    user = world.users[Role.AP_LEAD]
    codes = services.recovery_codes_generate(user=user)
    client = Client()
    sign_in(client, user.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/sign-in/code/", {"code": "zzzzz-zzzzz"})
    # Two minutes later (past django-otp's own growing delay between guesses, well inside the
    # lockout's cool-off), the right code.
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=2)):
        assert client.post("/sign-in/code/", {"code": codes[0]})["Location"] == "/"
    again = Client()
    sign_in(again, user.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert again.post("/sign-in/code/", {"code": "zzzzz-zzzzz"}).status_code == 200

"""The user and their authenticator in one query (altprov/accounts/signed_in.py, issue 10): the
same decisions as Django's and django-otp's middleware, and the session written at most once a
minute."""

import datetime as dt
import time

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.middleware import LAST_SEEN_AT
from altprov.authz.permissions import Role
from tests.conftest import signed_in_client


def _sql(client, url="/account/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def test_X5_the_user_and_their_authenticator_are_read_in_one_query(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    client.get("/account/")
    response, sql = _sql(client)
    assert response.status_code == 200
    assert not any('FROM "accounts_user"' in q and "otp_totp" not in q for q in sql)
    assert sum("otp_totp_totpdevice" in q for q in sql) == 1


def test_X5_an_unconfirmed_authenticator_does_not_pass_the_second_factor(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    TOTPDevice.objects.filter(user=user).update(confirmed=False)
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/code/"


def test_X5_another_persons_authenticator_does_not_pass_the_second_factor(world):
    user, other = world.users[Role.AP_LEAD], world.users[Role.DSL]
    client = signed_in_client(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=other).persistent_id
    session.save()
    assert client.get("/account/")["Location"] == "/sign-in/code/"


def test_X5_a_changed_password_ends_the_session(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    user.set_password("a new password that is long enough")
    user.save()
    assert client.get("/account/")["Location"].startswith("/sign-in/")


def test_X5_a_switched_off_account_is_signed_out(world):
    user = world.users[Role.AP_LEAD]
    client = signed_in_client(user)
    user.is_active = False
    user.save()
    assert client.get("/account/")["Location"].startswith("/sign-in/")


def test_X5_the_session_is_written_at_most_once_a_minute_and_a_busy_one_stays(world):
    user = world.users[Role.AP_LEAD]
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False) as t:
        client = signed_in_client(user)
        client.get("/account/")
        _, sql = _sql(client)
        assert not any(q.startswith("UPDATE") and "django_session" in q for q in sql)
        t.shift(dt.timedelta(seconds=61))
        _, sql = _sql(client)
        assert any(q.startswith("UPDATE") and "django_session" in q for q in sql)
        assert client.session[LAST_SEEN_AT] == int(time.time())
        for _ in range(50):  # a request every 59 seconds for 49 minutes: never idle
            t.shift(dt.timedelta(seconds=59))
            assert client.get("/account/").status_code == 200

"""X-5 and issue 11 item 2: a fresh second-factor code before exports of pupil data and sensitive
changes, when the last code was entered more than 15 minutes ago (altprov/core/step_up.py, the
step-up page altprov/accounts/step_up.py). Every guarded view: test_step_up_views.py."""

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts import services
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.core.step_up import (
    INTERRUPTED,
    SECOND_FACTOR_AT,
    second_factor_is_fresh,
    second_factor_proven,
)
from tests.conftest import signed_in_client
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

HEADING = "Enter a code from your authenticator app to continue"
LOCKED = "Too many attempts to sign in"
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
STALE = dt.timedelta(minutes=15, seconds=1)


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def wrong_code(user) -> str:
    return "000000" if code_for(user) != "000000" else "111111"


def asks_for_code(response, next_path: str) -> bool:
    return response.status_code == 302 and response["Location"] == (
        f"/account/code/?next={quote(next_path, safe='')}"
    )


def table_url(world) -> str:
    return reverse("reports:school_table", args=[world.school_a1.pk, "by-provider", "csv"])


# The session's record of the last code ---------------------------------------------------------


def _request():
    request = RequestFactory().get("/")
    request.session = {}
    return request


def test_X5_a_code_is_fresh_for_15_minutes_and_not_a_second_more():
    request = _request()
    assert not second_factor_is_fresh(request)  # no code recorded: a session from before
    with time_machine.travel(START, tick=False) as traveller:
        second_factor_proven(request)
        assert second_factor_is_fresh(request)
        traveller.shift(dt.timedelta(minutes=15))
        assert second_factor_is_fresh(request)
        traveller.shift(dt.timedelta(seconds=1))
        assert not second_factor_is_fresh(request)


def test_X5_a_code_recorded_in_the_future_or_garbled_is_not_fresh():
    request = _request()
    with time_machine.travel(START, tick=False):
        request.session[SECOND_FACTOR_AT] = int(START.timestamp()) + 60
        assert not second_factor_is_fresh(request)
        request.session[SECOND_FACTOR_AT] = str(int(START.timestamp()))
        assert not second_factor_is_fresh(request)


# The page ---------------------------------------------------------------------------------------


def test_X5_the_code_at_sign_in_counts_for_15_minutes(world):
    user = world.users[Role.HEADTEACHER]
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
        assert client.post("/sign-in/code/", {"code": code_for(user)})["Location"] == "/"
        traveller.shift(dt.timedelta(minutes=15))
        response = client.get(table_url(world))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        traveller.shift(dt.timedelta(seconds=1))
        assert asks_for_code(client.get(table_url(world)), table_url(world))


def test_X5_after_15_minutes_an_export_asks_for_a_code_then_comes_back(world):
    user = world.users[Role.HEADTEACHER]
    url = table_url(world) + "?from=2026-09-01"
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(user)
        traveller.shift(STALE)
        response = client.get(url)
        assert asks_for_code(response, url)
        page = client.get(response["Location"])
        assert page.status_code == 200
        html = page.content.decode()
        assert f'<h1 class="govuk-heading-l">{HEADING}</h1>' in html
        assert "for 15 minutes" in html
        session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
        response = client.post(response["Location"], {"code": code_for(user)})
        assert response.status_code == 302 and response["Location"] == url
        assert client.cookies[settings.SESSION_COOKIE_NAME].value != session_id  # a new session id
        assert client.get(url).status_code == 200
        # The new code counts for 15 minutes of its own.
        traveller.shift(dt.timedelta(minutes=15))
        assert client.get(url).status_code == 200


def test_X5_the_step_up_page_sends_a_fresh_session_straight_on(world):
    client = signed_in_client(world.users[Role.HEADTEACHER])
    response = client.get("/account/code/?next=/pupils/")
    assert response.status_code == 302 and response["Location"] == "/pupils/"


def test_X5_an_empty_code_is_refused_with_the_error_summary(world):
    user = world.users[Role.HEADTEACHER]
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(user)
        traveller.shift(STALE)
        response = client.post("/account/code/?next=/", {"code": ""})
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html and 'href="#id_code"' in html
        assert "Enter the code from your authenticator app" in html


def test_X5_a_wrong_code_is_refused_and_counts_towards_the_sign_in_lockout(world, settings):
    user = world.users[Role.HEADTEACHER]
    url = table_url(world)
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(user)
        traveller.shift(STALE)
        step_up = client.get(url)["Location"]
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = client.post(step_up, {"code": wrong_code(user)})
            assert response.status_code == 200
            assert "The code is not right or has expired" in response.content.decode()
            assert asks_for_code(client.get(url), url)  # still no export
            traveller.shift(dt.timedelta(seconds=40))  # past django-otp's throttle, a new code
        response = client.post(step_up, {"code": wrong_code(user)})
        assert response.status_code == 429 and LOCKED in response.content.decode()
        # Signed out, and the right password is refused: the sign-in lockout's own counter.
        assert client.get(url)["Location"].startswith("/sign-in/")
        again = Client().post("/sign-in/", {"email": user.email, "password": PASSWORD})
        assert again.status_code == 429


def test_X5_a_right_code_clears_the_wrong_ones_counted(world, settings):
    user = world.users[Role.HEADTEACHER]
    url = table_url(world)
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(user)
        traveller.shift(STALE)
        step_up = client.get(url)["Location"]
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            client.post(step_up, {"code": wrong_code(user)})
            traveller.shift(dt.timedelta(seconds=40))
        assert client.post(step_up, {"code": code_for(user)})["Location"] == url
        traveller.shift(STALE)
        step_up = client.get(url)["Location"]
        assert client.post(step_up, {"code": wrong_code(user)}).status_code == 200


def test_X5_a_recovery_code_works_once_at_the_step_up(world):
    user = world.users[Role.DSL]
    codes = services.recovery_codes_generate(user=user)
    url = reverse("accounts:account")
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(user)
        traveller.shift(STALE)
        response = client.post(reverse("accounts:recovery_codes_new"))
        assert asks_for_code(response, url)
        assert StaticToken.objects.filter(device__user=user).count() == 10  # none made yet
        step_up = response["Location"]
        response = client.post(step_up, {"code": codes[0].upper()})
        assert response["Location"] == url
        assert StaticToken.objects.filter(device__user=user).count() == 9
        assert "You used a recovery code. You have 9 left." in client.get(url).content.decode()
        traveller.shift(STALE)
        again = client.post(step_up, {"code": codes[0]})
        assert again.status_code == 200
        assert "The code is not right or has expired" in again.content.decode()
        assert StaticToken.objects.filter(device__user=user).count() == 9


@pytest.mark.parametrize(
    "next_value",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "/pupils/\r\nSet-Cookie: x=1",
        "",
    ],
)
def test_X5_the_step_up_goes_back_only_to_a_path_on_this_site(world, next_value):
    user = world.users[Role.HEADTEACHER]
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(user)
        traveller.shift(STALE)
        response = client.post(
            f"/account/code/?next={quote(next_value, safe='')}", {"code": code_for(user)}
        )
        assert response.status_code == 302 and response["Location"] == "/"


def test_X5_an_interrupted_change_saves_nothing_and_goes_back_to_its_form(world):
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    person = world.users[Role.STAFF_MEMBER]
    form = reverse("staff:role_add", args=[person.pk])
    held = RoleAssignment.objects.filter(user=person).count()
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(admin)
        traveller.shift(STALE)
        response = client.post(form, {"role": Role.DSL.value, "school": world.school_a1.pk})
        assert asks_for_code(response, form)  # the form's page, never the POST replayed
        assert RoleAssignment.objects.filter(user=person).count() == held
        page = client.get(response["Location"]).content.decode()
        assert INTERRUPTED in page
        response = client.post(response["Location"], {"code": code_for(admin)})
        assert response["Location"] == form
        assert client.get(form).status_code == 200
        assert RoleAssignment.objects.filter(user=person).count() == held


def test_X5_an_interrupted_confirmation_or_button_goes_back_to_the_page_it_was_on(world):
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    person = world.users[Role.STAFF_MEMBER]
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(admin)
        traveller.shift(STALE)
        response = client.post(reverse("staff:sign_in_reset", args=[person.pk]))
        assert asks_for_code(response, reverse("staff:sign_in_reset", args=[person.pk]))
        response = client.post(reverse("staff:set_up_link", args=[person.pk]))
        assert asks_for_code(response, reverse("staff:detail", args=[person.pk]))
    person.refresh_from_db()
    assert person.has_usable_password()
    assert TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def test_X5_an_outsider_is_asked_the_same_as_for_any_id_and_then_not_found(world):
    """The prompt comes before the scope check and does not depend on the record, so it says
    nothing about whether the record exists; with a fresh code the outsider gets 404."""
    outsider = world.outsider  # Headteacher of B1 and trust administrator of trust B
    theirs = table_url(world)  # school A1's
    missing = reverse("reports:school_table", args=[999999, "by-provider", "csv"])
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in_client(outsider)
        assert client.get(theirs).status_code == 404
        traveller.shift(STALE)
        assert asks_for_code(client.get(theirs), theirs)
        assert asks_for_code(client.get(missing), missing)
        step_up = client.get(theirs)["Location"]
        assert client.post(step_up, {"code": code_for(outsider)})["Location"] == theirs
        assert client.get(theirs).status_code == 404
        assert client.get(missing).status_code == 404


def test_X5_a_session_without_the_second_factor_is_sent_to_sign_in_not_to_the_step_up(world):
    user = make_user("half@example.org")
    client = Client()
    client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert client.get("/account/code/")["Location"] == "/sign-in/code/"
    assert client.get(table_url(world))["Location"] == "/sign-in/code/"

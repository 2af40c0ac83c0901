"""Issue 9: the trust administrator's pages for API tokens: create (the token is shown once),
the expiry's bounds, the list, the token's page with its history, revoke. Only a trust
administrator of the trust reaches them (the matrix in tests/authorization covers every role)."""

import datetime as dt
import hashlib
import re

import pytest

from altprov.api.models import ApiClient
from altprov.authz.permissions import Role
from tests.conftest import signed_in_client

from .helpers import TODAY, token_for

pytestmark = pytest.mark.django_db


def _form(world, **changes):
    expires = changes.pop("expires", TODAY + dt.timedelta(days=90))
    data = {
        "name": "Oak Academy MIS",
        "school": world.school_a1.pk,
        "access": "write",
        "expires_on_0": expires.day,
        "expires_on_1": expires.month,
        "expires_on_2": expires.year,
    }
    data.update(changes)
    return data


@pytest.fixture
def admin(world):
    return signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])


def test_creating_a_token_shows_it_once_and_stores_its_hash(world, admin):
    page = admin.post("/trust/api-clients/add/", _form(world))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    token = re.search(r"(altprov_[0-9a-f]{8}_[A-Za-z0-9_-]{43})", page.content.decode()).group(1)
    client = ApiClient.objects.get()
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (client.school, client.access, client.created_by) == (
        world.school_a1,
        "write",
        world.users[Role.TRUST_ADMINISTRATOR],
    )
    for url in ("/trust/api-clients/", f"/trust/api-clients/{client.pk}/"):
        shown = admin.get(url).content.decode()
        assert client.prefix in shown and token not in shown
    # Sending the form again makes no second client with the same name.
    again = admin.post("/trust/api-clients/add/", _form(world))
    assert "already has an API client with this name" in again.content.decode()
    assert ApiClient.objects.count() == 1


@pytest.mark.parametrize(
    "expires, ok",
    [
        (TODAY, False),
        (TODAY + dt.timedelta(days=1), True),
        (dt.date(2027, 11, 6), True),  # a year from today
        (dt.date(2027, 11, 7), False),
    ],
    ids=["today", "tomorrow", "a-year", "a-year-and-a-day"],
)
def test_the_expiry_date_is_after_today_and_at_most_a_year_ahead(world, admin, expires, ok):
    page = admin.post("/trust/api-clients/add/", _form(world, expires=expires))
    assert ApiClient.objects.exists() is ok
    if not ok:
        text = page.content.decode()
        assert "There is a problem" in text
        assert ("must be after today" in text) or ("no more than a year from today" in text)


def test_the_expiry_date_is_required(world, admin):
    page = admin.post(
        "/trust/api-clients/add/", _form(world, expires_on_0="", expires_on_1="", expires_on_2="")
    )
    assert "Enter the expiry date" in page.content.decode()
    assert not ApiClient.objects.exists()


def test_a_school_of_another_trust_cannot_be_chosen(world, admin):
    page = admin.post("/trust/api-clients/add/", _form(world, school=world.school_b1.pk))
    assert "Select a valid choice" in page.content.decode()
    assert not ApiClient.objects.exists()


def test_revoking_records_who_and_when_and_keeps_the_history(world, admin):
    client, _ = token_for(world, school=world.school_a1)
    confirm = admin.get(f"/trust/api-clients/{client.pk}/revoke/")
    assert "Revoke the token of" in confirm.content.decode()
    assert not ApiClient.objects.get(pk=client.pk).revoked_at  # nothing changes on GET
    done = admin.post(f"/trust/api-clients/{client.pk}/revoke/", follow=True)
    page = done.content.decode()
    assert "is revoked: it no longer works" in page
    assert "Revoked by" in page and "Trust administrator Person" in page
    client.refresh_from_db()
    assert client.revoked_by == world.users[Role.TRUST_ADMINISTRATOR]
    assert [h.history_type for h in client.history.order_by("history_date")] == ["+", "~"]
    again = admin.post(f"/trust/api-clients/{client.pk}/revoke/")
    assert again.status_code == 400
    assert "already revoked" in again.content.decode()


def test_the_list_says_which_tokens_are_active_expired_or_revoked(world, admin):
    token_for(world, school=world.school_a1, name="Active one")
    expired, _ = token_for(world, name="Expired one")
    ApiClient.objects.filter(pk=expired.pk).update(expires_on=TODAY - dt.timedelta(days=1))
    page = admin.get("/trust/api-clients/").content.decode()
    assert re.search(r"Active one.*?Active</strong>", page, re.S)
    assert re.search(r"Expired one.*?Expired</strong>", page, re.S)


def test_another_trusts_administrator_finds_nothing(world):
    client, _ = token_for(world, school=world.school_a1)
    outsider = signed_in_client(world.outsider)
    assert outsider.get(f"/trust/api-clients/{client.pk}/").status_code == 404
    assert outsider.post(f"/trust/api-clients/{client.pk}/revoke/").status_code == 404
    assert "System" not in outsider.get("/trust/api-clients/").content.decode()
    assert ApiClient.objects.get(pk=client.pk).revoked_at is None


def test_a_prefix_already_taken_is_drawn_again(world, monkeypatch):
    from altprov.api import services

    first, _ = services.client_create(
        trust=world.trust_a, name="First", school=None, access="read",
        expires_on=TODAY + dt.timedelta(days=30), by=world.users[Role.TRUST_ADMINISTRATOR],
        today=TODAY,
    )  # fmt: skip
    draws = iter([("altprov_" + first.prefix[8:] + "_taken", first.prefix),
                  ("altprov_0000ffff_fresh", "altprov_0000ffff")])  # fmt: skip
    monkeypatch.setattr(services, "new_token", lambda: next(draws))
    second, token = services.client_create(
        trust=world.trust_a, name="Second", school=None, access="read",
        expires_on=TODAY + dt.timedelta(days=30), by=world.users[Role.TRUST_ADMINISTRATOR],
        today=TODAY,
    )  # fmt: skip
    assert (second.prefix, token) == ("altprov_0000ffff", "altprov_0000ffff_fresh")

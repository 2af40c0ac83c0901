"""X-5 for the API (issue 9): each check of a token on its own, at its boundary. A token works
through the end of its expiry date; an expired, revoked or unknown token, or none, is 401 with a
clear message; a read-only token that writes is 403; a signed-in session is not a key."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError

from altprov.api.models import ApiClient
from altprov.api.services import client_revoke
from altprov.authz.permissions import Role
from tests.conftest import signed_in_client
from tests.factories import make_provider, make_user

from .helpers import TODAY, api, token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/providers/"


def test_X5_a_token_is_stored_only_as_its_hash_with_a_short_prefix(world):
    client, token = token_for(world, school=world.school_a1)
    stored = ApiClient.objects.values().get(pk=client.pk)
    assert token not in {str(v) for v in stored.values()}
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(stored["prefix"] + "_") and len(stored["prefix"]) == 16
    assert len(token) > 50  # 32 random bytes after the prefix
    acting = client.acting_user
    assert not acting.is_active and not acting.has_usable_password()


@pytest.mark.parametrize(
    "expires_on, status",
    [(TODAY - dt.timedelta(days=1), 401), (TODAY, 200), (TODAY + dt.timedelta(days=1), 200)],
    ids=["yesterday", "today", "tomorrow"],
)
def test_X5_a_token_works_until_the_end_of_its_expiry_date(world, expires_on, status):
    client, token = token_for(world, school=world.school_a1)
    ApiClient.objects.filter(pk=client.pk).update(expires_on=expires_on)
    response = api(token).get(URL)
    assert response.status_code == status
    if status == 401:
        assert response.json() == {
            "detail": "The token expired on 5 November 2026. Ask the trust's administrator for a "
            "new one."
        }
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_X5_a_revoked_token_is_refused(world):
    client, token = token_for(world, school=world.school_a1)
    assert api(token).get(URL).status_code == 200
    client_revoke(client=client, by=world.users[Role.TRUST_ADMINISTRATOR])
    response = api(token).get(URL)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_X5_revoking_twice_is_refused_and_keeps_the_first(world):
    client, _ = token_for(world, school=world.school_a1)
    stale = ApiClient.objects.get(pk=client.pk)
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    client_revoke(client=client, by=admin)
    with pytest.raises(ValidationError, match="already revoked"):
        client_revoke(client=stale, by=world.outsider)
    client.refresh_from_db()
    assert client.revoked_by == admin


@pytest.mark.parametrize(
    "header",
    ["Bearer altprov_00000000_notatoken", "Bearer", "Bearer two parts", "Token abc", "Basic YTpi"],
)
def test_X5_an_unknown_or_malformed_token_is_refused(world, header):
    token_for(world, school=world.school_a1)
    response = api(HTTP_AUTHORIZATION=header).get(URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_X5_a_token_changed_by_one_character_is_refused(world):
    _, token = token_for(world, school=world.school_a1)
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert api(changed).get(URL).status_code == 401


def test_X5_no_token_is_401_with_how_to_send_one(world):
    response = api().get(URL)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Send a token in the header “Authorization: Bearer <token>”."
    }


def test_X5_a_signed_in_session_is_no_key_to_the_api(world):
    """No session authentication: another site cannot use a signed-in browser (CSRF)."""
    session = signed_in_client(world.users[Role.HEADTEACHER])
    assert session.get(URL).status_code == 401
    assert (
        session.post("/api/v1/attendance-marks/", {}, content_type="application/json").status_code
        == 401
    )


def test_X5_a_provider_users_boundary_does_not_matter_to_a_token(world):
    """A provider user's session reaches no staff page; the API looks only at the token."""
    provider_user = make_user(provider=make_provider(world.trust_a))
    session = signed_in_client(provider_user)
    assert session.get(URL).status_code == 401
    _, token = token_for(world, school=world.school_a1)
    session.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert session.get(URL).status_code == 200


def test_X5_a_read_token_may_not_write(world):
    _, token = token_for(world, school=world.school_a1, access="read")
    response = api(token).post(
        "/api/v1/attendance-marks/", {"marks": []}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "may only read" in response.json()["detail"]


def test_X5_a_write_token_passes_the_write_check(world):
    _, token = token_for(world, school=world.school_a1, access="write")
    response = api(token).post(
        "/api/v1/attendance-marks/", {"marks": []}, content_type="application/json"
    )
    assert response.status_code == 400  # past the check: the empty list is refused
    assert response.json()["detail"] == "The list of marks is empty"


def test_X5_each_call_records_when_the_token_was_last_used(world):
    client, token = token_for(world, school=world.school_a1)
    assert client.last_used_at is None
    api(token).get(URL)
    client.refresh_from_db()
    assert client.last_used_at is not None
    assert client.history.count() == 1  # the use is not a change in the token's history

"""Issue 14, item 1.3 (X-5): the session id is renewed at every change of privilege, so a session
id planted in someone's browser before a step never becomes a session with more rights."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts import services
from altprov.authz.checks import permissions_in
from altprov.authz.permissions import Role
from altprov.staff.models import RoleInvitation
from tests.conftest import signed_in_client
from tests.factories import PASSWORD, give_role, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def planted(session_key: str) -> Client:
    """Someone else's browser holding an earlier session id of the same person."""
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return other


def after_password(user) -> tuple[Client, str]:
    client = Client()
    response = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client, key(client)


def test_X5_the_code_step_renews_the_session_id(world):
    user = world.users[Role.HEADTEACHER]
    client, before = after_password(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert client.post("/sign-in/code/", {"code": f"{totp(device.bin_key):06d}"})["Location"] == "/"
    assert key(client) != before
    assert client.get("/").status_code == 200
    # The id captured after the password step is not signed in at all.
    assert planted(before).get("/")["Location"].startswith("/sign-in/")


def test_X5_a_recovery_code_renews_the_session_id(world):
    user = world.users[Role.DSL]
    codes = services.recovery_codes_generate(user=user)
    client, before = after_password(user)
    assert client.post("/sign-in/code/", {"code": codes[0]})["Location"] == "/"
    assert key(client) != before
    assert planted(before).get("/")["Location"].startswith("/sign-in/")


def test_X5_enrolling_an_authenticator_renews_the_session_id(world):
    user = make_user("enrol@example.org", verified_device=False)
    give_role(user, Role.SENDCO, school=world.school_a1)
    client, before = after_password(user)
    client.get("/sign-in/set-up-authenticator/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/sign-in/set-up-authenticator/", {"code": f"{totp(device.bin_key):06d}"}
    )
    assert response["Location"] == "/sign-in/recovery-codes/"
    assert key(client) != before
    assert planted(before).get("/")["Location"].startswith("/sign-in/")


def test_X5_the_password_step_renews_the_session_id(world):
    user = world.users[Role.AP_LEAD]
    client = Client()
    client.get("/sign-in/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "plantedsessionid0123456789abcdef"
    client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert key(client) != "plantedsessionid0123456789abcdef"


def test_X5_switching_to_a_school_where_you_may_do_more_renews_the_session_id(world):
    user = make_user("two-hats@example.org", full_name="Two Hats")
    give_role(user, Role.STAFF_MEMBER, school=world.school_a1)
    give_role(user, Role.HEADTEACHER, school=world.school_a2)
    assert permissions_in(user, world.school_a2) - permissions_in(user, world.school_a1)
    assert not permissions_in(user, world.school_a1) - permissions_in(user, world.school_a2)
    client = signed_in_client(user)
    client.post("/switch-school/", {"school": world.school_a1.pk, "next": "/"})
    before = key(client)
    client.post("/switch-school/", {"school": world.school_a2.pk, "next": "/"})
    assert key(client) != before
    assert client.get("/").status_code == 200
    # Back to the school where they may do less: nothing to renew.
    widened = key(client)
    client.post("/switch-school/", {"school": world.school_a1.pk, "next": "/"})
    assert key(client) == widened


def test_X5_accepting_a_role_renews_the_session_id(world):
    person = world.outsider
    invitation = RoleInvitation.objects.create(
        user=person, email=person.email, full_name="x", role=Role.TRUSTEE, trust=world.trust_a
    )
    client = signed_in_client(person)
    client.get("/")
    before = key(client)
    client.post("/account/invitations/", {"invitation": invitation.pk, "answer": "accept"})
    assert key(client) != before


def _calls_after(tree, names: set[str]) -> list[tuple[int, str, bool]]:
    """For each call of one of `names` in a function, whether privilege_changed is also called
    later in the same function."""
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        calls = [
            (node.lineno, node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
            for node in ast.walk(func)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
        ]
        renewals = [line for line, name in calls if name == "privilege_changed"]
        for line, name in calls:
            if name in names:
                found.append((line, name, any(r > line for r in renewals)))
    return found


def test_X5_every_change_of_privilege_in_a_view_renews_the_session_id():
    """A new view that signs someone in, completes a second factor (at sign-in or the step-up
    page) or gives a role must call the one helper (altprov/core/sessions.py)."""
    raising = {"login", "otp_login", "second_factor_proven", "invitation_accept"}
    missing = []
    seen = 0
    for path in (ROOT / "altprov").rglob("*.py"):
        if "migrations" in path.parts or path.name == "services.py":
            continue
        for line, name, renewed in _calls_after(ast.parse(path.read_text()), raising):
            seen += 1
            if not renewed:
                missing.append(f"{path.relative_to(ROOT)}:{line} {name}")
    assert seen >= 5
    assert missing == []

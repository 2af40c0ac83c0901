"""X-5 and issue 11 item 2, in Chromium: a trust administrator who entered their code more than
15 minutes ago is asked for a fresh one before giving a role, with axe on each page."""

import re
from importlib import import_module

from django.conf import settings
from playwright.sync_api import expect

from altprov.accounts import services
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.core.step_up import SECOND_FACTOR_AT
from tests import factories

from .conftest import assert_accessible, screenshot, sign_in
from .journey import banner, expect_error_summary, h1

HEADING = "Enter a code from your authenticator app to continue"


def check(page, name: str) -> None:
    screenshot(page, name)
    assert_accessible(page, name)


def _last_code_16_minutes_ago(page) -> None:
    """What the clock would do: the session's record of the last code moves back 16 minutes."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[SECOND_FACTOR_AT] -= 16 * 60
    session.save()


def test_X5_giving_a_role_16_minutes_after_the_last_code_asks_for_a_fresh_one(page, live_server):
    w = factories.world()
    admin = w.users[Role.TRUST_ADMINISTRATOR]
    person = w.users[Role.STAFF_MEMBER]
    codes = services.recovery_codes_generate(user=admin)
    sign_in(page, live_server, admin)
    form = f"/trust/staff/{person.pk}/roles/add/"

    # Within 15 minutes of the sign-in code: straight to the form.
    page.goto(f"{live_server.url}{form}")
    expect(h1(page)).to_have_text(f"Give {person} a role")

    _last_code_16_minutes_ago(page)
    page.goto(f"{live_server.url}{form}")
    expect(page).to_have_url(re.compile(r"/account/code/\?next="))
    expect(h1(page)).to_have_text(HEADING)
    check(page, "x5-step-up")

    page.get_by_role("button", name="Continue").click()
    expect_error_summary(page, "Enter the code from your authenticator app")
    check(page, "x5-step-up-no-code")

    # No phone to hand: a recovery code, used up.
    page.get_by_text("I do not have my phone").click()
    page.locator("#id_code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}{form}")
    expect(h1(page)).to_have_text(f"Give {person} a role")
    expect(page.get_by_text("You used a recovery code. You have 9 left.")).to_be_visible()
    check(page, "x5-step-up-back-to-the-form")

    page.locator("#id_role").select_option(Role.DSL.value)
    page.locator("#id_school").select_option(label="School A1")
    page.get_by_role("button", name="Give role").click()
    expect(banner(page)).to_contain_text(f"{person} is now")
    assert RoleAssignment.objects.filter(user=person, role=Role.DSL).exists()

"""X-5, issue 11 item 5, in Chromium: an AP Lead adds a passkey, signs out, signs in with their
password and the passkey, and steps up with the passkey before downloading the school census.
The passkey is Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain): the
real browser ceremony against the real endpoints. axe-core checks every passkey page."""

import re
from importlib import import_module

from django.conf import settings
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.core.step_up import SECOND_FACTOR_AT
from tests import factories

from .conftest import sign_in
from .journey import Checks, banner, h1, sign_out

USE_PASSKEY = "Use a passkey instead"


def add_virtual_authenticator(page) -> None:
    """A platform authenticator (like a laptop's fingerprint reader) that always verifies."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def last_code_16_minutes_ago(page) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[SECOND_FACTOR_AT] -= 16 * 60
    session.save()


def test_X5_passkey_enrol_sign_in_and_step_up_before_an_export(page, live_server):
    checks = Checks()
    w = factories.world()
    user = w.users[Role.AP_LEAD]
    base = live_server.url
    assert base.startswith("http://localhost:")  # the relying party id in development
    add_virtual_authenticator(page)

    # Add a passkey from the account page.
    sign_in(page, live_server, user)
    page.goto(f"{base}/account/")
    expect(page.locator("main")).to_contain_text("You have no passkeys.")
    checks(page, "x5-passkey-account-none")
    page.get_by_role("link", name="Add a passkey").click()
    expect(h1(page)).to_have_text("Add a passkey")
    checks(page, "x5-passkey-add")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for your passkey")
    checks(page, "x5-passkey-add-no-name")
    page.get_by_label("Name your passkey").fill("Work laptop")
    page.get_by_role("button", name="Continue").click()
    expect(h1(page)).to_have_text("Create your passkey")
    checks(page, "x5-passkey-create")
    page.get_by_role("button", name="Create the passkey").click()
    expect(page).to_have_url(f"{base}/account/")
    expect(banner(page)).to_contain_text("Your passkey ‘Work laptop’ is added.")
    expect(page.locator("main table").last).to_contain_text("Work laptop")
    checks(page, "x5-passkey-account-one")
    assert WebAuthnCredential.objects.get(user=user).name == "Work laptop"
    sign_out(page)

    # Sign in: the password, then the passkey instead of a code.
    page.goto(f"{base}/sign-in/")
    page.locator("#id_email").fill(user.email)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code/$"))
    button = page.get_by_role("button", name=USE_PASSKEY)
    expect(button).to_be_visible()
    checks(page, "x5-passkey-sign-in-code-step")
    button.click()
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("link", name="Reports")).to_be_visible()

    # Step up with the passkey before the census download.
    page.goto(f"{base}/reports/schools/{w.school_a1.pk}/census/")
    expect(h1(page)).to_have_text("School census: AP placements arranged by the school")
    last_code_16_minutes_ago(page)
    page.locator("a[href*='census.csv']").click()
    expect(page).to_have_url(re.compile(r"/account/code/\?next="))
    expect(h1(page)).to_have_text("Enter a code from your authenticator app to continue")
    checks(page, "x5-passkey-step-up")
    with page.expect_download() as download:
        page.get_by_role("button", name=USE_PASSKEY).click()
    with open(download.value.path(), encoding="utf-8-sig") as csv:
        assert csv.readline().strip()  # the census's heading row

    # Remove it: the passkey just used counts for step-up, so straight to the question.
    page.goto(f"{base}/account/")
    page.get_by_role("link", name="Remove passkey Work laptop").click()
    expect(h1(page)).to_have_text("Remove your passkey ‘Work laptop’")
    checks(page, "x5-passkey-remove")
    page.get_by_role("button", name="Remove passkey").click()
    # This session was proven with that passkey: a code now, to carry on.
    expect(page).to_have_url(re.compile(r"/sign-in/code/$"))
    expect(banner(page)).to_contain_text("Your passkey ‘Work laptop’ is removed.")
    expect(page.get_by_role("button", name=USE_PASSKEY)).to_have_count(0)
    checks(page, "x5-passkey-removed-code-step")
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    checks.assert_clean()

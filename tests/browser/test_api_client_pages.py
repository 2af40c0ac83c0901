"""Issue 9: a trust administrator creates an API token (a refused form first), sees it once,
opens its page and revokes it; the API's documentation page. axe-core checks every page."""

import datetime as dt
import re

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from tests import factories

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, h1, sign_in_page_name


def test_api_token_pages_are_accessible(page, live_server):
    w = factories.world()
    admin = w.users[Role.TRUST_ADMINISTRATOR]
    base = live_server.url
    checks = Checks()
    try:
        sign_in(page, live_server, admin, check=lambda p: checks(p, sign_in_page_name(p, "api")))
        page.goto(f"{base}/trust/api-clients/")
        expect(h1(page)).to_have_text("API tokens")
        checks(page, "api-tokens-empty")

        page.get_by_role("link", name="Create an API token").click()
        expect(h1(page)).to_have_text("Create an API token")
        checks(page, "api-token-form")
        page.get_by_label("Name of the system").fill("Oak Academy MIS")
        page.get_by_label("Read and write").check()
        page.get_by_role("button", name="Create the token").click()
        expect_error_summary(page, "Enter the expiry date")
        checks(page, "api-token-form-error")

        fill_date(page, "id_expires_on", dt.date.today() + dt.timedelta(days=60))
        page.get_by_label("School", exact=True).select_option(label="School A1")
        page.get_by_role("button", name="Create the token").click()
        expect(page.locator(".govuk-panel__title")).to_have_text("API token created")
        token = page.get_by_label("The token").input_value()
        assert re.fullmatch(r"altprov_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", token)
        checks(page, "api-token-created")

        page.get_by_role("link", name="Open the token's page").click()
        expect(h1(page)).to_have_text("Oak Academy MIS")
        assert token not in page.content()
        checks(page, "api-token-detail")

        page.get_by_role("link", name="Revoke the token").click()
        expect(h1(page)).to_have_text("Revoke the token of Oak Academy MIS?")
        checks(page, "api-token-revoke")
        page.get_by_role("button", name="Revoke the token").click()
        expect(banner(page)).to_contain_text("is revoked: it no longer works")
        checks(page, "api-token-revoked")

        page.goto(f"{base}/trust/api-clients/")
        expect(page.locator("tbody")).to_contain_text("Revoked")
        checks(page, "api-tokens-list")

        page.goto(f"{base}/api/docs/")
        expect(h1(page)).to_have_text("AltProv API")
        checks(page, "api-docs")
    finally:
        checks.assert_clean()
    assert checks.pages >= 9

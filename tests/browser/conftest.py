"""Browser tests: real Chromium through Playwright against pytest-django's live server.

Every test in this folder is marked `browser` (run just these with `pytest -m browser`, or leave
them out with `-m "not browser"`). They need Debian's Chromium at /usr/bin/chromium: without it
they are skipped locally and fail in CI (when the CI environment variable is set).

Helpers for the tests:
  assert_accessible(page, name=None)  - axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) must find nothing
  sign_in(page, live_server, user)    - the real sign-in journey, checking each page with axe
  screenshot(page, name)              - a full-page picture in test-results/screenshots/<name>.png
                                        (or $BROWSER_SCREENSHOTS/<name>.png)
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect, sync_playwright

from tests import factories

# Playwright's sync API runs an asyncio event loop in this thread. Django refuses ORM calls while
# a loop runs unless told it is safe; it is here (one thread, and the live server has its own).
# Set for the whole process: once the browser has started, the loop is there for later tests too.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_IN_CI = "Chromium is required in CI: apt-get install chromium"
MISSING_LOCALLY = "Chromium not installed: browser tests skipped (apt-get install chromium)"

HERE = Path(__file__).resolve().parent
# Any pytest run deletes test-results/ when it starts (pytest-playwright's --output folder), so a
# run alongside this one can take the pictures away: BROWSER_SCREENSHOTS puts them elsewhere.
SCREENSHOTS = Path(
    os.environ.get("BROWSER_SCREENSHOTS") or HERE.parent.parent / "test-results" / "screenshots"
)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
AXE_TARGETS_SHOWN = 3

_axe = Axe()
_chromium_missing = False


# --- marking and reporting -------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if _chromium_missing:
        message = MISSING_IN_CI if os.environ.get("CI") else MISSING_LOCALLY
        terminalreporter.write_sep("=", message, yellow=True, bold=True)


# --- browser and page ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    global _chromium_missing
    if not CHROMIUM.exists():
        _chromium_missing = True
        if os.environ.get("CI"):
            pytest.fail(MISSING_IN_CI, pytrace=False)
        pytest.skip(MISSING_LOCALLY)
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# --- helpers ---------------------------------------------------------------------------------


def assert_accessible(page, name: str | None = None) -> None:
    """axe-core finds no WCAG 2.0/2.1 A or AA, or WCAG 2.2 AA, violation on the page as it is."""
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {name or page.url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"][:AXE_TARGETS_SHOWN]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}  {node['html'][:160]}")
    pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def wrong_code(key: bytes) -> str:
    """A 6-digit code the device would not accept now (none of the codes within its drift)."""
    near = {f"{totp(key, drift=step):06d}" for step in (-2, -1, 0, 1, 2)}
    return next(c for c in ("000000", "123456", "999999", "314159") if c not in near)


def sign_in(page, live_server, user, *, check=assert_accessible) -> None:
    """Signs `user` in through the real pages, with their password and their authenticator's
    current code, running `check` (axe by default) on each page on the way."""
    page.goto(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to AltProv")
    check(page)
    page.locator("#id_email").fill(user.email)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    check(page)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.locator("#id_code").fill(current_code(device))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(
        "Enter the code from your authenticator app"
    )
    expect(page).not_to_have_url(re.compile(r"/sign-in/"))

"""Helpers shared by the browser journeys: axe and screenshots on every page, and the GOV.UK
elements the journeys read."""

import datetime as dt
import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, screenshot

THERE_IS_A_PROBLEM = "There is a problem"


class Checks:
    """axe and a screenshot on every page. A violation is recorded and the journey goes on, so
    one run reports every page with a problem; the test fails at the end if there was any."""

    def __init__(self):
        self.violations: list[str] = []
        self.pages = 0

    def __call__(self, page, name: str) -> None:
        self.pages += 1
        screenshot(page, name)
        try:
            assert_accessible(page, name)
        except pytest.fail.Exception as failure:
            self.violations.append(str(failure))

    def assert_clean(self) -> None:
        if self.violations:
            pytest.fail("\n\n".join(self.violations), pytrace=False)


def h1(page):
    return page.get_by_role("heading", level=1)


def banner(page):
    return page.locator(".govuk-notification-banner--success")


def expect_error_summary(page, *messages: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(THERE_IS_A_PROBLEM)
    for message in messages:
        expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile("^Error: "))


def fill_date(page, field_id: str, day: dt.date | tuple[int, int, int]) -> None:
    """The GOV.UK date input: day, month and year (a date, or a (d, m, y) tuple for an invalid one)."""
    d, m, y = (day.day, day.month, day.year) if isinstance(day, dt.date) else day
    page.locator(f"#{field_id}_0").fill(str(d))
    page.locator(f"#{field_id}_1").fill(str(m))
    page.locator(f"#{field_id}_2").fill(str(y))


def group(page, legend: str):
    """The fieldset whose legend is exactly `legend`."""
    return page.get_by_role("group", name=legend, exact=True)


def sign_in_page_name(page, prefix: str) -> str:
    return f"{prefix}-sign-in-{'code' if '/code/' in page.url else 'password'}"


def sign_out(page) -> None:
    page.locator("header").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")


@contextmanager
def another_browser(browser):
    """A second person's browser (say, the Trust Executive beside the Headteacher), closed after."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()

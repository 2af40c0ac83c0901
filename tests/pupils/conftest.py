# The browser and page fixtures of tests/browser, for the pupil pages' browser test.
from tests.browser.conftest import browser, page  # noqa: F401

"""X-5: every page of the provider portal carries the security headers (tests/security_headers.py),
as the provider's own user and as a user of another provider (refused with 404)."""

import pytest
from django.urls import reverse

from tests.authorization.portal_policy import PORTAL_POLICY
from tests.conftest import signed_in_client
from tests.security_headers import PRODUCTION_HSTS, missing_headers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["user", "other_user"])
@PRODUCTION_HSTS
def test_X5_every_portal_page_carries_the_security_headers(recorded, who):
    client = signed_in_client(getattr(recorded, who))
    failures, statuses = [], set()
    for name, rule in PORTAL_POLICY.items():
        url = reverse(name.split("#")[0], kwargs=rule.kwargs(recorded) if rule.kwargs else {})
        if rule.method == "POST":
            response = client.post(url, rule.data(recorded) if rule.data else {}, secure=True)
        else:
            response = client.get(url, secure=True)
        statuses.add(response.status_code)
        for problem in missing_headers(response):
            failures.append(f"{name} {url} ({response.status_code}): {problem}")
    assert not failures, "\n".join(failures)
    assert (200 in statuses) if who == "user" else (404 in statuses)

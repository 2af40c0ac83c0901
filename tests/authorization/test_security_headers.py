"""X-5: every response carries the security headers (tests/security_headers.py): every URL of the
policy table as staff in a school, in a trust and in the service, and as someone signed out;
the error pages (404, 403, 400), file downloads, the API, static files and the health checks."""

import pytest
from django.test import Client
from django.urls import reverse

from altprov.authz.permissions import Role
from tests.conftest import signed_in_client
from tests.security_headers import PRODUCTION_HSTS, missing_headers

from . import test_matrix as matrix
from .policy import POLICY

pytestmark = pytest.mark.django_db

scene = matrix.scene  # the matrix's world, as a fixture: every URL has its objects


def secure_request(client, name, rule, world, scope):
    kwargs = rule.kwargs(world, scope) if rule.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    if rule.method == "POST":
        data = rule.data(world, scope) if rule.data else {}
        return url, client.post(url, data, secure=True)
    return url, client.get(url, secure=True)


def walk(client, world, user=None) -> tuple[list[str], set[int], int]:
    """Every URL of the policy in each of its scopes: what lacks a header, the statuses seen and
    how many were file downloads."""
    failures, statuses, downloads = [], set(), 0
    for name, rule in sorted(POLICY.items()):
        for scope in rule.scopes:
            url, response = secure_request(client, name, rule, world, scope)
            statuses.add(response.status_code)
            if response.has_header("Content-Disposition"):
                downloads += 1
            for problem in missing_headers(response):
                failures.append(f"{name} [{scope}] {url} ({response.status_code}): {problem}")
            if rule.method == "POST" and user is not None:
                client = signed_in_client(user)
    return failures, statuses, downloads


@pytest.mark.parametrize(
    "role",
    [Role.HEADTEACHER, Role.TRUST_ADMINISTRATOR, Role.SERVICE_OVERSIGHT],
    ids=lambda r: r.value,
)
@PRODUCTION_HSTS
def test_X5_every_page_and_download_carries_the_security_headers(scene, role):
    user = scene.users[role]
    failures, statuses, downloads = walk(signed_in_client(user), scene, user)
    assert not failures, "\n".join(failures)
    assert 404 in statuses  # refusals too
    if role is Role.HEADTEACHER:
        assert 200 in statuses and 302 in statuses
        assert downloads >= 3  # evidence, CSV and spreadsheet exports


@PRODUCTION_HSTS
def test_X5_every_page_signed_out_carries_the_security_headers(scene):
    failures, statuses, _ = walk(Client(), scene)
    assert not failures, "\n".join(failures)
    assert 302 in statuses  # to the sign-in page, itself walked as a public page


@PRODUCTION_HSTS
def test_X5_the_error_pages_carry_the_security_headers(world):
    head = signed_in_client(world.users[Role.HEADTEACHER])
    not_found = head.get("/no-such-page/", secure=True)
    assert not_found.status_code == 404
    assert missing_headers(not_found) == []

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = head.cookies
    forbidden = strict.post("/pupils/add/", {}, secure=True)
    assert forbidden.status_code == 403
    assert missing_headers(forbidden) == []

    # A host the service does not answer for: refused before most of the middleware runs.
    bad = head.get("/", secure=True, HTTP_HOST="elsewhere.example.org")
    assert bad.status_code == 400
    assert missing_headers(bad) == []


@PRODUCTION_HSTS
def test_X5_the_api_static_files_and_health_checks_carry_the_security_headers(world):
    client = Client()
    unauthorised = client.get("/api/v1/placements/", secure=True)
    assert unauthorised.status_code == 401
    assert missing_headers(unauthorised) == []

    static = client.get("/static/govuk/application.css", secure=True)
    assert static.status_code == 200
    assert missing_headers(static) == []

    # The orchestrator calls these over plain HTTP inside the network: no HSTS there.
    for url in ("/healthz", "/healthz/ready"):
        health = client.get(url)
        assert health.status_code in (200, 503)
        assert missing_headers(health, https=False) == []

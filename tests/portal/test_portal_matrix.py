"""X-5, R-11.2: the provider users' matrix. Every URL of the URL configuration, staff pages and
portal pages, as a provider user of this provider, of another provider of the same trust, of a
provider in another trust, of a provider whose placements have all ended, and switched off."""

import pytest
from django.urls import reverse

from altprov.authz.permissions import Role
from altprov.portal.middleware import PROVIDER_PREFIXES
from tests.authorization import test_matrix as matrix
from tests.authorization.policy import POLICY
from tests.authorization.portal_policy import PORTAL_POLICY
from tests.conftest import signed_in_client
from tests.factories import World

from . import scene as portal_scene

pytestmark = pytest.mark.django_db

scene = matrix.scene  # the staff matrix's world, as a fixture: every staff URL has its objects

# Pupils of other providers, of ended placements and of the other trust: never in a provider's
# response. "Alex O." and "Sam S." are the provider's own.
CANARIES = [
    portal_scene.CANARY_OTHER_PROVIDER,
    portal_scene.CANARY_ENDED,
    portal_scene.CANARY_ENDED_ONLY,
    World.CANARY_B1,
    World.CANARY_A2,
    World.CANARY_TRUST_B,
    World.CANARY_SCHOOL_B1,
    portal_scene.SECRET_CHRONOLOGY,
    "Ordinary",  # Alex's surname: the provider is told its initial only
]
OWN_PUPILS = ["Alex O.", "Sam S."]


def _portal_request(client, name, rule, p):
    url_name = name.split("#")[0]
    url = reverse(url_name, kwargs=rule.kwargs(p) if rule.kwargs else {})
    if rule.method == "POST":
        return url, client.post(url, rule.data(p) if rule.data else {})
    return url, client.get(url)


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def test_X5_every_portal_url_has_a_line_in_the_portal_policy():
    portal_urls = {n for n in matrix.url_names() if n.startswith("portal:")}
    listed = {n.split("#")[0] for n in PORTAL_POLICY}
    assert portal_urls == listed


def test_R11_2_X5_the_providers_user_reaches_every_portal_page_and_sees_only_its_pupils(
    recorded,
):
    client = signed_in_client(recorded.user)
    failures = []
    for name, rule in PORTAL_POLICY.items():
        url, response = _portal_request(client, name, rule, recorded)
        if response.status_code != rule.expected_ok():
            failures.append(f"{name} {url}: {response.status_code}")
        for canary in CANARIES:
            if canary in _body(response):
                failures.append(f"{name} {url}: shows {canary}")
    home = _body(client.get(reverse("portal:home")))
    assert all(pupil in home for pupil in OWN_PUPILS)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["other_user", "far_user", "ended_user"])
def test_X5_a_user_of_another_provider_finds_nothing_of_this_providers_pupils(recorded, who):
    """Another provider of the same trust, one of another trust, one whose placements ended."""
    client = signed_in_client(getattr(recorded, who))
    failures = []
    for name, rule in PORTAL_POLICY.items():
        url, response = _portal_request(client, name, rule, recorded)
        expected = 404 if rule.kwargs else rule.expected_ok()
        if response.status_code != expected:
            failures.append(f"{name} {url}: {response.status_code}, expected {expected}")
        body = _body(response)
        for text in [*OWN_PUPILS, "Moorside Centre", "Read for 20 minutes", "Asthma"]:
            if text in body:
                failures.append(f"{name} {url}: shows {text}")
    assert not failures, "\n".join(failures)


def test_X5_a_provider_whose_placements_have_all_ended_sees_no_pupil(recorded):
    client = signed_in_client(recorded.ended_user)
    body = _body(client.get(reverse("portal:home")))
    assert portal_scene.CANARY_ENDED_ONLY not in body
    assert "No pupils are placed with Ended Provider" in body
    ended = reverse("portal:placement", args=[recorded.ended_only.pk])
    assert client.get(ended).status_code == 404


def test_X5_a_switched_off_user_reaches_no_page_at_all(recorded):
    off = portal_scene.provider_user(recorded.provider, "off@moorside.example.org", "Off Person")
    client = signed_in_client(off)
    assert client.get(reverse("portal:home")).status_code == 200
    from altprov.portal import services

    services.provider_user_switch_off(
        provider=recorded.provider, user_id=off.pk, by=recorded.world.users[Role.AP_LEAD]
    )
    failures = []
    for name, rule in PORTAL_POLICY.items():
        url, response = _portal_request(client, name, rule, recorded)
        if response.status_code != 302 or not response["Location"].startswith("/sign-in/"):
            failures.append(f"{name} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["user", "other_user", "far_user", "ended_user"])
def test_X5_a_provider_user_never_reaches_a_staff_page(scene, recorded_today, who):
    """Every URL of the staff policy, with the matrix's objects: 404 (or, for "/", the portal)."""
    matrix_world = scene
    client = signed_in_client(getattr(recorded_today, who))
    failures = []
    for name, rule in sorted(POLICY.items()):
        if name.startswith("portal:"):
            continue
        url, response = matrix.request(client, name, rule, matrix_world, "own")
        if rule.method == "POST":  # a sign-out, for one, ends the session: sign in afresh
            client = signed_in_client(getattr(recorded_today, who))
        if name == "core:home":
            if response.status_code != 302 or response["Location"] != reverse("portal:home"):
                failures.append(f"{name} {url}: {response.status_code}")
            continue
        if url.startswith(PROVIDER_PREFIXES):
            continue  # their own account and the sign-in pages (tested in tests/accounts)
        if response.status_code != 404:
            failures.append(f"{name} {url}: {response.status_code}, expected 404")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", [Role.AP_LEAD, Role.ATTENDANCE_LEAD, Role.TRUST_ADMINISTRATOR])
def test_X5_staff_never_reach_the_portal_nor_write_through_it(recorded, role):
    client = signed_in_client(recorded.world.users[role])
    failures = []
    for name, rule in PORTAL_POLICY.items():
        url, response = _portal_request(client, name, rule, recorded)
        if response.status_code != 404:
            failures.append(f"{name} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
    from altprov.attendance.models import AbsenceNotification, AttendanceMark

    assert not AttendanceMark.objects.exists() and not AbsenceNotification.objects.exists()

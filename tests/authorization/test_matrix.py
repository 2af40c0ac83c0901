"""R-10.2 and X-5: every URL, every role, three scopes, compared with the policy table."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from altprov.authz.permissions import Role
from tests.conftest import signed_in_client
from tests.factories import World, give_role, make_user

from .policy import OTHER_SCHOOL, OTHER_TRUST, OWN, POLICY, TOKEN_TESTED

# Pages anyone may open without signing in.
PUBLIC = {"core:accessibility", "accounts:sign_in", "accounts:set_up"}
# Pages for the middle of signing in: without a session they send you to sign in or are not found.
SIGN_IN_STEPS = {
    "accounts:second_factor",
    "accounts:enrol",
    "accounts:recovery_codes",
    "accounts:sign_out",
    # A passkey instead of a code at the code step
    "accounts:passkey_sign_in_begin",
    "accounts:passkey_sign_in_complete",
}


def url_names(resolver=None, namespace=""):
    """Every named URL but the API's (TOKEN_TESTED: tested with tokens in tests/api/)."""
    if resolver is None:
        return _url_names(get_resolver(), "") - TOKEN_TESTED
    return _url_names(resolver, namespace)


def _url_names(resolver, namespace):
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


@pytest.fixture
def scene(world: World):
    world.staff_in = {
        OWN: world.users[Role.STAFF_MEMBER],
        OTHER_SCHOOL: make_user("a2-only@example.org", full_name="A2 Only Person"),
        OTHER_TRUST: world.outsider,
    }
    give_role(world.staff_in[OTHER_SCHOOL], Role.SENDCO, school=world.school_a2)
    world.school_a1.closure_days.create(date="2026-10-23", kind="inset")
    world.school_a2.closure_days.create(date="2026-10-23", kind="inset")
    world.school_b1.closure_days.create(date="2026-10-23", kind="inset")
    world.qa = quality_assurance_scene(world)
    world.referrals = referral_scene(world)
    world.placements = placement_scene(world)
    world.attending = attending_scene(world)
    return world


def attending_scene(world: World) -> dict:
    """An attending placement of a pupil of its own in each scope (a review is of a placement the
    pupil attends), beside the planned one the placement pages use. Outside school A1 the pupil
    has a canary name."""
    import datetime as dt

    from altprov.placements.models import Placement
    from altprov.referrals.models import Referral
    from tests.factories import make_pupil

    attending = {}
    for scope, school, first in [
        (OWN, world.school_a1, "Riley"),
        (OTHER_SCHOOL, world.school_a2, World.CANARY_A2),
        (OTHER_TRUST, world.school_b1, World.CANARY_B1),
    ]:
        planned = world.placements[scope]
        referral = Referral.objects.get(pk=planned.referral_id)  # a copy, saved anew
        referral.pk = None
        referral.pupil = make_pupil(school, first_name=first, last_name="Reviewed")
        referral.save()
        today = dt.date.today()
        attending[scope] = Placement.objects.create(
            referral=referral,
            provider=planned.provider,
            start_date=today,
            planned_end_date=today + dt.timedelta(weeks=8),
            status="active",
            started_on=today,
            created_by=planned.created_by,
        )
    return attending


def placement_scene(world: World) -> dict:
    """An agreed referral with a placement at an unregistered provider, in each scope."""
    import datetime as dt

    from django.utils import timezone

    from altprov.placements.models import Placement
    from altprov.referrals.models import Agreement, Referral
    from tests.factories import make_provider

    placements = {}
    for scope, pupil, trust in [
        (OWN, world.pupil_a1, world.trust_a),
        (OTHER_SCHOOL, world.canary_a2, world.trust_a),
        (OTHER_TRUST, world.canary_b1, world.trust_b),
    ]:
        referral = Referral.objects.create(
            pupil=pupil,
            school=pupil.school,
            reasons=["wider_curriculum"],
            route="school_directed",
            created_by=world.outsider,
            submitted_at=timezone.now(),
            decision="approved",
            rationale="Needed",
            decided_at=timezone.now(),
        )
        Agreement.objects.create(
            referral=referral,
            responsibilities="x",
            contact_timescales="x",
            safeguarding_route="x",
            maximum_weeks=12,
            response="agreed",
            responded_on=dt.date(2026, 11, 2),
            recorded_by=world.outsider,
        )
        provider = make_provider(trust, registration_status="unregistered")
        placements[scope] = Placement.objects.create(
            referral=referral,
            provider=provider,
            start_date=dt.date(2026, 12, 1),
            planned_end_date=dt.date(2027, 2, 1),
            created_by=world.outsider,
            exceptional_reasons="x",
            professionals_consulted="y",
        )
    return placements


def referral_scene(world: World) -> dict:
    """A decided referral with its meeting recorded, in each scope."""
    import datetime as dt

    from django.utils import timezone

    from altprov.referrals.models import Referral, ReferralMeeting

    referrals = {}
    for scope, pupil in [
        (OWN, world.pupil_a1),
        (OTHER_SCHOOL, world.canary_a2),
        (OTHER_TRUST, world.canary_b1),
    ]:
        referral = Referral.objects.create(
            pupil=pupil,
            school=pupil.school,
            reasons=["wider_curriculum"],
            route="school_directed",
            created_by=world.outsider,
            submitted_at=timezone.now(),
            decision="approved",
            rationale="Needed",
            decided_at=timezone.now(),
        )
        ReferralMeeting.objects.create(
            referral=referral,
            held_on=dt.date(2026, 11, 2),
            attendees="Family",
            reasons_explained="Explained",
            pupil_views="Yes",
            parent_views="Yes",
            recorded_by=world.outsider,
        )
        referrals[scope] = referral
    return referrals


def quality_assurance_scene(world: World) -> dict:
    """A provider in each trust with a site and a contact, and a draft audit in each of A1, A2
    and B1 with a next step and an uploaded piece of evidence. Provider and audit names are
    canaries too."""
    from altprov.provider_audits import services
    from tests.factories import make_provider, pdf_upload

    provider_a = make_provider(world.trust_a, "Provider A Centre")
    provider_b = make_provider(world.trust_b, World.CANARY_B1 + " Provider")
    audits = {}
    for scope, provider, school in [
        (OWN, provider_a, world.school_a1),
        (OTHER_SCHOOL, provider_a, world.school_a2),
        (OTHER_TRUST, provider_b, world.school_b1),
    ]:
        provider.sites.get_or_create(
            name="Main site", address_line_1="1 Road", town="Town", postcode="ZZ1 1AA"
        )
        provider.contacts.get_or_create(name="Con Tact", role="Manager", email="c@example.org")
        by = world.users[Role.AP_LEAD] if scope == OWN else world.outsider
        audit, _ = services.audit_start(provider=provider, school=school, by=by)
        services.answers_save(
            audit=audit,
            answers={
                "safeguarding.observations": {
                    "findings": "Seen" if scope == OWN else World.CANARY_A2 + " finding",
                    "next_steps": "Follow up",
                    "upload": pdf_upload(),
                }
            },
            school=school,
            by=by,
        )
        audits[scope] = audit
    return {"provider_a": provider_a, "provider_b": provider_b, "audits": audits}


def request(client, name, rule, world, scope):
    kwargs = rule.kwargs(world, scope) if rule.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    if rule.method == "POST":
        data = rule.data(world, scope) if rule.data else {}
        return url, client.post(url, data)
    return url, client.get(url)


def test_R10_2_every_url_has_a_line_in_the_policy_table():
    missing = sorted(url_names() - set(POLICY))
    assert not missing, f"Add these URLs to tests/authorization/policy.py: {missing}"
    stale = sorted(set(POLICY) - url_names())
    assert not stale, f"These policy lines name no URL: {stale}"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_R10_2_X5_each_role_reaches_only_what_the_policy_allows(scene, role):
    user = scene.users[role]
    client = signed_in_client(user)
    failures = []
    for name, rule in sorted(POLICY.items()):
        for scope in rule.scopes:
            url, response = request(client, name, rule, scene, scope)
            expected = rule.expected_ok() if rule.allows(role, scope) else 404
            if response.status_code != expected:
                failures.append(
                    f"{name} [{scope}] {url}: {response.status_code}, expected {expected}"
                )
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode(errors="replace")
            leaks = [World.CANARY_B1, World.CANARY_TRUST_B, World.CANARY_SCHOOL_B1]
            if role not in (
                Role.TRUST_EXECUTIVE,
                Role.SCHOOL_IMPROVEMENT,
                Role.TRUST_SAFEGUARDING_LEAD,
            ):
                leaks.append(World.CANARY_A2)
            for canary in leaks:
                if canary in body:
                    failures.append(f"{name} [{scope}] {url}: shows {canary}")
            if rule.method == "POST":
                client = signed_in_client(user)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["outsider", "no_roles"])
def test_R10_2_X5_someone_from_another_trust_or_with_no_role_finds_nothing_of_trust_a(scene, who):
    user = getattr(scene, who)
    client = signed_in_client(user)
    failures = []
    for name, rule in sorted(POLICY.items()):
        if rule.kwargs is None:
            continue
        for scope in rule.scopes:
            if scope == OTHER_TRUST:
                continue  # trust B's own objects: the outsider's own scope
            url, response = request(client, name, rule, scene, scope)
            if response.status_code != 404:
                failures.append(f"{name} {url}: {response.status_code}, expected 404")
            if rule.method == "POST":
                client = signed_in_client(user)
    for name, rule in sorted(POLICY.items()):
        if rule.kwargs is not None:
            continue
        url, response = request(client, name, rule, scene, OWN)
        body = b"" if response.streaming else response.content
        for text in ("School A1", "Alex", World.CANARY_A2, "Trust A<", "Provider A Centre"):
            if text in body.decode():
                failures.append(f"{name} {url}: shows {text}")
        if rule.method == "POST":
            client = signed_in_client(user)
    assert not failures, "\n".join(failures)


def test_X5_every_page_but_the_public_ones_needs_signing_in(scene):
    client = Client()
    failures = []
    for name, rule in sorted(POLICY.items()):
        if name in PUBLIC:
            continue
        url, response = request(client, name, rule, scene, OWN)
        if response.status_code != 302 or not response["Location"].startswith("/sign-in/"):
            failures.append(f"{name} {url}: {response.status_code} {response.get('Location')}")
    assert not failures, "\n".join(failures)


def test_X5_a_password_alone_reaches_no_page_without_the_second_factor(scene):
    client = Client()
    client.force_login(
        scene.users[Role.HEADTEACHER], backend="django.contrib.auth.backends.ModelBackend"
    )
    failures = []
    for name, rule in sorted(POLICY.items()):
        if name in PUBLIC | SIGN_IN_STEPS:
            continue
        url, response = request(client, name, rule, scene, OWN)
        if response.status_code != 302 or not response["Location"].startswith("/sign-in/"):
            failures.append(f"{name} {url}: {response.status_code} {response.get('Location')}")
    assert not failures, "\n".join(failures)

"""Puts the demo together: two trusts with their staff, schools, pupils and providers, and an AP
Lead who works in two schools. The random generator is seeded and used in a fixed order, so the
same run gives the same data."""

import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify

from altprov.accounts.demo import DEMO_PASSWORD
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.organisations.models import School, Trust
from altprov.organisations.services import trust_create

from .data import (
    DEMO_DOMAIN,
    MAIN_SCHOOLS,
    MAIN_TRUST,
    ROLE_SLUG,
    ROLE_TITLE,
    SCHOOL_ROLE_ORDER,
    SECOND_SCHOOLS,
    SECOND_TRUST,
    staff_name,
)
from .national import national_side, region_of
from .people import demo_user
from .providers import add_providers
from .quality import quality_assurance
from .referrals import referrals_and_placement
from .schools import add_pupils, calendar

TRUST_STAFF = [
    (Role.TRUST_ADMINISTRATOR, "admin", "Trust Data and Systems Manager"),
    (Role.TRUST_EXECUTIVE, "ceo", "Chief Executive Officer"),
    (Role.SCHOOL_IMPROVEMENT, "sit", "School Improvement Partner"),
    (Role.TRUST_SAFEGUARDING_LEAD, "safeguarding", "Trust Safeguarding Lead"),
    (Role.TRUSTEE, "trustee", "Trustee"),
]


def seed_demo(*, pupils_per_school: int = 240) -> None:
    """Builds both demo trusts in one transaction. The caller checks the database is empty."""
    rng = random.Random(20261128)  # noqa: S311 - demo data, not security
    with transaction.atomic():
        password_hash = make_password(DEMO_PASSWORD)
        main = _trust(rng, MAIN_TRUST, MAIN_SCHOOLS, "fmat", 9100, pupils_per_school, password_hash)
        _trust(rng, SECOND_TRUST, SECOND_SCHOOLS, "hlp", 9200, pupils_per_school, password_hash)
        _cross_school_user(main, password_hash)
        _service_administrator(password_hash)
        _provider_user(main, password_hash)
        national_side(password_hash)


def _trust(rng, name, schools, slug, urn_base, pupils_per_school, password_hash) -> Trust:
    trust = trust_create(name=name)
    for role, role_slug, title in TRUST_STAFF:
        person = demo_user(
            f"{role_slug}@{slug}.{DEMO_DOMAIN}",
            staff_name(rng),
            title,
            password_hash=password_hash,
        )
        RoleAssignment.objects.create(user=person, role=role, trust=trust)

    for index, (school_name, phase, town) in enumerate(schools):
        school = School.objects.create(
            trust=trust,
            name=school_name,
            urn=str(urn_base * 100 + index + 1),
            phase=phase,
            address_line_1=f"{rng.randint(1, 120)} {rng.choice(['School', 'Church', 'Mill', 'Station'])} Lane",
            town=town,
            postcode=f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
            attendance_target=rng.choice([90, 92, 94, 95]),
            region=region_of(name, index),
        )
        calendar(rng, school, index)
        school_slug = slugify(school_name)
        staff = {}
        for role in SCHOOL_ROLE_ORDER:
            person = staff[role] = demo_user(
                f"{ROLE_SLUG[role]}.{school_slug}@{slug}.{DEMO_DOMAIN}",
                staff_name(rng),
                ROLE_TITLE[role],
                password_hash=password_hash,
            )
            RoleAssignment.objects.create(user=person, role=role, trust=trust, school=school)
        add_pupils(rng, school, urn_base + index, pupils_per_school, by=staff[Role.AP_LEAD])

    providers = add_providers(rng, trust, urn_base)
    if trust.name == MAIN_TRUST:
        quality_assurance(trust, providers)
        referrals_and_placement(trust, providers)
    return trust


def _cross_school_user(trust: Trust, password_hash: str) -> None:
    """An AP Lead who works across two schools, to show the school switcher."""
    schools = list(trust.schools.order_by("name")[:2])
    person = demo_user(
        f"aplead.shared@fmat.{DEMO_DOMAIN}",
        "Morgan Ashworth",
        "AP Lead (two schools)",
        password_hash=password_hash,
    )
    for school in schools:
        RoleAssignment.objects.create(user=person, role=Role.AP_LEAD, trust=trust, school=school)


def _provider_user(trust: Trust, password_hash: str) -> None:
    """Issue 9: the manager of the provider with the most placements signs in to the provider
    portal (no role: `User.provider`)."""
    provider = trust.providers.annotate(n=Count("placements")).order_by("-n", "name").first()
    person = demo_user(
        f"manager.provider@fmat.{DEMO_DOMAIN}",
        "Jordan Whitfield",
        f"Manager, {provider.name}",
        password_hash=password_hash,
    )
    person.provider = provider
    person.save(update_fields=["provider"])


def _service_administrator(password_hash: str) -> None:
    """R-5.2: the one demo account outside both trusts, which imports the GIAS register."""
    person = demo_user(
        f"service@{DEMO_DOMAIN}",
        "Sam Okafor",
        "Service administrator",
        password_hash=password_hash,
    )
    RoleAssignment.objects.create(user=person, role=Role.SERVICE_ADMINISTRATOR)

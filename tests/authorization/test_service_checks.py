"""R-6.2, R-7.1, R-7.3, R-5.7, R-10.4: the services check permissions and validations for
themselves, without a view in front of them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.chronology.services import entry_add
from altprov.placements import services as placements
from altprov.placements.models import PlacementRecords
from tests.factories import give_role, make_provider, make_pupil, make_user
from tests.placements.test_placement import agreed_referral

pytestmark = pytest.mark.django_db


# Services check for themselves ----------------------------------------------------------------


def test_R6_2_a_correction_is_refused_at_the_service_for_another_pupil(world):
    dsl = world.users[Role.DSL]
    entry = entry_add(
        pupil=world.pupil_a1, kind="note", occurred_on=dt.date.today(), summary="x", by=dsl
    )
    other = make_pupil(world.school_a1)
    with pytest.raises(ValidationError, match="same pupil"):
        entry_add(
            pupil=other,
            kind="note",
            occurred_on=dt.date.today(),
            summary="y",
            corrects=entry,
            by=dsl,
        )
    assert not ChronologyEntry.objects.filter(pupil=other).exists()
    correction = entry_add(
        pupil=world.pupil_a1,
        kind="note",
        occurred_on=dt.date.today(),
        summary="y",
        corrects=entry,
        by=dsl,
    )
    assert correction.corrects == entry


def make(world, referral, provider=None, **fields):
    values = {
        "start_date": dt.date.today() + dt.timedelta(days=20),
        "planned_end_date": dt.date.today() + dt.timedelta(days=40),
        "weekly_cost": Decimal("100"),
    }
    values.update(fields)
    return placements.placement_create(
        referral=referral,
        provider=provider or make_provider(world.trust_a),
        site=None,
        sessions=[(0, dt.time(9), dt.time(12))],
        by=world.users[Role.AP_LEAD],
        **values,
    )


@pytest.mark.parametrize(
    "change",
    [
        {"decision": ""},
        {"decision": "declined"},
    ],
)
def test_R7_1_R7_3_a_placement_needs_an_approved_referral_at_the_service(world, change):
    referral = agreed_referral(world, world.pupil_a1)
    type(referral).objects.filter(pk=referral.pk).update(**change)
    referral.refresh_from_db()
    with pytest.raises(ValidationError, match="approved referral"):
        make(world, referral)
    assert not referral.placements.exists()


def test_R7_3_a_placement_needs_the_parents_agreement_at_the_service(world):
    referral = agreed_referral(world, world.pupil_a1, response="refused")
    with pytest.raises(ValidationError, match="agreed to"):
        make(world, referral)
    assert make(world, agreed_referral(world, make_pupil(world.school_a1))).pk


def test_R5_1_a_placement_uses_a_provider_and_site_of_the_schools_own_trust(world):
    referral = agreed_referral(world, world.pupil_a1)
    with pytest.raises(ValidationError) as refused:
        make(world, referral, make_provider(world.trust_b))
    assert "provider" in refused.value.message_dict
    provider, elsewhere = make_provider(world.trust_a), make_provider(world.trust_a)
    site = elsewhere.sites.create(name="Other site", address_line_1="1 Road", postcode="ZZ1 1ZZ")
    with pytest.raises(ValidationError) as refused:
        placements.placement_create(
            referral=referral,
            provider=provider,
            site=site,
            sessions=[(0, dt.time(9), dt.time(12))],
            by=world.users[Role.AP_LEAD],
            start_date=dt.date.today() + dt.timedelta(days=20),
            planned_end_date=dt.date.today() + dt.timedelta(days=40),
            weekly_cost=Decimal("100"),
        )
    assert "site" in refused.value.message_dict
    assert not referral.placements.exists()


def test_R7_1_R5_7_trust_approval_and_sit_agreement_are_checked_at_the_service(world):
    referral = agreed_referral(world, world.pupil_a1)
    placement = make(
        world,
        referral,
        make_provider(world.trust_a, registration_status="unregistered"),
        exceptional_reasons="None nearby",
        professionals_consulted="EP",
    )
    outsider_sit = make_user("sit-b@example.org")
    give_role(outsider_sit, Role.SCHOOL_IMPROVEMENT, trust=world.trust_b)
    for user in (world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER], outsider_sit):
        with pytest.raises(PermissionDenied):
            placements.trust_approve(placement=placement, by=user)
        with pytest.raises(PermissionDenied):
            placements.sit_agree(placement=placement, by=user)
    placement.refresh_from_db()
    assert placement.sit_agreed_at is None
    assert not PlacementRecords.objects.filter(
        placement=placement, trust_approved_at__isnull=False
    ).exists()
    sit = world.users[Role.SCHOOL_IMPROVEMENT]
    placements.sit_agree(placement=placement, by=sit)
    placements.trust_approve(placement=placement, by=sit)
    placement.refresh_from_db()
    assert placement.sit_agreed_by == sit and placement.sit_agreed_at <= timezone.now()
    assert placement.records.trust_approved_by == sit


def test_R5_7_only_a_placement_at_an_unregistered_provider_needs_the_sits_agreement(world):
    placement = make(world, agreed_referral(world, world.pupil_a1))
    with pytest.raises(ValidationError):
        placements.sit_agree(placement=placement, by=world.users[Role.SCHOOL_IMPROVEMENT])
    placement.refresh_from_db()
    assert placement.sit_agreed_at is None


def test_R10_4_the_pastoral_contact_is_staff_of_the_pupils_school_at_the_service(
    world, two_schools
):
    placement = make(world, agreed_referral(world, world.canary_a2))
    a1_only = world.users[Role.STAFF_MEMBER]
    with pytest.raises(ValidationError):
        placements.pastoral_assign(
            placement=placement, contact=a1_only, protocol="Weekly", by=world.users[Role.AP_LEAD]
        )
    with pytest.raises(ValidationError):
        placements.pastoral_assign(
            placement=placement, contact=world.outsider, protocol="Weekly", by=two_schools
        )
    records = placements.pastoral_assign(
        placement=placement, contact=two_schools, protocol="Weekly", by=two_schools
    )
    assert records.pastoral_contact == two_schools and records.contact_protocol == "Weekly"

"""R-5.7, R-5.8, R-5.9 and R-7.6: making a placement from an agreed referral."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.placements.models import Placement
from altprov.placements.rules import threshold_for
from altprov.referrals.models import Agreement, Referral, ReferralMeeting
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_provider, make_pupil

pytestmark = pytest.mark.django_db
START = dt.date.today() + dt.timedelta(days=14)


def agreed_referral(world, pupil, response="agreed"):
    referral = Referral.objects.create(
        pupil=pupil,
        school=pupil.school,
        reasons=["wider_curriculum"],
        route="school_directed",
        created_by=world.users[Role.AP_LEAD],
        submitted_at=timezone.now(),
        decision="approved",
        rationale="Needed",
        decided_by=world.users[Role.HEADTEACHER],
        decided_at=timezone.now(),
    )
    ReferralMeeting.objects.create(
        referral=referral,
        held_on=dt.date.today(),
        attendees="Family",
        reasons_explained="Yes",
        pupil_views="Yes",
        parent_views="Yes",
        recorded_by=world.users[Role.AP_LEAD],
    )
    Agreement.objects.create(
        referral=referral,
        responsibilities="x",
        contact_timescales="x",
        safeguarding_route="x",
        maximum_weeks=12,
        response=response,
        responded_on=dt.date.today(),
        recorded_by=world.users[Role.AP_LEAD],
    )
    return referral


def form(provider, *, days=("09:00", "12:00"), weekdays=(0, 2), **extra):
    data = {
        "provider": provider.pk,
        "start_date_0": START.day,
        "start_date_1": START.month,
        "start_date_2": START.year,
        "planned_end_date_0": (START + dt.timedelta(days=56)).day,
        "planned_end_date_1": (START + dt.timedelta(days=56)).month,
        "planned_end_date_2": (START + dt.timedelta(days=56)).year,
        "weekly_cost": "300",
    }
    for day in weekdays:
        data[f"day{day}_start"], data[f"day{day}_end"] = days
    data.update(extra)
    return data


def test_R7_6_a_placement_records_its_pattern_hours_cost_and_that_the_la_was_told(world):
    referral = agreed_referral(world, world.pupil_a1)
    provider = make_provider(world.trust_a, "Registered Place")
    client = signed_in_client(world.users[Role.AP_LEAD])
    today = dt.date.today()
    response = client.post(
        f"/referrals/{referral.pk}/placement/",
        form(
            provider,
            la_informed_on_0=today.day,
            la_informed_on_1=today.month,
            la_informed_on_2=today.year,
        ),
    )
    placement = Placement.objects.get()
    assert response["Location"] == f"/placements/{placement.pk}/"
    assert placement.hours_per_week == Decimal("6")
    assert placement.la_informed_on == today
    page = client.get(f"/placements/{placement.pk}/").content.decode()
    assert "6 hours: part-time" in page and "Monday 09:00 to 12:00" in page


def test_R7_3_a_placement_needs_the_parents_agreement_and_keeps_to_the_maximum_period(world):
    refused = agreed_referral(world, world.pupil_a1, response="refused")
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.get(f"/referrals/{refused.pk}/placement/").status_code == 404
    referral = agreed_referral(world, make_pupil(world.school_a1))
    long = form(provider)
    end = START + dt.timedelta(weeks=20)
    long.update(
        {
            "planned_end_date_0": end.day,
            "planned_end_date_1": end.month,
            "planned_end_date_2": end.year,
        }
    )
    response = client.post(f"/referrals/{referral.pk}/placement/", long)
    assert (
        "longer than the maximum period agreed with the parents (12 weeks)"
        in response.content.decode()
    )
    assert not Placement.objects.exists()


def test_R5_8_a_pattern_over_the_trusts_hours_cap_at_an_unregistered_provider_cannot_be_saved(
    world,
):
    referral = agreed_referral(world, world.pupil_a1)
    provider = make_provider(
        world.trust_a, "Unregistered Place", registration_status="unregistered"
    )
    client = signed_in_client(world.users[Role.AP_LEAD])
    reasons = {
        "exceptional_reasons": "Nothing registered nearby",
        "professionals_consulted": "EP, social worker",
    }
    response = client.post(
        f"/referrals/{referral.pk}/placement/",
        form(provider, days=("09:00", "15:00"), weekdays=(0, 1, 2), **reasons),
    )
    assert "at most 12 hours a week at an unregistered provider" in response.content.decode()
    assert not Placement.objects.exists()
    ok = client.post(
        f"/referrals/{referral.pk}/placement/",
        form(provider, days=("09:00", "15:00"), weekdays=(0, 1), **reasons),
    )
    assert ok.status_code == 302
    assert Placement.objects.get().hours_per_week == Decimal("12")


def test_R5_7_an_unregistered_placement_records_why_and_the_sits_agreement(world):
    referral = agreed_referral(world, world.pupil_a1)
    provider = make_provider(
        world.trust_a, "Unregistered Place", registration_status="unregistered"
    )
    client = signed_in_client(world.users[Role.AP_LEAD])
    response = client.post(f"/referrals/{referral.pk}/placement/", form(provider))
    content = response.content.decode()
    assert "Say why no registered provision can meet the pupil" in content
    assert "Say which wider professionals were consulted" in content
    client.post(
        f"/referrals/{referral.pk}/placement/",
        form(provider, exceptional_reasons="No registered place", professionals_consulted="EP"),
    )
    placement = Placement.objects.get()
    assert (
        "Not yet: the placement cannot start without it"
        in client.get(f"/placements/{placement.pk}/").content.decode()
    )
    assert (
        client.post(f"/placements/{placement.pk}/sit-agreement/").status_code == 404
    )  # not the AP Lead's
    sit = signed_in_client(world.users[Role.SCHOOL_IMPROVEMENT])
    assert sit.post(f"/placements/{placement.pk}/sit-agreement/").status_code == 302
    placement.refresh_from_db()
    assert placement.sit_agreed_by == world.users[Role.SCHOOL_IMPROVEMENT]


def test_R5_9_a_placement_that_would_cross_the_threshold_is_warned_about_then_flagged(world):
    provider = make_provider(world.trust_a, "Nearly Full Place", registration_status="unregistered")
    complete_audit(provider, world.school_a1, by=world.users[Role.AP_LEAD], reported_full_time=4)
    assert not threshold_for(provider, START).must_register
    referral = agreed_referral(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    data = form(
        provider,
        days=("09:00", "11:00"),
        weekdays=(0, 1, 2, 3, 4),
        sole_provision="on",
        exceptional_reasons="x",
        professionals_consulted="y",
    )
    warned = client.post(f"/referrals/{referral.pk}/placement/", data).content.decode()
    assert "would take the provider over the registration threshold" in warned
    assert "It educates 5 full-time pupils" in warned
    assert not Placement.objects.exists()
    assert (
        client.post(
            f"/referrals/{referral.pk}/placement/", {**data, "threshold_understood": "on"}
        ).status_code
        == 302
    )
    assert threshold_for(
        provider, START
    ).must_register  # a 10-hour pupil at no other provision is full-time
    assert (
        "Must be registered as a school"
        in client.get(f"/providers/{provider.pk}/").content.decode()
    )
    assert "Must be registered as a school" in client.get("/providers/").content.decode()


def test_X3_the_weekly_pattern_is_checked_naming_the_day(world):
    referral = agreed_referral(world, world.pupil_a1)
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.AP_LEAD])
    content = client.post(
        f"/referrals/{referral.pk}/placement/",
        form(provider, days=("13:00", "09:00"), weekdays=(1,)),
    ).content.decode()
    assert "The Tuesday end time must be after its start time" in content
    content = client.post(
        f"/referrals/{referral.pk}/placement/", form(provider, days=("9am", "12:00"), weekdays=(3,))
    ).content.decode()
    assert "Enter the Thursday start time as a time like 09:30" in content
    assert not Placement.objects.exists()


def test_R10_2_placements_are_not_found_outside_the_school(world):
    referral = agreed_referral(world, world.pupil_a1)
    provider = make_provider(world.trust_a)
    signed_in_client(world.users[Role.AP_LEAD]).post(
        f"/referrals/{referral.pk}/placement/", form(provider)
    )
    placement = Placement.objects.get()
    for user in (world.outsider, world.users[Role.TRUSTEE], world.users[Role.TRUST_ADMINISTRATOR]):
        assert signed_in_client(user).get(f"/placements/{placement.pk}/").status_code == 404
    assert (
        signed_in_client(world.outsider).get(f"/referrals/{referral.pk}/placement/").status_code
        == 404
    )


def test_the_placement_page_shows_its_dates_and_cost(world):
    referral = agreed_referral(world, world.pupil_a1)
    placement = Placement.objects.create(
        referral=referral,
        provider=make_provider(world.trust_a),
        start_date=dt.date(2026, 12, 1),
        planned_end_date=dt.date(2027, 2, 1),
        weekly_cost=Decimal("240.50"),
        created_by=world.users[Role.AP_LEAD],
    )
    page = (
        signed_in_client(world.users[Role.AP_LEAD])
        .get(f"/placements/{placement.pk}/")
        .content.decode()
    )
    assert "1 December 2026 to 1 February 2027" in page and "£240.50" in page


def test_opening_a_placement_writes_nothing(world):
    from altprov.placements.models import PlacementRecords

    referral = agreed_referral(world, world.pupil_a1)
    placement = Placement.objects.create(
        referral=referral,
        provider=make_provider(world.trust_a),
        start_date=START,
        planned_end_date=START + dt.timedelta(weeks=4),
        created_by=world.users[Role.AP_LEAD],
    )
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.get(f"/placements/{placement.pk}/").status_code == 200
    assert client.get(f"/placements/{placement.pk}/notice/").status_code == 200
    assert not PlacementRecords.objects.exists()

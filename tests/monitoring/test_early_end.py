"""R-12.5: a placement ends early for safeguarding concerns, with the DSL informed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.monitoring import services
from altprov.monitoring.models import EarlyEnding
from tests.conftest import signed_in_client
from tests.duties.helpers import attending

from .helpers import TODAY, day, frozen, items  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def data(**extra):
    return {
        **day("ended_on", dt.date(2026, 11, 3)),
        "reason": "Concerns about an adult at the provider",
        **day("dsl_informed_on", dt.date(2026, 11, 2)),
        **extra,
    }


def test_R12_5_the_dsl_ends_the_placement_early_and_it_is_in_the_chronology(world):
    placement = attending(world, world.pupil_a1)
    dsl = world.users[Role.DSL]
    url = f"/placements/{placement.pk}/end-early/"
    response = signed_in_client(dsl).post(url, data(), follow=True)
    placement.refresh_from_db()
    assert placement.status == "ended"
    assert (placement.ended_on, placement.end_reason) == (dt.date(2026, 11, 3), "safeguarding")
    ending = EarlyEnding.objects.get(placement=placement)
    assert ending.ended_on == dt.date(2026, 11, 3)
    assert ending.dsl_informed_on == dt.date(2026, 11, 2)
    assert ending.reason == "Concerns about an adult at the provider"
    assert ending.recorded_by == dsl
    entry = ChronologyEntry.objects.get(pupil=world.pupil_a1, summary__contains="ended early")
    assert entry.safeguarding and entry.occurred_on == dt.date(2026, 11, 3)
    page = response.content.decode()
    assert "Ended early on 3 November 2026 for safeguarding concerns" in page
    assert items(world, "monitoring_visit", TODAY) == []  # nothing more falls due


def test_R12_5_the_date_the_dsl_was_informed_is_required(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/end-early/"
    page = client.post(
        url, data(dsl_informed_on_0="", dsl_informed_on_1="", dsl_informed_on_2="")
    ).content.decode()
    assert "Enter the date the DSL was informed" in page
    assert "Concerns about an adult at the provider" in page
    page = client.post(url, data(**day("ended_on", dt.date(2026, 10, 1)))).content.decode()
    assert "must be on or after the start of the placement" in page
    placement.refresh_from_db()
    assert placement.status == "active" and not EarlyEnding.objects.exists()


def test_R12_5_ending_twice_is_refused(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    stale = type(placement).objects.get(pk=placement.pk)
    fields = dict(ended_on=TODAY, reason="Concern", dsl_informed_on=TODAY, by=ap)
    services.early_end(placement=placement, **fields)
    with pytest.raises(ValidationError, match="already ended"):
        services.early_end(placement=stale, **fields)  # a copy read before the first ending
    assert EarlyEnding.objects.count() == 1
    # The page of an ended placement is not offered again.
    url = f"/placements/{placement.pk}/end-early/"
    assert signed_in_client(ap).get(url).status_code == 404
    assert signed_in_client(ap).post(url, data()).status_code == 404


def test_R12_5_only_the_ap_lead_and_dsl_end_a_placement_for_safeguarding(world):
    placement = attending(world, world.pupil_a1)
    url = f"/placements/{placement.pk}/end-early/"
    for role in (Role.HEADTEACHER, Role.ATTENDANCE_LEAD, Role.TRUST_EXECUTIVE):
        assert signed_in_client(world.users[role]).post(url, data()).status_code == 404
    placement.refresh_from_db()
    assert placement.status == "active"

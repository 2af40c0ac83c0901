"""R-13.3: endings other than reintegration record their reason, the date and the detail each
needs; safeguarding (R-12.5) and lack of progress (R-12.4) stay in monitoring and are shown."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.monitoring import services as monitoring
from altprov.outcomes import services
from altprov.outcomes.models import Ending
from altprov.placements.models import Placement
from tests.conftest import signed_in_client

from .helpers import TODAY, attending, day, frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def post(world, placement, role=Role.AP_LEAD, **data):
    client = signed_in_client(world.users[role])
    return client.post(f"/placements/{placement.pk}/end/", {**day("on", TODAY), **data})


@pytest.mark.parametrize(
    ("reason", "extra"),
    [
        ("moved", {"detail": "Moorside Pupil Referral Unit"}),
        ("permanent_exclusion", {**day("decided_on", dt.date(2026, 11, 12))}),
        ("left_school", {}),
        ("completed", {}),
        ("other", {"detail": "The family moved abroad"}),
    ],
)
def test_R13_3_each_other_ending_is_recorded_with_its_reason_and_date(world, reason, extra):
    placement = attending(world, world.pupil_a1)
    response = post(world, placement, reason=reason, **extra)
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.ended_on, placement.end_reason) == ("ended", TODAY, reason)
    ending = Ending.objects.get(placement=placement)
    assert ending.reason == reason and ending.detail == extra.get("detail", "")
    page = signed_in_client(world.users[Role.DSL]).get(f"/placements/{placement.pk}/")
    label = Placement.EndReason(reason).label.lower()
    assert f"The placement ended on 16 November 2026: {label}" in page.content.decode()


@pytest.mark.parametrize(
    ("reason", "message", "field"),
    [
        ("moved", "Enter where the pupil has moved to", "detail"),
        ("other", "Enter the reason", "detail"),
        (
            "permanent_exclusion",
            "Enter the date of the decision to exclude permanently",
            "decided_on",
        ),
    ],
)
def test_R13_3_the_detail_each_ending_needs_is_required_at_the_page_and_service(
    world, reason, message, field
):
    placement = attending(world, world.pupil_a1)
    page = post(world, placement, reason=reason).content.decode()
    assert message in page
    with pytest.raises(ValidationError) as refused:
        services.end_placement(
            placement=placement, reason=reason, on=TODAY, by=world.users[Role.AP_LEAD]
        )
    assert list(refused.value.message_dict) == [field]
    placement.refresh_from_db()
    assert placement.status == "active" and not Ending.objects.exists()


def test_R13_3_a_decision_after_the_ending_is_refused(world):
    placement = attending(world, world.pupil_a1)
    with pytest.raises(ValidationError, match="on or before the date it ended"):
        services.end_placement(
            placement=placement,
            reason="permanent_exclusion",
            on=dt.date(2026, 11, 10),
            decided_on=dt.date(2026, 11, 12),
            by=world.users[Role.AP_LEAD],
        )


@pytest.mark.parametrize("reason", ["reintegrated", "safeguarding", "no_progress", "nonsense"])
def test_R13_3_reintegration_safeguarding_and_lack_of_progress_are_not_ended_here(world, reason):
    placement = attending(world, world.pupil_a1)
    page = post(world, placement, reason=reason).content.decode()
    assert "Select a valid choice" in page or "Select why the placement ended" in page
    with pytest.raises(ValidationError):
        services.end_placement(
            placement=placement, reason=reason, on=TODAY, by=world.users[Role.AP_LEAD]
        )
    placement.refresh_from_db()
    assert placement.status == "active"


def test_R13_3_an_ending_happens_once(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    stale = Placement.objects.get(pk=placement.pk)
    services.end_placement(placement=placement, reason="left_school", on=TODAY, by=ap)
    with pytest.raises(ValidationError, match="already ended"):
        services.end_placement(placement=stale, reason="completed", on=TODAY, by=ap)
    with pytest.raises(ValidationError, match="already ended"):
        services.reintegrate(placement=Placement.objects.get(pk=placement.pk), on=TODAY, by=ap)
    assert Ending.objects.count() == 1
    assert post(world, placement, reason="left_school").status_code == 404


def test_R13_3_a_safeguarding_ending_from_monitoring_is_shown_and_asks_for_the_outcome(world):
    placement = attending(world, world.pupil_a1)
    monitoring.early_end(
        placement=placement,
        ended_on=TODAY,
        reason="Concern",
        dsl_informed_on=TODAY,
        by=world.users[Role.DSL],
    )
    page = signed_in_client(world.users[Role.AP_LEAD]).get(f"/placements/{placement.pk}/")
    html = page.content.decode()
    assert "The placement ended on 16 November 2026: ended early for safeguarding concerns" in html
    assert f"/placements/{placement.pk}/outcome/" in html
    assert "End the placement for another reason" not in html


def test_R13_3_the_date_is_a_done_date_not_before_the_start(world):
    placement = attending(world, world.pupil_a1)
    page = post(
        world, placement, reason="left_school", **day("on", TODAY + dt.timedelta(days=1))
    ).content.decode()
    assert "The date the placement ended must be today or in the past" in page
    page = post(
        world, placement, reason="left_school", **day("on", dt.date(2026, 10, 1))
    ).content.decode()
    assert "must be on or after the start of the placement" in page

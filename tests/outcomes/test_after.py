"""R-13.3, R-6.5: after the placement: continued support, the follow-up after the first half
term back, the outcome recorded once, and the impact page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from altprov.attendance.models import AttendanceMark
from altprov.authz.permissions import Role
from altprov.outcomes import services
from altprov.outcomes.models import ContinuedSupport, Outcome, ReturnFollowUp
from altprov.placements.models import Placement
from tests.conftest import signed_in_client
from tests.factories import make_pupil

from .helpers import TODAY, attending, day, ended, frozen, record_before  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

OUTCOME = {
    "destination": "school_part_time",
    "qualifications": "Functional Skills maths Level 1",
    "achievements": "Duke of Edinburgh bronze",
    "progress_summary": "Good progress in English and maths",
    "pupil_assessment": "It helped me calm down",
    "attendance_before": "71.4",
}


def test_R13_3_continued_support_is_logged_after_the_return(world):
    placement = ended(world, on=dt.date(2026, 11, 9))
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/continued-support/add/"
    data = {
        **day("given_on", dt.date(2026, 11, 12)),
        "support": "Mentoring session",
        "given_by": "Jo Mentor, pastoral lead",
    }
    assert client.post(url, data).status_code == 302
    support = ContinuedSupport.objects.get()
    assert (support.given_on, support.given_by) == (
        dt.date(2026, 11, 12),
        "Jo Mentor, pastoral lead",
    )
    page = client.get(f"/placements/{placement.pk}/").content.decode()
    assert "Mentoring session" in page
    # Not before the return.
    page = client.post(url, {**data, **day("given_on", dt.date(2026, 11, 6))}).content.decode()
    assert "must be on or after the day the placement ended" in page
    with pytest.raises(ValidationError, match="on or after the day the placement ended"):
        services.support_add(
            placement=placement,
            by=world.users[Role.AP_LEAD],
            given_on=dt.date(2026, 11, 6),
            support="x",
            given_by="y",
        )
    assert ContinuedSupport.objects.count() == 1


def test_R13_3_continued_support_is_only_after_the_placement_ended(world):
    placement = attending(world, world.pupil_a1)
    with pytest.raises(ValidationError, match="not ended"):
        services.support_add(
            placement=placement,
            by=world.users[Role.AP_LEAD],
            given_on=TODAY,
            support="x",
            given_by="y",
        )
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.get(f"/placements/{placement.pk}/continued-support/add/").status_code == 404


def test_R13_3_the_follow_up_is_recorded_once_for_a_pupil_who_returned(world):
    placement = ended(world, on=dt.date(2026, 11, 9))
    ap = world.users[Role.AP_LEAD]
    client = signed_in_client(ap)
    url = f"/placements/{placement.pk}/follow-up/"
    data = {**day("held_on", TODAY), "attendance_after": "92.5", "how_it_is_going": "Settled"}
    page = client.post(url, {**data, "attendance_after": "101"}).content.decode()
    assert "must be 100 or less" in page
    assert client.post(url, data).status_code == 302
    assert ReturnFollowUp.objects.get().attendance_after == Decimal("92.5")
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError, match="already recorded"):
        services.follow_up_record(
            placement=placement,
            by=ap,
            held_on=TODAY,
            attendance_after=Decimal(90),
            how_it_is_going="x",
        )
    other = ended(world, make_pupil(world.school_a1), reintegrated=False)
    with pytest.raises(ValidationError, match="returned to school"):
        services.follow_up_record(
            placement=other, by=ap, held_on=TODAY, attendance_after=Decimal(90), how_it_is_going="x"
        )
    assert client.get(f"/placements/{other.pk}/follow-up/").status_code == 404


def test_R13_3_R6_5_the_outcome_is_recorded_once_after_the_placement_ended(world):
    placement = ended(world, reintegrated=False)
    ap = world.users[Role.AP_LEAD]
    client = signed_in_client(ap)
    url = f"/placements/{placement.pk}/outcome/"
    assert client.get(url).status_code == 200
    page = client.post(url, {**OUTCOME, "destination": ""}).content.decode()
    assert "Select the destination" in page and not Outcome.objects.exists()
    stale = Placement.objects.get(pk=placement.pk)
    assert client.post(url, OUTCOME).status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.destination == "school_part_time"
    assert outcome.pupil_assessment == "It helped me calm down"
    assert outcome.attendance_before == Decimal("71.4")
    assert outcome.recorded_by == ap
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError, match="already recorded"):
        services.outcome_record(
            placement=stale, by=ap, destination="neet", progress_summary="x", pupil_assessment="y"
        )
    page = client.get(f"/placements/{placement.pk}/").content.decode()
    assert "Returned to the school part time, with continued support" in page


def test_R6_5_the_outcome_needs_the_placement_to_have_ended(world):
    placement = attending(world, world.pupil_a1)
    with pytest.raises(ValidationError, match="not ended"):
        services.outcome_record(
            placement=placement,
            by=world.users[Role.AP_LEAD],
            destination="neet",
            progress_summary="x",
            pupil_assessment="y",
        )
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.get(f"/placements/{placement.pk}/outcome/").status_code == 404


def test_R6_5_R13_3_the_impact_page_shows_attendance_before_during_and_after(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    # Three attending marks and one unauthorised absence: 75.0% during (the attendance app).
    for date, session, code in [
        (dt.date(2026, 10, 5), "AM", "/"),
        (dt.date(2026, 10, 5), "PM", "\\"),
        (dt.date(2026, 10, 6), "AM", "/"),
        (dt.date(2026, 10, 6), "PM", "O"),
    ]:
        AttendanceMark.objects.create(
            placement=placement, date=date, session=session, code=code, entered_by=ap
        )
    record_before(world, placement)
    services.reintegrate(placement=placement, on=dt.date(2026, 11, 9), by=ap)
    placement.refresh_from_db()
    services.outcome_record(
        placement=placement,
        by=ap,
        destination="school_full_time",
        progress_summary="x",
        pupil_assessment="y",
        attendance_before=Decimal("70.0"),
    )
    services.follow_up_record(
        placement=placement,
        by=ap,
        held_on=TODAY,
        attendance_after=Decimal("88.5"),
        how_it_is_going="x",
    )
    page = signed_in_client(world.users[Role.DSL]).get(f"/placements/{placement.pk}/impact/")
    attendance = page.content.decode().split('id="attendance"')[1].split("</table>")[0]
    assert [p.split("%")[0].rsplit(">", 1)[-1] for p in attendance.split('numeric">')[2:]] == [
        "70.0",
        "75.0",
        "88.5",
    ]

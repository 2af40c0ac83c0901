"""R-7.3: each review of the agreement and placement is recorded and sets the next due date."""

import datetime as dt

import pytest
import time_machine

from altprov.authz.permissions import Role
from altprov.reviews.models import AgreementReview
from tests.conftest import signed_in_client
from tests.duties.helpers import attending

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        yield


def data(held: dt.date, **extra):
    return {
        "held_on_0": held.day,
        "held_on_1": held.month,
        "held_on_2": held.year,
        "attended": "AP Lead, mother, the pupil, the provider's manager",
        "outcome": "continue",
        "notes": "Attending well; objectives on track",
        **extra,
    }


def test_R7_3_the_ap_lead_records_a_review_and_the_next_one_falls_due(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/reviews/add/"
    page = client.get(url).content.decode()
    assert "The next review is due by Monday 2 November 2026" in page
    response = client.post(url, data(dt.date(2026, 11, 3)), follow=True)
    review = AgreementReview.objects.get(placement=placement)
    assert review.held_on == dt.date(2026, 11, 3) and review.outcome == "continue"
    assert review.attended.startswith("AP Lead, mother")
    assert review.recorded_by == world.users[Role.AP_LEAD]
    assert review.history.count() == 1
    page = response.content.decode()
    assert "The review has been recorded. The next review is due by Monday 4 January 2027" in page
    assert "Attending well; objectives on track" in page  # listed on the placement page
    assert "The next review is due by <strong>Monday 4 January 2027</strong>" in page


def test_R7_3_a_review_dated_in_the_future_or_before_the_start_is_refused(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.HEADTEACHER])
    url = f"/placements/{placement.pk}/reviews/add/"
    page = client.post(url, data(dt.date(2026, 11, 4))).content.decode()
    assert "The date of the review must be today or in the past" in page
    assert "Attending well; objectives on track" in page  # nothing typed is lost
    page = client.post(url, data(dt.date(2026, 10, 1))).content.decode()
    assert "on or after the start of the placement, 5 October 2026" in page
    page = client.post(url, data(dt.date(2026, 11, 2), attended="", outcome="")).content.decode()
    assert "Enter who attended the review" in page and "Select the outcome of the review" in page
    assert not AgreementReview.objects.exists()


def test_R7_3_only_the_headteacher_and_ap_lead_record_reviews_of_attending_placements(world):
    placement = attending(world, world.pupil_a1)
    url = f"/placements/{placement.pk}/reviews/add/"
    for role in (Role.DSL, Role.ATTENDANCE_LEAD, Role.TRUST_EXECUTIVE):
        client = signed_in_client(world.users[role])
        assert client.get(url).status_code == 404
        assert client.post(url, data(dt.date(2026, 11, 2))).status_code == 404
    assert signed_in_client(world.outsider).get(url).status_code == 404
    placement.status = "planned"
    placement.save()
    assert signed_in_client(world.users[Role.AP_LEAD]).get(url).status_code == 404
    assert not AgreementReview.objects.exists()

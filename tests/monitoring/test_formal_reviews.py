"""R-12.4: formal review meetings; after three with no improvement the Headteacher decides
whether the placement continues or ends."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.monitoring import services
from altprov.monitoring.models import ContinuationDecision, FormalReview
from tests.conftest import signed_in_client
from tests.duties.helpers import attending

from .helpers import TODAY, day, frozen, items  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def review_data(held: dt.date, improved: str = "no", **extra):
    return {
        **day("held_on", held),
        "attended": ["ap_lead", "pupil", "parents", "provider"],
        "progress": "Behind on every objective",
        "improved": improved,
        "actions": "Weekly check-in with the provider",
        **extra,
    }


def hold(placement, held: dt.date, improved: bool, by):
    return services.formal_review_record(
        placement=placement,
        by=by,
        held_on=held,
        attended=["ap_lead"],
        progress="p",
        improved=improved,
        actions="a",
    )


def decide_url(placement):
    return f"/placements/{placement.pk}/continue-or-end/"


def test_R12_4_the_ap_lead_records_a_formal_review(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/formal-reviews/add/"
    response = client.post(url, review_data(dt.date(2026, 10, 20)), follow=True)
    review = FormalReview.objects.get(placement=placement)
    assert review.attended == ["ap_lead", "pupil", "parents", "provider"]
    assert review.improved is False and review.held_on == dt.date(2026, 10, 20)
    assert review.recorded_by == world.users[Role.AP_LEAD]
    page = response.content.decode()
    assert "Behind on every objective" in page
    assert 'id="no-improvement">1</strong> of 3' in page


def test_R12_4_a_review_without_the_headteacher_or_ap_lead_or_an_answer_is_refused(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/formal-reviews/add/"
    page = client.post(
        url, review_data(dt.date(2026, 10, 20), attended=["pupil", "parents"], improved="")
    ).content.decode()
    assert "The Headteacher or the AP Lead must attend the meeting" in page
    assert "Select whether the pupil&#x27;s progress has improved" in page
    assert "Weekly check-in with the provider" in page
    assert not FormalReview.objects.exists()


def test_R12_4_two_reviews_without_improvement_ask_for_no_decision(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    hold(placement, dt.date(2026, 10, 12), False, ap)
    hold(placement, dt.date(2026, 10, 19), False, ap)
    assert services.pending_review(placement) is None
    assert items(world, "continuation_decision", TODAY) == []
    head = signed_in_client(world.users[Role.HEADTEACHER])
    assert head.get(decide_url(placement)).status_code == 404
    assert "continue-or-end" not in head.get(f"/placements/{placement.pk}/").content.decode()


def test_R12_4_the_third_review_without_improvement_asks_the_headteacher(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    hold(placement, dt.date(2026, 10, 12), False, ap)
    hold(placement, dt.date(2026, 10, 19), False, ap)
    third = hold(placement, dt.date(2026, 11, 2), False, ap)
    assert services.pending_review(placement) == third
    due = items(world, "continuation_decision", TODAY)
    assert [(i.subject_id, i.due) for i in due] == [(placement.pk, dt.date(2026, 11, 2))]
    head = signed_in_client(world.users[Role.HEADTEACHER])
    page = head.get(f"/placements/{placement.pk}/").content.decode()
    assert "has not improved following three formal review meetings" in page
    assert decide_url(placement) in page
    # Only the Headteacher decides.
    assert signed_in_client(ap).get(decide_url(placement)).status_code == 404


def test_R12_4_an_improvement_in_between_starts_the_count_again(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    hold(placement, dt.date(2026, 10, 12), False, ap)
    hold(placement, dt.date(2026, 10, 19), False, ap)
    hold(placement, dt.date(2026, 10, 21), True, ap)
    hold(placement, dt.date(2026, 11, 2), False, ap)
    hold(placement, dt.date(2026, 11, 3), False, ap)
    assert services.pending_review(placement) is None
    assert items(world, "continuation_decision", TODAY) == []
    hold(placement, dt.date(2026, 11, 3), False, ap)
    assert services.pending_review(placement) is not None


def test_R12_4_the_headteacher_decides_once_and_continue_resets_the_count(world):
    placement = attending(world, world.pupil_a1)
    ap, head = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    for held in (dt.date(2026, 10, 12), dt.date(2026, 10, 19), dt.date(2026, 11, 2)):
        hold(placement, held, False, ap)
    client = signed_in_client(head)
    page = client.post(decide_url(placement), {"decision": "continue"}).content.decode()
    assert "Enter the reasons for the decision" in page
    assert not ContinuationDecision.objects.exists()
    client.post(
        decide_url(placement),
        {"decision": "continue", "rationale": "New mentor from next week"},
    )
    decision = ContinuationDecision.objects.get(placement=placement)
    assert (decision.decision, decision.decided_by) == ("continue", head)
    assert decision.rationale == "New mentor from next week"
    placement.refresh_from_db()
    assert placement.status == "active"
    assert ChronologyEntry.objects.filter(pupil=world.pupil_a1, kind="decision").exists()
    assert items(world, "continuation_decision", TODAY) == []
    assert client.get(decide_url(placement)).status_code == 404  # decided once
    with pytest.raises(ValidationError, match="No decision"):
        services.continuation_decide(placement=placement, decision="end", rationale="x", by=head)
    # "Continue" starts the count again: two more reviews ask nothing; the third asks again.
    hold(placement, dt.date(2026, 11, 3), False, ap)
    hold(placement, dt.date(2026, 11, 3), False, ap)
    assert services.pending_review(placement) is None
    hold(placement, dt.date(2026, 11, 3), False, ap)
    assert services.pending_review(placement) is not None


def test_R12_4_the_headteacher_ends_the_placement(world):
    placement = attending(world, world.pupil_a1)
    ap, head = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    for held in (dt.date(2026, 10, 12), dt.date(2026, 10, 19), dt.date(2026, 11, 2)):
        hold(placement, held, False, ap)
    response = signed_in_client(head).post(
        decide_url(placement),
        {"decision": "end", "rationale": "No progress after three reviews"},
        follow=True,
    )
    placement.refresh_from_db()
    assert placement.status == "ended"
    assert (placement.ended_on, placement.end_reason) == (TODAY, "no_progress")
    assert ContinuationDecision.objects.get().decision == "end"
    assert "The placement ends" in response.content.decode()
    assert items(world, "continuation_decision", TODAY) == []
    assert items(world, "termly_report", TODAY) == []  # an ended placement asks for nothing

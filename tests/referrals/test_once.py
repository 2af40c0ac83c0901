"""Changes of state that happen once (issue 14, 1.5): each referral service re-reads the
referral under a row lock inside its transaction, so a second request (the same call with the
referral as it was read before the first one) is refused with a clear message and writes
nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.referrals import services
from altprov.referrals.models import Agreement, Consultation, Referral
from tests.referrals.test_referral import make_ready, scene  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def as_read_before(referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def writes(referral) -> tuple[int, ...]:
    return (
        ChronologyEntry.objects.count(),
        Referral.history.filter(id=referral.pk).count(),
        Consultation.objects.filter(referral=referral).count(),
        Agreement.objects.filter(referral=referral).count(),
    )


@pytest.fixture
def referral(scene):  # noqa: F811
    make_ready(scene)
    return services.referral_create(
        pupil=scene.pupil,
        reasons=["exclusion_risk"],
        other_reason="",
        route="school_directed",
        by=scene.ap,
    )


def decided(referral, scene):  # noqa: F811
    services.referral_submit(referral=referral, by=scene.ap)
    services.referral_decide(
        referral=referral, decision="approved", rationale="Needed", by=scene.head
    )
    services.meeting_record(
        referral=referral,
        data={
            "held_on": TODAY,
            "attendees": "Family",
            "reasons_explained": "Yes",
            "pupil_views": "Keen",
            "parent_views": "Agree",
            "no_parent_reason": "The local authority holds parental responsibility",
        },
        by=scene.ap,
    )
    return as_read_before(referral)


def test_R6_3_a_referral_is_put_to_the_headteacher_once(referral, scene):  # noqa: F811
    second = as_read_before(referral)
    services.referral_submit(referral=referral, by=scene.ap)
    submitted_at, before = as_read_before(referral).submitted_at, writes(referral)
    with pytest.raises(ValidationError, match="already been put to the Headteacher"):
        services.referral_submit(referral=second, by=scene.ap)
    assert writes(referral) == before and as_read_before(referral).submitted_at == submitted_at


def test_R6_3_the_reasons_cannot_change_once_the_referral_has_gone_to_the_headteacher(
    referral,
    scene,  # noqa: F811
):
    second = as_read_before(referral)
    services.referral_submit(referral=referral, by=scene.ap)
    before = writes(referral)
    with pytest.raises(ValidationError, match="its reasons are fixed"):
        services.reasons_change(
            referral=second,
            reasons=["other"],
            other_reason="x",
            route="school_directed",
            by=scene.ap,
        )
    assert writes(referral) == before and as_read_before(referral).reasons == ["exclusion_risk"]


def test_R7_1_the_headteacher_decides_once(referral, scene):  # noqa: F811
    services.referral_submit(referral=referral, by=scene.ap)
    first, second = as_read_before(referral), as_read_before(referral)
    services.referral_decide(referral=first, decision="approved", rationale="Needed", by=scene.head)
    before = writes(referral)
    with pytest.raises(ValidationError, match="already decided"):
        services.referral_decide(
            referral=second, decision="declined", rationale="Changed my mind", by=scene.head
        )
    assert writes(referral) == before
    stored = as_read_before(referral)
    assert (stored.decision, stored.rationale) == ("approved", "Needed")
    assert ChronologyEntry.objects.filter(kind="decision").count() == 1


def test_R7_3_the_agreement_is_recorded_once(referral, scene):  # noqa: F811
    referral = decided(referral, scene)
    second = as_read_before(referral)
    assert not hasattr(second, "agreement")  # what a request at the same moment read
    data = {
        "responsibilities": "School: transport",
        "contact_timescales": "Weekly",
        "safeguarding_route": "Call the DSL",
        "maximum_weeks": 12,
        "response": "refused",
        "responded_on": TODAY,
        "refusal_reason": "Too far",
    }
    services.agreement_record(referral=referral, data=data, by=scene.ap)
    before = writes(referral)
    with pytest.raises(ValidationError, match="already been recorded"):
        services.agreement_record(
            referral=second, data={**data, "refusal_reason": "Again"}, by=scene.ap
        )
    assert writes(referral) == before
    assert ChronologyEntry.objects.filter(kind="parent_refusal").count() == 1


def test_section_8_each_view_on_a_referral_is_recorded_once(referral, scene):  # noqa: F811
    dsl = scene.users[Role.DSL]
    services.consultation_record(referral=referral, view="Agree", by=dsl)
    before = writes(referral)
    with pytest.raises(ValidationError, match="already been recorded"):
        services.consultation_record(referral=as_read_before(referral), view="Again", by=dsl)
    assert writes(referral) == before
    assert referral.consultations.get().view == "Agree"

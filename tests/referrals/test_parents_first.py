"""R-7.2 and R-7.3 (issue 14, 2.10): the meeting and the agreement with the parents need a parent
or carer with parental responsibility on the pupil's record, or a recorded reason there is none;
at the service and on the page, with a way to add a carer that comes back to the referral."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.pupils.models import Carer
from altprov.referrals import services
from altprov.referrals.models import Agreement, Referral, ReferralMeeting
from altprov.referrals.rules import NO_PARENT
from tests.conftest import signed_in_client
from tests.factories import make_carer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MEETING = {
    "held_on": TODAY,
    "attendees": "Head, AP Lead",
    "reasons_explained": "Explained",
    "pupil_views": "Keen",
    "parent_views": "None given",
}
AGREEMENT = {
    "responsibilities": "x",
    "contact_timescales": "x",
    "safeguarding_route": "x",
    "maximum_weeks": 12,
    "response": "agreed",
    "responded_on": TODAY,
}


@pytest.fixture
def referral(world):
    return Referral.objects.create(
        pupil=world.pupil_a1,
        school=world.school_a1,
        reasons=["wider_curriculum"],
        route="school_directed",
        created_by=world.users[Role.AP_LEAD],
        submitted_at=timezone.now(),
        decision="approved",
        rationale="Needed",
        decided_at=timezone.now(),
    )


def date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def meeting_post(**extra) -> dict:
    data = {**MEETING, **extra}
    return {**date("held_on", data.pop("held_on")), **data}


def test_R7_2_the_service_refuses_the_meeting_without_a_parent_or_a_reason(world, referral):
    ap = world.users[Role.AP_LEAD]
    make_carer(world.pupil_a1, parental_responsibility=False)  # a contact without PR is not enough
    with pytest.raises(ValidationError) as refused:
        services.meeting_record(referral=referral, data=MEETING, by=ap)
    assert refused.value.message_dict == {"no_parent_reason": [NO_PARENT]}
    assert not ReferralMeeting.objects.filter(referral=referral).exists()
    reason = "The local authority holds parental responsibility"
    services.meeting_record(referral=referral, data={**MEETING, "no_parent_reason": reason}, by=ap)
    assert ReferralMeeting.objects.get(referral=referral).no_parent_reason == reason


def test_R7_2_with_a_parent_on_record_the_meeting_needs_no_reason(world, referral):
    make_carer(world.pupil_a1, parental_responsibility=True)
    services.meeting_record(
        referral=referral,
        data={**MEETING, "no_parent_reason": "stale"},
        by=world.users[Role.AP_LEAD],
    )
    assert ReferralMeeting.objects.get(referral=referral).no_parent_reason == ""


def test_R7_3_the_service_refuses_the_agreement_once_the_parent_is_gone(world, referral):
    ap = world.users[Role.AP_LEAD]
    carer = make_carer(world.pupil_a1, parental_responsibility=True)
    services.meeting_record(referral=referral, data=MEETING, by=ap)
    carer.delete()
    referral = Referral.objects.get(pk=referral.pk)
    with pytest.raises(ValidationError, match="Add a parent or carer with parental"):
        services.agreement_record(referral=referral, data=AGREEMENT, by=ap)
    assert not Agreement.objects.filter(referral=referral).exists()
    make_carer(world.pupil_a1, parental_responsibility=True)
    services.agreement_record(referral=referral, data=AGREEMENT, by=ap)
    assert Agreement.objects.get(referral=referral).response == "agreed"


def test_R7_3_a_recorded_reason_lets_the_agreement_be_recorded(world, referral):
    ap = world.users[Role.AP_LEAD]
    reason = "The local authority holds parental responsibility"
    services.meeting_record(referral=referral, data={**MEETING, "no_parent_reason": reason}, by=ap)
    referral = Referral.objects.get(pk=referral.pk)
    services.agreement_record(referral=referral, data=AGREEMENT, by=ap)
    assert Agreement.objects.filter(referral=referral).exists()


def test_R7_2_the_meeting_page_asks_for_a_parent_first_and_the_carer_page_comes_back(
    world, referral
):
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/referrals/{referral.pk}/meeting/"
    page = html.unescape(client.get(url).content.decode())
    assert "record has no parent or carer with parental responsibility" in page
    add = f"/pupils/{world.pupil_a1.pk}/carers/add/?next=%2Freferrals%2F{referral.pk}%2Fmeeting%2F"
    assert f'href="{add}"' in page
    refused = client.post(url, meeting_post())
    assert refused.status_code == 200
    assert refused.context["form"].errors["no_parent_reason"] == [NO_PARENT]
    assert not ReferralMeeting.objects.filter(referral=referral).exists()
    # Adding the carer comes back to the meeting, which then needs no reason.
    added = client.post(
        add,
        {
            "name": "Pat Parent",
            "relationship": "Mother",
            "phone": "07700 900982",
            "parental_responsibility": "yes",
            "priority": "1",
        },
    )
    assert added.status_code == 302 and added["Location"] == url
    assert Carer.objects.filter(pupil=world.pupil_a1, parental_responsibility=True).exists()
    page = client.get(url).content.decode()
    assert "no parent or carer with parental responsibility" not in page
    assert client.post(url, meeting_post()).status_code == 302
    assert ReferralMeeting.objects.get(referral=referral).no_parent_reason == ""


def test_R7_2_the_meeting_page_takes_a_reason_instead(world, referral):
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/referrals/{referral.pk}/meeting/"
    reason = "The local authority holds parental responsibility"
    assert client.post(url, meeting_post(no_parent_reason=reason)).status_code == 302
    assert ReferralMeeting.objects.get(referral=referral).no_parent_reason == reason
    agreement = client.get(f"/referrals/{referral.pk}/agreement/").content.decode()
    assert "no parent or carer" not in agreement


def test_R7_3_the_agreement_page_refuses_without_a_parent_or_reason(world, referral):
    ap = world.users[Role.AP_LEAD]
    carer = make_carer(world.pupil_a1, parental_responsibility=True)
    services.meeting_record(referral=referral, data=MEETING, by=ap)
    carer.delete()
    client = signed_in_client(ap)
    url = f"/referrals/{referral.pk}/agreement/"
    page = html.unescape(client.get(url).content.decode())
    assert "record has no parent or carer with parental responsibility" in page
    assert "say on the meeting page why there is none" in page
    data = {**AGREEMENT, **date("responded_on", TODAY)}
    del data["responded_on"]
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert NO_PARENT in refused.context["form"].non_field_errors()
    assert not Agreement.objects.filter(referral=referral).exists()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_the_carer_page_returns_only_to_a_page_of_this_site(world, target):
    client = signed_in_client(world.users[Role.AP_LEAD])
    response = client.post(
        f"/pupils/{world.pupil_a1.pk}/carers/add/?next={target}",
        {
            "name": "Pat",
            "relationship": "Mother",
            "phone": "07700 900982",
            "parental_responsibility": "no",
            "priority": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/pupils/{world.pupil_a1.pk}/#carers"

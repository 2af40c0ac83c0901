"""R-4.1, R-6.3 and section 8, R-7.1, R-7.2, R-7.3: the referral, from reasons to agreement."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.chronology.services import entry_add
from altprov.referrals.models import Referral, ReferralMeeting
from tests.conftest import signed_in_client
from tests.factories import make_carer

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def scene(world):
    world.ap = world.users[Role.AP_LEAD]
    world.head = world.users[Role.HEADTEACHER]
    world.pupil = world.pupil_a1
    return world


def start(client, pupil, **data):
    form = {
        "reasons": ["exclusion_risk", "other"],
        "other_reason": "Needs a vocational course",
        "route": "school_directed",
    }
    form.update(data)
    response = client.post(f"/pupils/{pupil.pk}/refer/", form)
    referral = Referral.objects.order_by("-pk").first()
    assert response["Location"] == f"/referrals/{referral.pk}/"
    return referral


def make_ready(scene, additional_needs=False):
    entry_add(
        pupil=scene.pupil,
        kind="internal_intervention",
        occurred_on=TODAY - dt.timedelta(days=30),
        summary="Mentoring",
        impact="Little change",
        by=scene.ap,
    )
    scene.pupil.needs_assessed_on = TODAY - dt.timedelta(days=20)
    if additional_needs:
        scene.pupil.send_status = "sen_support"
    scene.pupil.save()


def test_R4_1_a_referral_records_its_reasons_from_the_policys_list_and_its_route(scene):
    client = signed_in_client(scene.ap)
    refused = client.post(f"/pupils/{scene.pupil.pk}/refer/", {"reasons": ["other"], "route": ""})
    content = refused.content.decode()
    assert "Describe the other reason" in content and "Select the route" in content
    referral = start(client, scene.pupil)
    assert referral.reasons == ["exclusion_risk", "other"] and referral.route == "school_directed"
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Risk of exclusion, or one or more previous suspensions" in page
    assert "Needs a vocational course" in page


def test_R6_3_a_referral_cannot_go_to_the_headteacher_until_the_chronology_and_needs_are_recorded(
    scene,
):
    client = signed_in_client(scene.ap)
    referral = start(client, scene.pupil)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Put the referral to the Headteacher" not in page
    client.post(f"/referrals/{referral.pk}/submit/")
    referral.refresh_from_db()
    assert referral.submitted_at is None
    follow = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "The chronology shows the interventions tried and their impact" in follow
    make_ready(scene)
    assert (
        "Put the referral to the Headteacher"
        in client.get(f"/referrals/{referral.pk}/").content.decode()
    )
    client.post(f"/referrals/{referral.pk}/submit/")
    referral.refresh_from_db()
    assert referral.submitted_at is not None and referral.submitted_by == scene.ap


def test_R6_3_section_8_a_pupil_with_additional_needs_needs_the_dsl_and_sendco_consulted(scene):
    make_ready(scene, additional_needs=True)
    client = signed_in_client(scene.ap)
    referral = start(client, scene.pupil)
    client.post(f"/referrals/{referral.pk}/submit/")
    referral.refresh_from_db()
    assert referral.submitted_at is None
    dsl = signed_in_client(scene.users[Role.DSL])
    assert "Your view is needed on a referral" in dsl.get("/").content.decode()
    assert (
        dsl.post(
            f"/referrals/{referral.pk}/consult/", {"view": "Known to early help; supportive"}
        ).status_code
        == 302
    )
    again = dsl.post(f"/referrals/{referral.pk}/consult/", {"view": "Twice"})
    assert "Your view has already been recorded" in again.content.decode()
    signed_in_client(scene.users[Role.SENDCO]).post(
        f"/referrals/{referral.pk}/consult/", {"view": "SEN support plan shared"}
    )
    assert set(referral.consultations.values_list("role", flat=True)) == {"dsl", "sendco"}
    client.post(f"/referrals/{referral.pk}/submit/")
    referral.refresh_from_db()
    assert referral.submitted_at is not None
    assert signed_in_client(scene.ap).get(f"/referrals/{referral.pk}/consult/").status_code == 404


def test_R7_1_the_headteacher_decides_with_a_rationale_written_to_the_chronology(scene):
    make_ready(scene)
    client = signed_in_client(scene.ap)
    referral = start(client, scene.pupil)
    client.post(f"/referrals/{referral.pk}/submit/")
    assert client.get(f"/referrals/{referral.pk}/decision/").status_code == 404  # not the AP Lead's
    head = signed_in_client(scene.head)
    assert "waiting for your decision" in head.get("/").content.decode()
    refused = head.post(f"/referrals/{referral.pk}/decision/", {"decision": "approved"})
    assert "Enter the rationale for your decision" in refused.content.decode()
    head.post(
        f"/referrals/{referral.pk}/decision/",
        {"decision": "approved", "rationale": "Interventions have not worked"},
    )
    referral.refresh_from_db()
    assert referral.is_approved and referral.decided_by == scene.head and referral.decided_at
    entry = ChronologyEntry.objects.get(kind="decision")
    assert entry.automatic and "approved" in entry.summary


def test_R7_2_R7_3_the_meeting_then_the_agreement_and_a_refusal_goes_to_the_chronology(scene):
    make_ready(scene)
    ap = signed_in_client(scene.ap)
    referral = start(ap, scene.pupil)
    assert ap.get(f"/referrals/{referral.pk}/meeting/").status_code == 404  # not decided yet
    ap.post(f"/referrals/{referral.pk}/submit/")
    signed_in_client(scene.head).post(
        f"/referrals/{referral.pk}/decision/", {"decision": "approved", "rationale": "Needed"}
    )
    assert ap.get(f"/referrals/{referral.pk}/agreement/").status_code == 404  # meeting first
    make_carer(scene.pupil)  # the parents' meeting needs a parent on record (issue 14, 2.10)
    meeting = {
        **date("held_on", TODAY),
        "attendees": "Head, AP Lead, mum, pupil",
        "pupil_attended": "on",
        "parents_attended": "on",
        "reasons_explained": "Explained the chronology and the aim",
        "pupil_views": "Keen on the construction course",
        "parent_views": "Worried about travel",
        "other_stakeholders": "",
    }
    assert ap.post(f"/referrals/{referral.pk}/meeting/", meeting).status_code == 302
    held = ReferralMeeting.objects.get(referral=referral)
    assert held.pupil_views == "Keen on the construction course" and held.parent_views == (
        "Worried about travel"
    )
    agreement = {
        "responsibilities": "School: transport; provider: teaching",
        "contact_timescales": "Weekly call",
        "safeguarding_route": "Provider calls the DSL the same day",
        "maximum_weeks": "12",
        "response": "refused",
        **date("responded_on", TODAY),
        "refusal_reason": "",
    }
    refused = ap.post(f"/referrals/{referral.pk}/agreement/", agreement)
    assert "Enter what the parents or carers said" in refused.content.decode()
    ap.post(
        f"/referrals/{referral.pk}/agreement/", {**agreement, "refusal_reason": "Too far from home"}
    )
    entry = ChronologyEntry.objects.get(kind="parent_refusal")
    assert entry.automatic and entry.detail == "Too far from home" and entry.pupil == scene.pupil
    page = ap.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Refused" in page


def test_R7_3_the_maximum_period_is_checked(scene):
    from altprov.referrals.forms import AgreementForm

    form = AgreementForm(
        {
            "responsibilities": "x",
            "contact_timescales": "x",
            "safeguarding_route": "x",
            "maximum_weeks": "80",
            "response": "agreed",
            **date("responded_on", TODAY),
        }
    )
    assert not form.is_valid() and "between 1 and 52 weeks" in str(form.errors)


def test_R10_2_referrals_are_not_found_outside_the_school(scene):
    make_ready(scene)
    referral = start(signed_in_client(scene.ap), scene.pupil)
    for user in (scene.outsider, scene.users[Role.TRUSTEE], scene.users[Role.TRUST_ADMINISTRATOR]):
        client = signed_in_client(user)
        assert client.get(f"/referrals/{referral.pk}/").status_code == 404
        assert client.post(f"/referrals/{referral.pk}/submit/").status_code == 404
    referral.refresh_from_db()
    assert referral.submitted_at is None
    assert (
        signed_in_client(scene.users[Role.TRUST_EXECUTIVE])
        .get(f"/referrals/{referral.pk}/")
        .status_code
        == 200
    )


def test_R7_4_the_referral_task_list_shows_what_is_left_until_the_placement_starts(scene):
    from altprov.placements.models import Placement
    from tests.factories import make_provider
    from tests.placements.test_placement import agreed_referral

    referral = agreed_referral(scene, scene.pupil)
    Placement.objects.create(
        referral=referral,
        provider=make_provider(scene.trust_a, "Task List Place"),
        start_date=TODAY + dt.timedelta(days=30),
        planned_end_date=TODAY + dt.timedelta(days=60),
        created_by=scene.ap,
    )
    page = signed_in_client(scene.ap).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Placement at Task List Place" in page
    assert "2 of 9 start conditions met" in page  # only the decision and the agreement so far

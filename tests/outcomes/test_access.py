"""R-10.2, X-5: every page of the outcomes app is for the placement's school (or the trust):
anyone else gets 404, reading and writing, and nothing is written."""

import pytest

from altprov.authz.permissions import Role
from altprov.outcomes.models import (
    ContinuedSupport,
    Ending,
    FinalReport,
    Outcome,
    PupilViews,
    ReintegrationMeeting,
    ReintegrationPlan,
    ReturnFollowUp,
    ViewQuestion,
    ViewsResponse,
)
from altprov.placements.models import Placement
from tests.conftest import signed_in_client

from .helpers import TODAY, attending, day, ended, frozen, post_data, record_before  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

MODELS = (
    ReintegrationMeeting,
    ReintegrationPlan,
    FinalReport,
    PupilViews,
    Ending,
    ContinuedSupport,
    ReturnFollowUp,
    Outcome,
    ViewsResponse,
)

# URL (after /placements/<id>/), the state of the placement it needs, what a POST sends.
PAGES = [
    ("reintegration/meeting/", "attending", lambda: post_data("reintegration_meeting")),
    ("reintegration/plan/", "attending", lambda: post_data("reintegration_plan")),
    ("reintegration/final-report/", "attending", lambda: post_data("final_report")),
    ("reintegration/pupil-views/", "attending", lambda: post_data("pupil_views")),
    ("reintegration/return/", "ready", lambda: day("on", TODAY)),
    ("end/", "attending", lambda: {"reason": "left_school", **day("on", TODAY)}),
    (
        "continued-support/add/",
        "ended",
        lambda: {**day("given_on", TODAY), "support": "Mentoring", "given_by": "Jo"},
    ),
    (
        "follow-up/",
        "ended",
        lambda: {**day("held_on", TODAY), "attendance_after": "90", "how_it_is_going": "Fine"},
    ),
    (
        "outcome/",
        "ended",
        lambda: {"destination": "neet", "progress_summary": "x", "pupil_assessment": "y"},
    ),
    ("questionnaire/add/", "attending", None),
    ("impact/", "attending", None),
]


def placement_in(world, pupil, state):
    if state == "attending":
        return attending(world, pupil)
    if state == "ready":
        placement = attending(world, pupil)
        record_before(world, placement)
        return placement
    return ended(world, pupil)


def questionnaire(world, placement):
    questions = ViewQuestion.objects.filter(trust=placement.referral.school.trust, active=True)
    return {
        "moment": "start",
        **day("answered_on", TODAY),
        **{f"q{q.pk}": "3" for q in questions},
    }


def counts():
    return [m.objects.count() for m in MODELS] + [Placement.objects.filter(status="ended").count()]


@pytest.mark.parametrize(("path", "state", "data"), PAGES, ids=[p[0] for p in PAGES])
def test_R10_2_X5_another_schools_or_trusts_placement_is_not_found(world, path, state, data):
    in_a2 = placement_in(world, world.canary_a2, state)
    in_b1 = placement_in(world, world.canary_b1, state)
    before = counts()
    for user, placement in [
        (world.users[Role.AP_LEAD], in_a2),  # another school of the same trust
        (world.users[Role.HEADTEACHER], in_b1),  # another trust
        (world.outsider, in_a2),  # a Headteacher of trust B
        (world.users[Role.TRUST_ADMINISTRATOR], in_a2),  # sees no pupil
        (world.users[Role.TRUSTEE], in_a2),
    ]:
        client = signed_in_client(user)
        url = f"/placements/{placement.pk}/{path}"
        payload = data() if data else questionnaire(world, placement)
        assert client.get(url).status_code == 404, (user, url)
        assert client.post(url, payload).status_code == 404, (user, url)
    assert counts() == before


@pytest.mark.parametrize(
    ("path", "state", "data"),
    [p for p in PAGES if p[0] != "impact/"],
    ids=[p[0] for p in PAGES if p[0] != "impact/"],
)
def test_R13_1_R13_3_only_the_headteacher_and_ap_lead_record(world, path, state, data):
    placement = placement_in(world, world.pupil_a1, state)
    before = counts()
    url = f"/placements/{placement.pk}/{path}"
    for role in (Role.DSL, Role.SENDCO, Role.ATTENDANCE_LEAD, Role.TRUST_EXECUTIVE):
        client = signed_in_client(world.users[role])
        assert client.get(url).status_code == 404, role
        payload = data() if data else questionnaire(world, placement)
        assert client.post(url, payload).status_code == 404, role
    assert counts() == before
    for role in (Role.HEADTEACHER, Role.AP_LEAD):
        assert signed_in_client(world.users[role]).get(url).status_code == 200


def test_R13_1_the_dsl_and_trust_roles_that_see_pupils_read_the_section_and_impact(world):
    placement = ended(world)
    for role in (Role.DSL, Role.TRUST_SAFEGUARDING_LEAD, Role.TRUST_EXECUTIVE):
        client = signed_in_client(world.users[role])
        page = client.get(f"/placements/{placement.pk}/").content.decode()
        assert "Reintegration and outcome" in page and "Record the outcome" not in page
        assert client.get(f"/placements/{placement.pk}/impact/").status_code == 200


def test_R6_5_the_questions_pages_are_the_trusts(world):
    mine = ViewQuestion.objects.filter(trust=world.trust_a).first()
    theirs = ViewQuestion.objects.filter(trust=world.trust_b).first()
    for user in (world.outsider, world.users[Role.TRUST_ADMINISTRATOR]):
        other = mine if user is world.outsider else theirs
        client = signed_in_client(user)
        url = f"/trust/pupil-view-questions/{other.pk}/"
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"wording": "X", "position": "1", "active": "yes"}).status_code == 404
        )
    for role in (Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.TRUSTEE, Role.SCHOOL_IMPROVEMENT):
        client = signed_in_client(world.users[role])
        assert (
            client.post(
                "/trust/pupil-view-questions/add/",
                {"wording": "X", "position": "1", "active": "yes"},
            ).status_code
            == 404
        )
    assert not ViewQuestion.objects.filter(wording="X").exists()

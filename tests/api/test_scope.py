"""R-10.2 and X-5 for the API (issue 9): the token matrix. A token reaches its trust or its one
school; anything else is 404 and never appears in an answer: another school of the trust (for a
school's token) and another trust (for every token), with canary names."""

import datetime as dt

import pytest

from altprov.attendance.models import AttendanceMark
from altprov.authz.permissions import Role
from tests.factories import World, make_provider

from .helpers import MONDAY, api, placement_of, token_for

pytestmark = pytest.mark.django_db
CANARY_PROVIDER_B = "Canary Provider Bzqx"


@pytest.fixture
def scene(world):
    world.own = placement_of(world, world.school_a1, "Ownpupil")
    world.in_a2 = placement_of(world, world.school_a2, World.CANARY_A2 + "p")
    make_provider(world.trust_b, CANARY_PROVIDER_B)
    world.in_b1 = placement_of(world, world.school_b1, World.CANARY_B1 + "p")
    for placement in (world.own, world.in_a2, world.in_b1):
        AttendanceMark.objects.create(
            placement=placement,
            date=MONDAY,
            session="AM",
            code="B",
            entered_by=world.users[Role.AP_LEAD],
        )
    world.tokens = {
        "school_a1": token_for(world, school=world.school_a1)[1],
        "trust_a": token_for(world, trust=world.trust_a)[1],
        "school_a2": token_for(world, school=world.school_a2)[1],
        "trust_b": token_for(world, trust=world.trust_b)[1],
    }
    return world


LISTS = ["/api/v1/placements/", "/api/v1/attendance-marks/"]


def _upns(response):
    return {row["pupil"]["upn"] for row in response.json()["results"]}


@pytest.mark.parametrize("url", LISTS)
def test_X5_R10_2_a_schools_token_lists_only_its_school(scene, url):
    response = api(scene.tokens["school_a1"]).get(url)
    assert response.status_code == 200
    assert _upns(response) == {scene.own.pupil.upn}
    body = response.content.decode()
    for canary in (World.CANARY_A2, World.CANARY_B1, World.CANARY_SCHOOL_B1):
        assert canary not in body


@pytest.mark.parametrize("url", LISTS)
def test_X5_R10_2_a_trusts_token_lists_every_school_of_its_trust_and_no_other(scene, url):
    response = api(scene.tokens["trust_a"]).get(url)
    assert _upns(response) == {scene.own.pupil.upn, scene.in_a2.pupil.upn}
    assert World.CANARY_B1 not in response.content.decode()


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/census/placements/"])
@pytest.mark.parametrize(
    "token, school",
    [
        ("school_a1", "school_a2"),  # another school of the same trust
        ("school_a1", "school_b1"),  # another trust
        ("trust_a", "school_b1"),
        ("trust_b", "school_a1"),
    ],
)
def test_X5_R10_2_asking_for_a_school_outside_the_scope_is_not_found(scene, url, token, school):
    response = api(scene.tokens[token]).get(url, {"school": getattr(scene, school).urn})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Not found: nothing with this address is within the token's scope."
    }


def test_X5_R10_2_asking_for_a_school_in_scope_filters_to_it(scene):
    response = api(scene.tokens["trust_a"]).get(
        "/api/v1/placements/", {"school": scene.school_a2.urn}
    )
    assert _upns(response) == {scene.in_a2.pupil.upn}


@pytest.mark.parametrize(
    "token, placement, status",
    [
        ("school_a1", "own", 200),
        ("school_a1", "in_a2", 404),
        ("school_a1", "in_b1", 404),
        ("trust_a", "in_a2", 200),
        ("trust_a", "in_b1", 404),
        ("school_a2", "own", 404),
        ("trust_b", "own", 404),
    ],
)
def test_X5_R10_2_one_placement_only_within_the_scope(scene, token, placement, status):
    pk = getattr(scene, placement).pk
    response = api(scene.tokens[token]).get(f"/api/v1/placements/{pk}/")
    assert response.status_code == status
    marks = api(scene.tokens[token]).get("/api/v1/attendance-marks/", {"placement": pk})
    assert marks.status_code == status


def test_X5_providers_are_those_of_the_tokens_trust(scene):
    a = api(scene.tokens["school_a1"]).get("/api/v1/providers/").content.decode()
    assert CANARY_PROVIDER_B not in a
    b = api(scene.tokens["trust_b"]).get("/api/v1/providers/").json()
    assert CANARY_PROVIDER_B in {p["name"] for p in b["results"]}


def test_X5_a_write_outside_the_scope_is_not_found_and_saves_nothing(scene):
    _, token = token_for(scene, school=scene.school_a1, access="write", name="Writer")
    body = {
        "school": scene.school_a2.urn,
        "marks": [
            {"upn": scene.in_a2.pupil.upn, "date": "2026-11-03", "session": "AM", "code": "B"}
        ],
    }
    response = api(token).post("/api/v1/attendance-marks/", body, content_type="application/json")
    assert response.status_code == 404
    # Without naming the school, the other school's pupil is not known here.
    del body["school"]
    response = api(token).post("/api/v1/attendance-marks/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["refused"][0]["field"] == "upn"
    assert AttendanceMark.objects.count() == 3


def test_R10_6_the_marks_filter_by_date_range(scene):
    AttendanceMark.objects.create(
        placement=scene.own,
        date=MONDAY + dt.timedelta(days=1),
        session="PM",
        code="I",
        entered_by=scene.users[Role.AP_LEAD],
    )
    token = scene.tokens["school_a1"]
    got = api(token).get("/api/v1/attendance-marks/", {"from": "2026-11-03", "to": "2026-11-06"})
    assert [(m["date"], m["session"], m["code"]) for m in got.json()["results"]] == [
        ("2026-11-03", "PM", "I")
    ]
    bad = api(token).get("/api/v1/attendance-marks/", {"from": "2026-11-06", "to": "2026-11-03"})
    assert bad.status_code == 400
    assert "to" in bad.json()

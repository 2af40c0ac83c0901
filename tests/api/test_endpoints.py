"""Issue 9: what the endpoints return and their filters: placements (R-10.6's weekly pattern,
the status as the service shows it), the census rows (R-7.6, R-10.9), the providers; and the
services that make tokens, each refusal on its own."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.api.services import client_create
from altprov.authz.permissions import Role
from altprov.placements.models import Placement

from .helpers import TODAY, api, placement_of, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    world.placement = placement_of(world, world.school_a1, "Shownpupil", days=[0, 2])
    world.token = token_for(world, school=world.school_a1)[1]
    return world


def test_R10_6_a_placement_gives_what_an_mis_needs(scene):
    (row,) = api(scene.token).get("/api/v1/placements/").json()["results"]
    pupil = scene.placement.pupil
    assert row["pupil"] == {
        "id": pupil.pk,
        "upn": pupil.upn,
        "first_name": "Shownpupil",
        "last_name": "Surname",
        "year_group": 9,
    }
    assert row["school_urn"] == scene.school_a1.urn
    assert row["provider"]["name"] == scene.placement.provider.name
    assert row["status"] == {"key": "attending", "label": "Attending"}
    assert row["weekly_pattern"] == [
        {"day": "Monday", "starts_at": "09:00", "ends_at": "15:00"},
        {"day": "Wednesday", "starts_at": "09:00", "ends_at": "15:00"},
    ]
    assert row["hours_per_week"] == "12.00"
    assert (row["start_date"], row["planned_end_date"]) == ("2026-10-05", "2027-05-01")


@pytest.mark.parametrize(
    "params, found",
    [
        ({"status": "active"}, True),
        ({"status": "ended"}, False),
        ({"from": "2027-05-01"}, True),  # the planned end date is included
        ({"from": "2027-05-02"}, False),
        ({"to": "2026-10-05"}, True),  # the start date is included
        ({"to": "2026-10-04"}, False),
    ],
)
def test_the_placements_filter_by_status_and_dates(scene, params, found):
    rows = api(scene.token).get("/api/v1/placements/", params).json()["results"]
    assert bool(rows) is found


def test_an_ended_placement_is_left_out_from_the_day_after_it_ended(scene):
    Placement.objects.filter(pk=scene.placement.pk).update(
        status="ended", ended_on=dt.date(2026, 11, 4)
    )
    assert api(scene.token).get("/api/v1/placements/", {"from": "2026-11-04"}).json()["results"]
    assert not api(scene.token).get("/api/v1/placements/", {"from": "2026-11-05"}).json()["results"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "2026-13-01"}, "from"),
        ({"to": "1066-10-14"}, "to"),
        ({"status": "lost"}, "status"),
        ({"placement": "x"}, "placement"),
    ],
)
def test_bad_filters_are_refused_naming_the_field(scene, params, field):
    url = "/api/v1/attendance-marks/" if "placement" in params else "/api/v1/placements/"
    response = api(scene.token).get(url, params)
    assert response.status_code == 400
    assert field in response.json()


def test_R7_6_R10_9_the_census_rows_are_those_of_the_census_page(scene):
    body = api(scene.token).get("/api/v1/census/placements/", {"date": "2026-11-06"}).json()
    assert body["school_urn"] == scene.school_a1.urn and body["census_date"] == "2026-11-06"
    (row,) = body["rows"]
    assert row == {
        "upn": scene.placement.pupil.upn,
        "urn": scene.placement.provider.urn,
        "ukprn": "",
        "setting_type": "",
        "entry": "2026-10-05",
        "leaving": None,
        "reason": row["reason"],
        "hours": "12.00",
        "pattern": "Part-time",
    }
    before = api(scene.token).get("/api/v1/census/placements/", {"date": "2026-10-04"}).json()
    assert before["rows"] == []


def test_R7_6_a_trust_token_names_the_census_school(scene):
    _, token = token_for(scene, trust=scene.trust_a, name="Trust")
    refused = api(token).get("/api/v1/census/placements/")
    assert refused.status_code == 400 and "school" in refused.json()
    ok = api(token).get("/api/v1/census/placements/", {"school": scene.school_a1.urn})
    assert len(ok.json()["rows"]) == 1
    bad_date = api(token).get(
        "/api/v1/census/placements/", {"school": scene.school_a1.urn, "date": "2099-01-01"}
    )
    assert bad_date.status_code == 400 and "date" in bad_date.json()


def test_the_providers_carry_their_suitability(scene):
    (row,) = api(scene.token).get("/api/v1/providers/").json()["results"]
    assert row["suitability"] == {"key": "no_audit", "label": "No audit"}
    assert row["registration_status"] == "registered"


def _create(world, **changes):
    values = {
        "trust": world.trust_a,
        "name": "Oak MIS",
        "school": world.school_a1,
        "access": "read",
        "expires_on": TODAY + dt.timedelta(days=10),
        "by": world.users[Role.TRUST_ADMINISTRATOR],
        "today": TODAY,
    }
    values.update(changes)
    return client_create(**values)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"expires_on": TODAY}, "expires_on"),
        ({"expires_on": dt.date(2027, 11, 7)}, "expires_on"),
        ({"school": "school_b1"}, "school"),
    ],
)
def test_the_service_refuses_each_bad_token_on_its_own(world, changes, field):
    if changes.get("school") == "school_b1":
        changes["school"] = world.school_b1
    with pytest.raises(ValidationError) as refused:
        _create(world, **changes)
    assert set(refused.value.error_dict) == {field}


def test_the_service_refuses_a_second_client_of_the_same_name(world):
    _create(world)
    with pytest.raises(ValidationError) as refused:
        _create(world, name="oak mis", school=None)
    assert set(refused.value.error_dict) == {"name"}
    assert _create(world, expires_on=dt.date(2027, 11, 6), name="Elm MIS")[0].pk


def test_a_stale_session_cookie_does_not_turn_a_call_into_a_redirect(scene, settings):
    from tests.conftest import signed_in_client

    session = signed_in_client(scene.users[Role.HEADTEACHER])
    settings.SESSION_IDLE_TIMEOUT = -1  # the session has timed out
    session.defaults["HTTP_AUTHORIZATION"] = f"Bearer {scene.token}"
    assert session.get("/api/v1/providers/").status_code == 200

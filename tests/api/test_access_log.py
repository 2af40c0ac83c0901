"""X-1 for the API (issue 9): every call that returns pupil data is in the access log like a page
view, naming the API client and who created it; calls that show no pupil, and refusals, are not.
The log stays append-only."""

import pytest

from altprov.audit.models import AccessEvent
from altprov.core.append_only import AppendOnlyError

from .helpers import api, placement_of, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    world.placement = placement_of(world, world.school_a1, "Loggedpupil")
    world.other = placement_of(world, world.school_a2, "Otherpupil")
    world.client, world.token = token_for(world, trust=world.trust_a, name="Trust reporting")
    return world


@pytest.mark.parametrize(
    "url, what",
    [
        ("/api/v1/placements/", "API: placements"),
        ("/api/v1/attendance-marks/", "API: attendance marks"),
    ],
)
def test_X1_a_list_of_pupils_is_logged_per_school_naming_the_client(scene, url, what):
    if "marks" in url:
        for placement in (scene.placement, scene.other):
            placement.attendance_marks.create(
                date="2026-11-02", session="AM", code="B", entered_by=scene.outsider
            )
    response = api(scene.token, HTTP_USER_AGENT="OakMIS/2").get(url)
    assert response.status_code == 200
    events = AccessEvent.objects.order_by("school__name")
    assert [e.school for e in events] == [scene.school_a1, scene.school_a2]
    for event, placement in zip(events, (scene.placement, scene.other), strict=True):
        assert event.api_client == scene.client
        assert event.user == scene.client.acting_user
        assert event.what == what
        assert event.roles == (
            "API client “Trust reporting” (read only), created by Trust administrator Person"
        )
        assert event.user_agent == "OakMIS/2"
        assert list(event.pupils.all()) == [placement.pupil]


def test_X1_one_placement_is_logged(scene):
    api(scene.token).get(f"/api/v1/placements/{scene.placement.pk}/")
    (event,) = AccessEvent.objects.all()
    assert event.what == "API: placement"
    assert list(event.pupils.all()) == [scene.placement.pupil]


def test_X1_R7_6_the_census_rows_are_logged(scene):
    response = api(scene.token).get(
        "/api/v1/census/placements/", {"school": scene.school_a1.urn, "date": "2026-11-06"}
    )
    assert [r["upn"] for r in response.json()["rows"]] == [scene.placement.pupil.upn]
    (event,) = AccessEvent.objects.all()
    assert event.what == "API: school census, AP placements"
    assert list(event.pupils.all()) == [scene.placement.pupil]


def test_X1_calls_that_show_no_pupil_are_not_logged(scene):
    assert api(scene.token).get("/api/v1/providers/").status_code == 200
    empty = api(scene.token).get("/api/v1/attendance-marks/")
    assert empty.json()["results"] == []
    assert not AccessEvent.objects.exists()


def test_X1_refusals_are_not_logged(scene):
    assert api("altprov_nope_nope").get("/api/v1/placements/").status_code == 401
    _, school_token = token_for(scene, school=scene.school_a2)
    assert api(school_token).get(f"/api/v1/placements/{scene.placement.pk}/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_X1_the_access_log_of_an_api_call_is_never_changed(scene):
    api(scene.token).get("/api/v1/placements/")
    event = AccessEvent.objects.first()
    event.api_client = None
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(api_client=None)
    from django.db import IntegrityError, connection, transaction

    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET api_client_id = NULL")
    assert AccessEvent.objects.get(pk=event.pk).api_client == scene.client

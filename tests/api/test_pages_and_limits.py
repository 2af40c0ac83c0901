"""Issue 9's API lists: cursor pages, a constant number of queries whatever the number of rows,
the rate limit per token (429 with Retry-After), and the schema and its documentation page."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance.models import AttendanceMark
from tests.factories import make_provider

from .helpers import MONDAY, api, placement_of, token_for

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/placements/", "/api/v1/attendance-marks/", "/api/v1/providers/"]


def _rows(world, n, start=0):
    for i in range(start, start + n):
        placement = placement_of(world, world.school_a1, f"Countpupil{i}")
        AttendanceMark.objects.create(
            placement=placement, date=MONDAY, session="AM", code="B", entered_by=world.outsider
        )
        make_provider(world.trust_a)


def _queries(token, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = api(token).get(url, params)
    assert response.status_code == 200, response.content
    return len(ctx), response


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/census/placements/"])
def test_X1_a_page_takes_the_same_queries_for_one_row_or_many(world, url):
    _, token = token_for(world, school=world.school_a1)
    _rows(world, 1)
    few, response = _queries(token, url, {})
    rows = response.json().get("results") or response.json().get("rows")
    assert len(rows) >= 1
    _rows(world, 6, start=1)
    many, response = _queries(token, url, {})
    assert len(response.json().get("results") or response.json().get("rows")) >= 7
    assert few == many


@pytest.mark.parametrize("url", LISTS)
def test_every_list_comes_in_cursor_pages_that_cover_every_row_once(world, url):
    _, token = token_for(world, school=world.school_a1)
    _rows(world, 5)
    response = api(token).get(url, {"page_size": 2})
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    seen, pages = [], 0
    while True:
        pages += 1
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        assert "cursor=" in body["next"]
        body = api(token).get(body["next"]).json()
    # Each placement's provider is new too: ten providers in all, five placements and marks.
    total = 10 if "providers" in url else 5
    assert len(seen) == len(set(seen)) == total
    assert pages == -(-total // 2)


def test_a_tampered_cursor_is_refused_not_an_error(world):
    _, token = token_for(world, school=world.school_a1)
    response = api(token).get("/api/v1/placements/", {"cursor": "not-a-cursor"})
    assert response.status_code == 404


def test_the_rate_limit_is_per_token_with_retry_after(world, settings):
    settings.API_RATE = "2/minute"
    _, token = token_for(world, school=world.school_a1)
    _, other = token_for(world, school=world.school_a1)
    assert [api(token).get("/api/v1/providers/").status_code for _ in range(2)] == [200, 200]
    refused = api(token).get("/api/v1/providers/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json() == {"detail": "Too many calls with this token: try again in 60 seconds."}
    assert api(other).get("/api/v1/providers/").status_code == 200


def test_the_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    text = (tmp_path / "s.yml").read_text()
    for path in ["/api/v1/placements/", "/api/v1/attendance-marks/", "/api/v1/census/placements/"]:
        assert path in text
    assert "bearerAuth" in text


def test_the_schema_and_its_documentation_need_no_sign_in_and_nothing_from_elsewhere(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "Save attendance marks in bulk, all or nothing" in page
    assert "POST" in page and "/api/v1/attendance-marks/" in page
    assert '<script src="http' not in page and "cdn" not in page.lower()
    csp = docs["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "http" not in csp

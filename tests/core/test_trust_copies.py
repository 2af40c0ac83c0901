"""Issue 10, P6: the trust's AP report and its overdue and due soon page are oversight across many
schools, where a write lands every few seconds at busy times. Each person sees a stored copy
(altprov/core/generations.py `stored_copy`) for up to 5 minutes whatever the schools write, and
the page says when it was worked out; a write of their own, to the whole service or by a command
shows at once, as does another day. Neither page names a pupil.

As in test_attention_copies.py, data is changed behind the service's back (with the ORM) to prove
that a page shows the copy, or that something made it compute the page again."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import Role
from altprov.placements.models import Placement
from altprov.providers.models import Provider
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.duties.test_reviews import data as review
from tests.factories import give_role, make_provider, make_user

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)  # 10:00am in London
REPORT, DUE = "/reports/trust/", "/due/trust/"
WORKED_OUT = (
    "Worked out at {}. The figures are worked out again every 5 minutes, and at once after a "
    "change you make."
)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def placement(world, attention_copies):
    return attending(world, world.pupil_a1, make_provider(world.trust_a, "Oakfield Centre"))


@pytest.fixture
def executive(world):
    return signed_in_client(world.users[Role.TRUST_EXECUTIVE])


def page(client, url=REPORT) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def renamed(placement, name="Renamed Centre") -> str:
    Provider.objects.filter(pk=placement.provider_id).update(name=name)
    return name


def overdue_reviews(text: str) -> int:
    return text.count("1 overdue</strong>")


def a_review_recorded_by_the_headteacher(world, placement):
    head = signed_in_client(world.users[Role.HEADTEACHER])
    url = f"/placements/{placement.pk}/reviews/add/"
    assert head.post(url, review(TODAY.date())).status_code == 302


@pytest.mark.parametrize("url", [REPORT, DUE])
def test_the_trust_pages_are_shown_from_a_copy_that_says_when_it_was_worked_out(
    world, placement, executive, clock, url
):
    assert WORKED_OUT.format("10:00am") in page(executive, url)
    renamed(placement)
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ENDED)
    clock.shift(dt.timedelta(minutes=3))
    with CaptureQueriesContext(connection) as ctx:
        text = page(executive, url)
    assert WORKED_OUT.format("10:00am") in text
    assert not any("placements_placement" in q["sql"] for q in ctx.captured_queries)


def test_the_trust_report_copy_keeps_its_figures_until_5_minutes_have_passed(
    world, placement, executive, clock
):
    assert "Oakfield Centre" in page(executive)
    renamed(placement)
    a_review_recorded_by_the_headteacher(world, placement)  # another person's write in the trust
    clock.shift(dt.timedelta(minutes=4, seconds=59))
    assert "Oakfield Centre" in page(executive)
    clock.shift(dt.timedelta(seconds=1))
    text = page(executive)
    assert "Renamed Centre" in text and WORKED_OUT.format("10:05am") in text


def test_the_trust_due_page_shows_another_persons_write_within_5_minutes(
    world, placement, executive, clock
):
    before = overdue_reviews(page(executive, DUE))
    assert before >= 1
    a_review_recorded_by_the_headteacher(world, placement)
    assert overdue_reviews(page(executive, DUE)) == before
    clock.shift(dt.timedelta(minutes=5))
    assert overdue_reviews(page(executive, DUE)) == before - 1


@pytest.mark.parametrize("url", [REPORT, DUE])
def test_a_write_of_your_own_shows_at_once(world, placement, executive, url):
    before = overdue_reviews(page(executive, url))
    renamed(placement)
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ENDED)
    assert executive.post("/switch-school/", {"school": world.school_a2.pk}).status_code == 302
    text = page(executive, url)
    assert ("Renamed Centre" in text) if url == REPORT else overdue_reviews(text) < before


def test_each_person_has_their_own_copy(world, placement, executive):
    page(executive)
    renamed(placement)
    other = make_user("second.exec@example.org", full_name="Second Executive")
    give_role(other, Role.TRUST_EXECUTIVE, trust=world.trust_a)
    assert "Renamed Centre" in page(signed_in_client(other))
    assert "Oakfield Centre" in page(executive)
    # Someone who may not see the report is refused, copy or not.
    assert signed_in_client(world.outsider).get(REPORT).status_code == 404
    assert signed_in_client(world.users[Role.ATTENDANCE_LEAD]).get(REPORT).status_code == 404


def test_another_period_is_another_copy(world, placement, executive):
    page(executive)
    renamed(placement)
    assert "Renamed Centre" in page(executive, f"{REPORT}?from=2026-10-01&to=2026-11-02")


@pytest.mark.parametrize("url", [REPORT, DUE])
def test_the_next_day_the_trust_pages_are_computed_again(world, placement, clock, url):
    clock.move_to(dt.datetime(2026, 11, 3, 23, 57, tzinfo=dt.UTC))
    executive = signed_in_client(world.users[Role.TRUST_EXECUTIVE])
    page(executive, url)
    renamed(placement)
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ENDED)
    clock.move_to(dt.datetime(2026, 11, 4, 0, 1, tzinfo=dt.UTC))  # 4 minutes on, the next day
    assert WORKED_OUT.format("12:01am") in page(executive, url)


def test_a_command_that_fails_makes_the_trust_pages_stale(world, placement, executive):
    page(executive)
    renamed(placement)
    with pytest.raises(Exception, match="No school has the URN"):
        call_command("import_marks", "x.csv", "--school", "0", "--by", "x@example.org")
    assert "Renamed Centre" in page(executive)

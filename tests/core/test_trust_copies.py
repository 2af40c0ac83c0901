"""Issue 10, P6: the trust's AP report and its overdue and due soon page show a stored copy while
it is still true (altprov/core/generations.py `stored_copy`): one copy per trust and day (and the
report's period), the same for everyone who may see it, as neither names a pupil. A write in the
trust, to the whole service or by a command, another day and a quarter of an hour each make the
copy stale; a write in another trust does not, and nobody outside the trust is shown it.

As in test_attention_copies.py, data is changed behind the service's back (with the ORM) to prove
that a page shows the copy, or that a write made it compute the page again."""

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
from tests.factories import make_provider

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)
REPORT, DUE = "/reports/trust/", "/due/trust/"


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


def test_the_trust_report_is_shown_from_its_copy_without_reading_the_placements(
    world, placement, executive
):
    assert "Oakfield Centre" in page(executive)
    renamed(placement)
    with CaptureQueriesContext(connection) as ctx:
        text = page(executive)
    assert "Oakfield Centre" in text and "Renamed Centre" not in text
    assert not any("placements_placement" in q["sql"] for q in ctx.captured_queries)


def test_the_copy_is_shared_by_everyone_who_may_see_the_trust_report(world, placement, executive):
    page(executive)
    renamed(placement)
    other = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    if other.get(REPORT).status_code == 200:
        assert "Oakfield Centre" in page(other)
    # Someone who may not see the report is refused, copy or not.
    assert signed_in_client(world.outsider).get(REPORT).status_code == 404
    assert signed_in_client(world.users[Role.ATTENDANCE_LEAD]).get(REPORT).status_code == 404


def test_a_write_in_the_trust_makes_the_trust_report_stale(world, placement, executive):
    page(executive)
    renamed(placement)
    head = signed_in_client(world.users[Role.HEADTEACHER])
    assert (
        head.post(f"/placements/{placement.pk}/reviews/add/", review(TODAY.date())).status_code
        == 302
    )
    assert "Renamed Centre" in page(executive)


def test_a_write_in_another_trust_leaves_the_trust_report_copy_alone(world, placement, executive):
    page(executive)
    renamed(placement)
    outsider = signed_in_client(world.outsider)
    assert outsider.post("/switch-school/", {"school": world.school_b1.pk}).status_code == 302
    assert "Oakfield Centre" in page(executive)


def test_another_period_is_another_copy(world, placement, executive):
    page(executive)
    renamed(placement)
    assert "Renamed Centre" in page(executive, f"{REPORT}?from=2026-10-01&to=2026-11-02")


def test_a_quarter_of_an_hour_later_the_report_is_computed_again(
    world, placement, executive, clock
):
    page(executive)
    renamed(placement)
    clock.shift(dt.timedelta(minutes=14, seconds=59))
    assert "Oakfield Centre" in page(executive)
    clock.shift(dt.timedelta(seconds=1))
    assert "Renamed Centre" in page(executive)


def test_the_next_day_the_report_is_computed_again(world, placement, clock):
    clock.move_to(dt.datetime(2026, 11, 3, 23, 52, tzinfo=dt.UTC))
    executive = signed_in_client(world.users[Role.TRUST_EXECUTIVE])
    page(executive)
    renamed(placement)
    clock.move_to(dt.datetime(2026, 11, 3, 23, 58, tzinfo=dt.UTC))
    assert "Oakfield Centre" in page(executive)  # the same day: the copy
    clock.move_to(dt.datetime(2026, 11, 4, 0, 3, tzinfo=dt.UTC))  # 11 minutes on, the next day
    assert "Renamed Centre" in page(executive)


def test_a_command_that_fails_makes_the_trust_report_stale(world, placement, executive):
    page(executive)
    renamed(placement)
    with pytest.raises(Exception, match="No school has the URN"):
        call_command("import_marks", "x.csv", "--school", "0", "--by", "x@example.org")
    assert "Renamed Centre" in page(executive)


def test_the_trust_due_page_is_shown_from_its_copy_until_a_write_in_the_trust(
    world, placement, executive
):
    before = overdue_reviews(page(executive, DUE))
    assert before >= 1
    # The review recorded behind the service's back: the copy still counts it overdue.
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ENDED)
    with CaptureQueriesContext(connection) as ctx:
        assert overdue_reviews(page(executive, DUE)) == before
    assert not any("placements_placement" in q["sql"] for q in ctx.captured_queries)
    outsider = signed_in_client(world.outsider)
    assert outsider.post("/switch-school/", {"school": world.school_b1.pk}).status_code == 302
    assert overdue_reviews(page(executive, DUE)) == before
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ACTIVE)
    head = signed_in_client(world.users[Role.HEADTEACHER])
    assert (
        head.post(f"/placements/{placement.pk}/reviews/add/", review(TODAY.date())).status_code
        == 302
    )
    assert overdue_reviews(page(executive, DUE)) < before


def test_the_trust_due_page_is_computed_again_the_next_day(world, placement, clock):
    clock.move_to(dt.datetime(2026, 11, 3, 23, 52, tzinfo=dt.UTC))
    executive = signed_in_client(world.users[Role.TRUST_EXECUTIVE])
    before = overdue_reviews(page(executive, DUE))
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ENDED)
    clock.move_to(dt.datetime(2026, 11, 3, 23, 58, tzinfo=dt.UTC))
    assert overdue_reviews(page(executive, DUE)) == before  # the same day: the copy
    clock.move_to(dt.datetime(2026, 11, 4, 0, 3, tzinfo=dt.UTC))
    assert overdue_reviews(page(executive, DUE)) < before

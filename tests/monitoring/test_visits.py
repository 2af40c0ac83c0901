"""R-12.2: AP Lead visits at the trust's interval, flagged when overdue."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.monitoring.models import Visit
from altprov.organisations.models import TrustSettings
from tests.conftest import signed_in_client
from tests.duties.helpers import attending

from .helpers import day, frozen, items  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def data(visited: dt.date, **extra):
    return {
        **day("visited_on", visited),
        "visited_by": "Jo Lead, AP Lead",
        "what_was_seen": "Alex in a maths lesson, on task",
        "pupil_view": "Likes the practical work",
        **extra,
    }


def test_R12_2_the_ap_lead_logs_a_visit_and_the_overdue_flag_goes(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    page = client.get(f"/placements/{placement.pk}/").content.decode()
    # Every half term by default: the first visit was due by the first day after half term.
    assert "Overdue</strong> The next visit is due by <strong>Monday 2 November 2026" in page
    url = f"/placements/{placement.pk}/visits/add/"
    response = client.post(url, data(dt.date(2026, 11, 3)), follow=True)
    visit = Visit.objects.get(placement=placement)
    assert (visit.visited_on, visit.visited_by) == (dt.date(2026, 11, 3), "Jo Lead, AP Lead")
    assert visit.pupil_view == "Likes the practical work"
    assert visit.recorded_by == world.users[Role.AP_LEAD] and visit.history.count() == 1
    page = response.content.decode()
    assert "Likes the practical work" in page
    assert "The next visit is due by <strong>Monday 4 January 2027" in page
    assert "Overdue</strong> The next visit" not in page


def test_R12_2_the_visit_is_a_duty_at_the_trusts_interval(world):
    placement = attending(world, world.pupil_a1)
    due = items(world, "monitoring_visit", dt.date(2026, 11, 3))
    assert [(i.subject_id, i.due) for i in due] == [(placement.pk, dt.date(2026, 11, 2))]
    assert due[0].overdue(dt.date(2026, 11, 3))
    assert due[0].url == f"/placements/{placement.pk}/visits/add/"
    TrustSettings.objects.update_or_create(trust=world.trust_a, defaults={"visit_interval": "term"})
    assert [i.due for i in items(world, "monitoring_visit", dt.date(2026, 11, 3))] == [
        dt.date(2027, 1, 4)
    ]
    Visit.objects.create(
        placement=placement,
        visited_on=dt.date(2026, 11, 3),
        visited_by="Jo",
        what_was_seen="x",
        pupil_view="y",
        recorded_by=world.users[Role.AP_LEAD],
    )
    assert [i.due for i in items(world, "monitoring_visit", dt.date(2026, 11, 3))] == [
        dt.date(2027, 4, 12)
    ]


def test_R12_2_a_visit_missing_the_pupils_view_is_refused_and_nothing_is_lost(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    page = client.post(
        f"/placements/{placement.pk}/visits/add/", data(dt.date(2026, 11, 2), pupil_view="")
    ).content.decode()
    assert "Enter the pupil&#x27;s view" in page
    assert "Alex in a maths lesson, on task" in page
    assert not Visit.objects.exists()

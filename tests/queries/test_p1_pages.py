"""P1 (issue 10): the pupils, referrals, placements and providers lists and the home page ("what
needs my attention") make the same number of queries for 1 row and for 50, at most P1_LIMIT for
the people who work in a school. Someone with a trust role costs one more query (the trust's
schools), written down here so that it cannot grow either."""

import datetime as dt
import re

import pytest
import time_machine

from altprov.authz.permissions import Role
from altprov.core import generations
from tests.conftest import signed_in_client

from . import rows
from .counting import (
    ACCESS_LOG,
    OVERHEAD,
    P1_LIMIT,
    TRUST_SCHOOLS,
    assert_queries,
    queries_for,
    queries_once,
)

# The page's own queries: its rows with their count in one (altprov/core/paginator.py).
PUPIL_LIST = OVERHEAD + 1 + ACCESS_LOG
REFERRAL_LIST = OVERHEAD + 1 + ACCESS_LOG
# The hours a week are summed from the sessions in the same query.
PLACEMENT_LIST = OVERHEAD + 1 + ACCESS_LOG
# The trust's settings, the providers with their suitability and count, the registration
# threshold rule in force, and the pupils placed at the page's unregistered providers: their
# placements with the hours a week summed in SQL beside each (plain values, no model instances;
# no query at all when the page has no unregistered provider).
PROVIDER_LIST = OVERHEAD + 4

LISTS = [
    ("/pupils/", rows.pupils, PUPIL_LIST),
    ("/referrals/", rows.referrals, REFERRAL_LIST),
    ("/placements/", rows.placements, PLACEMENT_LIST),
    ("/providers/", rows.providers, PROVIDER_LIST),
]


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(("url", "build", "expected"), LISTS, ids=[u for u, _, _ in LISTS])
@pytest.mark.parametrize("role", [Role.HEADTEACHER, Role.AP_LEAD])
def test_a_p1_list_makes_the_same_few_queries_for_1_and_50_rows(
    world, role, url, build, expected, count
):
    names = build(world, count)
    counted = queries_for(signed_in_client(world.users[role]), url)
    assert names[0] in counted.content
    assert_queries(counted, expected)
    assert counted.queries <= P1_LIMIT


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(("url", "build", "expected"), LISTS, ids=[u for u, _, _ in LISTS])
def test_a_p1_list_costs_a_trust_executive_one_query_more(world, url, build, expected, count):
    names = build(world, count)
    counted = queries_for(signed_in_client(world.users[Role.TRUST_EXECUTIVE]), url)
    assert names[0] in counted.content
    assert_queries(counted, expected + TRUST_SCHOOLS)


def test_the_placement_list_shows_the_hours_a_week_summed_in_its_one_query(world):
    rows.placements(world, 2)
    placement = world.school_a1.referrals.first().placements.first()
    placement.sessions.create(day=2, starts_at=dt.time(13), ends_at=dt.time(15, 30))
    page = signed_in_client(world.users[Role.AP_LEAD]).get("/placements/").content.decode()
    assert "2 placements" in page
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', page)
    assert sorted(cells) == ["3", "5.50"]


# The home page reads its stored copy of the person's list and the generations that say whether
# it is still true in one query (altprov/core/attention.py), then logs the pupils the copy names.
HOME = OVERHEAD + 1 + ACCESS_LOG
# Computing the list afresh (a write in the person's trust has made the copy stale): the same read,
# the sources' own queries, then the copy stored (SAVEPOINT, the table's size, the old row, UPDATE, RELEASE).
# Written down so that the sources cannot start making a query per item either.
STORE = 5
HOME_SOURCES = {
    Role.HEADTEACHER: 16,
    Role.AP_LEAD: 26,
    Role.DSL: 10,  # with the count of records due for deletion (X-1, retention)
    Role.ATTENDANCE_LEAD: 13,
    Role.TRUST_EXECUTIVE: 5,
}
HOME_ITEMS = {
    Role.HEADTEACHER: rows.decisions,
    Role.AP_LEAD: rows.follow_ups,
    Role.DSL: rows.consultations,
    Role.ATTENDANCE_LEAD: rows.follow_ups,
    Role.TRUST_EXECUTIVE: rows.budget_waiting,
}


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        yield


def home_counts(world, role, count):
    """The home page's queries read from the stored copy, then computed afresh."""
    names = HOME_ITEMS[role](world, count)
    user = world.users[role]
    client = signed_in_client(user)
    stored = queries_for(client, "/")
    assert names[0] in stored.content
    generations.bump([generations.user_key(user.pk)])
    fresh = queries_once(client, "/")
    assert fresh.content.count("govuk-!-margin-bottom-6") == stored.content.count(
        "govuk-!-margin-bottom-6"
    )
    return stored, fresh


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("role", [Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.ATTENDANCE_LEAD])
def test_the_home_page_makes_the_same_few_queries_for_1_and_50_items(
    world, attention_copies, today, role, count
):
    stored, fresh = home_counts(world, role, count)
    assert_queries(stored, HOME)
    assert stored.queries <= P1_LIMIT
    assert_queries(fresh, OVERHEAD + 1 + HOME_SOURCES[role] + STORE + ACCESS_LOG)


@pytest.mark.parametrize("count", [1, 50])
def test_the_home_page_costs_a_trust_executive_one_query_more(
    world, attention_copies, today, count
):
    stored, fresh = home_counts(world, Role.TRUST_EXECUTIVE, count)
    # Their items name no pupil: nothing to log.
    assert_queries(stored, HOME - ACCESS_LOG + TRUST_SCHOOLS)
    assert_queries(fresh, OVERHEAD + TRUST_SCHOOLS + 1 + HOME_SOURCES[Role.TRUST_EXECUTIVE] + STORE)

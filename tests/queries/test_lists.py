"""Every other page that lists rows (issue 10): the same number of queries for 1 row and for 50,
the number written down here. Pages whose count is asserted elsewhere are not repeated: the
access log (tests/audit/test_access_log.py), trust staff (tests/staff/test_views.py), the GIAS
pages (tests/gias/test_views.py), the due-dates pages and the home page's duties
(tests/duties/test_pages.py), the budgets (tests/budgets/test_pages.py), every report and
download (tests/reports/test_queries.py), the chronology (tests/chronology), the week of
attendance (tests/attendance/test_week.py), placement progress (tests/progress) and the API's
lists (tests/api/test_pages_and_limits.py)."""

import datetime as dt

import pytest
import time_machine

from altprov.authz.permissions import Role
from tests.conftest import signed_in_client

from . import rows
from .counting import ACCESS_LOG, OVERHEAD, TRUST_SCHOOLS, assert_queries, queries_for

PORTAL = OVERHEAD + 7 + ACCESS_LOG

PAGES = {
    # The trust's schools with their trust (a trust administrator: the trust's schools too).
    "schools": (
        Role.TRUST_ADMINISTRATOR,
        lambda w: "/trust/schools/",
        rows.schools,
        OVERHEAD + TRUST_SCHOOLS + 2,
    ),
    # Providers due for an audit, across the trust: the providers, and the trust's settings,
    # read twice (the view's and the register's).
    "due for re-audit": (
        Role.AP_LEAD,
        lambda w: "/providers/due-for-re-audit/?scope=trust",
        rows.unaudited_providers,
        OVERHEAD + 3,
    ),
    # The suspensions with their pupils and schools, and the pupils' placements.
    "current suspensions": (
        Role.AP_LEAD,
        lambda w: "/suspensions/",
        rows.suspensions,
        OVERHEAD + 2 + ACCESS_LOG,
    ),
    # Whether the person has a school at all, then the placements with pupils and schools.
    "pastoral contact": (
        Role.SENDCO,
        lambda w: "/pastoral-contact/",
        rows.pastoral,
        OVERHEAD + 2 + ACCESS_LOG,
    ),
    "API clients": (
        Role.TRUST_ADMINISTRATOR,
        lambda w: "/trust/api-clients/",
        rows.api_clients,
        OVERHEAD + TRUST_SCHOOLS + 2,
    ),
    "role invitations": (
        None,
        lambda w: "/account/invitations/",
        rows.invitations,
        OVERHEAD + 1,
    ),
    # A provider user: their provider (in place of roles), the placements, their sessions, the
    # schools' terms and closures, today's marks, then (for the access log) the user's roles and
    # the pupils' schools.
    "portal home": ("provider", lambda w: "/portal/", rows.portal, PORTAL),
    "portal today": ("provider", lambda w: "/portal/attendance/today/", rows.portal, PORTAL),
}


def person(world, who):
    if who is None:
        return world.no_roles
    if who == "provider":
        return world.provider_user
    return world.users[who]


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("page", list(PAGES))
def test_a_list_makes_the_same_number_of_queries_for_1_and_50_rows(world, page, count):
    who, url, build, expected = PAGES[page]
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        names = build(world, count)
        counted = queries_for(signed_in_client(person(world, who)), url(world))
    assert names[0] in counted.content and names[-1] in counted.content
    assert_queries(counted, expected)

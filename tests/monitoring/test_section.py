"""The placement page's monitoring section: a fixed number of queries however many records."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import Role
from altprov.monitoring import services
from tests.conftest import signed_in_client
from tests.duties.helpers import attending

from .helpers import frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def add_records(placement, by, n):
    day = dt.date(2026, 11, 2)
    for _ in range(n):
        services.report_record(
            placement=placement,
            by=by,
            received_on=day,
            received_from="Sam",
            academic_progress="a",
            behaviour="b",
            welfare="c",
        )
        services.visit_record(
            placement=placement,
            by=by,
            visited_on=day,
            visited_by="Jo",
            what_was_seen="x",
            pupil_view="y",
        )
        incident = services.incident_record(
            placement=placement,
            by=by,
            occurred_on=day,
            reported_by="Sam",
            what_happened="w",
            provider_action="p",
        )
        services.incident_decide(incident=incident, who="ap_lead", decision="d", by=by)
        services.formal_review_record(
            placement=placement,
            by=by,
            held_on=day,
            attended=["ap_lead"],
            progress="p",
            improved=True,
            actions="a",
        )


def test_R12_the_monitoring_section_costs_the_same_queries_for_1_and_many_records(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    client = signed_in_client(ap)
    url = f"/placements/{placement.pk}/"

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        return len(ctx.captured_queries), page

    add_records(placement, ap, 1)
    one, page = queries()
    assert page.count("Awaiting</strong>") == 1  # the Headteacher's decision
    add_records(placement, ap, 6)
    many, page = queries()
    assert page.count('<td class="govuk-table__cell">Yes</td>') == 7
    assert page.count("Awaiting</strong>") == 7
    assert one == many

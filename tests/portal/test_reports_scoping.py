"""Issue 9, R-10.2 and X-5 for what providers submit: every report page of the portal walked as
a provider user of this provider, of another provider, switched off, and as staff; a placement
that ends leaves the portal at once; X-1 logs the pupil shown; list pages keep a constant number
of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.monitoring import services as monitoring
from altprov.placements.models import Placement
from altprov.provider_audits import services as audits
from altprov.provider_audits.models import SelfAssessmentRequest
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import make_pupil

from .helpers import frozen, portal_world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def urls(portal) -> list[str]:
    audit, _ = audits.audit_start(
        provider=portal.provider, school=portal.school_a1, by=portal.users[Role.AP_LEAD]
    )
    request = audits.self_assessment_request(
        audit=audit, sections=["transition"], by=portal.users[Role.AP_LEAD]
    )
    p = portal.placement.pk
    return [
        f"/portal/placements/{p}/reports/",
        f"/portal/placements/{p}/termly-report/",
        f"/portal/placements/{p}/incidents/add/",
        "/portal/requests/",
        f"/portal/requests/{request.pk}/",
    ]


def test_R10_2_X5_a_user_of_the_provider_reaches_each_page(portal):
    client = signed_in_client(portal.pat)
    for url in urls(portal):
        assert client.get(url).status_code == 200, url


def test_R10_2_X5_a_user_of_another_provider_finds_nothing(portal):
    client = signed_in_client(portal.stranger)
    for url in urls(portal):
        response = client.get(url)
        if url == "/portal/requests/":
            assert response.status_code == 200
            assert "School A1" not in response.content.decode()
        else:
            assert response.status_code == 404, url
            assert client.post(url, {"action": "send"}).status_code == 404, url


def test_X5_a_switched_off_provider_user_is_signed_out(portal):
    client = signed_in_client(portal.switched_off)
    for url in urls(portal):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


@pytest.mark.parametrize("role", [Role.AP_LEAD, Role.HEADTEACHER, Role.TRUST_ADMINISTRATOR])
def test_R10_2_no_staff_role_reaches_a_portal_page(portal, role):
    client = signed_in_client(portal.users[role])
    for url in urls(portal):
        assert client.get(url).status_code == 404, url


def test_R10_2_a_placement_that_ends_leaves_the_portal_at_once(portal):
    client = signed_in_client(portal.pat)
    pages = urls(portal)[:3]
    Placement.objects.filter(pk=portal.placement.pk).update(
        status=Placement.Status.ENDED, ended_on=dt.date(2026, 11, 3)
    )
    for url in pages:
        assert client.get(url).status_code == 404, url


def test_X1_the_portal_pages_log_the_pupil_they_show(portal):
    signed_in_client(portal.pat).get(f"/portal/placements/{portal.placement.pk}/reports/")
    event = AccessEvent.objects.get(user=portal.pat)
    assert event.what == "provider portal: reports and incidents"
    assert list(event.pupils.all()) == [portal.pupil_a1]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_reports_and_incidents_list_keeps_a_constant_number_of_queries(portal):
    client = signed_in_client(portal.pat)
    url = f"/portal/placements/{portal.placement.pk}/reports/"

    def incident():
        monitoring.incident_submit(
            placement=portal.placement,
            by=portal.pat,
            occurred_on=dt.date(2026, 11, 2),
            what_happened="x",
            provider_action="y",
        )

    incident()
    one = _queries(client, url)
    incident()
    incident()
    monitoring.report_submit(
        placement=portal.placement, by=portal.pat, academic_progress="a", behaviour="b", welfare="c"
    )
    assert _queries(client, url) == one


def test_the_requests_list_keeps_a_constant_number_of_queries(portal):
    client = signed_in_client(portal.pat)
    ap = portal.users[Role.AP_LEAD]
    audit, _ = audits.audit_start(provider=portal.provider, school=portal.school_a1, by=ap)
    audits.self_assessment_request(audit=audit, sections=["transition"], by=ap)
    one = _queries(client, "/portal/requests/")
    other, _ = audits.audit_start(provider=portal.provider, school=portal.school_a2, by=ap)
    for _ in range(2):
        SelfAssessmentRequest.objects.create(
            audit=other,
            sections=["quality"],
            requested_by=ap,
            submitted_at=dt.datetime.now(dt.UTC),
            submitted_by=portal.pat,
        )
    attending(portal, make_pupil(portal.school_a1), portal.provider)
    assert _queries(client, "/portal/requests/") == one

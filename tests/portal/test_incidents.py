"""R-12.3: a serious incident recorded by the provider through the portal reaches the school's
AP Lead and Headteacher as decisions needing attention; the provider sees what it reported, not
the school's decisions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.monitoring import services
from altprov.monitoring.models import Incident
from tests.conftest import signed_in_client
from tests.monitoring.helpers import items

from .helpers import day, frozen, portal_world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = dt.date(2026, 11, 3)


def data(occurred: dt.date, **extra):
    return {
        **day("occurred_on", occurred),
        "what_happened": "Threw a chair in the workshop",
        "provider_action": "Sent home, parents called",
        **extra,
    }


def url(placement):
    return f"/portal/placements/{placement.pk}/incidents/add/"


def test_R12_3_the_provider_reports_an_incident_and_the_school_is_asked_to_decide(portal):
    client = signed_in_client(portal.pat)
    assert "Report a serious incident" in client.get(url(portal.placement)).content.decode()
    response = client.post(url(portal.placement), data(dt.date(2026, 11, 2)), follow=True)
    incident = Incident.objects.get(placement=portal.placement)
    assert incident.recorded_by == portal.pat
    assert incident.reported_by == "Pat Provider (Provider A Centre)"
    assert incident.occurred_on == dt.date(2026, 11, 2)
    page = response.content.decode()
    assert "The serious incident has been reported to School A1" in page
    assert "Threw a chair in the workshop" in page  # the provider sees what it reported
    for duty in ("incident_decision_ap_lead", "incident_decision_headteacher"):
        due = items(portal, duty, TODAY)
        assert [(i.subject_id, i.due) for i in due] == [(incident.pk, TODAY)]
    school = signed_in_client(portal.users[Role.AP_LEAD])
    page = school.get(f"/placements/{portal.placement.pk}/").content.decode()
    assert "Reported by Pat Provider (Provider A Centre) through the provider portal." in page
    assert ChronologyEntry.objects.filter(
        pupil=portal.pupil_a1, summary="Serious incident reported by Provider A Centre"
    ).exists()


def test_R12_3_the_provider_does_not_see_the_schools_decisions(portal):
    incident = services.incident_submit(
        placement=portal.placement,
        by=portal.pat,
        occurred_on=dt.date(2026, 11, 2),
        what_happened="Threw a chair",
        provider_action="Sent home",
    )
    services.incident_decide(
        incident=incident,
        who="ap_lead",
        decision="Secret school decision",
        by=portal.users[Role.AP_LEAD],
    )
    page = (
        signed_in_client(portal.pat)
        .get(f"/portal/placements/{portal.placement.pk}/reports/")
        .content.decode()
    )
    assert "Threw a chair" in page
    assert "Secret school decision" not in page
    assert items(portal, "incident_decision_ap_lead", TODAY) == []
    assert len(items(portal, "incident_decision_headteacher", TODAY)) == 1


def test_R12_3_a_date_after_today_or_before_the_start_is_refused(portal):
    client = signed_in_client(portal.pat)
    page = client.post(url(portal.placement), data(TODAY + dt.timedelta(days=1))).content.decode()
    assert "must be today or in the past" in page
    page = client.post(url(portal.placement), data(dt.date(2026, 10, 4))).content.decode()
    assert "must be on or after the start of the placement, 5 October 2026" in page
    page = client.post(url(portal.placement), data(TODAY, what_happened="")).content.decode()
    assert "Enter what happened" in page
    assert not Incident.objects.exists()
    client.post(url(portal.placement), data(dt.date(2026, 10, 5)))  # the first day: accepted
    client.post(url(portal.placement), data(TODAY))  # today: accepted
    assert Incident.objects.count() == 2


def test_R12_3_only_a_user_of_the_placements_provider_reports(portal):
    fields = {
        "occurred_on": TODAY,
        "what_happened": "x",
        "provider_action": "y",
    }
    for who in (portal.stranger, portal.switched_off, portal.users[Role.AP_LEAD]):
        with pytest.raises(PermissionDenied):
            services.incident_submit(placement=portal.placement, by=who, **fields)
    for who in (portal.stranger, portal.users[Role.HEADTEACHER]):
        client = signed_in_client(who)
        assert client.get(url(portal.placement)).status_code == 404
        assert client.post(url(portal.placement), data(TODAY)).status_code == 404
    assert not Incident.objects.exists()


def test_R12_3_a_placement_not_attending_takes_no_incident(portal):
    portal.placement.status = "planned"
    portal.placement.started_on = None
    portal.placement.start_date = dt.date(2026, 12, 1)
    portal.placement.save()
    client = signed_in_client(portal.pat)
    assert client.get(url(portal.placement)).status_code == 404
    with pytest.raises(ValidationError):
        services.incident_submit(
            placement=portal.placement,
            by=portal.pat,
            occurred_on=TODAY,
            what_happened="x",
            provider_action="y",
        )

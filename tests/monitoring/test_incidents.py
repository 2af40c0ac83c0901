"""R-12.3: a serious incident reported by the provider, and the AP Lead's and the Headteacher's
decisions on it, each recorded once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.monitoring import services
from altprov.monitoring.models import Incident
from tests.conftest import signed_in_client
from tests.duties.helpers import attending

from .helpers import TODAY, day, frozen, items  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def incident_data(**extra):
    return {
        **day("occurred_on", dt.date(2026, 11, 2)),
        "reported_by": "Sam Green, centre manager",
        "what_happened": "Threw a chair in the workshop",
        "provider_action": "Removed from the session; parent called",
        **extra,
    }


def test_R12_3_an_incident_is_recorded_then_each_decision_once(world):
    placement = attending(world, world.pupil_a1)
    ap, head = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    client = signed_in_client(ap)
    response = client.post(
        f"/placements/{placement.pk}/incidents/add/", incident_data(), follow=True
    )
    incident = Incident.objects.get(placement=placement)
    assert incident.what_happened == "Threw a chair in the workshop"
    assert incident.ap_lead_decided_at is None and incident.head_decided_at is None
    assert ChronologyEntry.objects.filter(
        pupil=world.pupil_a1, summary__startswith="Serious incident"
    ).exists()
    assert "Threw a chair in the workshop" in response.content.decode()
    # Awaiting both decisions: a duty for the AP Lead and one for the Headteacher, due today.
    assert [i.due for i in items(world, "incident_decision_ap_lead", TODAY)] == [TODAY]
    assert [i.due for i in items(world, "incident_decision_headteacher", TODAY)] == [TODAY]

    url = f"/incidents/{incident.pk}/ap-lead-decision/"
    assert signed_in_client(head).get(url).status_code == 404  # not the Headteacher's to record
    page = client.post(url, {"decision": ""}).content.decode()
    assert "Enter the decision of the AP Lead" in page
    client.post(url, {"decision": "Behaviour plan updated with the provider"})
    incident.refresh_from_db()
    assert incident.ap_lead_decision == "Behaviour plan updated with the provider"
    assert incident.ap_lead_decided_by == ap and incident.ap_lead_decided_at is not None
    assert items(world, "incident_decision_ap_lead", TODAY) == []
    assert client.get(url).status_code == 404  # recorded once
    with pytest.raises(ValidationError, match="already recorded"):
        services.incident_decide(incident=incident, who="ap_lead", decision="again", by=ap)

    head_url = f"/incidents/{incident.pk}/headteacher-decision/"
    assert client.get(head_url).status_code == 404
    signed_in_client(head).post(head_url, {"decision": "No further action"})
    incident.refresh_from_db()
    assert (incident.head_decision, incident.head_decided_by) == ("No further action", head)
    assert items(world, "incident_decision_headteacher", TODAY) == []
    assert incident.ap_lead_decision == "Behaviour plan updated with the provider"  # untouched


def test_R12_3_a_second_decision_from_a_stale_copy_is_refused_under_the_lock(world):
    placement = attending(world, world.pupil_a1)
    head = world.users[Role.HEADTEACHER]
    incident = services.incident_record(
        placement=placement,
        by=head,
        occurred_on=dt.date(2026, 11, 2),
        reported_by="Sam",
        what_happened="A fight",
        provider_action="Sent home",
    )
    stale = Incident.objects.get(pk=incident.pk)
    services.incident_decide(incident=incident, who="headteacher", decision="First", by=head)
    with pytest.raises(ValidationError, match="already recorded"):
        services.incident_decide(incident=stale, who="headteacher", decision="Second", by=head)
    incident.refresh_from_db()
    assert incident.head_decision == "First"


def test_R12_3_an_incident_without_what_happened_is_refused(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.HEADTEACHER])
    page = client.post(
        f"/placements/{placement.pk}/incidents/add/", incident_data(what_happened="")
    ).content.decode()
    assert "Enter what happened" in page and "Removed from the session" in page
    assert not Incident.objects.exists()

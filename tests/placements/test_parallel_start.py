"""Issue 14, 1.5: eight "Start the placement" requests at the same moment give one start and one
chronology entry. Run with DATABASE_URL=postgres://... (skipped on SQLite, whose IMMEDIATE
transactions queue writers one by one anyway)."""

import pytest
from django.contrib.messages import get_messages

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.placements.models import Placement
from tests.concurrency import on_postgresql, simultaneously
from tests.conftest import signed_in_client
from tests.placements.test_start_gate import frozen_today, ready_placement  # noqa: F401

REQUESTS = 8


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_R7_4_eight_simultaneous_starts_give_one_start_and_one_chronology_entry(world):
    placement = ready_placement(world)
    url = f"/placements/{placement.pk}/start/"

    def start(client):
        response = client.post(url)
        return [f"{m.level_tag}: {m.message}" for m in get_messages(response.wsgi_request)]

    clients = [signed_in_client(world.users[Role.AP_LEAD]) for _ in range(REQUESTS)]
    outcomes = sum(simultaneously([lambda c=c: start(c) for c in clients]), [])
    successes = [o for o in outcomes if o.startswith("success")]
    refusals = [o for o in outcomes if "already started" in o]
    assert len(successes) == 1 and len(refusals) == REQUESTS - 1, outcomes
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACTIVE
    assert ChronologyEntry.objects.filter(summary__startswith="Placement at").count() == 1
    assert Placement.history.filter(id=placement.pk, status="active").count() == 1

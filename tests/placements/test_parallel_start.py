"""Issue 14, 1.5: eight "Start the placement" requests at the same moment give one start and one
chronology entry. Only PostgreSQL has concurrent writers with row locks: run with
DATABASE_URL=postgres://... (SQLite's IMMEDIATE transactions queue writers one by one anyway)."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.placements.models import Placement
from tests.conftest import signed_in_client
from tests.placements.test_start_gate import frozen_today, ready_placement  # noqa: F401

REQUESTS = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (concurrent transactions with row locks): set DATABASE_URL",
)
@pytest.mark.django_db(transaction=True)
def test_R7_4_eight_simultaneous_starts_give_one_start_and_one_chronology_entry(world):
    placement = ready_placement(world)
    clients = [signed_in_client(world.users[Role.AP_LEAD]) for _ in range(REQUESTS)]
    barrier = threading.Barrier(REQUESTS)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def start(client):
        try:
            barrier.wait(timeout=30)
            response = client.post(f"/placements/{placement.pk}/start/")
            outcomes.extend(
                f"{m.level_tag}: {m.message}" for m in get_messages(response.wsgi_request)
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection to the test database

    threads = [threading.Thread(target=start, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    successes = [o for o in outcomes if o.startswith("success")]
    refusals = [o for o in outcomes if "already started" in o]
    assert len(successes) == 1 and len(refusals) == REQUESTS - 1, outcomes
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACTIVE
    assert ChronologyEntry.objects.filter(summary__startswith="Placement at").count() == 1
    assert Placement.history.filter(id=placement.pk, status="active").count() == 1

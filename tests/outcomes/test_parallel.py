"""R-13.1, R-13.3: endings and outcomes happen once, even with four requests at the same moment.
Run with DATABASE_URL=postgres://... (skipped on SQLite, whose IMMEDIATE transactions queue
writers one by one anyway)."""

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.outcomes import services
from altprov.outcomes.models import Ending, Outcome
from altprov.placements.models import Placement
from tests.concurrency import on_postgresql, simultaneously

from .helpers import TODAY, attending, ended, frozen, record_before  # noqa: F401

REQUESTS = 4


def attempt(call):
    def run():
        try:
            call()
        except ValidationError as error:
            return error.messages[0]
        return "done"

    return run


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen")
def test_R13_1_four_simultaneous_returns_end_the_placement_once(world):
    placement = attending(world, world.pupil_a1)
    record_before(world, placement)
    ap = world.users[Role.AP_LEAD]
    # Each request holds the placement as it read it, before any of them ended it.
    copies = [Placement.objects.get(pk=placement.pk) for _ in range(REQUESTS)]
    calls = [
        attempt(lambda p=p: services.reintegrate(placement=p, on=TODAY, by=ap)) for p in copies
    ]
    results = simultaneously(calls)
    assert results.count("done") == 1, results
    assert results.count("The placement has already ended") == REQUESTS - 1
    assert Ending.objects.count() == 1
    assert ChronologyEntry.objects.filter(summary__startswith="Returned to school").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen")
def test_R13_3_four_simultaneous_outcomes_record_one(world):
    placement = ended(world, reintegrated=False)
    ap = world.users[Role.AP_LEAD]
    copies = [Placement.objects.get(pk=placement.pk) for _ in range(REQUESTS)]
    calls = [
        attempt(
            lambda p=p: services.outcome_record(
                placement=p, by=ap, destination="neet", progress_summary="x", pupil_assessment="y"
            )
        )
        for p in copies
    ]
    results = simultaneously(calls)
    assert results.count("done") == 1, results
    assert results.count("The outcome is already recorded") == REQUESTS - 1
    assert Outcome.objects.count() == 1

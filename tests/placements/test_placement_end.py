"""Ending a placement records the day and the reason (R-13.3, R-6.5): the one service every ending
goes through (reintegration, safeguarding, lack of progress and the other endings)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction

from altprov.authz.permissions import Role
from altprov.core.locking import lock
from altprov.placements.models import Placement
from altprov.placements.services import placement_end
from tests.duties.helpers import attending
from tests.factories import make_pupil

pytestmark = pytest.mark.django_db

START = dt.date(2026, 10, 5)


def end(placement, by, **kwargs):
    with transaction.atomic():
        lock(placement)
        return placement_end(placement=placement, by=by, **kwargs)


@time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False)
def test_R13_3_an_ending_records_its_day_and_reason(world):
    placement = attending(world, make_pupil(world.school_a1), start=START)
    ap = world.users[Role.AP_LEAD]
    end(placement, ap, on=START, reason=Placement.EndReason.MOVED)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ENDED
    assert (placement.ended_on, placement.end_reason) == (START, "moved")
    assert placement.history.first().history_user == ap


@time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("on", "reason", "field"),
    [
        (START - dt.timedelta(days=1), "moved", "ended_on"),  # the day before the start
        (dt.date(2026, 11, 4), "moved", "ended_on"),  # tomorrow: not yet done
        (START, "", "end_reason"),
        (START, "holiday", "end_reason"),
    ],
)
def test_R13_3_an_ending_is_refused_before_the_start_in_the_future_or_without_a_reason(
    world, on, reason, field
):
    placement = attending(world, make_pupil(world.school_a1), start=START)
    with pytest.raises(ValidationError) as refused:
        end(placement, world.users[Role.AP_LEAD], on=on, reason=reason)
    assert field in refused.value.message_dict
    placement.refresh_from_db()
    assert (placement.status, placement.ended_on, placement.end_reason) == ("active", None, "")


@time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False)
def test_R13_3_a_placement_ends_once_and_only_once_started(world):
    placement = attending(world, make_pupil(world.school_a1), start=START)
    ap = world.users[Role.AP_LEAD]
    end(placement, ap, on=START, reason="moved")
    with pytest.raises(ValidationError, match="already ended"):
        end(placement, ap, on=dt.date(2026, 11, 2), reason="other")
    placement.refresh_from_db()
    assert (placement.ended_on, placement.end_reason) == (START, "moved")
    planned = attending(world, make_pupil(world.school_a1), start=START)
    Placement.objects.filter(pk=planned.pk).update(status=Placement.Status.PLANNED)
    planned.refresh_from_db()
    with pytest.raises(ValidationError, match="not started"):
        end(planned, ap, on=START, reason="moved")

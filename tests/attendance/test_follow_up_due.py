"""R-10.6, X-2: an unauthorised absence is followed up by the next school day of the school's own
calendar: after a weekend, a half term and the Christmas and Easter holidays; beyond the term
dates the school has entered, the day after."""

import datetime as dt

import pytest
import time_machine

from altprov.attendance.models import FollowUp
from altprov.authz.permissions import Role
from altprov.duties.engine import due_items
from tests.attendance.helpers import placements

pytestmark = pytest.mark.django_db
d = dt.date


@pytest.mark.parametrize(
    ("absent_on", "due"),
    [
        (d(2026, 11, 5), d(2026, 11, 6)),  # Thursday: Friday
        (d(2026, 11, 6), d(2026, 11, 9)),  # Friday: Monday
        (d(2026, 10, 23), d(2026, 11, 2)),  # before the half term
        (d(2026, 12, 18), d(2027, 1, 4)),  # the last day of the autumn term: 17 days on
        (d(2027, 3, 25), d(2027, 4, 12)),  # before Easter
        (d(2027, 7, 21), d(2027, 7, 22)),  # the last term date entered: the day after
    ],
)
@time_machine.travel(dt.datetime(2027, 8, 2, 10, tzinfo=dt.UTC), tick=False)
def test_R10_6_X2_a_follow_up_is_due_by_the_next_school_day(world, absent_on, due):
    (placement,) = placements(world, 1)
    FollowUp.objects.create(
        placement=placement,
        absence_date=absent_on,
        reason="Unauthorised absence",
        recorded_by=world.users[Role.ATTENDANCE_LEAD],
    )
    (item,) = [
        i
        for i in due_items([world.school_a1], absent_on, only_attention=False)
        if i.duty == "absence_follow_up"
    ]
    assert item.due == due

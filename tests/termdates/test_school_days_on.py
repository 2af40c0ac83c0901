"""`SchoolCalendar.school_days_on` (used to cost placements for the trust's report, issue 10)
counts what a day-by-day walk with `is_school_day` counts, for any range and weekdays."""

import datetime as dt
import itertools
import random

import pytest

from altprov.termdates.models import ClosureDay
from altprov.termdates.schooldays import SchoolCalendar
from tests.factories import make_calendar

pytestmark = pytest.mark.django_db


def walk(calendar, weekdays, first, last) -> int:
    total, day = 0, first
    while day <= last:
        total += day.weekday() in weekdays and calendar.is_school_day(day)
        day += dt.timedelta(days=1)
    return total


def test_school_days_on_agrees_with_a_day_by_day_count(world):
    make_calendar(world.school_a1, 2027)  # two years, with the summer holiday between
    ClosureDay.objects.create(school=world.school_a1, date=dt.date(2026, 11, 4))
    calendar = SchoolCalendar.for_school(world.school_a1)
    rng = random.Random(10)
    start = dt.date(2026, 8, 20)
    patterns = [
        set(c) for n in range(0, 8) for c in itertools.combinations(range(7), n)
    ]  # every set of weekdays, weekend days included
    for _ in range(400):
        first = start + dt.timedelta(days=rng.randrange(0, 720))
        last = first + dt.timedelta(days=rng.randrange(-5, 400))
        weekdays = rng.choice(patterns)
        assert calendar.school_days_on(weekdays, first, last) == walk(
            calendar, weekdays, first, last
        ), (weekdays, first, last)
    assert calendar.school_days_on({0, 1, 2, 3, 4}, dt.date(2026, 11, 4), dt.date(2026, 11, 4)) == 0

"""R-10.6: which sessions take a mark, on their own (no database): the weekly pattern's morning
and afternoon at noon, weekends, and each reason a session is refused."""

import datetime as dt
from types import SimpleNamespace

import pytest

from altprov.attendance.rules import pattern_sessions, refusal

d, t = dt.date, dt.time
MONDAY, SATURDAY = d(2026, 11, 2), d(2026, 11, 7)


class Slots(list):
    def all(self):
        return self


def placement(*slots, status="active", start=d(2026, 10, 5), started=None, end=d(2027, 5, 1)):
    rows = Slots(SimpleNamespace(day=day, starts_at=a, ends_at=b) for day, a, b in slots)
    return SimpleNamespace(
        sessions=rows, status=status, start_date=start, started_on=started, planned_end_date=end
    )


@pytest.mark.parametrize(
    ("slot", "sessions"),
    [
        ((0, t(9), t(12)), {"AM"}),  # ends at noon: the morning only
        ((0, t(12), t(15)), {"PM"}),  # starts at noon: the afternoon only
        ((0, t(11, 59), t(12, 1)), {"AM", "PM"}),
        ((0, t(9), t(15)), {"AM", "PM"}),
        ((1, t(9), t(15)), set()),  # Tuesday's slot, asked about Monday
    ],
)
def test_R10_6_a_slot_covers_the_morning_before_noon_and_the_afternoon_after(slot, sessions):
    assert pattern_sessions(placement(slot), MONDAY) == sessions


def test_R10_6_several_slots_on_a_day_add_up_and_other_days_are_ignored():
    both = placement((0, t(9), t(11)), (0, t(13), t(15)), (2, t(9), t(15)))
    assert pattern_sessions(both, MONDAY) == {"AM", "PM"}
    assert pattern_sessions(both, MONDAY + dt.timedelta(days=1)) == set()
    assert pattern_sessions(both, MONDAY + dt.timedelta(days=2)) == {"AM", "PM"}


def test_R10_6_with_no_pattern_every_weekday_runs_both_sessions_and_no_weekend():
    for offset in range(5):
        assert pattern_sessions(placement(), MONDAY + dt.timedelta(days=offset)) == {"AM", "PM"}
    assert pattern_sessions(placement(), SATURDAY) == set()
    assert pattern_sessions(placement(), SATURDAY + dt.timedelta(days=1)) == set()


class Calendar:
    def __init__(self, *closed):
        self.closed = set(closed)

    def is_school_day(self, day):
        return day.weekday() < 5 and day not in self.closed


TODAY = d(2026, 11, 4)


@pytest.mark.parametrize(
    ("kwargs", "day", "session", "words"),
    [
        ({}, TODAY + dt.timedelta(days=1), "AM", "5 November 2026 has not happened yet"),
        ({}, SATURDAY - dt.timedelta(days=7), "AM", "is not a school day"),
        ({"status": "planned"}, MONDAY, "AM", "not attending on 2 November 2026"),
        ({"status": "ended"}, MONDAY, "AM", "not attending"),
        ({"start": TODAY}, MONDAY, "AM", "not attending"),  # before the planned start
        ({"started": TODAY}, MONDAY, "AM", "not attending"),  # before the actual start
        ({"end": MONDAY - dt.timedelta(days=1)}, MONDAY, "AM", "not attending"),  # after the end
        ({"slots": [(0, t(13), t(15))]}, MONDAY, "AM", "does not run on Monday mornings"),
        ({"slots": [(0, t(9), t(11))]}, MONDAY, "PM", "does not run on Monday afternoons"),
    ],
)
def test_R10_6_each_reason_a_session_takes_no_mark(kwargs, day, session, words):
    kwargs = dict(kwargs)  # the parameter is shared: mutmut runs a test more than once
    slots = kwargs.pop("slots", [])
    assert words in refusal(placement(*slots, **kwargs), Calendar(), day, session, TODAY)


@pytest.mark.parametrize(
    ("kwargs", "day"),
    [
        ({}, TODAY),  # today takes a mark
        ({"start": MONDAY}, MONDAY),  # the first day
        ({"end": MONDAY}, MONDAY),  # the last day
        ({"start": TODAY, "started": MONDAY}, MONDAY),  # started earlier than planned
    ],
)
def test_R10_6_a_session_on_an_attending_school_day_takes_a_mark(kwargs, day):
    assert refusal(placement(**kwargs), Calendar(), day, "AM", TODAY) is None


def test_R10_6_a_closure_day_takes_no_mark():
    assert "not a school day" in refusal(placement(), Calendar(MONDAY), MONDAY, "PM", TODAY)

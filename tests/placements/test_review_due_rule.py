"""R-7.3: which review is due next, as a pure function of the review dates and the reviews held
(`placements.rules.next_review_due`), at each boundary: a review held exactly on a due date, two
in one period, and a late review that stands for every date it was late for."""

import datetime as dt
from types import SimpleNamespace

import pytest

from altprov.placements.rules import next_review_due

d = dt.date
# Review dates a month apart; the calendar's last half term ends after them all.
DUES = [d(2027, 1, 10), d(2027, 2, 10), d(2027, 3, 10), d(2027, 4, 10), d(2027, 5, 10)]
CALENDAR = SimpleNamespace(half_terms=[SimpleNamespace(end=d(2027, 7, 20))])
START, END = d(2027, 1, 4), d(2027, 6, 1)


def step(day: dt.date) -> dt.date:
    """The next review date after `day`; after the last, a date beyond the planned end."""
    return next((due for due in DUES if due > day), d(2027, 7, 1))


def due_after(*held: dt.date) -> dt.date | None:
    return next_review_due(CALENDAR, "half_term", START, END, list(held), step)


@pytest.mark.parametrize(
    "held, expected",
    [
        ((), DUES[0]),
        ((DUES[0],), DUES[1]),  # held on the due date itself meets it
        ((DUES[0] - dt.timedelta(days=1),), DUES[1]),
        ((DUES[0] + dt.timedelta(days=1),), DUES[1]),  # a day late: stands for the first date
        ((d(2027, 1, 5), DUES[0]), DUES[1]),  # two in one period, the second on the due date
        ((DUES[0], DUES[1]), DUES[2]),
        ((DUES[1],), DUES[1]),  # late for the first on the second's date: the second is still due
        ((DUES[1] + dt.timedelta(days=1),), DUES[2]),  # late for two dates: stands for both
        ((DUES[2],), DUES[2]),  # three dates: it stands for the two before its own date
        ((DUES[2] + dt.timedelta(days=1),), DUES[3]),  # late for three: stands for all three
        ((DUES[2] + dt.timedelta(days=1), DUES[3]), DUES[4]),
        ((DUES[3], DUES[0]), DUES[3]),  # in any order: the first meets its date, the second is late
        (tuple(DUES), None),  # every date met: none due before the planned end
    ],
)
def test_R7_3_the_next_review_due_at_each_boundary(held, expected):
    assert due_after(*held) == expected

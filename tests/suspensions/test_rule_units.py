"""R-10.3: the suspension rules on their own, without the database: each condition of "provision
is arranged from the sixth day", the state shown for a suspension, and notice in whole days."""

import datetime as dt
from types import SimpleNamespace

import pytest

from altprov.suspensions.rules import notice_days, provision_arranged, sixth_day_state

d = dt.date
FIRST, SIXTH = d(2026, 9, 9), d(2026, 9, 16)


def row(status="active", start=None, started=None):
    return {"status": status, "start_date": start or started, "started_on": started}


@pytest.mark.parametrize(
    ("placement", "arranged"),
    [
        (row("planned", start=FIRST), True),  # planned from the first day
        (row("planned", start=SIXTH), True),  # planned from the sixth day
        (row("planned", start=SIXTH + dt.timedelta(days=1)), False),  # a day late
        (row("planned", start=FIRST - dt.timedelta(days=1)), False),  # planned before, not attended
        (
            row("active", started=FIRST - dt.timedelta(days=1)),
            True,
        ),  # began earlier, still attended
        (row("ended", started=FIRST - dt.timedelta(days=1)), False),  # began earlier, ended
        (row("ended", started=SIXTH), True),  # started in time, ended since
        (row("ended", start=SIXTH), False),  # ended without ever starting
        # the actual start counts, not the planned one
        ({"status": "active", "start_date": FIRST, "started_on": SIXTH + dt.timedelta(1)}, False),
        ({"status": "active", "start_date": d(2026, 9, 1), "started_on": SIXTH}, True),
    ],
)
def test_R10_3_provision_arranged_from_the_sixth_day_each_condition(placement, arranged):
    assert provision_arranged(FIRST, SIXTH, [placement]) is arranged


def test_R10_3_provision_arranged_looks_at_every_placement():
    late = row("planned", start=SIXTH + dt.timedelta(days=1))
    assert provision_arranged(FIRST, SIXTH, []) is False
    assert provision_arranged(FIRST, SIXTH, [late, row("planned", start=SIXTH)]) is True
    assert provision_arranged(FIRST, SIXTH, [late, late]) is False


def suspension(days, exception=""):
    return SimpleNamespace(school_days=days, exception=exception, first_day=FIRST, sixth_day=SIXTH)


@pytest.mark.parametrize(
    ("days", "exception", "placements", "state"),
    [
        (5, "", [], (False, "", False, False)),  # five days: the duty does not apply
        (5, "year_11", [row("planned", start=SIXTH)], (False, "", False, False)),
        (6, "", [], (True, "", False, True)),  # six days, nothing arranged: flagged
        (6, "", [row("planned", start=SIXTH)], (True, "", True, False)),
        (6, "year_11", [], (True, "year_11", False, False)),  # an exception: not flagged
        (6, "year_11", [row("planned", start=SIXTH)], (True, "year_11", True, False)),
    ],
)
def test_R10_3_sixth_day_state_at_five_and_six_days(days, exception, placements, state):
    got = sixth_day_state(suspension(days, exception), placements)
    assert (got.applies, got.exception, got.arranged, got.flagged) == state
    assert all(type(v) is bool for v in (got.applies, got.arranged, got.flagged))


@pytest.mark.parametrize(
    ("hours", "days"), [(0, 0), (1, 1), (23, 1), (24, 1), (25, 2), (48, 2), (49, 3), (72, 3)]
)
def test_R10_3_notice_in_whole_days_rounds_hours_up(hours, days):
    assert notice_days(hours) == days
    assert type(notice_days(hours)) is int

"""R-6.1, X-3: a pupil's age and year group at the edges of what may be recorded."""

import datetime as dt

import pytest

from altprov.pupils.validation import age_on, date_of_birth_problem, year_group_from

d = dt.date
TODAY = d(2026, 11, 16)


def test_R6_1_age_turns_on_the_birthday():
    assert age_on(d(2010, 11, 16), TODAY) == 16
    assert age_on(d(2010, 11, 17), TODAY) == 15
    assert age_on(d(2010, 11, 15), TODAY) == 16
    assert age_on(d(2010, 12, 1), TODAY) == 15
    assert age_on(d(2010, 10, 31), TODAY) == 16


@pytest.mark.parametrize(
    "born, problem",
    [
        (TODAY, "future"),
        (TODAY + dt.timedelta(days=1), "future"),
        (TODAY - dt.timedelta(days=1), "age"),  # a day old
        (d(2024, 11, 17), "age"),  # 1, the day before turning 2
        (d(2024, 11, 16), None),  # 2 today
        (d(2006, 11, 17), None),  # 19, the day before turning 20
        (d(2006, 11, 16), "age"),  # 20 today
    ],
)
def test_R6_1_X3_a_date_of_birth_gives_an_age_from_2_to_19(born, problem):
    assert date_of_birth_problem(born, TODAY) == problem


@pytest.mark.parametrize(
    "text, year",
    [
        ("R", 0),
        (" reception ", 0),
        ("Rec", 0),
        ("0", 0),
        ("Y7", 7),
        ("year 11", 11),
        ("Yr 14", 14),
        ("14", 14),
        ("15", None),
        ("-1", None),
        ("N2", None),
        ("", None),
        ("Year", None),
    ],
)
def test_R6_1_X3_a_year_group_is_reception_or_0_to_14(text, year):
    assert year_group_from(text) == year

"""X-2: the edges of the calendar's refusals (`SchoolCalendar._check_covered`), on calendars
built in memory: the first and last days of the terms entered, the last day of the bank-holiday
data, and a gap between two academic years entered; the half terms a school's terms make; and
where the next term or half term begins when its first days are closed."""

import datetime as dt

import pytest

from altprov.termdates.schooldays import (
    HalfTerm,
    OutsideCalendar,
    SchoolCalendar,
    bank_holidays_known_until,
)
from tests.factories import make_calendar, make_school, make_trust

d = dt.date
ONE = dt.timedelta(days=1)


def refusal(day: dt.date) -> str:
    return (
        f"The school's term dates do not cover {day:%-d %B %Y}. "
        "A trust administrator needs to add them."
    )


def refused(calendar: SchoolCalendar, day: dt.date, last: dt.date | None = None) -> str | None:
    try:
        calendar._check_covered(day, last)
    except OutsideCalendar as outside:
        return str(outside)
    return None


def test_X2_the_first_and_last_days_entered_are_covered_and_the_days_either_side_are_not():
    calendar = SchoolCalendar([HalfTerm(d(2026, 9, 1), d(2026, 10, 23))], set())
    assert refused(calendar, d(2026, 9, 1), d(2026, 10, 23)) is None
    assert refused(calendar, d(2026, 8, 31)) == refusal(d(2026, 8, 31))
    assert refused(calendar, d(2026, 10, 1), d(2026, 10, 24)) == refusal(d(2026, 10, 24))
    # A count that starts after the last day names its own first day.
    assert refused(calendar, d(2026, 10, 30), d(2026, 11, 2)) == refusal(d(2026, 10, 30))


def test_X2_a_count_may_reach_the_last_day_of_the_bank_holiday_data_but_not_beyond():
    known = bank_holidays_known_until()
    calendar = SchoolCalendar([HalfTerm(known - dt.timedelta(days=30), known + ONE * 60)], set())
    assert refused(calendar, known - ONE, known) is None
    assert refused(calendar, known, known + ONE) == (
        f"Bank holidays are known only to {known:%-d %B %Y}: "
        "the service needs an update of its bank-holiday data (govuk-bank-holidays)."
    )


GAP_YEARS = [(d(2026, 9, 1), d(2027, 8, 31)), (d(2028, 9, 1), d(2029, 8, 31))]


@pytest.mark.parametrize(
    "day, last, named",
    [
        (d(2027, 8, 31), None, None),  # the last day of the year before the gap
        (d(2027, 8, 30), d(2027, 9, 1), d(2027, 9, 1)),  # reaches the gap's first day
        (d(2028, 8, 31), d(2028, 9, 4), d(2028, 8, 31)),  # starts on the gap's last day
        (d(2028, 9, 1), d(2028, 9, 4), None),  # the first day of the year after it
        (d(2027, 7, 1), d(2028, 10, 2), d(2027, 9, 1)),  # across the whole gap
    ],
)
def test_X2_nothing_is_counted_in_a_gap_between_academic_years_entered(day, last, named):
    calendar = SchoolCalendar([HalfTerm(d(2026, 9, 1), d(2029, 7, 20))], set(), GAP_YEARS)
    assert refused(calendar, day, last) == (refusal(named) if named else None)


def test_X2_academic_years_back_to_back_leave_no_gap_and_one_day_apart_leave_one():
    half_terms = [HalfTerm(d(2026, 9, 1), d(2028, 7, 20))]
    back_to_back = [(d(2026, 9, 1), d(2027, 8, 31)), (d(2027, 9, 1), d(2028, 8, 31))]
    assert (
        refused(SchoolCalendar(half_terms, set(), back_to_back), d(2027, 8, 1), d(2027, 9, 30))
        is None
    )
    one_day = [(d(2026, 9, 1), d(2027, 8, 30)), (d(2027, 9, 1), d(2028, 8, 31))]
    calendar = SchoolCalendar(half_terms, set(), one_day)
    assert refused(calendar, d(2027, 8, 30)) is None
    assert refused(calendar, d(2027, 8, 31)) == refusal(d(2027, 8, 31))
    assert refused(calendar, d(2027, 9, 1)) is None


@pytest.mark.django_db
def test_X2_each_term_makes_two_half_terms_that_end_and_start_either_side_of_its_break():
    school = make_school(make_trust())
    make_calendar(school, 2026)
    assert SchoolCalendar.for_school(school).half_terms[:2] == [
        HalfTerm(d(2026, 9, 1), d(2026, 10, 25)),  # the day before the break starts
        HalfTerm(d(2026, 10, 31), d(2026, 12, 18)),  # the day after the break ends
    ]


def test_X2_check_covered_refuses_when_either_end_of_the_range_is_outside():
    calendar = SchoolCalendar([HalfTerm(d(2026, 9, 1), d(2026, 10, 23))], set())
    calendar.check_covered(d(2026, 9, 1), d(2026, 10, 23))
    with pytest.raises(OutsideCalendar, match="do not cover 24 October 2026"):
        calendar.check_covered(d(2026, 9, 1), d(2026, 10, 24))
    with pytest.raises(OutsideCalendar, match="do not cover 31 August 2026"):
        calendar.check_covered(d(2026, 8, 31), d(2026, 9, 30))


def test_X2_school_days_on_counts_a_range_of_one_day_and_none_for_a_reversed_range():
    calendar = SchoolCalendar([HalfTerm(d(2026, 9, 1), d(2026, 10, 23))], set())
    tuesday = d(2026, 9, 1)
    assert calendar.school_days_on([1], tuesday, tuesday) == 1
    assert calendar.school_days_on([0, 2, 3, 4], tuesday, tuesday) == 0
    assert calendar.school_days_on([1], tuesday + ONE, tuesday) == 0
    # Saturdays and Sundays (5 and 6) are never school days, whatever is asked for.
    assert calendar.school_days_on([5, 6], d(2026, 9, 1), d(2026, 10, 23)) == 0


def test_X2_counting_past_the_bank_holiday_data_is_refused_rather_than_guessed():
    limit = bank_holidays_known_until()
    assert limit >= dt.date(2028, 12, 31)
    day = dt.timedelta(days=1)
    calendar = SchoolCalendar([HalfTerm(limit - 20 * day, limit + 40 * day)], set())
    weekdays = [limit - n * day for n in range(10, 16) if (limit - n * day).weekday() < 5]
    assert calendar.school_days_between(limit - 15 * day, limit - 10 * day) == len(weekdays)
    with pytest.raises(OutsideCalendar, match="Bank holidays are known only to"):
        calendar.school_days_between(limit - 5 * day, limit + 5 * day)


@pytest.mark.django_db
def test_X2_the_start_of_the_next_term():
    school = make_school(make_trust())
    make_calendar(school, 2026)
    make_calendar(school, 2027)
    calendar = SchoolCalendar.for_school(school)
    assert calendar.start_of_next_term(dt.date(2026, 9, 10)) == dt.date(2027, 1, 4)
    assert calendar.start_of_next_term(dt.date(2026, 11, 5)) == dt.date(2027, 1, 4)
    assert calendar.start_of_next_term(dt.date(2027, 2, 1)) == dt.date(2027, 4, 12)
    assert calendar.start_of_next_term(dt.date(2027, 7, 1)) == dt.date(2027, 9, 1)
    with pytest.raises(OutsideCalendar) as beyond:
        calendar.start_of_next_term(dt.date(2028, 6, 1))
    assert str(beyond.value) == (
        "The school's term dates do not go beyond 1 June 2028. "
        "A trust administrator needs to add the next academic year."
    )


def test_X2_a_term_or_half_term_begins_on_its_first_school_day():
    # Autumn 2026 and spring 2027, the spring term opening with two INSET days and a weekend, and
    # a summer half term whose only school day is its last.
    halves = [
        HalfTerm(d(2026, 9, 1), d(2026, 10, 23)),
        HalfTerm(d(2026, 11, 2), d(2026, 12, 18)),
        HalfTerm(d(2027, 1, 7), d(2027, 2, 12)),
        HalfTerm(d(2027, 2, 22), d(2027, 3, 25)),
        HalfTerm(d(2027, 4, 12), d(2027, 4, 16)),
        HalfTerm(d(2027, 4, 19), d(2027, 7, 21)),
    ]
    closures = {d(2027, 1, 7), d(2027, 1, 8)} | {d(2027, 4, n) for n in (12, 13, 14, 15)}
    cal = SchoolCalendar(halves, closures)
    assert cal.start_of_next_term(d(2026, 12, 1)) == d(2027, 1, 11)
    assert cal.start_of_next_half_term(d(2026, 12, 1)) == d(2027, 1, 11)
    assert cal.start_of_next_term(d(2027, 3, 1)) == d(2027, 4, 16)
    assert cal.start_of_next_half_term(d(2027, 3, 1)) == d(2027, 4, 16)
    assert cal.start_of_next_half_term(d(2027, 4, 16)) == d(2027, 4, 19)


def test_X2_a_half_term_with_no_school_day_is_passed_over():
    halves = [
        HalfTerm(d(2026, 9, 1), d(2026, 10, 23)),
        HalfTerm(d(2026, 11, 2), d(2026, 11, 6)),  # closed all week
        HalfTerm(d(2026, 11, 9), d(2026, 12, 18)),
    ]
    cal = SchoolCalendar(halves, {d(2026, 11, n) for n in range(2, 7)})
    assert cal.start_of_next_half_term(d(2026, 10, 1)) == d(2026, 11, 9)
    with pytest.raises(OutsideCalendar) as beyond:
        cal.start_of_next_half_term(d(2026, 12, 1))
    assert str(beyond.value) == (
        "The school's term dates do not go beyond 1 December 2026. "
        "A trust administrator needs to add the next academic year."
    )


def test_X2_a_term_opening_with_one_inset_day_begins_the_next_day():
    # The spring term opens on Monday 4 January 2027 with one INSET day: it begins on Tuesday
    # the 5th, not on the Wednesday (a step of one day at a time, not two).
    halves = [
        HalfTerm(d(2026, 9, 1), d(2026, 10, 23)),
        HalfTerm(d(2026, 11, 2), d(2026, 12, 18)),
        HalfTerm(d(2027, 1, 4), d(2027, 2, 12)),
    ]
    cal = SchoolCalendar(halves, {d(2027, 1, 4)})
    assert cal.start_of_next_term(d(2026, 10, 30)) == d(2027, 1, 5)
    assert cal.start_of_next_half_term(d(2026, 12, 1)) == d(2027, 1, 5)

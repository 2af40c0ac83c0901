"""X-2 and R-10.3 / R-9.1: the school-day service, on the real English term dates the factories
make for 2026-27 and 2027-28 and the England and Wales bank holidays bundled with
govuk-bank-holidays.

The 2026-27 calendar (make_calendar(school, 2026)):
  autumn  Tue 1 Sep 2026 - Fri 18 Dec 2026, half term Mon 26 - Fri 30 Oct
  spring  Mon 4 Jan 2027 - Thu 25 Mar 2027, half term Mon 15 - Fri 19 Feb
  summer  Mon 12 Apr 2027 - Wed 21 Jul 2027, half term Mon 31 May - Fri 4 Jun
The 2027-28 calendar starts Wed 1 Sep 2027.
"""

import datetime as dt

import pytest

from altprov.termdates.models import AcademicYear, Term
from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar, bank_holidays
from tests.factories import add_inset, make_calendar, make_school, make_trust

d = dt.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    """A school with the 2026-27 calendar only."""
    school = make_school(make_trust())
    make_calendar(school, 2026)
    return school


@pytest.fixture
def two_year_school():
    """A school with the 2026-27 and 2027-28 calendars."""
    school = make_school(make_trust())
    make_calendar(school, 2026)
    make_calendar(school, 2027)
    return school


def calendar(school) -> SchoolCalendar:
    return SchoolCalendar.for_school(school)


def add_term(year, name, start, break_start, break_end, end):
    return Term.objects.create(
        academic_year=year,
        name=name,
        start=start,
        half_term_break_start=break_start,
        half_term_break_end=break_end,
        end=end,
    )


@pytest.fixture
def open_over_holidays_school():
    """A provision open through Christmas and Easter 2026-27, so bank holidays fall on days that
    would otherwise be school days."""
    school = make_school(make_trust())
    year = AcademicYear.objects.create(school=school, start=d(2026, 9, 1), end=d(2027, 8, 31))
    add_term(year, "autumn", d(2026, 9, 1), d(2026, 10, 26), d(2026, 10, 30), d(2027, 1, 8))
    add_term(year, "spring", d(2027, 1, 11), d(2027, 2, 15), d(2027, 2, 19), d(2027, 4, 9))
    return school


# The bundled bank-holiday data --------------------------------------------------------------


def test_X2_bank_holidays_include_christmas_2026_with_boxing_day_moved_to_monday_28_december():
    holidays = bank_holidays()
    assert d(2026, 12, 25) in holidays
    assert d(2026, 12, 28) in holidays  # Boxing Day substitute: 26 Dec 2026 is a Saturday
    assert d(2026, 12, 26) not in holidays


def test_X2_bank_holidays_include_new_year_easter_and_may_2027():
    holidays = bank_holidays()
    for day in [
        d(2027, 1, 1),  # New Year's Day, a Friday
        d(2027, 3, 26),  # Good Friday
        d(2027, 3, 29),  # Easter Monday
        d(2027, 5, 3),  # early May bank holiday
        d(2027, 5, 31),  # spring bank holiday
        d(2027, 8, 30),  # summer bank holiday
    ]:
        assert day in holidays, day
    assert d(2027, 8, 31) not in holidays


def test_X2_bank_holidays_move_christmas_2027_and_new_year_2028_off_the_weekend():
    holidays = bank_holidays()
    # 25 and 26 Dec 2027 are a Saturday and Sunday; 1 Jan 2028 is a Saturday.
    assert {d(2027, 12, 27), d(2027, 12, 28), d(2028, 1, 3)} <= holidays
    assert not {d(2027, 12, 25), d(2027, 12, 26), d(2028, 1, 1)} & holidays


def test_X2_bank_holidays_are_england_and_wales_only():
    holidays = bank_holidays()
    assert d(2026, 11, 30) not in holidays  # St Andrew's Day (Scotland)
    assert d(2027, 1, 4) not in holidays  # 2nd January substitute (Scotland)
    assert d(2027, 3, 17) not in holidays  # St Patrick's Day (Northern Ireland)
    assert d(2027, 7, 12) not in holidays  # Battle of the Boyne (Northern Ireland)


def test_X2_bank_holiday_data_reaches_the_end_of_the_2027_to_2028_school_year():
    assert max(bank_holidays()) >= d(2028, 8, 28)
    assert d(2028, 5, 1) in bank_holidays()  # early May 2028


# One day ----------------------------------------------------------------------------------


def test_X2_a_weekday_in_term_is_a_school_day_and_a_weekend_is_not(school):
    cal = calendar(school)
    assert cal.is_school_day(d(2026, 10, 21))  # Wednesday
    assert not cal.is_school_day(d(2026, 10, 24))  # Saturday
    assert not cal.is_school_day(d(2026, 10, 25))  # Sunday


def test_X2_the_half_term_break_is_not_school_days_but_the_days_around_it_are(school):
    cal = calendar(school)
    assert cal.is_school_day(d(2026, 10, 23))
    for day in range(26, 31):
        assert not cal.is_school_day(d(2026, 10, day)), day
    assert cal.is_school_day(d(2026, 11, 2))


def test_X2_the_first_and_last_days_of_each_term_are_school_days(school):
    cal = calendar(school)
    for day in [d(2026, 9, 1), d(2026, 12, 18), d(2027, 1, 4), d(2027, 3, 25), d(2027, 7, 21)]:
        assert cal.is_school_day(day), day
    for day in [d(2026, 8, 31), d(2026, 12, 21), d(2027, 3, 26), d(2027, 7, 22)]:
        assert not cal.is_school_day(day), day


def test_X2_the_early_may_bank_holiday_2027_in_term_is_not_a_school_day(school):
    cal = calendar(school)
    assert not cal.is_school_day(d(2027, 5, 3))
    assert cal.is_school_day(d(2027, 4, 30))
    assert cal.is_school_day(d(2027, 5, 4))


def test_X2_other_nations_bank_holidays_in_term_are_school_days_in_england(school):
    cal = calendar(school)
    assert cal.is_school_day(d(2026, 11, 30))  # St Andrew's Day
    assert cal.is_school_day(d(2027, 1, 4))  # Scotland's 2nd January substitute
    assert cal.is_school_day(d(2027, 3, 17))  # St Patrick's Day
    assert cal.is_school_day(d(2027, 7, 12))  # Battle of the Boyne


def test_X2_an_inset_day_is_not_a_school_day(school):
    add_inset(school, d(2026, 11, 2))
    cal = calendar(school)
    assert not cal.is_school_day(d(2026, 11, 2))
    assert cal.is_school_day(d(2026, 11, 3))


def test_X2_christmas_new_year_and_easter_bank_holidays_are_not_school_days_when_open(
    open_over_holidays_school,
):
    cal = calendar(open_over_holidays_school)
    closed = [d(2026, 12, 25), d(2026, 12, 28), d(2027, 1, 1), d(2027, 3, 26), d(2027, 3, 29)]
    for day in closed:
        assert not cal.is_school_day(day), day
    for day in [d(2026, 12, 24), d(2026, 12, 29), d(2026, 12, 31), d(2027, 3, 30)]:
        assert cal.is_school_day(day), day


# The n-th school day (R-10.3: the sixth day of a suspension) ------------------------------


def test_R10_3_the_sixth_school_day_of_a_suspension_from_wed_21_october_2026_is_wed_4_november(
    school,
):
    # Days 1-5: 21, 22, 23 October, (half term 26-30 October), 2, 3 November. Day 6: 4 November.
    cal = calendar(school)
    assert cal.nth_school_day(d(2026, 10, 21), 5) == d(2026, 11, 3)
    assert cal.nth_school_day(d(2026, 10, 21), 6) == d(2026, 11, 4)


def test_R10_3_the_start_day_counts_as_day_one_when_it_is_a_school_day(school):
    cal = calendar(school)
    assert cal.nth_school_day(d(2026, 10, 21), 1) == d(2026, 10, 21)
    assert cal.nth_school_day(d(2026, 10, 21), 3) == d(2026, 10, 23)
    assert cal.nth_school_day(d(2026, 10, 21), 4) == d(2026, 11, 2)


def test_R10_3_counting_from_a_day_in_the_half_term_break_starts_at_the_next_school_day(school):
    assert calendar(school).nth_school_day(d(2026, 10, 28), 1) == d(2026, 11, 2)
    assert calendar(school).nth_school_day(d(2026, 10, 24), 6) == d(2026, 11, 9)


def test_R10_3_a_suspension_from_thu_29_april_2027_skips_the_early_may_bank_holiday(school):
    # 29, 30 April; weekend; Mon 3 May bank holiday; 4, 5, 6, 7 May.
    cal = calendar(school)
    assert cal.nth_school_day(d(2027, 4, 29), 3) == d(2027, 5, 4)
    assert cal.nth_school_day(d(2027, 4, 29), 6) == d(2027, 5, 7)


def test_R10_3_a_count_reaching_the_spring_bank_holiday_half_term_resumes_on_7_june_2027(school):
    assert calendar(school).nth_school_day(d(2027, 5, 27), 3) == d(2027, 6, 7)


def test_R10_3_an_inset_day_after_half_term_pushes_the_sixth_day_to_thu_5_november_2026(school):
    add_inset(school, d(2026, 11, 2))
    assert calendar(school).nth_school_day(d(2026, 10, 21), 6) == d(2026, 11, 5)


def test_X2_an_inset_day_on_the_first_day_of_term_is_skipped(school):
    add_inset(school, d(2026, 9, 1))
    cal = calendar(school)
    assert not cal.is_school_day(d(2026, 9, 1))
    assert cal.nth_school_day(d(2026, 9, 1), 1) == d(2026, 9, 2)
    assert cal.school_days_between(d(2026, 9, 1), d(2026, 9, 4)) == 3


def test_R10_3_counting_over_christmas_skips_the_bank_holidays_of_a_school_open_then(
    open_over_holidays_school,
):
    cal = calendar(open_over_holidays_school)
    # Thu 24 Dec; Fri 25 and Mon 28 Dec bank holidays; Tue 29 Dec.
    assert cal.nth_school_day(d(2026, 12, 24), 2) == d(2026, 12, 29)
    # Thu 31 Dec; Fri 1 Jan bank holiday; Mon 4 Jan.
    assert cal.nth_school_day(d(2026, 12, 31), 2) == d(2027, 1, 4)


def test_R10_3_counting_across_the_summer_holiday_continues_into_the_next_academic_year(
    two_year_school,
):
    # 19, 20, 21 July 2027; summer holiday; Wed 1, Thu 2, Fri 3 September 2027.
    assert calendar(two_year_school).nth_school_day(d(2027, 7, 19), 6) == d(2027, 9, 3)


def test_X2_the_n_th_school_day_needs_n_of_one_or_more(school):
    with pytest.raises(ValueError, match="^n must be 1 or more$"):
        calendar(school).nth_school_day(d(2026, 10, 21), 0)


# School days before (R-9.1: the last day to give notice) ----------------------------------


def test_R9_1_two_school_days_notice_before_mon_2_november_2026_is_due_by_thu_22_october(school):
    cal = calendar(school)
    assert cal.school_days_before(d(2026, 11, 2), 2) == d(2026, 10, 22)
    assert cal.school_days_before(d(2026, 11, 2), 1) == d(2026, 10, 23)


def test_R9_1_notice_before_a_start_skips_an_inset_day_and_the_half_term(school):
    add_inset(school, d(2026, 11, 2))
    assert calendar(school).school_days_before(d(2026, 11, 3), 2) == d(2026, 10, 22)


def test_R9_1_notice_before_wed_5_may_2027_skips_the_early_may_bank_holiday(school):
    # Tue 4 May; Mon 3 May bank holiday; Fri 30 April.
    assert calendar(school).school_days_before(d(2027, 5, 5), 2) == d(2027, 4, 30)


def test_R9_1_notice_before_a_january_start_reaches_back_over_christmas(school):
    add_inset(school, d(2027, 1, 4))
    # Tue 5 Jan 2027 start: 4 Jan is INSET, so 18 Dec 2026 then 17 Dec 2026.
    assert calendar(school).school_days_before(d(2027, 1, 5), 2) == d(2026, 12, 17)


def test_R9_1_notice_before_the_first_day_of_the_new_year_reaches_back_into_july(
    two_year_school,
):
    assert calendar(two_year_school).school_days_before(d(2027, 9, 1), 2) == d(2027, 7, 20)
    assert calendar(two_year_school).school_days_before(d(2027, 9, 2), 2) == d(2027, 7, 21)


def test_R9_1_school_days_before_needs_n_of_one_or_more(school):
    with pytest.raises(ValueError, match="^n must be 1 or more$"):
        calendar(school).school_days_before(d(2026, 11, 2), 0)


# School days between ------------------------------------------------------------------------


def test_X2_school_days_between_counts_both_ends(school):
    cal = calendar(school)
    assert cal.school_days_between(d(2026, 10, 19), d(2026, 10, 23)) == 5
    assert cal.school_days_between(d(2026, 10, 21), d(2026, 10, 21)) == 1
    assert cal.school_days_between(d(2026, 10, 24), d(2026, 10, 24)) == 0


def test_X2_school_days_between_is_zero_when_the_last_day_is_before_the_first(school):
    assert calendar(school).school_days_between(d(2026, 10, 23), d(2026, 10, 19)) == 0


def test_X2_school_days_between_14_december_2026_and_8_january_2027_skips_christmas(school):
    # 14-18 December and 4-8 January.
    assert calendar(school).school_days_between(d(2026, 12, 14), d(2027, 1, 8)) == 10


def test_X2_school_days_over_christmas_for_a_school_open_then_skip_three_bank_holidays(
    open_over_holidays_school,
):
    cal = calendar(open_over_holidays_school)
    # 21-24 Dec, 29-31 Dec: 25 Dec, 28 Dec and 1 Jan are bank holidays.
    assert cal.school_days_between(d(2026, 12, 21), d(2027, 1, 1)) == 7
    # 22-25 Mar, 30 Mar-2 Apr: Good Friday and Easter Monday are bank holidays.
    assert cal.school_days_between(d(2027, 3, 22), d(2027, 4, 2)) == 8


def test_X2_the_2026_to_2027_year_has_195_school_days_or_190_with_five_inset_days(school):
    first, last = d(2026, 9, 1), d(2027, 7, 21)
    assert calendar(school).school_days_between(first, last) == 195
    add_inset(school, d(2026, 9, 1), d(2026, 9, 2), d(2027, 1, 4), d(2027, 4, 12), d(2027, 7, 21))
    assert calendar(school).school_days_between(first, last) == 190


def test_X2_school_days_between_counts_across_the_summer_holiday(two_year_school):
    assert calendar(two_year_school).school_days_between(d(2027, 7, 19), d(2027, 9, 3)) == 6


# Start of the next half term ----------------------------------------------------------------


def test_X2_the_next_half_term_from_within_the_first_half_of_autumn_starts_mon_2_november(school):
    cal = calendar(school)
    assert cal.start_of_next_half_term(d(2026, 9, 1)) == d(2026, 11, 2)
    assert cal.start_of_next_half_term(d(2026, 10, 14)) == d(2026, 11, 2)
    assert cal.start_of_next_half_term(d(2026, 10, 23)) == d(2026, 11, 2)


def test_X2_the_next_half_term_from_within_the_half_term_break_starts_mon_2_november(school):
    cal = calendar(school)
    assert cal.start_of_next_half_term(d(2026, 10, 26)) == d(2026, 11, 2)
    assert cal.start_of_next_half_term(d(2026, 10, 30)) == d(2026, 11, 2)


def test_X2_the_next_half_term_from_10_december_2026_starts_mon_4_january_2027(school):
    assert calendar(school).start_of_next_half_term(d(2026, 12, 10)) == d(2027, 1, 4)


def test_X2_the_next_half_term_starts_tue_5_january_2027_when_4_january_is_an_inset_day(school):
    add_inset(school, d(2027, 1, 4))
    assert calendar(school).start_of_next_half_term(d(2026, 12, 10)) == d(2027, 1, 5)


def test_X2_the_next_half_term_from_its_own_first_day_is_the_one_after(school):
    assert calendar(school).start_of_next_half_term(d(2026, 11, 2)) == d(2027, 1, 4)


def test_X2_the_next_half_term_after_the_spring_bank_holiday_starts_mon_7_june_2027(school):
    assert calendar(school).start_of_next_half_term(d(2027, 5, 28)) == d(2027, 6, 7)


def test_X2_the_next_half_term_from_the_summer_term_is_the_next_academic_years_autumn(
    two_year_school,
):
    cal = calendar(two_year_school)
    assert cal.start_of_next_half_term(d(2027, 7, 1)) == d(2027, 9, 1)
    assert cal.start_of_next_half_term(d(2027, 8, 10)) == d(2027, 9, 1)


# Outside the calendar ---------------------------------------------------------------------


def test_X2_counting_past_the_last_term_raises_outside_calendar(school):
    cal = calendar(school)
    with pytest.raises(OutsideCalendar, match="do not cover 22 July 2027"):
        cal.nth_school_day(d(2027, 7, 20), 5)
    with pytest.raises(OutsideCalendar):
        cal.nth_school_day(d(2027, 9, 1), 1)
    with pytest.raises(OutsideCalendar):
        cal.school_days_between(d(2027, 7, 1), d(2027, 9, 1))


def test_X2_the_sixth_day_from_19_july_2027_is_unknown_without_the_next_years_dates(school):
    with pytest.raises(OutsideCalendar):
        calendar(school).nth_school_day(d(2027, 7, 19), 6)


def test_X2_counting_back_before_the_first_term_raises_outside_calendar(school):
    cal = calendar(school)
    assert cal.school_days_before(d(2026, 9, 2), 1) == d(2026, 9, 1)
    with pytest.raises(OutsideCalendar, match="do not cover 31 August 2026"):
        cal.school_days_before(d(2026, 9, 2), 2)
    with pytest.raises(OutsideCalendar):
        cal.school_days_between(d(2026, 8, 31), d(2026, 9, 4))


def test_X2_there_is_no_next_half_term_after_the_last_one_entered(school):
    cal = calendar(school)
    with pytest.raises(OutsideCalendar):
        cal.start_of_next_half_term(d(2027, 6, 7))
    with pytest.raises(OutsideCalendar):
        cal.start_of_next_half_term(d(2027, 7, 25))


def test_X2_the_next_half_term_from_a_year_whose_dates_are_not_entered_is_unknown(school):
    # The school has entered 2026-27 only: after 1 October 2025 comes 2 November 2025 or so,
    # not 1 September 2026.
    with pytest.raises(OutsideCalendar):
        calendar(school).start_of_next_half_term(d(2025, 10, 1))


def test_X2_a_school_with_no_term_dates_raises_outside_calendar():
    cal = calendar(make_school(make_trust()))
    with pytest.raises(OutsideCalendar):
        cal.nth_school_day(d(2026, 10, 21), 1)
    with pytest.raises(OutsideCalendar):
        cal.school_days_before(d(2026, 10, 21), 1)
    with pytest.raises(OutsideCalendar):
        cal.school_days_between(d(2026, 10, 19), d(2026, 10, 23))
    with pytest.raises(OutsideCalendar):
        cal.start_of_next_half_term(d(2026, 10, 21))


@pytest.fixture
def school_missing_a_year():
    """2026-27 and 2028-29 entered, 2027-28 not."""
    school = make_school(make_trust())
    make_calendar(school, 2026)
    year = AcademicYear.objects.create(school=school, start=d(2028, 9, 1), end=d(2029, 8, 31))
    add_term(year, "autumn", d(2028, 9, 4), d(2028, 10, 23), d(2028, 10, 27), d(2028, 12, 15))
    return school


def test_X2_counting_across_an_academic_year_not_entered_raises_outside_calendar(
    school_missing_a_year,
):
    cal = calendar(school_missing_a_year)
    with pytest.raises(OutsideCalendar, match="1 September 2027"):
        cal.nth_school_day(d(2027, 7, 19), 6)
    with pytest.raises(OutsideCalendar):
        cal.school_days_between(d(2027, 7, 19), d(2028, 9, 8))
    with pytest.raises(OutsideCalendar):
        cal.school_days_before(d(2028, 9, 5), 2)
    with pytest.raises(OutsideCalendar):
        cal.start_of_next_half_term(d(2027, 7, 1))


def test_X2_the_years_either_side_of_a_missing_year_still_answer(school_missing_a_year):
    cal = calendar(school_missing_a_year)
    assert cal.nth_school_day(d(2026, 10, 21), 6) == d(2026, 11, 4)
    assert cal.nth_school_day(d(2028, 9, 4), 6) == d(2028, 9, 11)
    assert cal.school_days_before(d(2028, 9, 6), 2) == d(2028, 9, 4)


# Schools are independent ------------------------------------------------------------------


def test_X2_an_inset_day_in_one_school_is_a_school_day_in_another():
    trust = make_trust()
    first, second = make_school(trust), make_school(trust)
    make_calendar(first, 2026)
    make_calendar(second, 2026)
    add_inset(first, d(2027, 1, 4))
    assert not calendar(first).is_school_day(d(2027, 1, 4))
    assert calendar(second).is_school_day(d(2027, 1, 4))
    assert calendar(first).start_of_next_half_term(d(2026, 12, 10)) == d(2027, 1, 5)
    assert calendar(second).start_of_next_half_term(d(2026, 12, 10)) == d(2027, 1, 4)


def test_X2_one_schools_terms_do_not_count_for_another(two_year_school):
    other = make_school(make_trust())
    make_calendar(other, 2026)
    assert calendar(two_year_school).is_school_day(d(2027, 9, 1))
    assert not calendar(other).is_school_day(d(2027, 9, 1))
    with pytest.raises(OutsideCalendar):
        calendar(other).nth_school_day(d(2027, 9, 1), 1)


# Queries ----------------------------------------------------------------------------------


def test_X2_loading_a_calendar_takes_two_queries_and_questions_take_none(
    school, django_assert_num_queries
):
    add_inset(school, d(2026, 11, 2))
    with django_assert_num_queries(2):
        cal = SchoolCalendar.for_school(school)
    with django_assert_num_queries(0):
        assert not cal.is_school_day(d(2026, 11, 2))
        assert cal.nth_school_day(d(2026, 10, 21), 6) == d(2026, 11, 5)
        assert cal.school_days_before(d(2026, 11, 3), 2) == d(2026, 10, 22)
        assert cal.school_days_between(d(2026, 12, 14), d(2027, 1, 8)) == 10
        assert cal.start_of_next_half_term(d(2026, 12, 10)) == d(2027, 1, 4)


def test_X2_a_calendar_can_be_loaded_by_school_id_in_two_queries(school, django_assert_num_queries):
    with django_assert_num_queries(2):
        cal = SchoolCalendar.for_school(school.pk)
    assert cal.nth_school_day(d(2026, 10, 21), 6) == d(2026, 11, 4)

"""X-2 / X-3: term dates are checked before they are saved, with messages that name the field."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.termdates.models import AcademicYear, Term
from tests.factories import make_calendar, make_school, make_trust

d = dt.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return make_school(make_trust())


@pytest.fixture
def year(school):
    return AcademicYear.objects.create(school=school, start=d(2026, 9, 1), end=d(2027, 8, 31))


def term(year, start, break_start, break_end, end, name="autumn") -> Term:
    return Term(
        academic_year=year,
        name=name,
        start=start,
        half_term_break_start=break_start,
        half_term_break_end=break_end,
        end=end,
    )


def autumn(year) -> Term:
    return term(year, d(2026, 9, 1), d(2026, 10, 26), d(2026, 10, 30), d(2026, 12, 18))


def errors(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


# Terms ------------------------------------------------------------------------------------


def test_X2_a_term_with_its_half_term_inside_it_and_inside_its_year_is_accepted(year):
    assert autumn(year).clean() is None


def test_X2_a_half_term_break_before_the_first_day_of_term_is_refused_naming_the_break(year):
    bad = term(year, d(2026, 9, 1), d(2026, 8, 24), d(2026, 8, 28), d(2026, 12, 18))
    with pytest.raises(ValidationError) as exc:
        bad.clean()
    assert errors(exc) == {
        "half_term_break_start": ["The half-term break must start after the first day of term"]
    }


def test_X2_a_half_term_break_starting_on_the_first_day_of_term_is_refused(year):
    bad = term(year, d(2026, 9, 1), d(2026, 9, 1), d(2026, 9, 4), d(2026, 12, 18))
    with pytest.raises(ValidationError) as exc:
        bad.clean()
    assert list(errors(exc)) == ["half_term_break_start"]


def test_X2_a_half_term_break_ending_before_it_starts_is_refused_naming_its_last_day(year):
    bad = term(year, d(2026, 9, 1), d(2026, 10, 30), d(2026, 10, 26), d(2026, 12, 18))
    with pytest.raises(ValidationError) as exc:
        bad.clean()
    assert errors(exc) == {
        "half_term_break_end": ["The half-term break must end on or after the day it starts"]
    }


def test_X2_a_one_day_half_term_break_is_accepted(year):
    one_day = term(year, d(2026, 9, 1), d(2026, 10, 26), d(2026, 10, 26), d(2026, 12, 18))
    assert one_day.clean() is None


def test_X2_a_term_ending_on_the_last_day_of_its_break_is_refused_naming_the_last_day(year):
    bad = term(year, d(2026, 9, 1), d(2026, 10, 26), d(2026, 10, 30), d(2026, 10, 30))
    with pytest.raises(ValidationError) as exc:
        bad.clean()
    assert errors(exc) == {"end": ["The last day of term must be after the half-term break"]}


def test_X2_a_term_starting_before_its_academic_year_is_refused(year):
    bad = term(year, d(2026, 8, 24), d(2026, 10, 26), d(2026, 10, 30), d(2026, 12, 18))
    with pytest.raises(ValidationError) as exc:
        bad.clean()
    assert exc.value.messages == [
        "The term must fall within the academic year 2026 to 2027 "
        "(1 September 2026 to 31 August 2027)"
    ]


def test_X2_a_term_ending_after_its_academic_year_is_refused(year):
    bad = term(year, d(2027, 6, 7), d(2027, 7, 26), d(2027, 7, 30), d(2027, 9, 3), name="summer")
    with pytest.raises(ValidationError) as exc:
        bad.clean()
    assert exc.value.messages == [
        "The term must fall within the academic year 2026 to 2027 "
        "(1 September 2026 to 31 August 2027)"
    ]


def test_X2_a_term_overlapping_another_term_of_the_school_is_refused(year):
    autumn(year).save()
    spring = term(
        year, d(2026, 12, 14), d(2027, 2, 15), d(2027, 2, 19), d(2027, 3, 25), name="spring"
    )
    with pytest.raises(ValidationError) as exc:
        spring.clean()
    assert exc.value.messages == ["These dates overlap another term"]


def test_X2_a_term_starting_on_the_last_day_of_another_term_is_refused(year):
    autumn(year).save()
    spring = term(
        year, d(2026, 12, 18), d(2027, 2, 15), d(2027, 2, 19), d(2027, 3, 25), name="spring"
    )
    with pytest.raises(ValidationError):
        spring.clean()


def test_X2_a_term_starting_the_day_after_another_ends_is_accepted(year):
    autumn(year).save()
    spring = term(
        year, d(2026, 12, 19), d(2027, 2, 15), d(2027, 2, 19), d(2027, 3, 25), name="spring"
    )
    assert spring.clean() is None


def test_X2_a_saved_term_does_not_overlap_itself_when_checked_again(year):
    saved = autumn(year)
    saved.save()
    saved.end = d(2026, 12, 17)
    assert saved.clean() is None


def test_X2_a_term_may_have_the_same_dates_as_a_term_of_another_school(year):
    autumn(year).save()
    other_year = make_calendar(make_school(make_trust()), 2026)
    other_autumn = other_year.terms.get(name="autumn")
    other_autumn.delete()
    assert autumn(other_year).clean() is None


# Academic years ---------------------------------------------------------------------------


def test_X2_an_academic_year_from_1_september_to_31_august_is_accepted(school):
    year = AcademicYear(school=school, start=d(2026, 9, 1), end=d(2027, 8, 31))
    assert year.clean() is None


def test_X2_an_academic_year_ending_before_it_starts_is_refused_naming_the_last_day(school):
    year = AcademicYear(school=school, start=d(2026, 9, 1), end=d(2026, 7, 31))
    with pytest.raises(ValidationError) as exc:
        year.clean()
    assert errors(exc) == {"end": ["The last day must be after the first day"]}


def test_X2_an_academic_year_ending_on_its_first_day_is_refused(school):
    year = AcademicYear(school=school, start=d(2026, 9, 1), end=d(2026, 9, 1))
    with pytest.raises(ValidationError) as exc:
        year.clean()
    assert list(errors(exc)) == ["end"]


def test_X2_an_academic_year_longer_than_366_days_is_refused_naming_the_last_day(school):
    year = AcademicYear(school=school, start=d(2026, 9, 1), end=d(2027, 9, 3))
    with pytest.raises(ValidationError) as exc:
        year.clean()
    assert errors(exc) == {"end": ["An academic year cannot be longer than a year"]}


def test_X2_a_leap_academic_year_of_366_days_is_accepted(school):
    year = AcademicYear(school=school, start=d(2027, 9, 1), end=d(2028, 8, 31))
    assert year.clean() is None


def test_X2_an_academic_year_overlapping_another_of_the_school_is_refused(school):
    make_calendar(school, 2026)
    year = AcademicYear(school=school, start=d(2027, 8, 1), end=d(2028, 7, 31))
    with pytest.raises(ValidationError) as exc:
        year.clean()
    assert exc.value.messages == ["These dates overlap another academic year of this school"]


def test_X2_an_academic_year_starting_on_the_last_day_of_another_is_refused(school):
    make_calendar(school, 2026)
    year = AcademicYear(school=school, start=d(2027, 8, 31), end=d(2028, 8, 30))
    with pytest.raises(ValidationError):
        year.clean()


def test_X2_an_academic_year_starting_the_day_after_another_ends_is_accepted(school):
    make_calendar(school, 2026)
    year = AcademicYear(school=school, start=d(2027, 9, 1), end=d(2028, 8, 31))
    assert year.clean() is None


def test_X2_a_saved_academic_year_does_not_overlap_itself_when_checked_again(school):
    year = make_calendar(school, 2026)
    year.end = d(2027, 8, 30)
    assert year.clean() is None


def test_X2_academic_years_of_different_schools_may_have_the_same_dates(school):
    make_calendar(school, 2026)
    other = make_school(school.trust)
    year = AcademicYear(school=other, start=d(2026, 9, 1), end=d(2027, 8, 31))
    assert year.clean() is None

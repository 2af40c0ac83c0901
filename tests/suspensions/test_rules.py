"""R-10.3: suspensions counted in school days on the school's calendar (X-2)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.duties.engine import due_items
from altprov.suspensions.models import Suspension
from altprov.suspensions.services import suspension_record
from tests.factories import add_inset

from .helpers import suspend, suspension_placement

pytestmark = pytest.mark.django_db
d = dt.date


@pytest.fixture(autouse=True)
def frozen():
    """Placement decisions are recorded on or before the day (done dates)."""
    with time_machine.travel(dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def sixth_day_items(world, today):
    return [
        i
        for i in due_items([world.school_a1], today, only_attention=False)
        if i.duty == "suspension_sixth_day"
    ]


# The sixth school day ----------------------------------------------------------------------------


def test_R10_3_the_sixth_day_skips_a_weekend(world):
    suspension, _ = suspend(world, d(2026, 9, 9), 6)  # a Wednesday
    assert suspension.sixth_day == d(2026, 9, 16)  # Wed to Fri, Mon to Wed
    assert suspension.last_day == d(2026, 9, 16)


def test_R10_3_the_sixth_day_skips_a_bank_holiday(world):
    # Thursday 29 April 2027; Monday 3 May 2027 is the early May bank holiday.
    suspension, _ = suspend(world, d(2027, 4, 29), 8)
    assert suspension.sixth_day == d(2027, 5, 7)
    assert suspension.last_day == d(2027, 5, 11)


def test_R10_3_the_sixth_day_skips_a_half_term(world):
    # Thursday 22 October 2026; half term is 26 to 30 October.
    suspension, _ = suspend(world, d(2026, 10, 22), 6)
    assert suspension.sixth_day == d(2026, 11, 5)


def test_R10_3_X2_the_sixth_day_skips_an_inset_day(world):
    add_inset(world.school_a1, d(2026, 11, 3))
    suspension, _ = suspend(world, d(2026, 10, 22), 6)
    assert suspension.sixth_day == d(2026, 11, 6)


def test_R10_3_a_suspension_of_five_days_has_no_sixth_day_and_no_flag(world):
    suspension, _ = suspend(world, d(2026, 9, 9), 5)
    assert suspension.sixth_day is None
    assert suspension.last_day == d(2026, 9, 15)
    assert sixth_day_items(world, d(2026, 9, 9)) == []


def test_R10_3_the_first_day_must_be_a_school_day(world):
    with pytest.raises(ValidationError) as error:
        suspend(world, d(2026, 10, 27), 3)  # half term
    assert "must be a school day" in str(error.value.message_dict["first_day"])
    assert not Suspension.objects.exists()


def test_R10_3_overlapping_suspensions_are_refused(world):
    suspend(world, d(2026, 9, 9), 3)
    with pytest.raises(ValidationError) as error:
        suspend(world, d(2026, 9, 11), 2)
    assert "already has a suspension" in str(error.value)
    assert Suspension.objects.count() == 1


def test_R10_3_only_a_headteacher_decides_a_suspension(world):
    with pytest.raises(ValidationError) as error:
        suspension_record(
            pupil=world.pupil_a1,
            first_day=d(2026, 9, 9),
            school_days=2,
            reason="x",
            decided_by=world.users[Role.AP_LEAD],
            by=world.users[Role.AP_LEAD],
        )
    assert "decided_by" in error.value.message_dict
    assert not Suspension.objects.exists()


# The flag and its exceptions -----------------------------------------------------------------------


def test_R10_3_more_than_five_days_with_nothing_arranged_is_flagged_to_the_headteacher(world):
    suspension, _ = suspend(world, d(2026, 9, 9), 6)
    [item] = sixth_day_items(world, d(2026, 9, 9))
    assert item.subject_id == suspension.pk
    assert item.pupil_id == world.pupil_a1.pk
    # Due on the last day the parents can have 48 hours' notice of provision on the sixth day.
    assert item.due == d(2026, 9, 14)
    assert item.url == f"/suspensions/{suspension.pk}/"
    # Once the suspension is over there is nothing left to arrange.
    assert sixth_day_items(world, d(2026, 9, 17)) == []


def test_R10_3_the_flag_clears_when_a_suspension_route_placement_starts_on_time(world):
    suspend(world, d(2026, 9, 9), 6)
    suspension_placement(world, world.pupil_a1, d(2026, 9, 16), started=True)
    assert sixth_day_items(world, d(2026, 9, 16)) == []


def test_R10_3_a_planned_suspension_route_placement_from_the_sixth_day_clears_the_flag(world):
    suspend(world, d(2026, 9, 9), 6)
    suspension_placement(world, world.pupil_a1, d(2026, 9, 15))
    assert sixth_day_items(world, d(2026, 9, 9)) == []


def test_R10_3_a_late_or_other_route_placement_does_not_clear_the_flag(world):
    suspend(world, d(2026, 9, 9), 6)
    suspension_placement(world, world.pupil_a1, d(2026, 9, 17))  # the seventh day
    suspension_placement(world, world.pupil_a1, d(2026, 9, 10), route="school_directed")
    assert len(sixth_day_items(world, d(2026, 9, 9))) == 1


def test_R10_3_exception_year_11_with_no_further_public_exams(world):
    world.pupil_a1.year_group = 11
    world.pupil_a1.save()
    suspension, _ = suspend(world, d(2026, 9, 9), 6, year11_no_further_exams=True)
    assert suspension.exception
    assert sixth_day_items(world, d(2026, 9, 9)) == []


def test_R10_3_exception_year_11_with_exams_still_to_take_is_flagged(world):
    world.pupil_a1.year_group = 11
    world.pupil_a1.save()
    suspend(world, d(2026, 9, 9), 6, year11_no_further_exams=False)
    assert len(sixth_day_items(world, d(2026, 9, 9))) == 1


def test_R10_3_exception_year_11_answer_does_not_apply_to_another_year(world):
    suspension, _ = suspend(world, d(2026, 9, 9), 6, year11_no_further_exams=True)  # Year 9
    assert not suspension.year11_no_further_exams
    assert len(sixth_day_items(world, d(2026, 9, 9))) == 1


def test_R10_3_exception_an_ehc_plan_that_specifies_fewer_hours(world):
    world.pupil_a1.send_status = "ehcp"
    world.pupil_a1.save()
    suspension, _ = suspend(world, d(2026, 9, 9), 6, ehcp_fewer_hours=True)
    assert suspension.ehcp_fewer_hours
    assert sixth_day_items(world, d(2026, 9, 9)) == []


def test_R10_3_exception_fewer_hours_needs_an_ehc_plan(world):
    suspension, _ = suspend(world, d(2026, 9, 9), 6, ehcp_fewer_hours=True)
    assert not suspension.ehcp_fewer_hours
    assert len(sixth_day_items(world, d(2026, 9, 9))) == 1


# Days in a term and in a school year --------------------------------------------------------------


def test_R10_3_15_days_in_a_term_warns_at_15_not_14(world):
    _, totals = suspend(world, d(2026, 9, 1), 10)
    _, totals = suspend(world, d(2026, 9, 21), 4)
    assert [t.days for t in totals.terms] == [14]
    assert totals.warnings == []
    _, totals = suspend(world, d(2026, 10, 1), 1)
    assert [t.days for t in totals.terms] == [15]
    [warning] = totals.warnings
    assert "15 school days of suspension in the autumn term 2026" in warning
    assert "governing board must consider" in warning


def test_R10_3_days_in_another_term_do_not_count_towards_the_term(world):
    suspend(world, d(2026, 12, 1), 14)  # ends in the autumn term
    _, totals = suspend(world, d(2027, 1, 4), 14)
    assert [t.days for t in totals.terms] == [14]
    assert totals.warnings == []
    assert [y.days for y in totals.years] == [28]


def _back_to_back(world, first, lengths):
    from altprov.termdates.schooldays import SchoolCalendar

    calendar = SchoolCalendar.for_school(world.school_a1)
    for days in lengths:
        suspension, totals = suspend(world, first, days)
        first = calendar.nth_school_day(suspension.last_day + dt.timedelta(days=1), 1)
    return first, totals


def test_R10_3_more_than_45_days_in_a_school_year_is_refused_at_46(world):
    first, totals = _back_to_back(world, d(2026, 9, 1), [20, 20, 5])
    assert [y.days for y in totals.years] == [45]  # 45 is allowed
    with pytest.raises(ValidationError) as error:
        suspend(world, first, 1)
    [message] = error.value.message_dict["school_days"]
    assert "at most 45 school days in a school year" in message
    assert "already has 45" in message and "would make 46" in message
    assert Suspension.objects.count() == 3


def test_R10_3_the_45_days_count_every_suspension_of_the_year_in_any_term(world):
    _back_to_back(world, d(2026, 9, 1), [20, 20])
    with pytest.raises(ValidationError):
        suspend(world, d(2027, 4, 12), 6)  # summer term: 40 + 6 = 46
    suspension, _ = suspend(world, d(2027, 4, 12), 5)
    assert suspension.pk

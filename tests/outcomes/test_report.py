"""R-6.5, R-13.3: outcomes for the school and trust reports, counts and means only, in a
constant number of queries whatever the number of schools and placements."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.attendance.models import AttendanceMark
from altprov.authz.permissions import Role
from altprov.outcomes import services
from altprov.outcomes.report import (
    ProviderOutcomes,
    SchoolOutcomes,
    outcomes_by_provider,
    outcomes_by_school,
)
from tests.factories import make_provider, make_pupil

from .helpers import TODAY, attending, ended, frozen, record_before  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
START, END = dt.date(2026, 9, 1), dt.date(2026, 12, 31)


def answer(world, placement, moment, on, score):
    scores = {q.pk: score for q in services.questions_for(world.trust_a)}
    services.views_record(
        placement=placement,
        by=world.users[Role.AP_LEAD],
        moment=moment,
        answered_on=on,
        scores=scores,
    )


def test_R6_5_R13_3_outcomes_by_school_counts_endings_destinations_attendance_and_views(world):
    ap = world.users[Role.AP_LEAD]
    provider = make_provider(world.trust_a, "Moorside Centre")
    # Reintegrated, with marks (3 of 4: 75.0%), before 60.0, after 90.0, views 2 -> 4.
    back = attending(world, make_pupil(world.school_a1), provider)
    for date, session, code in [
        (dt.date(2026, 10, 5), "AM", "/"),
        (dt.date(2026, 10, 5), "PM", "\\"),
        (dt.date(2026, 10, 6), "AM", "/"),
        (dt.date(2026, 10, 6), "PM", "O"),
    ]:
        AttendanceMark.objects.create(
            placement=back, date=date, session=session, code=code, entered_by=ap
        )
    answer(world, back, "start", dt.date(2026, 10, 5), 2)
    answer(world, back, "end", dt.date(2026, 11, 9), 4)
    record_before(world, back)
    services.reintegrate(placement=back, on=dt.date(2026, 11, 9), by=ap)
    back.refresh_from_db()
    services.outcome_record(
        placement=back,
        by=ap,
        destination="school_full_time",
        progress_summary="x",
        pupil_assessment="y",
        attendance_before=Decimal("60.0"),
    )
    services.follow_up_record(
        placement=back, by=ap, held_on=TODAY, attendance_after=Decimal("90.0"), how_it_is_going="x"
    )
    # Left the school, no outcome yet, before 80.0 is not recorded: views start 3 only.
    left = ended(world, make_pupil(world.school_a1), reintegrated=False, provider=provider)
    # Another moved, with its outcome and before 71.0.
    moved = attending(world, make_pupil(world.school_a1))
    services.end_placement(placement=moved, reason="moved", detail="PRU", on=TODAY, by=ap)
    moved.refresh_from_db()
    services.outcome_record(
        placement=moved,
        by=ap,
        destination="other_ap",
        progress_summary="x",
        pupil_assessment="y",
        attendance_before=Decimal("71.0"),
    )
    # Still attending, and one ended outside the dates: not counted.
    attending(world, make_pupil(world.school_a1))
    early = ended(world, make_pupil(world.school_a1), reintegrated=False)
    type(early).objects.filter(pk=early.pk).update(ended_on=dt.date(2026, 8, 31))
    # Another school's ending is its own.
    ended(world, world.canary_a2, reintegrated=False)
    assert left.end_reason == "left_school"

    result = outcomes_by_school(
        [world.school_a1.pk, world.school_a2.pk, world.school_b1.pk], START, END
    )
    assert result[world.school_a1.pk] == SchoolOutcomes(
        school_id=world.school_a1.pk,
        ended=3,
        reintegrated=1,
        by_reason={"reintegrated": 1, "left_school": 1, "moved": 1},
        destinations={"school_full_time": 1, "other_ap": 1},
        attendance_before=Decimal("65.5"),
        attendance_during=Decimal("75.0"),
        attendance_after=Decimal("90.0"),
        views_start=Decimal("2.0"),
        views_end=Decimal("4.0"),
    )
    assert result[world.school_a2.pk].ended == 1
    empty = result[world.school_b1.pk]
    assert (empty.ended, empty.by_reason, empty.attendance_during, empty.views_end) == (
        0,
        {},
        None,
        None,
    )
    # The boundaries of the dates are included.
    assert outcomes_by_school([world.school_a1.pk], TODAY, TODAY)[world.school_a1.pk].ended == 2
    assert (
        outcomes_by_school([world.school_a1.pk], dt.date(2026, 8, 31), dt.date(2026, 8, 31))[
            world.school_a1.pk
        ].ended
        == 1
    )

    by_provider = outcomes_by_provider([world.school_a1.pk], START, END)
    moorside = next(p for p in by_provider if p.provider_name == "Moorside Centre")
    assert moorside == ProviderOutcomes(
        provider_id=provider.pk,
        provider_name="Moorside Centre",
        ended=2,
        reintegrated=1,
        destinations={"school_full_time": 1},
    )
    assert sum(p.ended for p in by_provider) == 3
    assert [p.provider_name for p in by_provider] == sorted(
        (p.provider_name for p in by_provider), key=str.lower
    )


def test_R6_5_R13_3_the_report_runs_in_a_constant_number_of_queries(world):
    ap = world.users[Role.AP_LEAD]

    def add(n):
        for school in (world.school_a1, world.school_a2):
            for _ in range(n):
                placement = attending(world, make_pupil(school))
                answer(world, placement, "start", dt.date(2026, 10, 5), 3)
                AttendanceMark.objects.create(
                    placement=placement,
                    date=dt.date(2026, 10, 5),
                    session="AM",
                    code="/",
                    entered_by=ap,
                )
                services.end_placement(placement=placement, reason="completed", on=TODAY, by=ap)

    def queries(function):
        with CaptureQueriesContext(connection) as captured:
            function([world.school_a1.pk, world.school_a2.pk], START, END)
        return len(captured)

    add(1)
    small = (queries(outcomes_by_school), queries(outcomes_by_provider))
    add(6)
    assert (queries(outcomes_by_school), queries(outcomes_by_provider)) == small == (3, 1)
    assert outcomes_by_school([world.school_a1.pk], START, END)[world.school_a1.pk].ended == 7

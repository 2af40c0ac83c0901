"""The duty engine (issue 7, item 6): due dates from the school calendar and the trust settings,
declared once with their requirement IDs (R-7.3, R-5.4, R-5.5, R-5.6)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import Role
from altprov.duties.engine import due_items
from altprov.duties.table import DUTIES
from altprov.placements.rules import next_review_due
from altprov.reviews.models import AgreementReview
from altprov.termdates.schooldays import SchoolCalendar
from tests.duties.bulk import attending_placements
from tests.duties.helpers import attending, audited_provider
from tests.factories import add_inset, make_calendar, make_provider, make_school

pytestmark = pytest.mark.django_db
# With suspensions 1 (R-10.3; 2 with suspensions to check); budgets 3; reintegration
# and outcomes 2.
ENGINE_QUERIES = 29


@pytest.fixture(autouse=True)
def frozen():
    """Reviews are recorded on or before the day (done dates): the tests record them up to
    January 2027 and compute for the dates they name."""
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        yield


def all_items(schools, today, duty=None):
    items = due_items(schools, today, only_attention=False)
    return [i for i in items if duty is None or i.duty == duty]


def review_due(world, placement, today=dt.date(2026, 10, 20)):
    [item] = [
        i
        for i in all_items([world.school_a1], today, "agreement_review")
        if i.subject_id == placement.pk
    ]
    return item.due


def review(placement, held_on, by):
    return AgreementReview.objects.create(
        placement=placement,
        held_on=held_on,
        attended="AP Lead",
        outcome="continue",
        notes="Fine",
        recorded_by=by,
    )


def test_every_duty_is_declared_once_with_its_requirement_and_who_acts():
    keys = [d.key for d in DUTIES]
    assert len(keys) == len(set(keys))
    assert {d.key: d.requirement for d in DUTIES} == {
        "agreement_review": "R-7.3",
        "reaudit": "R-5.6",
        "letter_of_comfort": "R-5.5",
        "audit_next_step": "R-5.4, R-5.6",
        "termly_report": "R-12.1",
        "monitoring_visit": "R-12.2",
        "incident_decision_ap_lead": "R-12.3",
        "incident_decision_headteacher": "R-12.3",
        "continuation_decision": "R-12.4",
        "ehcp_annual_review": "R-10.8",
        "suspension_sixth_day": "R-10.3",
        "weekly_attendance_update": "R-10.6",
        "absence_follow_up": "R-10.6",
        "attendance_below_target": "R-12.6",
        "budget_missing": "R-10.10",
        "budget_approval": "R-10.10",
        "reintegration_plan": "R-13.1",
        "final_report": "R-13.2",
        "pupil_views_before_return": "R-13.2",
        "placement_outcome": "R-13.3, R-6.5",
        "return_follow_up": "R-13.3",
    }
    assert all(d.who for d in DUTIES)


def test_R7_3_the_next_review_follows_the_school_calendar_across_a_half_term(world):
    ap = world.users[Role.AP_LEAD]
    placement = attending(world, world.pupil_a1)  # from Monday 5 October 2026
    # Autumn half term: 26 to 30 October. The first review is due by the first school day after.
    assert review_due(world, placement) == dt.date(2026, 11, 2)
    # A review held in the half term, or in the break, counts for it: the next is due by the
    # first school day of the spring term (the Christmas holiday is not counted).
    r = review(placement, dt.date(2026, 10, 20), ap)
    assert review_due(world, placement) == dt.date(2027, 1, 4)
    r.held_on = dt.date(2026, 10, 28)
    r.save()
    assert review_due(world, placement) == dt.date(2027, 1, 4)
    review(placement, dt.date(2026, 12, 10), ap)
    assert review_due(world, placement) == dt.date(2027, 2, 22)


def test_R7_3_a_late_review_meets_the_date_it_was_late_for_and_is_not_asked_for_twice(world):
    ap = world.users[Role.AP_LEAD]
    late = attending(world, world.pupil_a1)
    review(late, dt.date(2026, 11, 3), ap)  # one day after the 2 November date
    assert review_due(world, late) == dt.date(2027, 1, 4)
    very_late = attending(world, world.pupil_a1)
    review(very_late, dt.date(2027, 1, 5), ap)  # missed 2 November and 4 January
    assert review_due(world, very_late) == dt.date(2027, 2, 22)


def test_R7_3_X2_an_inset_day_at_the_start_of_the_half_term_moves_the_due_date(world):
    placement = attending(world, world.pupil_a1)
    add_inset(world.school_a1, dt.date(2026, 11, 2))
    assert review_due(world, placement) == dt.date(2026, 11, 3)


def test_R7_3_a_termly_review_interval_set_by_the_trust(world):
    settings = world.trust_a.settings
    settings.review_interval = "term"
    settings.save()
    placement = attending(world, world.pupil_a1)
    assert review_due(world, placement) == dt.date(2027, 1, 4)  # the spring term, not the half term
    review(placement, dt.date(2026, 12, 1), world.users[Role.AP_LEAD])
    assert review_due(world, placement) == dt.date(2027, 4, 12)  # the summer term


def test_R7_3_no_review_is_due_after_the_planned_end_or_for_a_placement_not_attending(world):
    placement = attending(world, world.pupil_a1, end=dt.date(2026, 10, 23))
    assert all_items([world.school_a1], dt.date(2026, 10, 20), "agreement_review") == []
    placement.planned_end_date = dt.date(2027, 5, 1)
    placement.status = "ended"
    placement.save()
    assert all_items([world.school_a1], dt.date(2026, 10, 20), "agreement_review") == []


def test_R7_3_the_schedule_is_a_pure_function_of_calendar_interval_and_dates(world):
    calendar = SchoolCalendar.for_school(world.school_a1)
    start, end = dt.date(2026, 10, 5), dt.date(2027, 5, 1)
    assert next_review_due(calendar, "half_term", start, end, []) == dt.date(2026, 11, 2)
    assert next_review_due(calendar, "half_term", start, end, [dt.date(2027, 4, 20)]) is None


def test_R7_3_overdue_from_the_day_after_the_due_date(world):
    placement = attending(world, world.pupil_a1)
    [item] = all_items([world.school_a1], dt.date(2026, 11, 2), "agreement_review")
    assert item.subject_id == placement.pk and item.due == dt.date(2026, 11, 2)
    assert not item.overdue(dt.date(2026, 11, 2))  # due today is not overdue
    assert item.overdue(dt.date(2026, 11, 3))  # due yesterday is


def test_R7_3_only_items_overdue_or_due_soon_need_attention(world):
    attending(world, world.pupil_a1)  # due 2 November 2026; shown 14 days before
    assert all_items([world.school_a1], dt.date(2026, 10, 18), "agreement_review")
    assert not [
        i
        for i in due_items([world.school_a1], dt.date(2026, 10, 18))
        if i.duty == "agreement_review"
    ]
    assert [
        i
        for i in due_items([world.school_a1], dt.date(2026, 10, 19))
        if i.duty == "agreement_review"
    ]


def test_R5_6_the_reaudit_is_due_when_the_audit_goes_out_of_date(world):
    provider = audited_provider(world, "Reaudit Place", visit=dt.date(2026, 1, 15))
    items = all_items([world.school_a1, world.school_a2], dt.date(2026, 10, 20), "reaudit")
    assert [(i.subject_id, i.school_id, i.due) for i in items] == [
        (provider.pk, world.school_a1.pk, dt.date(2027, 1, 15))  # only the school that uses it
    ]
    settings = world.trust_a.settings
    settings.audit_valid_months = 6
    settings.save()
    [item] = all_items([world.school_a1], dt.date(2026, 10, 20), "reaudit")
    assert item.due == dt.date(2026, 7, 15) and item.overdue(dt.date(2026, 10, 20))


def test_R5_6_a_school_with_a_pupil_placed_at_a_provider_is_told_of_its_reaudit(world):
    provider = audited_provider(world, "Shared Place", visit=dt.date(2026, 1, 15))
    attending(world, world.canary_a2, provider)
    items = all_items([world.school_a1, world.school_a2], dt.date(2026, 10, 20), "reaudit")
    assert sorted(i.school_id for i in items) == [world.school_a1.pk, world.school_a2.pk]


def test_R5_5_the_letter_of_comfort_renewal_is_due_on_its_renewal_date(world):
    provider = audited_provider(
        world, "Letter Place", visit=dt.date(2026, 9, 1), letter_due=dt.date(2026, 11, 30)
    )
    [item] = all_items([world.school_a1], dt.date(2026, 10, 20), "letter_of_comfort")
    assert (item.subject_id, item.due) == (provider.pk, dt.date(2026, 11, 30))


def test_R5_4_R5_6_an_open_next_step_is_due_on_its_date_for_its_owner(world):
    with time_machine.travel(dt.datetime(2026, 10, 1, 10, tzinfo=dt.UTC)):
        audited_provider(
            world, "Steps Place", visit=dt.date(2026, 9, 20), next_steps="Fix the fence"
        )
    [item] = all_items([world.school_a1], dt.date(2026, 10, 20), "audit_next_step")
    assert item.due == dt.date(2026, 10, 31) and item.owner_id == world.users[Role.AP_LEAD].pk


def test_the_engine_makes_the_same_number_of_queries_for_1_and_1000_placements(
    world, django_assert_num_queries
):
    provider = make_provider(world.trust_a, "Bulk Place")
    by = world.users[Role.AP_LEAD]
    school = make_school(world.trust_a, "Bulk School")
    make_calendar(school)
    attending_placements([school], 1, provider, by)
    today = dt.date(2026, 10, 20)

    def queries(schools):
        with CaptureQueriesContext(connection) as ctx:
            items = due_items(schools, today, only_attention=False)
        return len(ctx.captured_queries), items

    one, items = queries([school])
    assert sorted(
        i.duty for i in items if i.duty in ("agreement_review", "ehcp_annual_review")
    ) == [
        "agreement_review",
        "ehcp_annual_review",
    ]
    many_schools = [make_school(world.trust_a) for _ in range(4)]
    for s in many_schools:
        make_calendar(s)
    attending_placements(many_schools, 250, provider, by)
    many, items = queries(many_schools)
    assert len([i for i in items if i.duty == "agreement_review"]) == 1000
    # Trust settings 1, calendars 2, placements and their reviews 2, providers in use 3, next
    # steps 1, monitoring 5 (placements, reports, visits, incidents, formal reviews), EHCP
    # placements, their reviews and EHCP dates 3, attendance 6 (weekly updates 2, follow-ups 1,
    # below target 3), AP budgets 3 (placements, budgets, proposals), reintegration and
    # outcomes 2 (attending placements with their records before the return, ended placements
    # without an outcome or follow-up): the same for 1 and 1,000.
    assert one == many == ENGINE_QUERIES
    with django_assert_num_queries(ENGINE_QUERIES):
        due_items([school, *many_schools], today)

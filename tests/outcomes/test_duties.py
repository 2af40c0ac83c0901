"""R-13.1, R-13.2, R-13.3, R-6.5: the duties before the return and after the ending, at their
dates, with the trust's settings at other values than their defaults, in a fixed number of
queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import Role
from altprov.core.duties import DutyContext
from altprov.duties.table import DUTIES_BY_KEY
from altprov.outcomes import duties, services
from tests.conftest import signed_in_client
from tests.factories import make_pupil

from .helpers import BEFORE, TODAY, attending, ended, frozen, items, record_before  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
END = dt.date(2026, 12, 18)  # the last day of the autumn term, a Friday


def settings(world, **values):
    s = world.trust_a.settings
    for name, value in values.items():
        setattr(s, name, value)
    s.save()


def test_R13_1_R13_2_R13_3_the_duties_name_their_requirements():
    assert {
        k: DUTIES_BY_KEY[k].requirement
        for k in (
            "reintegration_plan",
            "final_report",
            "pupil_views_before_return",
            "placement_outcome",
            "return_follow_up",
        )
    } == {
        "reintegration_plan": "R-13.1",
        "final_report": "R-13.2",
        "pupil_views_before_return": "R-13.2",
        "placement_outcome": "R-13.3, R-6.5",
        "return_follow_up": "R-13.3",
    }


def test_R13_1_the_plan_is_due_15_school_days_before_the_planned_end(world):
    placement = attending(world, world.pupil_a1, end=END)
    (item,) = items(world, "reintegration_plan")
    # 15 school days before Friday 18 December: Friday 27 November.
    assert (item.due, item.subject_id) == (dt.date(2026, 11, 27), placement.pk)
    assert item.url == f"/placements/{placement.pk}/reintegration/meeting/"
    ap = world.users[Role.AP_LEAD]
    services.before_return_save(
        placement=placement, key="reintegration_meeting", by=ap, **BEFORE["reintegration_meeting"]
    )
    (item,) = items(world, "reintegration_plan")
    assert item.url == f"/placements/{placement.pk}/reintegration/plan/"
    services.before_return_save(
        placement=placement, key="reintegration_plan", by=ap, **BEFORE["reintegration_plan"]
    )
    assert items(world, "reintegration_plan") == []


def test_R13_1_the_plan_follows_the_trusts_number_of_school_days(world):
    settings(world, reintegration_plan_school_days=5)
    attending(world, world.pupil_a1, end=END)
    (item,) = items(world, "reintegration_plan")
    assert item.due == dt.date(2026, 12, 11)
    settings(world, reintegration_plan_school_days=1)
    assert items(world, "reintegration_plan")[0].due == dt.date(2026, 12, 17)


def test_R13_2_the_final_report_and_the_pupils_views_are_due_before_the_planned_end(world):
    placement = attending(world, world.pupil_a1, end=END)
    (report,) = items(world, "final_report")
    (views,) = items(world, "pupil_views_before_return")
    assert report.due == views.due == dt.date(2026, 12, 17)
    record_before(world, placement, skip="pupil_views")
    assert items(world, "final_report") == []
    assert len(items(world, "pupil_views_before_return")) == 1
    record_before(world, placement)
    assert items(world, "pupil_views_before_return") == []


def test_R13_3_R6_5_the_outcome_is_due_10_school_days_after_the_end(world):
    placement = ended(world, reintegrated=False, on=TODAY)
    (item,) = items(world, "placement_outcome")
    # Monday 16 November, then ten school days: Monday 30 November.
    assert (item.due, item.subject_id) == (dt.date(2026, 11, 30), placement.pk)
    assert item.overdue(dt.date(2026, 11, 30)) is False
    assert item.overdue(dt.date(2026, 12, 1)) is True
    settings(world, outcome_school_days=3)
    assert items(world, "placement_outcome")[0].due == dt.date(2026, 11, 19)
    services.outcome_record(
        placement=placement,
        by=world.users[Role.AP_LEAD],
        destination="other_school",
        progress_summary="x",
        pupil_assessment="y",
    )
    assert items(world, "placement_outcome") == []


def test_R13_3_the_follow_up_is_due_at_the_end_of_the_first_half_term_back(world):
    placement = ended(world, on=TODAY)
    (item,) = items(world, "return_follow_up")
    assert (item.due, item.subject_id) == (dt.date(2027, 1, 4), placement.pk)
    # Only after a return to school.
    ended(world, make_pupil(world.school_a1), reintegrated=False)
    assert len(items(world, "return_follow_up")) == 1
    services.follow_up_record(
        placement=placement,
        by=world.users[Role.AP_LEAD],
        held_on=TODAY,
        attendance_after=90,
        how_it_is_going="Settled",
    )
    assert items(world, "return_follow_up") == []


def test_R13_3_the_duties_are_for_the_schools_asked_about_only(world):
    ended(world, reintegrated=False)
    attending(world, world.canary_a2, end=END)
    assert items(world, "placement_outcome", school=world.school_a2) == []
    assert len(items(world, "reintegration_plan", school=world.school_a2)) == 1
    assert items(world, "reintegration_plan") == []


def test_R13_1_R13_3_the_duties_run_in_a_fixed_number_of_queries(world):
    def count(n):
        for _ in range(n):
            pupil = make_pupil(world.school_a1)
            attending(world, pupil, end=END)
            ended(world, make_pupil(world.school_a1), reintegrated=True)
        ctx = DutyContext([world.school_a1], TODAY)
        ctx.calendar(world.school_a1.pk)
        ctx.settings(world.school_a1.pk)
        with CaptureQueriesContext(connection) as captured:
            for compute in (
                duties.plans_due,
                duties.final_reports_due,
                duties.pupil_views_due,
                duties.outcomes_due,
                duties.return_follow_ups_due,
            ):
                list(compute(ctx))
        return len(captured)

    one = count(1)
    assert one == count(5) == 2


def test_R13_1_R13_3_the_trust_settings_page_shows_both_numbers(world):
    settings(world, reintegration_plan_school_days=12, outcome_school_days=7)
    page = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR]).get("/trust/settings/")
    html = page.content.decode()
    assert "12 school days (R-13.1)" in html and "7 school days (R-13.3)" in html
    assert "/trust/pupil-view-questions/" in html  # where the trust sets its questions
    page = signed_in_client(world.users[Role.AP_LEAD]).get("/trust/settings/")
    assert "/trust/pupil-view-questions/" not in page.content.decode()

"""R-10.6, R-12.6: the placement's attendance page (chart and table), the intervention below the
school's target, contacts with parents, absences notified, follow-ups and the weekly update,
each a due item of the duty engine until done."""

import datetime as dt

import pytest
import time_machine

from altprov.attendance.models import (
    AbsenceNotification,
    FollowUp,
    Intervention,
    ParentContact,
    WeeklyUpdate,
)
from altprov.authz.permissions import Role
from altprov.duties.engine import due_items
from tests.attendance.helpers import MONDAY, placements, week_data
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 6)
WEEK = ["/", "\\", "B", "B", "D", "I", "N", "N", "C2", "Y1"]  # 4 of 8 possible: 50%


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC), tick=False):
        yield


def due(world, duty):
    return [i for i in due_items([world.school_a1], TODAY, only_attention=False) if i.duty == duty]


def entered(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    url = f"/attendance/schools/{world.school_a1.pk}/week/"
    assert client.post(url, week_data(placement, WEEK)).status_code == 302
    return placement, client


def date_data(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_R10_6_the_placement_page_shows_each_week_as_a_chart_and_a_table(world):
    placement, client = entered(world)
    page = client.get(f"/placements/{placement.pk}/attendance/")
    page = page.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert '<title id="attendance-chart-title">Attendance per week</title>' in page
    assert "against the school&#x27;s target of 90.0%. 1 week is below the target." in page
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert ">2 Nov 2026</th>" in page and ">50.0%</td>" in page
    assert "Overall: <strong>50.0%</strong> of 8 possible sessions" in page


def test_R12_6_below_the_target_raises_an_intervention_until_one_is_recorded(world):
    placement, client = entered(world)
    url = f"/placements/{placement.pk}/attendance/"
    assert "below the school's target of 90.0%" in client.get(url).content.decode()
    (item,) = due(world, "attendance_below_target")
    assert item.due == dt.date(2026, 11, 6) and item.subject_id == placement.pk
    ap = signed_in_client(world.users[Role.AP_LEAD])
    page = ap.get(f"/placements/{placement.pk}/attendance/intervention/").content.decode()
    assert "Attendance is 50.0% against the school&#x27;s target of 90.0%" in page
    data = {**date_data("done_on", TODAY), "action": "Attendance plan agreed with the mother"}
    assert ap.post(f"/placements/{placement.pk}/attendance/intervention/", data).status_code == 302
    intervention = Intervention.objects.get(placement=placement)
    assert intervention.attendance == 50 and intervention.recorded_by == world.users[Role.AP_LEAD]
    # still below the target: the next intervention falls due four weeks later
    assert [i.due for i in due(world, "attendance_below_target")] == [dt.date(2026, 12, 4)]
    page = client.get(url).content.decode()
    assert "an intervention under the attendance policy is due" not in page
    assert "Attendance plan agreed with the mother" in page


def test_R12_6_attendance_at_or_above_the_target_raises_nothing(world):
    world.school_a1.attendance_target = 50
    world.school_a1.save()
    placement, client = entered(world)
    assert due(world, "attendance_below_target") == []
    assert (
        "an intervention"
        not in client.get(f"/placements/{placement.pk}/attendance/").content.decode()
    )


def test_R12_6_contacts_with_parents_about_absence_are_logged(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    url = f"/placements/{placement.pk}/attendance/contact/"
    page = client.post(url, {**date_data("done_on", TODAY), "notes": "x"}).content.decode()
    assert "Select how the school contacted the parents or carers" in page
    assert not ParentContact.objects.exists()
    data = {**date_data("done_on", TODAY), "method": "call", "notes": "Mother says he is ill"}
    assert client.post(url, data).status_code == 302
    contact = ParentContact.objects.get(placement=placement)
    assert (contact.method, contact.done_on) == ("call", TODAY)
    assert contact.recorded_by == world.users[Role.ATTENDANCE_LEAD]
    assert (
        "Mother says he is ill"
        in client.get(f"/placements/{placement.pk}/attendance/").content.decode()
    )


def notification(**extra):
    return {
        **date_data("absent_on", TODAY),
        "sessions": "both",
        "reason": "",
        "reason_accepted": "no",
        "notified_by": "Sam Jones, provider manager",
        **date_data("notified_on", TODAY),
        "notified_time": "9:10",
        **extra,
    }


def test_R10_6_an_absence_notified_without_a_reason_accepted_opens_a_follow_up(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    url = f"/placements/{placement.pk}/attendance/absence/"
    assert client.post(url, notification()).status_code == 302
    notice = AbsenceNotification.objects.get(placement=placement)
    assert notice.notified_by == "Sam Jones, provider manager" and not notice.reason_accepted
    assert notice.notified_at.time() == dt.time(9, 10)
    follow_up = FollowUp.objects.get(placement=placement)
    assert follow_up.absence_date == TODAY and follow_up.is_open


def test_R10_6_an_absence_with_a_reason_accepted_needs_no_follow_up(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    url = f"/placements/{placement.pk}/attendance/absence/"
    page = client.post(url, notification(reason_accepted="yes")).content.decode()
    assert "Enter the reason given, or say the school does not accept it" in page
    assert "Sam Jones, provider manager" in page  # nothing typed is lost
    assert not AbsenceNotification.objects.exists()
    client.post(url, notification(reason_accepted="yes", reason="Dentist"))
    assert AbsenceNotification.objects.get().reason == "Dentist"
    assert not FollowUp.objects.exists()


def test_R10_6_a_follow_up_stays_open_and_due_until_its_outcome_is_recorded(world):
    placement, client = entered(world)  # N on Thursday 5 November
    (follow_up,) = FollowUp.objects.all()
    (item,) = due(world, "absence_follow_up")
    assert item.due == TODAY and not item.overdue(TODAY)  # by the next school day
    assert not due(world, "absence_follow_up")[0].overdue(dt.date(2026, 11, 6))
    assert item.overdue(dt.date(2026, 11, 9))
    url = f"/attendance/follow-ups/{follow_up.pk}/"
    page = client.post(
        url, {**date_data("done_on", dt.date(2026, 11, 4)), "method": "call", "outcome": "x"}
    )
    assert "on or after the absence, 5 November 2026" in page.content.decode()
    data = {
        **date_data("done_on", TODAY),
        "method": "home_visit",
        "outcome": "Seen at home; back Monday",
    }
    assert client.post(url, data).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.method, follow_up.done_on) == ("home_visit", TODAY)
    assert follow_up.recorded_by == world.users[Role.ATTENDANCE_LEAD]
    assert due(world, "absence_follow_up") == []
    assert client.get(url).status_code == 404  # recorded once
    page = client.get(f"/placements/{placement.pk}/attendance/").content.decode()
    assert "Home visit on 6 Nov 2026: Seen at home; back Monday" in page


def test_R10_6_the_weekly_update_is_due_each_week_and_marked_done(world):
    placements(world, 1)
    items = due(world, "weekly_attendance_update")
    assert [(i.due, i.title) for i in items] == [
        (dt.date(2026, 11, 6), "Weekly attendance update for the week beginning 2 November 2026")
    ]  # the week before was half term
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    url = f"/attendance/schools/{world.school_a1.pk}/weekly-update/"
    response = client.post(url, {"week": MONDAY.isoformat()}, follow=True)
    assert (
        "The update for the week beginning 2 November 2026 is marked done"
        in response.content.decode()
    )
    update = WeeklyUpdate.objects.get()
    assert update.week == MONDAY and update.done_by == world.users[Role.ATTENDANCE_LEAD]
    assert due(world, "weekly_attendance_update") == []
    response = client.post(url, {"week": MONDAY.isoformat()}, follow=True)
    assert "already marked done" in response.content.decode()
    assert WeeklyUpdate.objects.count() == 1


def test_R10_6_the_placement_page_links_to_its_attendance(world):
    placement, client = entered(world)
    page = client.get(f"/placements/{placement.pk}/").content.decode()
    assert f'href="/placements/{placement.pk}/attendance/"' in page


def test_R10_6_a_notification_told_later_today_is_refused_with_a_message(world):
    (placement,) = placements(world, 1)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    url = f"/placements/{placement.pk}/attendance/absence/"
    page = client.post(url, notification(notified_time="23:50")).content.decode()
    assert "The time the school was told must be now or earlier" in page
    assert not AbsenceNotification.objects.exists()

"""The provider portal's pages and services: today across schools and a week of one placement
(R-10.6), the absence notification (R-10.6), the placement page (R-11.1, R-11.2), the access log
(X-1) and the email when a placement is confirmed to start (X-4)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from altprov.attendance import services as attendance_services
from altprov.attendance.models import AbsenceNotification, AttendanceMark, FollowUp
from altprov.attendance.services import MarkEntry
from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.core.locking import lock
from altprov.placements.models import Placement, PlacementSession
from altprov.placements.services import placement_end
from altprov.portal import services
from altprov.termdates.schooldays import SchoolCalendar
from tests.attendance.helpers import assert_summary_exact
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import add_inset, make_pupil

from . import scene
from .scene import MONDAY, TODAY

pytestmark = pytest.mark.django_db


def cell(placement, day, session):
    return f"m-{placement.pk}-{day.isoformat()}-{session}"


def body(response) -> str:
    return response.content.decode()


# Today, across schools (R-10.6) ----------------------------------------------------------------


def test_R10_6_today_lists_every_session_across_schools_and_whether_its_mark_is_entered(portal):
    lead = portal.world.users[Role.ATTENDANCE_LEAD]
    attendance_services.marks_save([MarkEntry(portal.alex.pk, TODAY, "AM", "/")], by=lead)
    page = body(signed_in_client(portal.user).get(reverse("portal:home")))
    today, pupils = page.split("Your pupils")
    assert "Alex O." in today and "School A1" in today
    assert "Sam S." in today and "School A2" in today
    assert "/ entered" in today and today.count("Not entered") == 3
    assert "Robin P." not in today and "Robin P." in pupils  # planned: not yet attending
    assert "Year 9" in pupils


@pytest.mark.parametrize("name", ["portal:home", "portal:today"])
def test_R10_6_today_costs_the_same_queries_whatever_the_number_of_pupils(portal, name):
    client = signed_in_client(portal.user)
    url = reverse(name)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    world = portal.world
    for n in range(9):  # twenty pupils from two schools, each with a weekly pattern
        school = world.school_a1 if n % 2 else world.school_a2
        placement = attending(world, make_pupil(school), portal.provider)
        PlacementSession.objects.create(
            placement=placement, day=3, starts_at=dt.time(9), ends_at=dt.time(15)
        )
    assert count() == few


def test_R10_6_the_provider_enters_todays_marks_across_schools(portal):
    client = signed_in_client(portal.user)
    data = {cell(portal.alex, TODAY, "AM"): "/", cell(portal.sam, TODAY, "AM"): "L"}
    response = client.post(reverse("portal:today"), data)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    marks = AttendanceMark.objects.order_by("placement_id")
    assert [(m.placement_id, m.code, m.entered_by) for m in marks] == [
        (portal.alex.pk, "/", portal.user),
        (portal.sam.pk, "L", portal.user),
    ]
    # Each school's daily summary counts its own pupil's mark.
    assert assert_summary_exact() == sorted(
        [
            (portal.alex.referral.school_id, TODAY, "/", 1),
            (portal.sam.referral.school_id, TODAY, "L", 1),
        ]
    )
    assert "2 marks added" in body(client.get(reverse("portal:home")))


def test_R10_6_a_refused_code_names_the_pupil_as_the_provider_knows_them_and_saves_nothing(
    portal,
):
    data = {cell(portal.alex, TODAY, "AM"): "H", cell(portal.sam, TODAY, "AM"): "/"}
    response = signed_in_client(portal.user).post(reverse("portal:today"), data)
    page = body(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert "Alex O., Thursday 5 November morning" in page and "Ordinary" not in page
    assert not AttendanceMark.objects.exists()


def test_R10_6_each_school_keeps_its_own_term_dates(portal):
    add_inset(portal.world.school_a2, TODAY)  # Sam's school is closed today, Alex's is not
    data = {cell(portal.alex, TODAY, "AM"): "/", cell(portal.sam, TODAY, "AM"): "/"}
    client = signed_in_client(portal.user)
    assert "is not a school day" in body(client.get(reverse("portal:today")))
    client.post(reverse("portal:today"), data)
    assert list(AttendanceMark.objects.values_list("placement_id", flat=True)) == [portal.alex.pk]


def test_R10_6_the_school_sees_which_marks_the_provider_entered(portal):
    lead = portal.world.users[Role.ATTENDANCE_LEAD]
    attendance_services.marks_save([MarkEntry(portal.alex.pk, MONDAY, "AM", "/")], by=lead)
    signed_in_client(portal.user).post(
        reverse("portal:today"), {cell(portal.alex, TODAY, "AM"): "/"}
    )
    url = reverse("attendance:week", args=[portal.world.school_a1.pk]) + f"?week={MONDAY}"
    page = body(signed_in_client(lead).get(url))
    assert page.count("(provider)<span") == 1  # today's, not Monday's
    assert "entered by Moorside Centre" in page


def test_R10_6_a_week_of_one_placement_on_the_schools_rules(portal):
    client = signed_in_client(portal.user)
    url = reverse("portal:placement_week", args=[portal.alex.pk])
    data = {"week": MONDAY.isoformat()}
    for day in range(4):  # Monday to Thursday
        for session, present in (("AM", "/"), ("PM", "\\")):
            data[cell(portal.alex, MONDAY + dt.timedelta(days=day), session)] = present
    data[cell(portal.alex, MONDAY, "PM")] = "O"  # unauthorised: the school follows it up
    data[cell(portal.alex, TODAY + dt.timedelta(days=1), "AM")] = "/"  # Friday: not yet
    response = client.post(url, data)
    assert response.status_code == 302
    assert AttendanceMark.objects.filter(placement=portal.alex, entered_by=portal.user).count() == 8
    assert not AttendanceMark.objects.filter(date=TODAY + dt.timedelta(days=1)).exists()
    assert FollowUp.objects.get(placement=portal.alex).absence_date == MONDAY
    assert "has not happened yet" in body(client.get(url + f"?week={MONDAY}"))


def test_R10_6_a_mark_the_school_entered_shows_and_changing_it_is_a_correction(portal):
    lead = portal.world.users[Role.ATTENDANCE_LEAD]
    attendance_services.marks_save([MarkEntry(portal.alex.pk, MONDAY, "AM", "/")], by=lead)
    client = signed_in_client(portal.user)
    url = reverse("portal:placement_week", args=[portal.alex.pk])
    page = body(client.get(url))
    assert '<option value="/" selected>' in page and "(school)" in page
    client.post(url, {"week": MONDAY.isoformat(), cell(portal.alex, MONDAY, "AM"): "M"})
    mark = AttendanceMark.objects.get()
    assert (mark.code, mark.entered_by) == ("M", portal.user)
    assert [h.code for h in mark.history.order_by("history_date")] == ["/", "M"]
    assert assert_summary_exact() == [(portal.alex.referral.school_id, MONDAY, "M", 1)]
    # Removing a mark is refused with the school's own words
    response = client.post(url, {"week": MONDAY.isoformat(), cell(portal.alex, MONDAY, "AM"): ""})
    assert "A mark once entered cannot be removed" in body(response)


# The daily absence notification (R-10.6) ------------------------------------------------------


def absence(portal, placement=None, **data):
    url = reverse("portal:absence", args=[(placement or portal.alex).pk])
    return signed_in_client(portal.user).post(url, data)


def test_R10_6_the_provider_notifies_an_absence_and_the_schools_follow_up_starts(portal):
    response = absence(portal, sessions="both", reason="Unwell, mother phoned")
    assert response.status_code == 302
    notification = AbsenceNotification.objects.get()
    assert (notification.date, notification.sessions) == (TODAY, "both")
    assert notification.recorded_by == portal.user and not notification.reason_accepted
    assert "Pat Provider" in notification.notified_by
    assert "Moorside Centre" in notification.notified_by
    follow_up = FollowUp.objects.get()
    assert (follow_up.placement, follow_up.absence_date, follow_up.is_open) == (
        portal.alex,
        TODAY,
        True,
    )
    ap_lead = signed_in_client(portal.world.users[Role.AP_LEAD])
    page = body(ap_lead.get(reverse("attendance:placement", args=[portal.alex.pk])))
    assert "Unwell, mother phoned" in page and "Pat Provider" in page and "Open" in page
    assert "Recorded by Pat Provider of Moorside Centre, through the provider portal" in page


def test_R10_6_a_session_already_notified_is_not_notified_twice(portal):
    assert absence(portal, sessions="AM").status_code == 302
    page = body(absence(portal, sessions="both"))
    assert "An absence is already notified for this morning" in page
    assert absence(portal, sessions="PM").status_code == 302
    assert AbsenceNotification.objects.count() == 2 and FollowUp.objects.count() == 1


def test_R10_6_no_absence_is_notified_on_a_day_that_is_not_a_school_day(portal):
    add_inset(portal.world.school_a1, TODAY)
    assert "is not a school day" in body(absence(portal, sessions="AM"))
    assert not AbsenceNotification.objects.exists() and not FollowUp.objects.exists()


def test_R10_6_the_weekly_pattern_decides_which_sessions_can_be_missed(portal):
    PlacementSession.objects.create(
        placement=portal.alex, day=3, starts_at=dt.time(9), ends_at=dt.time(11, 30)
    )
    assert "does not run on Thursday afternoons" in body(absence(portal, sessions="PM"))
    assert absence(portal, sessions="AM").status_code == 302


def test_R10_6_a_planned_placement_has_no_absence_yet(portal):
    page = body(absence(portal, portal.planned, sessions="AM"))
    assert "the placement is not attending" in page
    assert not AbsenceNotification.objects.exists()


def test_R10_6_the_sessions_must_be_chosen(portal):
    assert "Select the sessions the pupil is missing today" in body(absence(portal))


def test_R10_6_another_providers_user_cannot_notify_at_the_service_either(portal):
    with pytest.raises(Http404):
        services.absence_notify(
            placement=portal.alex,
            sessions="AM",
            reason="",
            by=portal.other_user,
            calendar=SchoolCalendar.for_school(portal.world.school_a1),
            now=timezone.now(),
        )
    assert absence(portal, portal.other, sessions="AM").status_code == 404


def test_R10_6_a_second_notification_read_before_the_first_was_saved_is_refused(portal):
    """The service locks the placement and reads again: what a request at the same moment holds."""
    held = Placement.objects.get(pk=portal.alex.pk)
    kwargs = {
        "sessions": "AM",
        "reason": "",
        "by": portal.user,
        "calendar": SchoolCalendar.for_school(portal.world.school_a1),
        "now": timezone.now(),
    }
    services.absence_notify(placement=portal.alex, **kwargs)
    with pytest.raises(ValidationError):
        services.absence_notify(placement=held, **kwargs)
    assert AbsenceNotification.objects.count() == 1


# The placement page (R-11.1, R-11.2) ----------------------------------------------------------


def test_R11_1_R11_2_the_placement_page_shows_what_the_provider_needs_to_know(recorded):
    page = body(
        signed_in_client(recorded.user).get(reverse("portal:placement", args=[recorded.alex.pk]))
    )
    for shown in [
        "Alex O.",
        "Year 9",
        "School A1",
        "Not entered: every weekday",
        "Read for 20 minutes a day",
        "By Easter",
        "Reading age",
        "Staff member Person",
        "staff_member@example.org",
        "Asthma: inhaler in bag",
        "Secure email",
    ]:
        assert shown in page, shown
    pupil = recorded.world.pupil_a1
    for hidden in [
        "Ordinary",
        pupil.upn,
        "2012",  # the date of birth
        scene.SECRET_CHRONOLOGY,
        scene.CANARY_OTHER_PROVIDER,
        "Public task",  # the lawful basis is the school's record, not the provider's business
    ]:
        assert hidden not in page, hidden


def test_R11_2_a_placement_that_ends_disappears_from_the_portal_at_once(portal):
    client = signed_in_client(portal.user)
    with transaction.atomic():
        lock(portal.alex)
        placement_end(
            placement=portal.alex, by=portal.world.users[Role.AP_LEAD], on=TODAY,
            reason="reintegrated",
        )  # fmt: skip
    assert "Alex O." not in body(client.get(reverse("portal:home")))
    for name in ("portal:placement", "portal:placement_week", "portal:absence"):
        assert client.get(reverse(name, args=[portal.alex.pk])).status_code == 404
    response = client.post(reverse("portal:today"), {cell(portal.alex, TODAY, "AM"): "/"})
    assert response.status_code == 302 and not AttendanceMark.objects.exists()


# The access log (X-1) --------------------------------------------------------------------------


def test_X1_a_portal_page_logs_its_pupil_as_seen_by_a_user_of_the_provider(portal):
    signed_in_client(portal.user).get(reverse("portal:placement", args=[portal.alex.pk]))
    event = AccessEvent.objects.get()
    assert event.user == portal.user
    assert event.roles == "Provider user of Moorside Centre"
    assert event.school == portal.world.school_a1
    assert list(event.pupils.all()) == [portal.world.pupil_a1]


def test_X1_the_portal_home_logs_one_event_per_school(portal):
    signed_in_client(portal.user).get(reverse("portal:home"))
    events = {e.school_id: e for e in AccessEvent.objects.all()}
    assert set(events) == {portal.world.school_a1.pk, portal.world.school_a2.pk}
    assert set(events[portal.world.school_a1.pk].pupils.all()) == {
        portal.world.pupil_a1,
        portal.planned.pupil,
    }


# The email when a placement is confirmed to start (X-4) ---------------------------------------


def test_X4_a_placement_confirmed_to_start_emails_the_providers_users_without_the_pupil(
    portal, django_capture_on_commit_callbacks
):
    off = scene.provider_user(portal.provider, "off@moorside.example.org", "Off Person")
    services.provider_user_switch_off(
        provider=portal.provider, user_id=off.pk, by=portal.world.users[Role.AP_LEAD]
    )
    planned = portal.planned
    with django_capture_on_commit_callbacks(execute=True):
        planned.status, planned.started_on = Placement.Status.ACTIVE, planned.start_date
        planned.save(update_fields=["status", "started_on"])
    (message,) = mail.outbox
    assert message.to == ["pat@moorside.example.org"]  # not the switched-off user
    assert "23 November 2026" in message.body and "/portal/" in message.body
    for secret in ("Robin", "Planned", "School A1", "Year"):
        assert secret not in message.body and secret not in message.subject


def test_X4_other_saves_of_a_placement_send_nothing(portal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        portal.alex.save(update_fields=["planned_end_date"])
        portal.alex.save()
    assert not mail.outbox

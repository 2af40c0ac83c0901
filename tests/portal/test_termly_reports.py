"""R-12.1: the provider's termly report, submitted through the portal against the due date of
the duty engine's rule, received by the school at once, one for each term."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from altprov.authz.permissions import Role
from altprov.monitoring import services
from altprov.monitoring.models import TermlyReport
from altprov.monitoring.selectors import report_window
from tests.conftest import signed_in_client
from tests.monitoring.helpers import items

from .helpers import frozen, portal_world  # noqa: F401

pytestmark = [pytest.mark.django_db]

REPORT = {
    "academic_progress": "Grade 4 in English",
    "behaviour": "Settled",
    "welfare": "Happy, eating well",
}


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


def url(placement):
    return f"/portal/placements/{placement.pk}/termly-report/"


@pytest.mark.usefixtures("frozen")
def test_R12_1_the_provider_submits_the_report_and_the_school_receives_it_at_once(portal):
    client = signed_in_client(portal.pat)
    page = client.get(url(portal.placement)).content.decode()
    assert "Due by Monday 4 January 2027" in page
    assert "Alex O." in page and "Ordinary" not in page  # what the provider may know
    response = client.post(url(portal.placement), REPORT, follow=True)
    report = TermlyReport.objects.get(placement=portal.placement)
    assert report.received_on == dt.date(2026, 11, 3)
    assert report.submitted_by == portal.pat and report.recorded_by == portal.pat
    assert report.received_from == "Pat Provider (Provider A Centre)"
    assert report.due_on == dt.date(2027, 1, 4)
    assert report.welfare == "Happy, eating well"
    page = response.content.decode()
    assert "Your termly report has been sent to School A1" in page
    assert "This term's report has been received" in page
    # The school's monitoring section names who submitted it.
    school = signed_in_client(portal.users[Role.AP_LEAD])
    page = school.get(f"/placements/{portal.placement.pk}/").content.decode()
    assert "Submitted by Pat Provider (Provider A Centre) through the provider portal" in page
    assert "Grade 4 in English" in page


@pytest.mark.usefixtures("frozen")
def test_R12_1_the_duty_counts_the_provider_report_as_received(portal):
    before = items(portal, "termly_report", dt.date(2026, 11, 3))
    assert [i.due for i in before] == [dt.date(2027, 1, 4)]
    services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    after = items(portal, "termly_report", dt.date(2026, 11, 3))
    assert [i.due for i in after] == [dt.date(2027, 4, 12)]


@pytest.mark.usefixtures("frozen")
def test_R12_1_a_second_report_for_the_same_term_is_refused_at_the_service(portal):
    services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    with pytest.raises(ValidationError) as error:
        services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    assert (
        "The termly report for this term was received on 3 November 2026 from Pat Provider "
        "(Provider A Centre). The next one is due by 12 April 2027 and can be sent from "
        "5 January 2027." in error.value.messages[0]
    )
    assert TermlyReport.objects.count() == 1


@pytest.mark.usefixtures("frozen")
def test_R12_1_a_second_report_for_the_same_term_is_refused_at_the_page(portal):
    client = signed_in_client(portal.pat)
    client.post(url(portal.placement), REPORT)
    page = client.get(url(portal.placement)).content.decode()
    assert "The next one is due by Monday 12 April 2027 and can be sent from Tuesday 5 January" in (
        page
    )
    assert "<form" not in page.split("<main", 1)[1]
    client.post(url(portal.placement), REPORT)
    assert TermlyReport.objects.count() == 1


def test_R12_1_the_next_term_opens_the_day_after_the_previous_due_date(portal):
    with at(dt.date(2026, 11, 3)):
        services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    with at(dt.date(2027, 1, 4)):  # the due date itself still belongs to the autumn term
        window = report_window(portal.placement)
        assert (window["due"], window["open"]) == (dt.date(2027, 4, 12), False)
        with pytest.raises(ValidationError):
            services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    with at(dt.date(2027, 1, 5)):
        assert report_window(portal.placement)["open"]
        report = services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    assert report.due_on == dt.date(2027, 4, 12)


def test_R12_1_a_late_report_shows_late_and_then_the_next_term_is_asked_for_once(portal):
    with at(dt.date(2027, 1, 4)):
        page = signed_in_client(portal.pat).get(url(portal.placement)).content.decode()
        assert "Due by Monday 4 January 2027." in page and "It is late" not in page
    with at(dt.date(2027, 1, 5)):
        client = signed_in_client(portal.pat)
        page = client.get(f"/portal/placements/{portal.placement.pk}/reports/").content.decode()
        assert "Late" in page
        assert "It is late." in client.get(url(portal.placement)).content.decode()
        late = services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
        assert late.due_on == dt.date(2027, 1, 4)
        # Not a second one the same day (a second press of the button).
        with pytest.raises(ValidationError):
            services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    with at(dt.date(2027, 1, 6)):
        spring = services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    assert spring.due_on == dt.date(2027, 4, 12)
    assert [i.due for i in items(portal, "termly_report", dt.date(2027, 1, 6))] == []


@pytest.mark.usefixtures("frozen")
def test_R12_1_an_empty_part_is_refused_with_its_name_and_nothing_is_saved(portal):
    client = signed_in_client(portal.pat)
    page = client.post(url(portal.placement), {**REPORT, "welfare": "  "}).content.decode()
    assert "Enter the pupil&#x27;s welfare this term" in page
    assert "Grade 4 in English" in page  # nothing typed is lost
    assert not TermlyReport.objects.exists()


@pytest.mark.usefixtures("frozen")
def test_R12_1_only_a_user_of_the_placements_provider_submits(portal):
    for who in (portal.stranger, portal.switched_off, portal.users[Role.AP_LEAD]):
        with pytest.raises(PermissionDenied):
            services.report_submit(placement=portal.placement, by=who, **REPORT)
    for who in (portal.stranger, portal.users[Role.AP_LEAD]):
        client = signed_in_client(who)
        assert client.get(url(portal.placement)).status_code == 404
        assert client.post(url(portal.placement), REPORT).status_code == 404
    assert not TermlyReport.objects.exists()


@pytest.mark.usefixtures("frozen")
def test_R12_1_a_planned_placement_asks_for_no_report(portal):
    portal.placement.status = "planned"
    portal.placement.started_on = None
    portal.placement.start_date = dt.date(2026, 12, 1)
    portal.placement.save()
    client = signed_in_client(portal.pat)
    page = client.get(url(portal.placement)).content.decode()
    assert "Reports can be sent once the pupil attends" in page
    client.post(url(portal.placement), REPORT)
    with pytest.raises(ValidationError):
        services.report_submit(placement=portal.placement, by=portal.pat, **REPORT)
    assert not TermlyReport.objects.exists()

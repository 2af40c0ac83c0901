"""R-12.1: the provider's termly report, due each term while the pupil attends, late after."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.monitoring.models import TermlyReport
from tests.conftest import signed_in_client
from tests.duties.helpers import attending

from .helpers import TODAY, day, frozen, items  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def data(received: dt.date, **extra):
    return {
        **day("received_on", received),
        "received_from": "Sam Green, centre manager",
        "academic_progress": "Working at grade 4 in English",
        "behaviour": "Settled, one warning",
        "welfare": "Happy, eating well",
        **extra,
    }


def test_R12_1_the_ap_lead_records_the_termly_report(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/termly-reports/add/"
    assert (
        "The next termly report is due by Monday 4 January 2027" in client.get(url).content.decode()
    )
    response = client.post(url, data(dt.date(2026, 11, 2)), follow=True)
    report = TermlyReport.objects.get(placement=placement)
    assert report.received_on == dt.date(2026, 11, 2)
    assert report.received_from == "Sam Green, centre manager"
    assert report.welfare == "Happy, eating well"
    assert report.recorded_by == world.users[Role.AP_LEAD]
    assert report.history.count() == 1
    page = response.content.decode()
    assert "The next termly report is due by Monday 12 April 2027" in page
    assert "Working at grade 4 in English" in page  # listed on the placement page


def test_R12_1_a_report_is_due_each_term_and_flagged_when_late(world):
    placement = attending(world, world.pupil_a1)
    due = items(world, "termly_report", dt.date(2026, 11, 3))
    assert [(i.subject_id, i.due) for i in due] == [(placement.pk, dt.date(2027, 1, 4))]
    assert not due[0].overdue(dt.date(2027, 1, 4))
    assert due[0].overdue(dt.date(2027, 1, 5))  # late from the day after
    TermlyReport.objects.create(
        placement=placement,
        received_on=dt.date(2026, 11, 2),
        received_from="Sam",
        academic_progress="a",
        behaviour="b",
        welfare="c",
        recorded_by=world.users[Role.AP_LEAD],
    )
    # The autumn term's report is in; the spring term's is due by the start of the summer term.
    due = items(world, "termly_report", dt.date(2026, 11, 3))
    assert [i.due for i in due] == [dt.date(2027, 4, 12)]
    placement.status = "ended"
    placement.save()
    assert items(world, "termly_report", dt.date(2026, 11, 3)) == []


def test_R12_1_a_report_with_a_missing_field_or_a_date_before_the_start_is_refused(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.HEADTEACHER])
    url = f"/placements/{placement.pk}/termly-reports/add/"
    page = client.post(url, data(dt.date(2026, 10, 1), welfare="")).content.decode()
    assert "The date the report was received must be on or after the start" in page
    assert "Enter what the report says about welfare" in page
    assert "Working at grade 4 in English" in page  # nothing typed is lost
    page = client.post(url, data(dt.date(2026, 11, 4))).content.decode()
    assert "must be today or in the past" in page
    assert not TermlyReport.objects.exists()
    for role in (Role.DSL, Role.ATTENDANCE_LEAD):
        assert signed_in_client(world.users[role]).post(url, data(TODAY)).status_code == 404
    assert not TermlyReport.objects.exists()

"""R-10.7: the Assessment Lead records the pupil's public examination arrangements and sees
progress tracking for each placement."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import ROLES, Role
from altprov.authz.permissions import Permission as P
from altprov.placements.models import Placement
from altprov.progress.models import ExamArrangement, ObjectiveProgress
from tests.conftest import signed_in_client
from tests.factories import make_pupil

from .helpers import date_data, frozen, placement_with_objectives  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def data(**extra):
    return {
        "series": "Summer 2027",
        "entries": "GCSE English Language (AQA)\nGCSE Mathematics (Edexcel, foundation)",
        "access_arrangements": "25% extra time; a separate room",
        "where": "provider",
        "centre": "Moorside Centre",
        **date_data("centre_confirmed_on", dt.date(2026, 10, 30)),
        **extra,
    }


def test_R10_7_the_assessment_lead_records_and_corrects_exam_arrangements(world):
    placement = placement_with_objectives(world)
    lead = world.users[Role.ASSESSMENT_LEAD]
    client = signed_in_client(lead)
    url = f"/placements/{placement.pk}/exams/"
    response = client.post(url + "add/", data(), follow=True)
    arrangement = ExamArrangement.objects.get()
    assert (arrangement.series, arrangement.where, arrangement.centre) == (
        "Summer 2027",
        "provider",
        "Moorside Centre",
    )
    assert arrangement.centre_confirmed_on == dt.date(2026, 10, 30)
    assert arrangement.recorded_by == lead
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "The exam arrangements have been saved." in page and "25% extra time" in page
    edit = f"/exam-arrangements/{arrangement.pk}/"
    assert "Moorside Centre" in client.get(edit).content.decode()  # the form starts filled in
    client.post(edit, data(where="school", centre="", access_arrangements=""))
    arrangement.refresh_from_db()
    assert (arrangement.where, arrangement.access_arrangements) == ("school", "")
    assert arrangement.history.count() == 2 and ExamArrangement.objects.count() == 1


def test_R10_7_bad_exam_arrangements_are_refused_naming_the_field(world):
    placement = placement_with_objectives(world)
    client = signed_in_client(world.users[Role.ASSESSMENT_LEAD])
    url = f"/placements/{placement.pk}/exams/add/"
    page = client.post(
        url,
        data(
            series="",
            entries="",
            centre="",
            **date_data("centre_confirmed_on", dt.date(2026, 11, 4)),
        ),
    ).content.decode()
    assert "Enter the exam series" in page and "Enter the subjects and entries" in page
    assert "Enter the name of the exam centre" in page
    assert "The date the exam centre confirmed must be today or in the past" in page
    assert "25% extra time" in page  # nothing typed is lost
    page = client.post(url, data(where="")).content.decode()
    assert "Select where the pupil sits the exams" in page
    assert not ExamArrangement.objects.exists()


def test_R10_7_only_the_assessment_lead_records_and_access_arrangements_only_to_send_readers(world):
    placement = placement_with_objectives(world)
    ExamArrangement.objects.create(
        placement=placement,
        series="Summer 2027",
        entries="GCSE Art",
        access_arrangements="A reader",
        where="school",
        recorded_by=world.users[Role.ASSESSMENT_LEAD],
    )
    url = f"/placements/{placement.pk}/exams/"
    for role in (Role.AP_LEAD, Role.SENDCO, Role.TRUST_EXECUTIVE):
        client = signed_in_client(world.users[role])
        assert client.post(url + "add/", data()).status_code == 404
        page = client.get(url).content.decode()
        assert "GCSE Art" in page and "Record exam arrangements" not in page
        assert ("A reader" in page) is (role in (Role.AP_LEAD, Role.SENDCO))
    assert (
        "A reader" in signed_in_client(world.users[Role.ASSESSMENT_LEAD]).get(url).content.decode()
    )
    assert signed_in_client(world.outsider).get(url).status_code == 404
    placement.status = "ended"
    placement.save()
    assert (
        signed_in_client(world.users[Role.ASSESSMENT_LEAD]).post(url + "add/", data()).status_code
        == 404
    )
    assert ExamArrangement.objects.count() == 1


def test_R10_7_R11_1_the_assessment_lead_sees_progress_tracking_for_each_placement(world):
    ap_lead = world.users[Role.AP_LEAD]
    client = signed_in_client(world.users[Role.ASSESSMENT_LEAD])
    url = f"/schools/{world.school_a1.pk}/placement-progress/"

    def add(n):
        for _ in range(n):
            placement = placement_with_objectives(world, make_pupil(world.school_a1))
            first = placement.objectives.order_by("pk").first()
            ObjectiveProgress.objects.create(
                objective=first,
                checked_on=dt.date(2026, 10, 30),
                status="achieved",
                evidence="x",
                recorded_by=ap_lead,
            )

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        return len(ctx.captured_queries), page

    add(1)
    few, page = queries()
    assert "Achieved</strong> (30 Oct 2026)" in page and "Not yet recorded" in page
    add(6)
    many, page = queries()
    assert page.count("Achieved</strong>") == 7
    assert few == many
    assert signed_in_client(world.users[Role.STAFF_MEMBER]).get(url).status_code == 404
    assert signed_in_client(world.outsider).get(url).status_code == 404


def test_R10_7_access_arrangements_are_shown_to_those_who_see_send_detail_and_the_assessment_lead(
    world,
):
    """One rule with the history of changes (altprov/audit/sensitivity.py, the flag for access
    arrangements): checked for every role, and still true once the placement has ended."""
    placement = placement_with_objectives(world)
    lead = world.users[Role.ASSESSMENT_LEAD]
    signed_in_client(lead).post(f"/placements/{placement.pk}/exams/add/", data())
    url = f"/placements/{placement.pk}/exams/"
    shown_to = {P.VIEW_SEND_DETAIL, P.RECORD_EXAM_ARRANGEMENTS}
    seen = set()
    for ended in (False, True):
        if ended:
            placement.status, placement.ended_on = Placement.Status.ENDED, dt.date(2026, 11, 2)
            placement.save()
        for role, user in world.users.items():
            response = signed_in_client(user).get(url)
            if response.status_code == 404:
                continue
            expected = bool(ROLES[role].permissions & shown_to)
            assert ("25% extra time" in response.content.decode()) == expected, (role, ended)
            seen.add((role, expected))
    assert (Role.ASSESSMENT_LEAD, True) in seen and (Role.SENDCO, True) in seen
    assert any(not expected for _, expected in seen)  # someone who sees the page, but not them

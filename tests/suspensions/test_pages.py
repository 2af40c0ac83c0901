"""R-10.3 through the pages: recording a suspension, its page, the pupil's and the school's
lists (constant queries), the parents' date once, and the way into a suspension-route referral."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import Role
from altprov.suspensions.models import Suspension
from tests.factories import make_pupil

from .helpers import suspend, suspension_placement

pytestmark = pytest.mark.django_db
d = dt.date


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def form_data(world, first=d(2026, 10, 22), days=6, **extra):
    data = {
        "first_day_0": first.day,
        "first_day_1": first.month,
        "first_day_2": first.year,
        "school_days": days,
        "reason": "Assault on a member of staff",
        "decided_by": world.users[Role.HEADTEACHER].pk,
    }
    data.update(extra)
    return data


def test_R10_3_the_ap_lead_records_the_headteachers_decision_across_a_half_term(world, client_for):
    client = client_for(world.users[Role.AP_LEAD])
    url = f"/pupils/{world.pupil_a1.pk}/suspensions/add/"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(world))
    suspension = Suspension.objects.get()
    assert response.status_code == 302 and response.url == f"/suspensions/{suspension.pk}/"
    assert suspension.decided_by == world.users[Role.HEADTEACHER]
    assert suspension.recorded_by == world.users[Role.AP_LEAD]
    assert suspension.sixth_day == d(2026, 11, 5) == suspension.last_day
    page = client.get(response.url).content.decode()
    assert "No provision is arranged from the sixth school day" in page
    assert "Thursday 5 November 2026" in page
    refer = f"/pupils/{world.pupil_a1.pk}/refer/?route=suspension&amp;next=%2Fsuspensions%2F"
    assert f'href="{refer}{suspension.pk}%2F"' in page
    assert "code E" in page


def test_R10_3_a_refused_suspension_keeps_what_was_typed_and_saves_nothing(world, client_for):
    client = client_for(world.users[Role.HEADTEACHER])
    url = f"/pupils/{world.pupil_a1.pk}/suspensions/add/"
    suspend(world, d(2026, 9, 1), 45)
    response = client.post(url, form_data(world, first=d(2027, 1, 4), days=1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "at most 45 school days in a school year" in page
    assert "Assault on a member of staff" in page
    assert Suspension.objects.count() == 1
    response = client.post(url, form_data(world, first=d(2027, 1, 4), days=46))
    assert "The number of school days must be 45 or less" in response.content.decode()


def test_R10_3_the_term_warning_is_shown_after_recording(world, client_for):
    client = client_for(world.users[Role.HEADTEACHER])
    suspend(world, d(2026, 9, 1), 14)
    response = client.post(
        f"/pupils/{world.pupil_a1.pk}/suspensions/add/",
        form_data(world, first=d(2026, 10, 1), days=1),
        follow=True,
    )
    assert "the governing board must consider" in response.content.decode()


def test_R10_3_only_the_headteacher_and_ap_lead_record(world, client_for):
    client = client_for(world.users[Role.DSL])
    url = f"/pupils/{world.pupil_a1.pk}/suspensions/add/"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(world)).status_code == 404
    assert not Suspension.objects.exists()


def test_R10_3_the_parents_told_date_is_recorded_once(world, client_for):
    client = client_for(world.users[Role.HEADTEACHER])
    suspension, _ = suspend(world, d(2026, 10, 22), 2)
    url = f"/suspensions/{suspension.pk}/parents-told/"
    response = client.post(url, {"told_on_0": 30, "told_on_1": 9, "told_on_2": 2026})
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.parents_told_on == d(2026, 9, 30)
    assert client.get(url).status_code == 404


def test_R10_3_the_referral_form_takes_the_suspension_route_from_the_link(world, client_for):
    client = client_for(world.users[Role.AP_LEAD])
    url = f"/pupils/{world.pupil_a1.pk}/refer/?route=suspension&next=/suspensions/1/"
    page = client.get(url).content.decode()
    [radio] = re.findall(r'<input[^>]*value="suspension"[^>]*>', page, re.S)
    assert "checked" in radio
    assert 'href="/suspensions/1/"' in page
    page = client.get(f"/pupils/{world.pupil_a1.pk}/refer/?route=nonsense").content.decode()
    assert not any("checked" in r for r in re.findall(r"<input[^>]*>", page, re.S))


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_R10_3_the_school_list_shows_flags_in_a_constant_number_of_queries(world, client_for):
    client = client_for(world.users[Role.HEADTEACHER])
    suspend(world, d(2026, 10, 22), 6)
    one, page = _queries(client, "/suspensions/")
    assert "No provision from the sixth day" in page
    for n in range(5):
        pupil = make_pupil(world.school_a1)
        suspend(world, d(2026, 10, 22), 6 + n, pupil=pupil)
        suspension_placement(world, pupil, d(2026, 11, 2))
    many, page = _queries(client, "/suspensions/")
    assert page.count("Provision arranged") == 5
    assert page.count("No provision from the sixth day") == 1
    assert one == many


def test_R10_3_the_pupils_list_of_suspensions(world, client_for):
    client = client_for(world.users[Role.ATTENDANCE_LEAD])
    suspend(world, d(2026, 9, 9), 3)
    one, _ = _queries(client, f"/pupils/{world.pupil_a1.pk}/suspensions/")
    suspend(world, d(2026, 9, 21), 6)
    suspend(world, d(2026, 10, 5), 2)
    many, page = _queries(client, f"/pupils/{world.pupil_a1.pk}/suspensions/")
    assert "3 suspensions" in page
    assert "Record a suspension" not in page
    assert one == many


def test_R10_3_the_flag_is_on_the_headteachers_home_page_until_provision_is_arranged(
    world, client_for
):
    suspension, _ = suspend(world, d(2026, 10, 1), 6)  # sixth school day Thursday 8 October
    head = client_for(world.users[Role.HEADTEACHER])
    home = head.get("/").content.decode()
    assert "Arrange provision from the sixth day for Alex Ordinary" in home
    assert f'href="/suspensions/{suspension.pk}/"' in home
    staff = client_for(world.users[Role.ATTENDANCE_LEAD]).get("/").content.decode()
    assert "Arrange provision from the sixth day" not in staff
    suspension_placement(world, world.pupil_a1, d(2026, 10, 8))
    assert "Arrange provision from the sixth day" not in head.get("/").content.decode()

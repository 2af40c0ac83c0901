"""R-10.2 and X-1: who sees which pupils and which details, and every view is logged."""

import pytest

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from tests.conftest import signed_in_client
from tests.factories import make_pupil

from .sees_detail import SEES_DETAIL

pytestmark = pytest.mark.django_db


def test_R10_2_school_staff_see_the_pupils_of_their_school_only(world):
    content = signed_in_client(world.users[Role.ATTENDANCE_LEAD]).get("/pupils/").content.decode()
    assert "Ordinary, Alex" in content
    assert world.CANARY_A2 not in content and world.CANARY_B1 not in content


@pytest.mark.parametrize(
    "role, send, safeguarding",
    SEES_DETAIL,
)
def test_R10_2_safeguarding_and_send_detail_follow_the_sensitivity_rules(
    world, role, send, safeguarding
):
    content = (
        signed_in_client(world.users[role]).get(f"/pupils/{world.pupil_a1.pk}/").content.decode()
    )
    assert "Alex Ordinary" in content
    assert ("SEND status" in content) is send
    assert ("Looked after" in content) is safeguarding


@pytest.mark.parametrize("role", [Role.TRUSTEE, Role.TRUST_ADMINISTRATOR, Role.STAFF_MEMBER])
def test_R10_2_roles_without_pupil_access_find_no_pupil(world, role):
    client = signed_in_client(world.users[role])
    assert client.get(f"/pupils/{world.pupil_a1.pk}/").status_code == 404
    assert client.get("/pupils/").status_code == 404


def test_X1_opening_a_pupil_record_writes_an_access_event(world):
    user = world.users[Role.DSL]
    client = signed_in_client(user)
    client.get(
        f"/pupils/{world.pupil_a1.pk}/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="TestBrowser/1"
    )
    event = AccessEvent.objects.get()
    assert event.user == user
    assert event.roles == "Designated Safeguarding Lead (DSL)"
    assert event.what == "pupil record"
    assert event.school == world.school_a1 and event.trust == world.trust_a
    assert list(event.pupils.all()) == [world.pupil_a1]
    assert event.ip_address == "10.1.2.3"
    assert event.user_agent == "TestBrowser/1"
    assert event.path == f"/pupils/{world.pupil_a1.pk}/"


def test_X1_a_refused_view_writes_no_access_event(world):
    client = signed_in_client(world.users[Role.DSL])
    assert client.get(f"/pupils/{world.canary_b1.pk}/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_X1_a_list_of_pupils_writes_one_event_naming_the_pupils_shown(world):
    for _ in range(3):
        make_pupil(world.school_a1)
    signed_in_client(world.users[Role.HEADTEACHER]).get("/pupils/")
    event = AccessEvent.objects.get()
    assert event.what == "pupil list"
    assert event.pupils.count() == 4


def test_the_pupil_list_searches_by_name_and_upn(world):
    client = signed_in_client(world.users[Role.HEADTEACHER])
    other = make_pupil(world.school_a1, first_name="Zed", last_name="Searchable")
    assert "Searchable, Zed" in client.get("/pupils/?q=searchab").content.decode()
    content = client.get(f"/pupils/?q={other.upn.lower()}").content.decode()
    assert "Searchable, Zed" in content and "Ordinary, Alex" not in content


def test_R6_2_R4_1_the_pupil_page_leads_to_the_chronology_and_to_a_referral(world):
    page = (
        signed_in_client(world.users[Role.AP_LEAD])
        .get(f"/pupils/{world.pupil_a1.pk}/")
        .content.decode()
    )
    assert f"/pupils/{world.pupil_a1.pk}/chronology/" in page
    assert f"/pupils/{world.pupil_a1.pk}/refer/" in page
    page = (
        signed_in_client(world.users[Role.ATTENDANCE_LEAD])
        .get(f"/pupils/{world.pupil_a1.pk}/")
        .content.decode()
    )
    assert f"/pupils/{world.pupil_a1.pk}/chronology/" in page
    assert f"/pupils/{world.pupil_a1.pk}/refer/" not in page

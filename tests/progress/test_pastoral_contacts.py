"""R-10.4: contacts with the pupil are logged by the pastoral contact and the AP Lead. The
pastoral contact (a Staff member sees no pupil list) reaches only the contact log of the
placements they are the pastoral contact of."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.placements.models import PlacementRecords
from altprov.progress.models import PastoralContact
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import give_role, make_pupil, make_user

from .helpers import date_data, frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def data(day=dt.date(2026, 11, 2), **extra):
    return {
        **date_data("contacted_on", day),
        "method": "phone",
        "place": "provider",
        "notes": "Settling in; enjoys the workshop sessions",
        **extra,
    }


def with_contact(world, pupil=None, contact=None):
    placement = attending(world, pupil or world.pupil_a1)
    PlacementRecords.objects.create(
        placement=placement, pastoral_contact=contact or world.users[Role.STAFF_MEMBER]
    )
    return placement


def test_R10_4_the_pastoral_contact_logs_a_contact_and_sees_the_log(world):
    staff = world.users[Role.STAFF_MEMBER]
    placement = with_contact(world)
    client = signed_in_client(staff)
    home = client.get("/").content.decode()
    assert "You are the pastoral contact for 1 pupil in alternative provision" in home
    mine = client.get("/pastoral-contact/").content.decode()
    assert f'href="/placements/{placement.pk}/contacts/"' in mine and "Alex Ordinary" in mine
    url = f"/placements/{placement.pk}/contacts/add/"
    response = client.post(url, data(), follow=True)
    contact = PastoralContact.objects.get(placement=placement)
    assert (contact.contacted_on, contact.method, contact.place) == (
        dt.date(2026, 11, 2),
        "phone",
        "provider",
    )
    assert contact.recorded_by == staff and contact.history.count() == 1
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/placements/{placement.pk}/contacts/"
    assert "The contact has been logged." in page and "Settling in" in page
    assert "Phone call" in page and "At the provider" in page
    assert 'href="/pastoral-contact/"' in page  # back to their pupils, not the placement


def test_R10_4_the_pastoral_contact_reaches_nothing_else_of_the_pupil(world):
    staff = world.users[Role.STAFF_MEMBER]
    placement = with_contact(world)
    other = attending(world, make_pupil(world.school_a1, first_name="Notmine"))
    client = signed_in_client(staff)
    for url in (
        f"/placements/{placement.pk}/",
        f"/placements/{placement.pk}/progress/",
        f"/pupils/{world.pupil_a1.pk}/",
        f"/placements/{other.pk}/contacts/",
        f"/placements/{other.pk}/contacts/add/",
    ):
        assert client.get(url).status_code == 404, url
    assert "Notmine" not in client.get("/pastoral-contact/").content.decode()
    assert client.post(f"/placements/{other.pk}/contacts/add/", data()).status_code == 404
    assert not PastoralContact.objects.exists()


def test_R10_4_a_pastoral_contact_without_a_role_in_the_school_any_longer_is_refused(world):
    leaver = make_user("leaver@example.org", full_name="Lee Ver")
    assignment = give_role(leaver, Role.STAFF_MEMBER, school=world.school_a1)
    placement = with_contact(world, contact=leaver)
    url = f"/placements/{placement.pk}/contacts/"
    assert signed_in_client(leaver).get(url).status_code == 200
    assignment.delete()
    give_role(leaver, Role.STAFF_MEMBER, school=world.school_a2)  # still staff elsewhere
    client = signed_in_client(leaver)
    assert client.get(url).status_code == 404
    assert client.post(url + "add/", data()).status_code == 404
    assert "Alex" not in client.get("/pastoral-contact/").content.decode()
    assert not PastoralContact.objects.exists()


def test_R10_4_the_ap_lead_logs_a_contact_others_only_read_the_log(world):
    placement = with_contact(world)
    url = f"/placements/{placement.pk}/contacts/add/"
    ap_lead = world.users[Role.AP_LEAD]
    response = signed_in_client(ap_lead).post(url, data(method="in_person", place="home"))
    assert response.status_code == 302
    assert PastoralContact.objects.get().recorded_by == ap_lead
    for role in (Role.HEADTEACHER, Role.DSL, Role.SENDCO, Role.TRUST_EXECUTIVE):
        client = signed_in_client(world.users[role])
        assert client.post(url, data()).status_code == 404
        page = client.get(f"/placements/{placement.pk}/contacts/").content.decode()
        assert "Log a contact" not in page and "At home" in page
    assert PastoralContact.objects.count() == 1
    detail = signed_in_client(ap_lead).get(f"/placements/{placement.pk}/").content.decode()
    assert "1 logged, the latest on 2 November 2026" in detail


def test_R10_4_a_bad_contact_is_refused_naming_the_field_and_nothing_is_lost(world):
    placement = with_contact(world)
    client = signed_in_client(world.users[Role.STAFF_MEMBER])
    url = f"/placements/{placement.pk}/contacts/add/"
    page = client.post(url, data(dt.date(2026, 11, 4))).content.decode()
    assert "The date of the contact must be today or in the past" in page
    assert "Settling in" in page
    page = client.post(url, data(dt.date(2026, 9, 1))).content.decode()
    assert "The date of the contact must be on or after the start of the placement" in page
    page = client.post(url, data(method="", place="", notes="")).content.decode()
    assert "Select how the contact was made" in page
    assert "Select where the pupil was" in page and "Enter notes of the contact" in page
    placement.status = "ended"
    placement.save()
    assert client.post(url, data()).status_code == 404
    assert client.get(f"/placements/{placement.pk}/contacts/").status_code == 200
    assert not PastoralContact.objects.exists()

"""R-6.1 a pupil's parents and carers; R-10.2 who sees which of the record's fields and who may
change them; X-1 the access events of the record's pages. Split from test_record.py, whose
helpers these use."""

import datetime as dt

import pytest

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.pupils.models import Carer, Pupil
from tests.conftest import signed_in_client
from tests.factories import make_carer, make_pupil

from .sees_detail import SEES_DETAIL

pytestmark = pytest.mark.django_db


# Parents and carers -----------------------------------------------------------------------------


def carer_data(**overrides) -> dict:
    data = {
        "name": "Morgan Byrne",
        "relationship": "foster carer",
        "phone": "07700 900 123",
        "email": "morgan@example.org",
        "address": "4 Hill Street\nLeeds\nLS1 1AA",
        "parental_responsibility": "no",
        "priority": "1",
    }
    data.update(overrides)
    return data


def test_R6_1_X1_a_parent_or_carer_is_added_changed_and_removed_with_history(world, head):
    pupil = world.pupil_a1
    user = world.users[Role.HEADTEACHER]
    form = head.get(f"/pupils/{pupil.pk}/carers/add/").context["form"]
    assert form.initial["priority"] == "1"
    response = head.post(f"/pupils/{pupil.pk}/carers/add/", carer_data())
    assert response.status_code == 302 and response["Location"].endswith("#carers")
    carer = pupil.carers.get()
    assert carer.relationship == "foster carer" and not carer.parental_responsibility
    assert carer.history.get().history_user == user
    page = head.get(f"/pupils/{pupil.pk}/").content.decode()
    assert "Morgan Byrne" in page and "Foster carer" in page and "4 Hill Street<br>Leeds" in page

    # The next one is second to contact unless said otherwise.
    form = head.get(f"/pupils/{pupil.pk}/carers/add/").context["form"]
    assert form.initial["priority"] == "2"

    response = head.post(
        f"/pupils/{pupil.pk}/carers/{carer.pk}/",
        carer_data(parental_responsibility="yes", phone=""),
    )
    assert response.status_code == 302
    carer.refresh_from_db()
    assert carer.parental_responsibility and carer.phone == ""
    assert carer.history.count() == 2

    confirm = head.get(f"/pupils/{pupil.pk}/carers/{carer.pk}/remove/")
    assert "Remove Morgan Byrne as a contact?" in confirm.content.decode()
    assert pupil.carers.exists()  # nothing changes on GET
    response = head.post(f"/pupils/{pupil.pk}/carers/{carer.pk}/remove/")
    assert response.status_code == 302
    assert not pupil.carers.exists()
    removal = Carer.history.filter(id=carer.pk).first()
    assert removal.history_type == "-" and removal.history_user == user


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", "Enter the parent or carer's full name"),
        (
            {"relationship": ""},
            "relationship",
            "Enter the parent or carer's relationship to the pupil",
        ),
        (
            {"phone": "", "email": "", "address": ""},
            "phone",
            "Enter a phone number, an email address or an address for the parent or carer",
        ),
        (
            {"email": "morgan@"},
            "email",
            "Enter the parent or carer's email address in the correct format, like "
            "name@example.org",
        ),
        (
            {"phone": "07700"},
            "phone",
            "Enter the parent or carer's phone number with 10 to 15 digits, like 01632 960 001 "
            "or 07700 900 982",
        ),
        (
            {"parental_responsibility": ""},
            "parental_responsibility",
            "Select yes if they have parental responsibility for the pupil",
        ),
        ({"priority": "12"}, "priority", "Select the contact order from 1 to 9"),
    ],
)
def test_R6_1_X3_bad_carer_details_are_refused(world, head, overrides, field, message):
    response = head.post(f"/pupils/{world.pupil_a1.pk}/carers/add/", carer_data(**overrides))
    assert response.context["form"].errors[field] == [message]
    assert not world.pupil_a1.carers.exists()


def test_R6_1_one_email_address_is_enough_to_contact_a_carer(world, head):
    data = carer_data(phone="", address="")
    assert head.post(f"/pupils/{world.pupil_a1.pk}/carers/add/", data).status_code == 302
    carer = world.pupil_a1.carers.get()
    assert carer.email == "morgan@example.org" and carer.phone == "" and carer.address == ""


def test_R10_2_a_carer_is_reached_only_through_their_own_pupil(world, head):
    other = make_pupil(world.school_a1)
    carer = make_carer(other)
    for url in (
        f"/pupils/{world.pupil_a1.pk}/carers/{carer.pk}/",
        f"/pupils/{world.pupil_a1.pk}/carers/{carer.pk}/remove/",
    ):
        assert head.get(url).status_code == 404
        assert head.post(url, carer_data()).status_code == 404
    assert Carer.objects.filter(pk=carer.pk, name=carer.name).exists()


def test_R10_2_carers_are_shown_in_contact_order_to_everyone_who_sees_the_pupil(world):
    make_carer(world.pupil_a1, name="Second Contact", priority=2)
    make_carer(world.pupil_a1, name="First Contact", priority=1, parental_responsibility=True)
    page = (
        signed_in_client(world.users[Role.ATTENDANCE_LEAD])
        .get(f"/pupils/{world.pupil_a1.pk}/")
        .content.decode()
    )
    assert page.index("First Contact") < page.index("Second Contact")
    assert "Change" not in page and "Remove" not in page and "Add a parent or carer" not in page


# Sensitivity of the new fields (R-10.2) ---------------------------------------------------------

SEND_MARKERS = ["Sendlazqx", "Caseworkerzqx", "Semhzqx", "Medicalzqx", "0113 555 0101"]
SAFEGUARDING_MARKERS = ["Socialzqx", "0113 555 0202", "Vshzqx", "Otherswzqx", "Looked after"]


@pytest.fixture
def full_record(world):
    pupil = world.pupil_a1
    Pupil.objects.filter(pk=pupil.pk).update(
        send_status="ehcp",
        ehcp_local_authority="Sendlazqx Council",
        la_caseworker_name="Caseworkerzqx",
        la_caseworker_phone="0113 555 0101",
        semh_needs="Semhzqx needs",
        medical_needs="Medicalzqx needs",
        needs_assessed_on=dt.date(2026, 9, 1),
        looked_after=True,
        social_worker_name="Socialzqx",
        social_worker_phone="0113 555 0202",
        virtual_school_head_name="Vshzqx",
        other_social_worker="Otherswzqx",
    )
    make_carer(pupil, name="Carerzqx Person")
    return world


@pytest.mark.parametrize(
    "role, send, safeguarding",
    SEES_DETAIL,
)
def test_R10_2_the_new_fields_follow_the_sensitivity_rules(full_record, role, send, safeguarding):
    page = (
        signed_in_client(full_record.users[role])
        .get(f"/pupils/{full_record.pupil_a1.pk}/")
        .content.decode()
    )
    for marker in SEND_MARKERS:
        assert (marker in page) is send, marker
    for marker in SAFEGUARDING_MARKERS:
        assert (marker in page) is safeguarding, marker
    assert "Carerzqx Person" in page  # parents and carers are general detail


@pytest.mark.parametrize(
    "role, links",
    [
        (Role.HEADTEACHER, {"details", "send", "safeguarding", "carers"}),
        (Role.DSL, {"details", "send", "safeguarding", "carers"}),
        (Role.SENDCO, {"details", "send", "carers"}),
        (Role.ATTENDANCE_LEAD, set()),
        (Role.TRUST_SAFEGUARDING_LEAD, set()),
    ],
)
def test_R10_2_change_links_are_shown_to_those_who_may_change(full_record, role, links):
    pk = full_record.pupil_a1.pk
    page = signed_in_client(full_record.users[role]).get(f"/pupils/{pk}/").content.decode()
    urls = {
        "details": f'href="/pupils/{pk}/details/"',
        "send": f'href="/pupils/{pk}/send/"',
        "safeguarding": f'href="/pupils/{pk}/safeguarding/"',
        "carers": f'href="/pupils/{pk}/carers/add/"',
    }
    assert {name for name, url in urls.items() if url in page} == links


def test_R10_2_the_list_offers_adding_and_importing_to_those_who_keep_records(world):
    assert (
        "Add a pupil" in signed_in_client(world.users[Role.SENDCO]).get("/pupils/").content.decode()
    )
    page = signed_in_client(world.users[Role.TRUST_EXECUTIVE]).get("/pupils/").content.decode()
    assert "Add a pupil" not in page and "/pupils/import/" not in page


# Access events (X-1) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, what",
    [
        ("/pupils/{pk}/details/", "change a pupil's details"),
        ("/pupils/{pk}/send/", "change a pupil's SEND details"),
        ("/pupils/{pk}/safeguarding/", "change a pupil's safeguarding details"),
        ("/pupils/{pk}/carers/add/", "add a parent or carer"),
        ("/pupils/{pk}/carers/{carer}/", "change a parent or carer"),
        ("/pupils/{pk}/carers/{carer}/remove/", "remove a parent or carer"),
    ],
)
def test_X1_each_page_that_shows_a_pupil_writes_an_access_event(world, head, path, what):
    carer = make_carer(world.pupil_a1)
    url = path.format(pk=world.pupil_a1.pk, carer=carer.pk)
    assert head.get(url).status_code == 200
    event = AccessEvent.objects.get()
    assert event.what == what and event.path == url
    assert event.user == world.users[Role.HEADTEACHER] and event.school == world.school_a1
    assert list(event.pupils.all()) == [world.pupil_a1]


def test_X1_a_refused_change_page_writes_no_access_event(world):
    client = signed_in_client(world.users[Role.SENDCO])
    assert client.get(f"/pupils/{world.pupil_a1.pk}/safeguarding/").status_code == 404
    assert client.get(f"/pupils/{world.canary_a2.pk}/details/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_X1_the_add_and_import_pages_show_no_pupil_and_log_nothing(world, head):
    assert head.get("/pupils/add/").status_code == 200
    assert head.get("/pupils/import/").status_code == 200
    assert not AccessEvent.objects.exists()

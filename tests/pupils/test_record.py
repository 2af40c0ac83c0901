"""R-6.1 a pupil's record, changed section by section; R-10.2 who sees and changes which fields;
X-1 history and access events; X-3 messages that name the field."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.pupils.models import Pupil
from altprov.pupils.upn import make_upn
from tests.conftest import signed_in_client
from tests.factories import born_aged

pytestmark = pytest.mark.django_db


def now_or(overrides):
    """Dates relative to today are worked out when the test runs, not when it is collected (a run
    that crosses midnight would otherwise post yesterday's "tomorrow")."""
    return overrides() if callable(overrides) else overrides


def date_fields(name: str, value: dt.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def pupil_data(**overrides) -> dict:
    data = {
        "first_name": "Jordan",
        "last_name": "Byrne",
        **date_fields("date_of_birth", born_aged(13)),
        "upn": make_upn(801, 4000, 2019, 17),
        "year_group": "8",
    }
    data.update(overrides)
    return data


def errors_of(response) -> list[str]:
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


# Adding and changing the basic details ----------------------------------------------------------


def test_R6_1_X1_a_pupil_is_added_by_hand_in_the_current_school_with_history(world, head):
    response = head.post("/pupils/add/", pupil_data(upn=make_upn(801, 4000, 2019, 17).lower()))
    pupil = Pupil.objects.get(last_name="Byrne")
    assert response.status_code == 302 and response["Location"] == f"/pupils/{pupil.pk}/"
    assert pupil.school == world.school_a1
    assert pupil.upn == make_upn(801, 4000, 2019, 17)  # upper case
    assert pupil.year_group == 8 and pupil.send_status == "none" and not pupil.looked_after
    (record,) = pupil.history.all()
    assert record.history_type == "+" and record.history_user == world.users[Role.HEADTEACHER]
    assert "Jordan Byrne has been added" in head.get(response["Location"]).content.decode()


def test_R6_1_reception_is_year_R(world, head):
    head.post(
        "/pupils/add/", pupil_data(year_group="R", **date_fields("date_of_birth", born_aged(4)))
    )
    assert Pupil.objects.get(last_name="Byrne").year_group == 0


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"first_name": ""}, "Enter the pupil's first name"),
        ({"last_name": "  "}, "Enter the pupil's last name"),
        ({"upn": ""}, "Enter the unique pupil number (UPN)"),
        ({"upn": "A80120000500"}, "A UPN must be 13 characters"),
        ({"upn": "A8012000050011"}, "A UPN must be 13 characters"),
        ({"upn": "I80120000500A"}, "A UPN must be a letter, 11 digits, then a digit or letter"),
        ({"year_group": ""}, "Enter the year group"),
        ({"year_group": "15"}, "Enter the year group as R (Reception) or a number from 0 to 14"),
        ({"year_group": "-1"}, "Enter the year group as R (Reception) or a number from 0 to 14"),
        ({"year_group": "N2"}, "Enter the year group as R (Reception) or a number from 0 to 14"),
        (
            {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "Enter the date of birth",
        ),
        (
            {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "2014"},
            "The date of birth must be a real date, like 5 9 2026",
        ),
        (
            lambda: date_fields("date_of_birth", dt.date.today() + dt.timedelta(days=1)),
            "The date of birth must be in the past",
        ),
        (
            lambda: date_fields("date_of_birth", born_aged(1)),
            "The date of birth must give an age from 2 to 19: check the year",
        ),
        (
            lambda: date_fields("date_of_birth", born_aged(20)),
            "The date of birth must give an age from 2 to 19: check the year",
        ),
    ],
)
def test_R6_1_X3_bad_details_are_refused_with_a_message_naming_the_field(
    world, head, overrides, message
):
    overrides = now_or(overrides)
    response = head.post("/pupils/add/", pupil_data(**overrides))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert "There is a problem" in response.content.decode()
    assert not Pupil.objects.filter(last_name="Byrne").exists()


def test_R6_1_X3_the_upn_check_letter_is_checked(world, head):
    good = make_upn(801, 2000, 2012, 5)
    wrong = ("B" if good[0] != "B" else "C") + good[1:]
    response = head.post("/pupils/add/", pupil_data(upn=wrong))
    assert errors_of(response) == [
        "The UPN's check letter does not match: check it has been copied correctly"
    ]


def test_R6_1_X3_a_upn_is_unique_within_the_school_only(world, head):
    response = head.post("/pupils/add/", pupil_data(upn=world.pupil_a1.upn))
    assert errors_of(response) == ["Another pupil at this school has this UPN"]
    # The UPN of a pupil at another school (who moved, say) is not a clash.
    assert head.post("/pupils/add/", pupil_data(upn=world.canary_a2.upn)).status_code == 302
    assert Pupil.objects.filter(upn=world.canary_a2.upn, school=world.school_a1).count() == 1


def test_R6_1_X1_changing_the_details_keeps_the_upn_and_writes_one_history_row(world, head):
    pupil = world.pupil_a1
    data = pupil_data(upn=pupil.upn, first_name="Alexandra", year_group="10")
    response = head.post(f"/pupils/{pupil.pk}/details/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/pupils/{pupil.pk}/#details"
    pupil.refresh_from_db()
    assert pupil.first_name == "Alexandra" and pupil.year_group == 10
    latest = pupil.history.first()
    assert pupil.history.count() == 2 and latest.history_type == "~"
    assert latest.history_user == world.users[Role.HEADTEACHER]
    assert latest.prev_record.first_name == "Alex"


def test_R6_1_X1_saving_without_a_change_writes_no_history(world, head):
    pupil = world.pupil_a1
    form = head.get(f"/pupils/{pupil.pk}/details/").context["form"]
    assert form.initial["year_group"] == "9"
    data = pupil_data(
        first_name=pupil.first_name,
        last_name=pupil.last_name,
        upn=pupil.upn,
        year_group=str(pupil.year_group),
        **date_fields("date_of_birth", pupil.date_of_birth),
    )
    assert head.post(f"/pupils/{pupil.pk}/details/", data).status_code == 302
    assert pupil.history.count() == 1


def test_R6_1_a_failed_change_shows_the_pupil_as_stored_in_the_caption(world, head):
    response = head.post(
        f"/pupils/{world.pupil_a1.pk}/details/", pupil_data(first_name="Zzz", upn="bad")
    )
    assert response.context["caption"] == "Alex Ordinary"


# SEND details -----------------------------------------------------------------------------------


def send_data(**overrides) -> dict:
    data = {
        "send_status": "ehcp",
        "ehcp_local_authority": "Leeds City Council",
        "la_caseworker_name": "Casey Worker",
        "la_caseworker_email": "casey.worker@leeds.example.org",
        "la_caseworker_phone": "0113  222 4444",
        "semh_needs": "Anxiety in unstructured time",
        "medical_needs": "Asthma: inhaler in bag",
        **date_fields("needs_assessed_on", dt.date.today() - dt.timedelta(days=30)),
    }
    data.update(overrides)
    return data


def test_R6_1_the_sendco_records_the_send_details(world):
    client = signed_in_client(world.users[Role.SENDCO])
    pupil = world.pupil_a1
    response = client.post(f"/pupils/{pupil.pk}/send/", send_data())
    assert response.status_code == 302 and response["Location"].endswith("#send")
    pupil.refresh_from_db()
    assert pupil.send_status == Pupil.SendStatus.EHCP
    assert pupil.ehcp_local_authority == "Leeds City Council"
    assert pupil.la_caseworker_phone == "0113 222 4444"  # spaces tidied
    assert pupil.needs_assessed_on == dt.date.today() - dt.timedelta(days=30)
    assert pupil.history.first().history_user == world.users[Role.SENDCO]
    page = client.get(f"/pupils/{pupil.pk}/").content.decode()
    for text in ("Leeds City Council", "Casey Worker", "Anxiety in unstructured time", "Asthma"):
        assert text in page


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"send_status": ""}, "send_status", "Select the pupil's SEND status"),
        (
            {"ehcp_local_authority": " "},
            "ehcp_local_authority",
            "Enter the local authority that maintains the EHCP",
        ),
        (
            {"la_caseworker_email": "casey@"},
            "la_caseworker_email",
            "Enter the LA caseworker's email address in the correct format, like name@example.org",
        ),
        (
            {"la_caseworker_phone": "call the office"},
            "la_caseworker_phone",
            "Enter the LA caseworker's phone number with 10 to 15 digits, like 01632 960 001 or "
            "07700 900 982",
        ),
        (
            {"la_caseworker_phone": "0113 22"},
            "la_caseworker_phone",
            "Enter the LA caseworker's phone number with 10 to 15 digits, like 01632 960 001 or "
            "07700 900 982",
        ),
        (
            lambda: date_fields("needs_assessed_on", dt.date.today() + dt.timedelta(days=1)),
            "needs_assessed_on",
            "The date the needs were last assessed must be today or in the past",
        ),
    ],
)
def test_R6_1_X3_bad_send_details_are_refused(world, head, overrides, field, message):
    overrides = now_or(overrides)
    response = head.post(f"/pupils/{world.pupil_a1.pk}/send/", send_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    world.pupil_a1.refresh_from_db()
    assert world.pupil_a1.send_status == "none"


def test_R6_1_sen_support_needs_no_local_authority(world, head):
    data = send_data(send_status="sen_support", ehcp_local_authority="", la_caseworker_name="")
    data.update({"needs_assessed_on_0": "", "needs_assessed_on_1": "", "needs_assessed_on_2": ""})
    assert head.post(f"/pupils/{world.pupil_a1.pk}/send/", data).status_code == 302
    world.pupil_a1.refresh_from_db()
    assert world.pupil_a1.send_status == "sen_support"
    assert world.pupil_a1.needs_assessed_on is None


# Safeguarding details ---------------------------------------------------------------------------


def safeguarding_data(**overrides) -> dict:
    data = {
        "looked_after": "yes",
        "social_worker_name": "Sam Social",
        "social_worker_phone": "0113 333 5555",
        "social_worker_email": "sam.social@leeds.example.org",
        "virtual_school_head_name": "Vic Head",
        "virtual_school_head_email": "vsh@leeds.example.org",
        "other_social_worker": "Yusuf, youth justice worker, 0113 444 6666",
    }
    data.update(overrides)
    return data


def test_R6_1_the_dsl_records_the_safeguarding_details(world):
    client = signed_in_client(world.users[Role.DSL])
    pupil = world.pupil_a1
    response = client.post(f"/pupils/{pupil.pk}/safeguarding/", safeguarding_data())
    assert response.status_code == 302 and response["Location"].endswith("#safeguarding")
    pupil.refresh_from_db()
    assert pupil.looked_after and pupil.virtual_school_head_name == "Vic Head"
    form = client.get(f"/pupils/{pupil.pk}/safeguarding/").context["form"]
    assert form.initial["looked_after"] == "yes"
    response = client.post(
        f"/pupils/{pupil.pk}/safeguarding/", safeguarding_data(looked_after="no")
    )
    pupil.refresh_from_db()
    assert not pupil.looked_after


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"looked_after": ""}, "looked_after", "Select yes if the pupil is looked after"),
        (
            {"social_worker_email": "sam at leeds"},
            "social_worker_email",
            "Enter the social worker's email address in the correct format, like name@example.org",
        ),
        (
            {"virtual_school_head_email": "vsh@"},
            "virtual_school_head_email",
            "Enter the Virtual School headteacher's email address in the correct format, like "
            "name@example.org",
        ),
        (
            {"social_worker_phone": "12"},
            "social_worker_phone",
            "Enter the social worker's phone number with 10 to 15 digits, like 01632 960 001 or "
            "07700 900 982",
        ),
    ],
)
def test_R6_1_X3_bad_safeguarding_details_are_refused(world, head, overrides, field, message):
    response = head.post(
        f"/pupils/{world.pupil_a1.pk}/safeguarding/", safeguarding_data(**overrides)
    )
    assert response.context["form"].errors[field] == [message]


def test_R10_2_the_sendco_cannot_open_or_post_the_safeguarding_page(world):
    client = signed_in_client(world.users[Role.SENDCO])
    url = f"/pupils/{world.pupil_a1.pk}/safeguarding/"
    assert client.get(url).status_code == 404
    assert client.post(url, safeguarding_data()).status_code == 404
    world.pupil_a1.refresh_from_db()
    assert not world.pupil_a1.looked_after


@pytest.mark.parametrize(
    "role", [Role.ATTENDANCE_LEAD, Role.TRUST_SAFEGUARDING_LEAD, Role.TRUST_EXECUTIVE]
)
def test_R10_2_those_who_do_not_keep_pupil_records_cannot_change_them(world, role):
    client = signed_in_client(world.users[role])
    pupil = world.pupil_a1
    assert client.post(f"/pupils/{pupil.pk}/details/", pupil_data(upn=pupil.upn)).status_code == 404
    assert client.post(f"/pupils/{pupil.pk}/send/", send_data()).status_code == 404
    assert client.post("/pupils/add/", pupil_data()).status_code == 404
    pupil.refresh_from_db()
    assert pupil.first_name == "Alex" and pupil.send_status == "none"
    assert Pupil.objects.count() == 3


def test_R10_2_a_manager_in_one_school_cannot_change_a_pupil_in_another(world, head):
    response = head.post(
        f"/pupils/{world.canary_a2.pk}/details/", pupil_data(upn=world.canary_a2.upn)
    )
    assert response.status_code == 404
    world.canary_a2.refresh_from_db()
    assert world.canary_a2.last_name == "Other"


def test_R6_1_X3_a_upn_taken_between_the_check_and_the_save_is_refused_in_words(
    world, head, monkeypatch
):
    from altprov.pupils.forms import PupilForm

    monkeypatch.setattr(PupilForm, "clean_upn", lambda form: form.cleaned_data["upn"])
    response = head.post("/pupils/add/", pupil_data(upn=world.pupil_a1.upn))
    assert response.status_code == 200
    assert errors_of(response) == ["Another pupil at this school has this UPN"]
    assert Pupil.objects.filter(upn=world.pupil_a1.upn).count() == 1

"""R-10.6 and X-3 through the API (issue 9): a bulk write of attendance marks is checked by the
CSV import's rules and saved all or nothing; a refusal lists each refused mark by its index and
field; the marks are entered by the API client, named."""

import datetime as dt

import pytest

from altprov.attendance.models import AttendanceMark, FollowUp
from altprov.authz.permissions import Role
from tests.attendance.helpers import assert_summary_exact
from tests.conftest import signed_in_client

from .helpers import api, placement_of, token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/attendance-marks/"


@pytest.fixture
def writer(world):
    world.placement = placement_of(world, world.school_a1, "Writepupil")
    world.client, world.token = token_for(
        world, school=world.school_a1, access="write", name="Oak MIS"
    )
    return world


def week(upn, codes=("B", "B", "I", "N")):
    return [
        {"upn": upn, "date": "2026-11-02", "session": "AM", "code": codes[0]},
        {"upn": upn, "date": "2026-11-02", "session": "PM", "code": codes[1]},
        {"upn": upn, "date": "2026-11-03", "session": "AM", "code": codes[2]},
        {"upn": upn, "date": "03/11/2026", "session": "pm", "code": codes[3]},
    ]


def post(token, body):
    return api(token).post(URL, body, content_type="application/json")


def test_R10_6_marks_are_saved_and_entered_by_the_named_client(writer):
    response = post(writer.token, {"marks": week(writer.placement.pupil.upn)})
    assert response.status_code == 200
    assert response.json() == {"added": 4, "corrected": 0, "unchanged": 0, "follow_ups": 1}
    marks = AttendanceMark.objects.filter(placement=writer.placement)
    assert sorted(m.code for m in marks) == ["B", "B", "I", "N"]
    assert {str(m.entered_by) for m in marks} == {"API client: Oak MIS"}
    assert FollowUp.objects.filter(placement=writer.placement).count() == 1
    # The history names the client's account too.
    assert {h.history_user_id for h in AttendanceMark.history.all()} == {
        writer.client.acting_user_id
    }
    # Sent again: nothing changes; a changed code is a correction.
    assert (writer.school_a1.pk, dt.date(2026, 11, 3), "N", 1) in assert_summary_exact()
    again = post(writer.token, {"marks": week(writer.placement.pupil.upn, ("B", "B", "I", "B"))})
    assert again.json() == {"added": 0, "corrected": 1, "unchanged": 3, "follow_ups": 0}
    # The daily summary follows the bulk write and its correction.
    summary = assert_summary_exact()
    assert (writer.school_a1.pk, dt.date(2026, 11, 3), "B", 1) in summary
    assert not [r for r in summary if r[2] == "N"]


def test_R10_6_X3_one_refused_mark_saves_nothing_and_each_refusal_is_listed(writer):
    upn = writer.placement.pupil.upn
    marks = week(upn)
    marks.insert(1, {"upn": upn, "date": "31/11/2026", "session": "AM", "code": "B"})  # 1
    marks.append({"upn": upn, "date": "2026-11-04", "session": "AM", "code": "H"})  # 5
    marks.append({"upn": "Z999999999999", "date": "2026-11-04", "session": "XM", "code": "B"})
    marks.append({"upn": upn, "date": "2026-10-31", "session": "AM", "code": "B"})  # 7: Saturday
    marks.append({"upn": upn, "date": "2026-11-09", "session": "AM", "code": "B"})  # 8: future
    response = post(writer.token, {"marks": marks})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Nothing was saved: 5 marks were refused."
    refused = {(r["index"], r["field"]): r["message"] for r in body["refused"]}
    assert refused[(1, "date")] == "“31/11/2026” is not a real date like 02/11/2026"
    assert refused[(5, "code")].startswith("H (holiday authorised) was withdrawn in 2024")
    assert refused[(6, "upn")] == "no pupil with UPN Z999999999999 is attending a placement here"
    assert refused[(6, "session")] == "Enter AM or PM"
    assert "is not a school day" in refused[(7, "date")]
    assert refused[(8, "date")] == "9 November 2026 has not happened yet"
    assert AttendanceMark.objects.count() == 0


def test_X3_two_marks_for_one_session_with_different_codes_are_refused(writer):
    upn = writer.placement.pupil.upn
    marks = [
        {"upn": upn, "date": "2026-11-02", "session": "AM", "code": "B"},
        {"upn": upn, "date": "2026-11-02", "session": "AM", "code": "N"},
    ]
    body = post(writer.token, {"marks": marks}).json()
    assert body["refused"] == [
        {
            "index": 1,
            "field": "code",
            "message": "mark 0 gives the same session a different code (B)",
        }
    ]


def test_X3_the_api_and_the_csv_import_give_the_same_refusal(writer):
    """The same rules, one function: a withdrawn code gets the same words both ways."""
    upn = writer.placement.pupil.upn
    api_message = post(
        writer.token,
        {"marks": [{"upn": upn, "date": "2026-11-02", "session": "AM", "code": "H"}]},
    ).json()["refused"][0]["message"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = SimpleUploadedFile("m.csv", f"UPN,Date,Session,Code\n{upn},02/11/2026,AM,H\n".encode())
    page = signed_in_client(writer.users[Role.ATTENDANCE_LEAD]).post(
        f"/attendance/schools/{writer.school_a1.pk}/import/", {"file": csv}, follow=True
    )
    assert f"Line 2, Code: {api_message}" in page.content.decode()


@pytest.mark.parametrize(
    "body, detail",
    [
        ([], "Send an object with a list of marks"),
        ({"marks": "B"}, "Send an object with a list of marks"),
        ({"marks": []}, "The list of marks is empty"),
        ({"school": 12, "marks": [{}]}, "The school is its URN, as text"),
    ],
)
def test_X3_a_body_of_the_wrong_shape_is_refused_in_words(writer, body, detail):
    response = post(writer.token, body)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)


def test_X3_marks_of_the_wrong_shape_are_refused_by_index_and_field(writer):
    upn = writer.placement.pupil.upn
    marks = [
        {"upn": upn, "date": "2026-11-02", "session": "AM", "code": "B"},
        "B",
        {"upn": upn, "date": "2026-11-02", "session": "PM", "code": 5},
        {"upn": upn, "date": "2026-11-03", "session": "AM"},
    ]
    body = post(writer.token, {"marks": marks}).json()
    assert body["refused"] == [
        {"index": 1, "field": None, "message": "Each mark is an object: upn, date, session, code"},
        {"index": 2, "field": "code", "message": "The code must be text"},
    ]
    assert AttendanceMark.objects.count() == 0


def test_R10_6_a_trust_token_names_the_school_it_writes_for(writer):
    _, token = token_for(writer, trust=writer.trust_a, access="write", name="Trust tool")
    marks = week(writer.placement.pupil.upn)
    refused = post(token, {"marks": marks})
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("Name the school by its URN")
    saved = post(token, {"school": writer.school_a1.urn, "marks": marks})
    assert saved.json()["added"] == 4


def test_X3_too_many_marks_at_once_are_refused(writer, monkeypatch):
    from altprov.api import endpoints

    monkeypatch.setattr(endpoints, "MAX_MARKS", 3)
    response = post(writer.token, {"marks": week(writer.placement.pupil.upn)})
    assert response.json()["detail"] == "Send at most 3 marks at a time"

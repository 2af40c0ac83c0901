"""R-13.1, R-13.2: a placement ends by reintegration only when the meeting with the provider,
the plan, the final report and the pupil's views are recorded. Each alone is refused at the
service and at the page; with all four the placement ends, once."""

import datetime as dt
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.evidence.models import EvidenceFile
from altprov.outcomes import services
from altprov.outcomes.gate import BEFORE_RETURN
from altprov.outcomes.models import Ending, FinalReport, ReintegrationMeeting
from altprov.placements.models import Placement
from tests.conftest import signed_in_client
from tests.factories import give_role, make_user, pdf_upload

from .helpers import BEFORE, TODAY, attending, day, frozen, post_data, record_before  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
KEYS = [b.key for b in BEFORE_RETURN]


def test_R13_1_R13_2_the_gate_is_declared_once_with_its_requirements():
    assert KEYS == ["reintegration_meeting", "reintegration_plan", "final_report", "pupil_views"]
    assert [b.requirement.split(",")[0] for b in BEFORE_RETURN] == [
        "R-13.1",
        "R-13.1",
        "R-13.2",
        "R-13.2",
    ]
    assert all(b.url_name.startswith("outcomes:") for b in BEFORE_RETURN)


@pytest.mark.parametrize("key", KEYS)
def test_R13_1_R13_2_each_record_missing_alone_refuses_the_return_at_the_service(world, key):
    placement = attending(world, world.pupil_a1)
    record_before(world, placement, skip=key)
    with pytest.raises(ValidationError) as refused:
        services.reintegrate(placement=placement, on=TODAY, by=world.users[Role.AP_LEAD])
    assert refused.value.params["missing"] == [key]
    text = next(b.text for b in BEFORE_RETURN if b.key == key)
    assert text in refused.value.messages[0]
    placement.refresh_from_db()
    assert placement.status == "active" and placement.end_reason == ""
    assert not Ending.objects.exists()


@pytest.mark.parametrize("key", KEYS)
def test_R13_1_R13_2_each_record_missing_alone_refuses_the_return_at_the_page(world, key):
    placement = attending(world, world.pupil_a1)
    record_before(world, placement, skip=key)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/reintegration/return/"
    response = client.post(url, day("on", TODAY))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Still needed:" in page
    refused = page.split('id="refused"')[1].split("</div>\n  </div>")[0]
    for b in BEFORE_RETURN:
        assert (escape(b.text) in refused) == (b.key == key), b.key
    # The item links to where it is recorded, coming back to the placement.
    assert f'href="/placements/{placement.pk}/reintegration/' in refused
    placement.refresh_from_db()
    assert placement.status == "active"


def test_R13_1_with_everything_recorded_the_placement_ends_by_reintegration_once(world):
    placement = attending(world, world.pupil_a1)
    record_before(world, placement)
    ap = world.users[Role.AP_LEAD]
    stale = Placement.objects.get(pk=placement.pk)  # what a request at the same moment holds
    services.reintegrate(placement=placement, on=TODAY, by=ap)
    with pytest.raises(ValidationError, match="already ended"):
        services.reintegrate(placement=stale, on=TODAY, by=ap)
    placement.refresh_from_db()
    assert (placement.status, placement.ended_on, placement.end_reason) == (
        "ended",
        TODAY,
        "reintegrated",
    )
    assert Ending.objects.get().recorded_by == ap
    assert (
        ChronologyEntry.objects.filter(
            pupil=world.pupil_a1, summary__contains="Returned to school"
        ).count()
        == 1
    )


def test_R13_1_the_page_ends_the_placement_and_the_placement_page_says_so(world):
    placement = attending(world, world.pupil_a1)
    record_before(world, placement)
    client = signed_in_client(world.users[Role.HEADTEACHER])
    url = f"/placements/{placement.pk}/reintegration/return/"
    response = client.post(url, day("on", TODAY), follow=True)
    page = response.content.decode()
    assert "the pupil has returned to school" in page
    assert "The placement ended on 16 November 2026: returned to the school" in page
    placement.refresh_from_db()
    assert placement.end_reason == "reintegrated"
    # Not offered again.
    assert client.get(url).status_code == 404
    assert client.post(url, day("on", TODAY)).status_code == 404


def test_R13_1_the_return_date_is_a_done_date_not_before_the_start(world):
    placement = attending(world, world.pupil_a1)
    record_before(world, placement)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/reintegration/return/"
    page = client.post(url, day("on", TODAY + dt.timedelta(days=1))).content.decode()
    assert "must be today or in the past" in page
    page = client.post(url, day("on", dt.date(2026, 10, 2))).content.decode()
    assert "must be on or after the start of the placement" in page
    placement.refresh_from_db()
    assert placement.status == "active"


def test_R13_1_the_placement_page_shows_the_task_list_with_what_is_recorded(world):
    placement = attending(world, world.pupil_a1)
    record_before(world, placement, skip="final_report")
    page = signed_in_client(world.users[Role.AP_LEAD]).get(f"/placements/{placement.pk}/")
    html = page.content.decode()
    assert "Before the pupil returns to school" in html
    tasks = html.split('id="reintegration-tasks"')[1].split("</ul>")[0]
    assert tasks.count("Recorded") == 3 and "Not yet recorded" in tasks
    assert f"/placements/{placement.pk}/reintegration/final-report/?next=" in tasks
    # The DSL reads it and is told who records it.
    html = signed_in_client(world.users[Role.DSL]).get(f"/placements/{placement.pk}/")
    tasks = html.content.decode().split('id="reintegration-tasks"')[1].split("</ul>")[0]
    assert "Waiting for" in tasks and "/reintegration/final-report/" not in tasks


@pytest.mark.parametrize("key", KEYS)
def test_R13_1_R13_2_each_record_is_saved_from_its_page_and_changed_with_history(world, key):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    slug = {
        "reintegration_meeting": "meeting",
        "reintegration_plan": "plan",
        "final_report": "final-report",
        "pupil_views": "pupil-views",
    }[key]
    url = f"/placements/{placement.pk}/reintegration/{slug}/"
    assert client.get(url).status_code == 200
    response = client.post(url, post_data(key))
    assert response.status_code == 302
    model = Placement._meta.get_field(key).related_model
    record = model.objects.get(placement=placement)
    field, value = next((n, v) for n, v in BEFORE[key].items() if isinstance(v, str))
    assert getattr(record, field) == value
    client.post(url, {**post_data(key), field: "Changed"})
    record.refresh_from_db()
    assert getattr(record, field) == "Changed"
    assert record.history.count() == 2 and model.objects.count() == 1
    # An empty form names what is missing and saves nothing new.
    page = client.post(url, {}).content.decode()
    assert "There is a problem" in page


def test_R13_1_the_meeting_date_cannot_be_before_the_start_at_the_service(world):
    placement = attending(world, world.pupil_a1)
    with pytest.raises(ValidationError, match="on or after the start"):
        services.before_return_save(
            placement=placement,
            key="reintegration_meeting",
            by=world.users[Role.AP_LEAD],
            **{**BEFORE["reintegration_meeting"], "held_on": dt.date(2026, 10, 1)},
        )
    assert not ReintegrationMeeting.objects.exists()


def test_R13_1_a_plans_reviews_are_on_or_after_the_return(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/reintegration/plan/"
    data = {**post_data("reintegration_plan"), **day("first_review_on", dt.date(2026, 11, 30))}
    page = client.post(url, data).content.decode()
    assert "A follow-up review must be on or after the return date" in page


def test_R13_1_records_before_the_return_are_only_for_an_attending_placement(world):
    placement = attending(world, world.pupil_a1)
    services.end_placement(
        placement=placement, reason="left_school", on=TODAY, by=world.users[Role.AP_LEAD]
    )
    with pytest.raises(ValidationError, match="attending"):
        services.before_return_save(
            placement=placement,
            key="pupil_views",
            by=world.users[Role.AP_LEAD],
            **BEFORE["pupil_views"],
        )
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.get(f"/placements/{placement.pk}/reintegration/pupil-views/").status_code == 404


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_R13_2_the_final_report_may_be_uploaded_and_only_the_pupils_school_downloads_it(
    world, media
):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/reintegration/final-report/"
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
    response = client.post(url, {**post_data("final_report"), "document": pdf_upload("r.pdf")})
    assert response.status_code == 302
    report = FinalReport.objects.get()
    first = report.document
    assert first.school == world.school_a1 and first.uploaded_by == world.users[Role.AP_LEAD]
    page = signed_in_client(world.users[Role.DSL]).get(f"/placements/{placement.pk}/")
    assert f"/evidence/{first.pk}/" in page.content.decode()
    assert signed_in_client(world.users[Role.DSL]).get(f"/evidence/{first.pk}/").status_code == 200
    outsider = make_user("a2-ap@example.org")
    give_role(outsider, Role.AP_LEAD, school=world.school_a2)
    for user in (outsider, world.outsider, world.users[Role.TRUSTEE]):
        assert signed_in_client(user).get(f"/evidence/{first.pk}/").status_code == 404
    # A new upload is the next version; the earlier one is kept. Saving without a file keeps it.
    client.post(url, {**post_data("final_report"), "document": pdf_upload("r2.pdf")})
    report.refresh_from_db()
    assert report.document.replaces == first
    client.post(url, post_data("final_report"))
    report.refresh_from_db()
    assert report.document.replaces == first
    # Not a document: refused, nothing stored.
    fake = SimpleUploadedFile("r.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    page = client.post(url, {**post_data("final_report"), "document": fake}).content.decode()
    assert "There is a problem" in page
    assert EvidenceFile.objects.count() == 2

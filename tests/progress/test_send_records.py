"""R-10.8: the SENDCo's records on the placement, and the EHCP annual review as a duty."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import Role
from altprov.duties.engine import due_items
from altprov.progress.models import (
    EhcpAnnualReview,
    EhcpDate,
    ProviderRecommendation,
    SendDocumentShare,
)
from altprov.progress.rules import ehcp_review_due
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import make_pupil

from .helpers import TODAY, date_data, frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def ehcp_placement(world, school=None, **kwargs):
    pupil = make_pupil(school or world.school_a1, first_name="Sam", send_status="ehcp")
    return attending(world, pupil, **kwargs)


def ehcp_items(schools, today=TODAY):
    return [
        i for i in due_items(schools, today, only_attention=False) if i.duty == "ehcp_annual_review"
    ]


def test_R10_8_the_sendco_records_documents_shared_and_recommended_referrals(world):
    placement = ehcp_placement(world)
    sendco = world.users[Role.SENDCO]
    client = signed_in_client(sendco)
    base = f"/placements/{placement.pk}/send/"
    response = client.post(
        base + "documents/add/",
        {
            "document": "ehcp",
            **date_data("shared_on", dt.date(2026, 9, 30)),
            "method": "secure_email",
        },
    )
    assert response.status_code == 302 and response["Location"] == base
    share = SendDocumentShare.objects.get()
    assert (share.document, share.shared_on, share.method, share.recorded_by) == (
        "ehcp",
        dt.date(2026, 9, 30),
        "secure_email",
        sendco,
    )
    response = client.post(
        base + "recommendations/add/",
        {
            "what": "Speech and language therapy assessment",
            **date_data("recommended_on", dt.date(2026, 10, 20)),
            "action": "Referred to the NHS SALT team on 22 October",
        },
        follow=True,
    )
    recommendation = ProviderRecommendation.objects.get()
    assert recommendation.what == "Speech and language therapy assessment"
    assert recommendation.history.count() == 1
    page = response.content.decode()
    assert "The provider&#x27;s recommendation has been recorded." in page
    assert "Education, health and care plan (EHCP)" in page and "Secure email" in page
    assert "Referred to the NHS SALT team" in page


def test_R10_8_the_sendco_records_an_annual_review_and_the_next_falls_due_12_months_on(world):
    placement = ehcp_placement(world)
    client = signed_in_client(world.users[Role.SENDCO])
    base = f"/placements/{placement.pk}/send/"
    assert "Record the date of the EHCP" in client.get(base).content.decode()
    response = client.post(
        base + "ehcp-date/", date_data("dated", dt.date(2025, 12, 10)), follow=True
    )
    assert EhcpDate.objects.get(placement=placement).dated == dt.date(2025, 12, 10)
    assert (
        "The next annual review of the EHCP is due by 10 December 2026."
        in response.content.decode()
    )
    [item] = ehcp_items([world.school_a1])
    assert item.due == dt.date(2026, 12, 10) and item.url == base + "ehcp-reviews/add/"
    response = client.post(
        base + "ehcp-reviews/add/",
        {**date_data("held_on", dt.date(2026, 11, 2)), "outcome": "amend", "notes": "Add SALT"},
        follow=True,
    )
    review = EhcpAnnualReview.objects.get()
    assert (review.held_on, review.outcome, review.notes) == (
        dt.date(2026, 11, 2),
        "amend",
        "Add SALT",
    )
    page = response.content.decode()
    assert (
        "The annual review has been recorded. The next annual review of the EHCP is due by 2 November 2027."
        in page
    )
    assert "Amend the plan" in page
    # the next review falls after the planned end (1 May 2027): no longer a duty of this placement
    assert ehcp_items([world.school_a1]) == []


def test_R10_8_the_annual_review_due_date_rules():
    assert ehcp_review_due(None, None) is None
    assert ehcp_review_due(None, dt.date(2026, 1, 5)) == dt.date(2027, 1, 5)
    assert ehcp_review_due(dt.date(2026, 3, 1), dt.date(2025, 1, 5)) == dt.date(2027, 3, 1)
    assert ehcp_review_due(dt.date(2028, 2, 29), None) == dt.date(2029, 2, 28)


def test_R10_8_the_ehcp_review_duty_is_the_sendcos_and_tells_the_sendco_to_record_the_date(world):
    placement = ehcp_placement(world)
    attending(world, make_pupil(world.school_a1))  # no EHCP: no duty
    [item] = ehcp_items([world.school_a1])
    assert item.due == placement.start_date and "date of the EHCP" in item.title
    assert item.url == f"/placements/{placement.pk}/send/ehcp-date/"
    assert "Sam" not in item.title
    home = signed_in_client(world.users[Role.SENDCO]).get("/").content.decode()
    assert "Record the date of the EHCP for Sam Test" in home
    assert (
        "Record the date of the EHCP"
        not in signed_in_client(world.users[Role.AP_LEAD]).get("/").content.decode()
    )
    EhcpDate.objects.create(
        placement=placement, dated=dt.date(2025, 11, 1), recorded_by=world.users[Role.SENDCO]
    )
    [item] = ehcp_items([world.school_a1])
    assert item.due == dt.date(2026, 11, 1) and item.overdue(TODAY)
    placement.status = "ended"
    placement.save()
    assert ehcp_items([world.school_a1]) == []


def test_R10_8_the_schools_due_page_lists_ehcp_reviews_only_to_those_who_see_send(world):
    ehcp_placement(world)
    url = f"/due/schools/{world.school_a1.pk}/"
    head = signed_in_client(world.users[Role.HEADTEACHER]).get(url).content.decode()
    assert "Record the date of the EHCP for Sam Test" in head
    executive = signed_in_client(world.users[Role.TRUST_EXECUTIVE]).get(url).content.decode()
    assert "Record the review for Sam Test" in executive  # the page works for them
    assert "EHCP" not in executive.split("The duties tracked")[0]


def test_R10_8_the_ehcp_duty_makes_the_same_queries_for_1_and_many_placements(world):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            items = ehcp_items([world.school_a1, world.school_a2])
        return len(ctx.captured_queries), len(items)

    ehcp_placement(world)
    one, n_one = queries()
    for n in range(12):
        placement = ehcp_placement(world, school=world.school_a2 if n % 2 else None)
        if n % 3 == 0:
            EhcpAnnualReview.objects.create(
                placement=placement,
                held_on=dt.date(2026, 10, 6),
                outcome="maintain",
                recorded_by=world.users[Role.SENDCO],
            )
    many, n_many = queries()
    assert (n_one, n_many) == (1, 9)  # 4 placements reviewed this October are not due by 1 May
    assert one == many


def test_R10_8_send_records_only_for_those_who_may_see_send(world):
    placement = ehcp_placement(world)
    EhcpAnnualReview.objects.create(
        placement=placement,
        held_on=dt.date(2026, 10, 6),
        outcome="maintain",
        recorded_by=world.users[Role.SENDCO],
    )
    url = f"/placements/{placement.pk}/send/"
    for role in (
        Role.ATTENDANCE_LEAD,
        Role.ASSESSMENT_LEAD,
        Role.TRUST_EXECUTIVE,
        Role.STAFF_MEMBER,
    ):
        client = signed_in_client(world.users[role])
        assert client.get(url).status_code == 404, role
        detail = client.get(f"/placements/{placement.pk}/").content.decode()
        assert "SEND records" not in detail and url not in detail
    for role in (Role.HEADTEACHER, Role.DSL, Role.TRUST_SAFEGUARDING_LEAD):
        client = signed_in_client(world.users[role])
        page = client.get(url).content.decode()
        assert "Keep the plan as it is" in page and "Record an annual review" not in page
        assert client.post(url + "ehcp-reviews/add/", {}).status_code == 404
        assert url in client.get(f"/placements/{placement.pk}/").content.decode()


def test_R10_8_bad_send_records_are_refused_naming_the_field(world):
    placement = attending(world, world.pupil_a1)  # no EHCP
    client = signed_in_client(world.users[Role.SENDCO])
    base = f"/placements/{placement.pk}/send/"
    page = client.post(
        base + "documents/add/",
        {"document": "ehcp", **date_data("shared_on", dt.date(2026, 11, 4)), "method": ""},
    ).content.decode()
    assert "The pupil&#x27;s record shows no EHCP" in page
    assert "The date shared must be today or in the past" in page
    assert "Select how the document was shared" in page
    page = client.post(base + "recommendations/add/", {"what": "", "action": ""}).content.decode()
    assert "Enter the referral the provider recommends" in page
    assert "Enter the date recommended" in page and "Enter the action the school has taken" in page
    assert client.get(base + "ehcp-date/").status_code == 404  # no EHCP: no EHCP records
    assert client.get(base + "ehcp-reviews/add/").status_code == 404
    assert "The pupil's record shows no EHCP." in client.get(base).content.decode()
    ehcp = ehcp_placement(world)
    page = client.post(
        f"/placements/{ehcp.pk}/send/ehcp-reviews/add/",
        {**date_data("held_on", dt.date(2026, 9, 1)), "outcome": "cease"},
    ).content.decode()
    assert "The date the review was held must be on or after the start of the placement" in page
    assert not (
        SendDocumentShare.objects.exists()
        or ProviderRecommendation.objects.exists()
        or EhcpAnnualReview.objects.exists()
    )

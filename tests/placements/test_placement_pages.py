"""What a new user met on the placement pages (issue 14, section 2): one status for a placement
everywhere, only the chosen provider's sites, refusals that say what is still needed, checklist
items that say who must act, and questions asked only where they apply."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.placements import services
from altprov.placements.models import Placement
from altprov.placements.start_gate import preconditions
from altprov.placements.status import placement_status
from altprov.providers.models import ProviderSite
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_provider
from tests.placements.test_placement import agreed_referral, form
from tests.placements.test_start_gate import ready_placement

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 16)
START = dt.date(2026, 11, 30)  # ready_placement's start


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def tag(html: str, element_id: str) -> tuple[str, str]:
    """(colour, text) of the GOV.UK tag inside the element with this id."""
    match = re.search(
        rf'id="{element_id}"[^>]*>\s*<strong class="govuk-tag govuk-tag--(\w+)">\s*([^<]*?)\s*</strong>',
        html,
    )
    assert match, f"no tag in #{element_id}"
    return match[1], match[2]


def task_item(html: str, item_id: str) -> str:
    """The <li> of the task list whose status has the id `<item_id>-status`."""
    end = html.index(f'id="{item_id}-status"')
    start = html.rindex("<li", 0, end)
    return html[start : html.index("</li>", end)]


# 2.2 One status, the same on every page ----------------------------------------------------------


def statuses(user, placement) -> dict[str, tuple[str, str]]:
    client = signed_in_client(user)  # a new session: the day may have moved on
    listed = client.get("/placements/").content.decode()
    page = client.get(f"/placements/{placement.pk}/").content.decode()
    referral = client.get(f"/referrals/{placement.referral_id}/").content.decode()
    return {
        "list": tag(listed, f"placement-{placement.pk}-status"),
        "page": tag(page, "placement-status"),
        "referral": tag(referral, "task-placement-status"),
    }


def test_the_list_the_page_and_the_referral_show_the_same_status_in_every_state(world):
    placement = ready_placement(world)
    ap = world.users[Role.AP_LEAD]

    seen = statuses(ap, placement)
    assert seen["list"] == seen["page"] == ("blue", "Planned")
    assert seen["referral"][1].startswith("Planned: ")

    # Confirmed today to start in two weeks: not yet attending, anywhere.
    services.placement_start(placement=placement, by=world.users[Role.AP_LEAD])
    placement.refresh_from_db()
    assert placement.started_on == START
    seen = statuses(ap, placement)
    assert (
        seen["list"]
        == seen["page"]
        == seen["referral"]
        == ("turquoise", "Starts on 30 November 2026")
    )

    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC), tick=False):
        seen = statuses(ap, placement)
        assert seen["list"] == seen["page"] == seen["referral"] == ("green", "Attending")

    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ENDED)
    seen = statuses(ap, Placement.objects.get(pk=placement.pk))
    assert seen["list"] == seen["page"] == seen["referral"] == ("grey", "Ended")


def test_the_status_function_decides_by_the_day(world):
    placement = Placement(status="active", start_date=START, started_on=START)
    assert placement_status(placement, START - dt.timedelta(days=1)).key == "starting"
    assert placement_status(placement, START).key == "attending"
    assert placement_status(Placement(status="planned", start_date=START), START).label == "Planned"
    assert placement_status(Placement(status="ended", start_date=START), START).colour == "grey"


# 2.3 Only the chosen provider's sites ------------------------------------------------------------


def test_R5_1_making_a_placement_offers_only_the_chosen_providers_sites_with_their_addresses(world):
    north = make_provider(world.trust_a, "North Centre")
    south = make_provider(world.trust_a, "South Centre")
    north_main = ProviderSite.objects.create(
        provider=north,
        name="Main site",
        address_line_1="1 North Road",
        town="Northby",
        postcode="N1 1AA",
    )
    south_main = ProviderSite.objects.create(
        provider=south,
        name="Main site",
        address_line_1="9 South Street",
        town="Southby",
        postcode="S9 9ZZ",
    )
    referral = agreed_referral(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/referrals/{referral.pk}/placement/"

    first = client.get(url).content.decode()
    assert "Which provider?" in first and "North Centre" in first and "South Centre" in first
    assert "Main site" not in first

    second = client.get(f"{url}?provider={north.pk}").content.decode()
    assert "Main site: 1 North Road, Northby, N1 1AA" in second
    assert "The provider&#x27;s main address: 3 Provider Street" in second
    assert "9 South Street" not in second

    # Another provider's site, posted by hand, is refused on the field; nothing is saved.
    refused = client.post(url, form(north, site=str(south_main.pk)))
    assert refused.status_code == 200
    assert "Choose one of North Centre&#x27;s sites" in refused.content.decode()
    assert 'id="id_site_1_error"' in refused.content.decode()  # on the field
    assert not Placement.objects.exists()

    assert client.post(url, form(north, site=str(north_main.pk))).status_code == 302
    assert Placement.objects.get().site == north_main


def test_a_provider_of_another_trust_cannot_be_chosen(world):
    theirs = make_provider(world.trust_b, "Their Centre")
    referral = agreed_referral(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    page = client.get(f"/referrals/{referral.pk}/placement/?provider={theirs.pk}").content.decode()
    assert "Which provider?" in page
    assert "Choose a provider on your trust&#x27;s register" in page
    assert "Their Centre" not in page
    response = client.post(f"/referrals/{referral.pk}/placement/", form(theirs))
    assert "Choose a provider on your trust&#x27;s register" in response.content.decode()
    assert not Placement.objects.exists()


# 2.4 Refusals say what is still needed, linked to where it is done -------------------------------


def test_R7_4_a_refused_start_says_still_needed_and_links_each_item_to_where_it_is_done(world):
    placement = ready_placement(world)
    placement.provider.letters.update(renewal_due=TODAY - dt.timedelta(days=1))
    placement.information_shares.all().delete()
    client = signed_in_client(world.users[Role.AP_LEAD])

    response = client.post(f"/placements/{placement.pk}/start/")
    html = response.content.decode()
    assert response.status_code == 200
    summary = html[html.index("govuk-error-summary") : html.index('<span class="govuk-caption-l">')]
    assert "The placement cannot start yet" in summary and "Still needed:" in summary
    back = f"?next=%2Fplacements%2F{placement.pk}%2F"
    assert (
        f'href="/providers/{placement.provider_id}/letters-of-comfort/add/{back}">'
        "The provider&#x27;s letter of comfort is in date</a>" in summary
    )
    assert (
        f'href="/placements/{placement.pk}/information/add/{back}">'
        "The information shared with the provider is recorded</a>" in summary
    )
    assert "The plan" not in summary  # only what is missing
    placement.refresh_from_db()
    assert placement.status == "planned"

    page = client.get(f"/placements/{placement.pk}/").content.decode()
    still = page[page.index('id="still-needed"') :]
    assert "Still needed:" in still and "letters-of-comfort/add/" in still


# 2.5 Steps reached from a checklist come back to it ----------------------------------------------


def test_a_letter_of_comfort_recorded_from_the_start_gate_returns_to_the_gate(world):
    from tests.factories import pdf_upload

    placement = ready_placement(world)
    placement.provider.letters.update(renewal_due=TODAY - dt.timedelta(days=1))
    client = signed_in_client(world.users[Role.AP_LEAD])
    gate = f"/placements/{placement.pk}/"
    url = f"/providers/{placement.provider_id}/letters-of-comfort/add/?next={gate}"
    page = client.get(url).content.decode()
    assert f'<input type="hidden" name="next" value="{gate}">' in page
    assert f'<a href="{gate}" class="govuk-back-link">Back</a>' in page
    response = client.post(
        f"/providers/{placement.provider_id}/letters-of-comfort/add/",
        {
            "next": gate,
            "received_on_0": TODAY.day,
            "received_on_1": TODAY.month,
            "received_on_2": TODAY.year,
            "signatory_name": "Lee Signer",
            "signatory_role": "Director",
            "document": pdf_upload("letter.pdf"),
        },
    )
    assert response.status_code == 302 and response["Location"] == gate
    assert placement.provider.letters.filter(received_on=TODAY).exists()
    assert "letter" not in [c.key for c in preconditions(placement, TODAY) if not c.met]


def test_send_details_changed_from_a_referral_return_to_the_referral(world):
    referral = agreed_referral(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    overview = f"/referrals/{referral.pk}/"
    page = client.get(overview).content.decode()
    link = f"/pupils/{world.pupil_a1.pk}/send/?next=%2Freferrals%2F{referral.pk}%2F"
    assert f'href="{link}"' in page
    response = client.post(
        link,
        {
            "send_status": "sen_support",
            "needs_assessed_on_0": TODAY.day,
            "needs_assessed_on_1": TODAY.month,
            "needs_assessed_on_2": TODAY.year,
        },
    )
    assert response.status_code == 302 and response["Location"] == overview
    world.pupil_a1.refresh_from_db()
    assert world.pupil_a1.send_status == "sen_support"
    assert world.pupil_a1.needs_assessed_on == TODAY


@pytest.mark.parametrize(
    "unsafe",
    [
        "//evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        "http:/evil.example",
        "evil.example/placements/",
        "/\tevil",
    ],
)
def test_an_unsafe_return_address_is_ignored(world, unsafe):
    placement = ready_placement(world)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/pastoral-contact/"
    page = client.get(url, {"next": unsafe}).content.decode()
    assert "evil" not in page and "javascript:" not in page
    staff = world.users[Role.STAFF_MEMBER]
    response = client.post(url, {"next": unsafe, "contact": staff.pk, "protocol": "Daily call"})
    assert response.status_code == 302
    assert response["Location"] == f"/placements/{placement.pk}/"
    records = Placement.objects.get(pk=placement.pk).records
    assert records.contact_protocol == "Daily call"


def test_safe_path_accepts_only_a_path_on_this_site():
    from altprov.core.returns import safe_path, with_return

    assert safe_path("/placements/3/") == "/placements/3/"
    assert safe_path("/referrals/3/?tab=a") == "/referrals/3/?tab=a"
    for unsafe in (
        "",
        None,
        "//evil.example",
        "https://evil.example/",
        "javascript:x",
        "/\\x",
        "x/",
    ):
        assert safe_path(unsafe) == ""
    assert with_return("/a/", "https://evil.example/") == "/a/"
    assert with_return("/a/?b=1", "/c/") == "/a/?b=1&next=%2Fc%2F"


# 2.6 Say who must act ----------------------------------------------------------------------------


def test_R7_1_R5_7_the_gate_says_who_must_approve_and_links_only_what_the_viewer_may_do(world):
    placement = ready_placement(world, unregistered=True)
    Placement.objects.filter(pk=placement.pk).update(sit_agreed_at=None, sit_agreed_by=None)
    placement.records.__class__.objects.filter(pk=placement.records.pk).update(
        trust_approved_at=None, trust_approved_by=None
    )
    ap = signed_in_client(world.users[Role.AP_LEAD]).get(f"/placements/{placement.pk}/")
    html = ap.content.decode()
    approval = task_item(html, "gate-trust_approval")
    assert "Waiting for the Trust Executive or School Improvement Team" in approval
    assert "<a " not in approval
    exceptional = task_item(html, "gate-exceptional")
    assert "Waiting for the School Improvement Team" in exceptional and "<a " not in exceptional
    assert "<a " in task_item(html, "gate-plan")  # the AP Lead's to do

    sit = signed_in_client(world.users[Role.SCHOOL_IMPROVEMENT]).get(f"/placements/{placement.pk}/")
    html = sit.content.decode()
    exceptional = task_item(html, "gate-exceptional")
    assert "Record the School Improvement Team&#x27;s agreement" in exceptional
    assert "<a " not in exceptional and "Waiting" not in exceptional
    plan = task_item(html, "gate-plan")  # the AP Lead's, not the SIT's
    assert "<a " not in plan


def test_R6_3_the_referral_says_who_each_view_waits_for_and_links_only_your_own(world):
    from altprov.referrals.models import Referral

    world.pupil_a1.send_status = "sen_support"
    world.pupil_a1.save()
    referral = Referral.objects.create(
        pupil=world.pupil_a1,
        school=world.school_a1,
        reasons=["wider_curriculum"],
        route="school_directed",
        created_by=world.users[Role.AP_LEAD],
    )
    url = f"/referrals/{referral.pk}/"
    consult = f'href="/referrals/{referral.pk}/consult/"'

    html = signed_in_client(world.users[Role.AP_LEAD]).get(url).content.decode()
    for key, who in (("dsl", "the DSL"), ("sendco", "the SENDCo")):
        item = task_item(html, f"condition-{key}")
        assert f"Waiting for {who}" in item and "<a " not in item
    assert f'href="{url}"' not in task_item(html, "condition-reasons")

    html = signed_in_client(world.users[Role.DSL]).get(url).content.decode()
    assert consult in task_item(html, "condition-dsl")
    assert "Waiting for the SENDCo" in task_item(html, "condition-sendco")
    assert "<a " not in task_item(html, "condition-sendco")

    html = signed_in_client(world.users[Role.ATTENDANCE_LEAD]).get(url).content.decode()
    needs = task_item(html, "condition-needs")
    assert "Waiting for the Headteacher" in needs and "<a " not in needs

    Referral.objects.filter(pk=referral.pk).update(submitted_at=timezone.now())
    html = signed_in_client(world.users[Role.AP_LEAD]).get(url).content.decode()
    decision = task_item(html, "task-decision")
    assert "Waiting for the Headteacher" in decision and "<a " not in decision
    html = signed_in_client(world.users[Role.HEADTEACHER]).get(url).content.decode()
    assert f'href="/referrals/{referral.pk}/decision/"' in task_item(html, "task-decision")


# 2.9 A question only where it applies -----------------------------------------------------------


def test_R5_9_the_threshold_question_is_asked_only_when_an_unregistered_provider_would_cross_it(
    world,
):
    client = signed_in_client(world.users[Role.AP_LEAD])
    registered = make_provider(world.trust_a, "Registered Place")
    referral = agreed_referral(world, world.pupil_a1)
    url = f"/referrals/{referral.pk}/placement/"
    assert (
        "threshold_understood" not in client.get(f"{url}?provider={registered.pk}").content.decode()
    )

    nearly_full = make_provider(world.trust_a, "Nearly Full", registration_status="unregistered")
    complete_audit(nearly_full, world.school_a1, by=world.users[Role.AP_LEAD], reported_full_time=4)
    assert (
        "threshold_understood"
        not in client.get(f"{url}?provider={nearly_full.pk}").content.decode()
    )
    crossing = form(
        nearly_full,
        days=("09:00", "11:00"),
        weekdays=(0, 1, 2, 3, 4),
        sole_provision="on",
        exceptional_reasons="x",
        professionals_consulted="y",
    )
    warned = client.post(url, crossing).content.decode()
    assert 'name="threshold_understood"' in warned
    assert "confirm you understand before saving" in warned
    assert not Placement.objects.exists()

    # Part-time alongside school: not crossing, so never asked, and saved.
    part_time = form(nearly_full, exceptional_reasons="x", professionals_consulted="y")
    assert client.post(url, part_time).status_code == 302
    assert Placement.objects.count() == 1


def test_R7_5_the_dual_registration_hint_sits_under_its_own_checkbox_and_only_for_a_school(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    referral = agreed_referral(world, world.pupil_a1)
    registered = make_provider(world.trust_a, "Registered Place")
    html = client.get(
        f"/referrals/{referral.pk}/placement/?provider={registered.pk}"
    ).content.decode()
    assert 'aria-describedby="id_dual_registered_hint"' in html
    assert re.search(
        r'for="id_dual_registered">The pupil will be dual registered at the provider</label>\s*'
        r'<div id="id_dual_registered_hint" class="govuk-hint govuk-checkboxes__hint">Only where',
        html,
    )
    sole = html[html.index('name="sole_provision"') : html.index('name="dual_registered"')]
    assert "Only where the provider is itself a registered school" not in sole

    unregistered = make_provider(
        world.trust_a, "Unregistered Place", registration_status="unregistered"
    )
    html = client.get(
        f"/referrals/{referral.pk}/placement/?provider={unregistered.pk}"
    ).content.decode()
    assert 'name="dual_registered"' not in html
    assert "Why can no registered provision meet the pupil" in html
    html = client.get(
        f"/referrals/{referral.pk}/placement/?provider={registered.pk}"
    ).content.decode()
    assert "Why can no registered provision" not in html

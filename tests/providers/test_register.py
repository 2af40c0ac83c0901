"""R-5.1: the provider register, shared by the trust's schools."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.providers.models import OfstedInspection, Provider
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_provider

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Hillside Learning Centre",
    "address_line_1": "4 Hill Road",
    "town": "Hillside",
    "postcode": "zz3 3cc",
    "manager_name": "Robin Manager",
    "website": "https://hillside.example.org",
    "registration_status": "registered",
    "urn": "123456",
    "ukprn": "10012345",
    "on_la_list": "yes",
    "pupil_places": "24",
    "key_stage_choices": ["KS3", "KS4"],
    "adults_over_18": "no",
    "gcse_english_maths": "yes",
    "gcse_five_or_more": "no",
    "exam_centre": "yes",
    "exam_centre_number": "12345",
}


def test_R5_1_an_ap_lead_adds_a_provider_with_every_field_of_the_register(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    response = client.post("/providers/add/", FORM)
    provider = Provider.objects.get(name="Hillside Learning Centre")
    assert response["Location"] == f"/providers/{provider.pk}/"
    assert provider.trust == world.trust_a
    assert provider.key_stages == ",KS3,KS4,"
    assert provider.postcode == "ZZ3 3CC"
    assert provider.exam_centre_number == "12345"
    page = client.get(f"/providers/{provider.pk}/").content.decode()
    for text in ["4 Hill Road", "Robin Manager", "123456", "10012345", "Key stage 3, Key stage 4"]:
        assert text in page


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"urn": ""}, "urn", "Enter the DfE number (URN) of a registered provider"),
        ({"postcode": "nowhere"}, "postcode", "Enter a real postcode"),
        ({"exam_centre_number": ""}, "exam_centre_number", "Enter the exam centre number"),
        ({"name": ""}, "name", "Enter the name of the alternative provision"),
        ({"ukprn": "123"}, "ukprn", "The UKPRN must be 8 digits"),
    ],
)
def test_X3_a_bad_provider_is_refused_naming_the_field(world, change, field, message):
    client = signed_in_client(world.users[Role.AP_LEAD])
    content = client.post("/providers/add/", {**FORM, **change}).content.decode()
    assert message in content and f'href="#id_{field}"' in content
    assert not Provider.objects.filter(town="Hillside").exists()


def test_R5_1_an_unregistered_provider_needs_no_urn(world):
    client = signed_in_client(world.users[Role.DSL])
    client.post("/providers/add/", {**FORM, "registration_status": "unregistered", "urn": ""})
    assert Provider.objects.get(name="Hillside Learning Centre").is_unregistered


def test_R5_1_ofsted_outcomes_are_stored_with_their_scheme_and_shown_with_the_date(world):
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/providers/{provider.pk}/ofsted/add/"
    assert client.post(url, {"scheme": "report_card"})["Location"] == url + "report_card/"
    empty = client.post(url + "report_card/", {}).content.decode()
    assert "Enter the date of the inspection" in empty and "Select the grade for inclusion" in empty
    data = {
        "inspection_date_0": "12",
        "inspection_date_1": "1",
        "inspection_date_2": "2026",
        "area_inclusion": "strong",
        "area_curriculum_and_teaching": "expected",
        "area_achievement": "expected",
        "area_attendance_and_behaviour": "needs_attention",
        "area_personal_development_and_wellbeing": "strong",
        "area_leadership_and_governance": "expected",
        "safeguarding": "met",
    }
    assert client.post(url + "report_card/", data).status_code == 302
    legacy = {
        "inspection_date_0": "3",
        "inspection_date_1": "3",
        "inspection_date_2": "2022",
        "overall_grade": "2",
        "area_quality_of_education": "2",
        "safeguarding": "effective",
    }
    assert client.post(url + "legacy/", legacy).status_code == 302
    inspections = list(provider.inspections.all())
    assert [i.scheme for i in inspections] == ["report_card", "legacy"]
    assert inspections[0].judgements["attendance_and_behaviour"] == "needs_attention"
    page = client.get(f"/providers/{provider.pk}/").content.decode()
    assert "12 January 2026" in page and "Needs attention" in page and "Met" in page
    assert "3 March 2022" in page and "Good" in page and "Effective" in page
    assert client.get(url + "made_up/").status_code == 404


def test_R5_1_sites_and_contacts_are_added_changed_and_removed(world):
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.AP_LEAD])
    base = f"/providers/{provider.pk}/"
    site = {
        "name": "Farm site",
        "address_line_1": "Lane End",
        "town": "Farmton",
        "postcode": "ZZ4 4DD",
    }
    assert client.post(base + "sites/add/", site).status_code == 302
    created = provider.sites.get()
    assert (
        client.post(base + f"sites/{created.pk}/edit/", {**site, "name": "Farm"}).status_code == 302
    )
    assert "Farm</strong>: Lane End" in client.get(base).content.decode()
    response = client.post(
        base + "contacts/add/", {"name": "Sam", "role": "Tutor", "email": "", "phone": ""}
    )
    assert "Enter an email address or a phone number" in response.content.decode()
    client.post(
        base + "contacts/add/", {"name": "Sam", "role": "Tutor", "email": "sam@example.org"}
    )
    contact = provider.contacts.get()
    assert client.post(base + f"contacts/{contact.pk}/remove/").status_code == 302
    assert client.post(base + f"sites/{created.pk}/remove/").status_code == 302
    assert not provider.contacts.exists() and not provider.sites.exists()


def test_R5_1_the_register_searches_and_filters(world):
    registered = make_provider(world.trust_a, "Alpha Registered", key_stages=",KS4,")
    make_provider(
        world.trust_a, "Beta Unregistered", registration_status="unregistered", key_stages=",KS2,"
    )
    make_provider(world.trust_b, world.CANARY_B1 + " Provider")
    complete_audit(registered, world.school_a1, by=world.users[Role.AP_LEAD])
    client = signed_in_client(world.users[Role.AP_LEAD])

    def listed(query=""):
        page = client.get("/providers/" + query).content.decode()
        assert world.CANARY_B1 not in page
        return [n for n in ("Alpha Registered", "Beta Unregistered") if n in page]

    assert listed() == ["Alpha Registered", "Beta Unregistered"]
    assert listed("?registration=unregistered") == ["Beta Unregistered"]
    assert listed("?key_stage=KS4") == ["Alpha Registered"]
    assert listed("?q=beta") == ["Beta Unregistered"]
    assert listed("?in_use=on") == ["Alpha Registered"]  # audited by School A1
    assert listed("?status=no_audit") == ["Alpha Registered", "Beta Unregistered"]


def test_R5_1_the_register_sorts_on_the_server_and_marks_the_column(world):
    make_provider(world.trust_a, "Aardvark Centre", town="Zedton")
    make_provider(world.trust_a, "Zebra Centre", town="Aton")
    client = signed_in_client(world.users[Role.AP_LEAD])
    page = client.get("/providers/?sort=-name").content.decode()
    assert page.index("Zebra Centre") < page.index("Aardvark Centre")
    assert 'aria-sort="descending"' in page
    page = client.get("/providers/?sort=town").content.decode()
    assert page.index("Zebra Centre") < page.index("Aardvark Centre")


def test_R5_1_staff_of_another_trust_find_no_provider(world):
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.outsider)
    assert client.get(f"/providers/{provider.pk}/").status_code == 404
    assert client.get(f"/providers/{provider.pk}/edit/").status_code == 404


def test_R5_1_a_role_that_only_reads_the_register_cannot_change_it(world):
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.ATTENDANCE_LEAD])
    assert client.get(f"/providers/{provider.pk}/").status_code == 200
    assert client.get(f"/providers/{provider.pk}/edit/").status_code == 404
    assert client.post("/providers/add/", FORM).status_code == 404
    assert OfstedInspection.objects.count() == 0


def test_R5_6_providers_due_for_re_audit_for_the_school_and_the_trust(world):
    ap_lead = world.users[Role.AP_LEAD]
    old = make_provider(world.trust_a, "Old Audit Place")
    complete_audit(
        old,
        world.school_a1,
        by=ap_lead,
        dsl=world.users[Role.DSL],
        sign_off_by=world.users[Role.HEADTEACHER],
        visit=dt.date.today() - dt.timedelta(days=340),
    )
    fresh = make_provider(world.trust_a, "Fresh Audit Place")
    complete_audit(
        fresh,
        world.school_a1,
        by=ap_lead,
        dsl=world.users[Role.DSL],
        sign_off_by=world.users[Role.HEADTEACHER],
    )
    make_provider(world.trust_a, "Unaudited Place")
    client = signed_in_client(ap_lead)
    school_view = client.get("/providers/due-for-re-audit/").content.decode()
    assert "Old Audit Place" in school_view
    assert "Fresh Audit Place" not in school_view and "Unaudited Place" not in school_view
    trust_view = client.get("/providers/due-for-re-audit/?scope=trust").content.decode()
    assert "Old Audit Place" in trust_view and "Unaudited Place" in trust_view

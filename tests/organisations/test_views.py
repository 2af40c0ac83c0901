"""Trust administrators manage schools and the trust settings in the service's own pages."""

from decimal import Decimal

import pytest

from altprov.authz.permissions import Role
from altprov.organisations.models import RegistrationThresholdRule, School
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

SCHOOL = {
    "name": "Newfield Academy",
    "urn": "912345",
    "phase": "secondary",
    "address_line_1": "2 New Road",
    "address_line_2": "",
    "town": "Newfield",
    "postcode": "zz9 9zz",
    "attendance_target": "92.5",
}


def test_R10_1_a_trust_administrator_adds_a_school_to_their_trust(world):
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    response = signed_in_client(admin).post("/trust/schools/add/", SCHOOL)
    school = School.objects.get(urn="912345")
    assert response["Location"] == f"/trust/schools/{school.pk}/"
    assert school.trust == world.trust_a
    assert school.postcode == "ZZ9 9ZZ"
    assert school.attendance_target == Decimal("92.5")
    # the change is kept with who made it.
    assert school.history.first().history_user == admin


def test_X3_a_bad_school_is_refused_with_messages_naming_each_field(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    response = client.post(
        "/trust/schools/add/",
        {**SCHOOL, "name": "", "urn": "12", "postcode": "nowhere", "attendance_target": "x"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    for message, field in [
        ("Enter the school&#x27;s name", "name"),
        ("The URN must be 6 digits", "urn"),
        ("Enter a real postcode", "postcode"),
        ("Enter the attendance target as a number", "attendance_target"),
    ]:
        assert message in content
        assert f'href="#id_{field}"' in content
    assert "govuk-form-group--error" in content
    assert not School.objects.filter(town="Newfield").exists()


def test_X3_a_urn_another_school_has_is_refused(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    response = client.post("/trust/schools/add/", {**SCHOOL, "urn": world.school_b1.urn})
    assert "Another school already has this URN" in response.content.decode()
    assert School.objects.filter(urn=world.school_b1.urn).count() == 1


def test_a_trust_administrator_changes_a_school(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    data = {**SCHOOL, "urn": world.school_a1.urn, "name": "School A1 Renamed"}
    response = client.post(f"/trust/schools/{world.school_a1.pk}/edit/", data)
    assert response.status_code == 302
    world.school_a1.refresh_from_db()
    assert world.school_a1.name == "School A1 Renamed"
    assert world.school_a1.history.count() == 2


def test_the_school_list_shows_the_trusts_schools_with_pupil_numbers(
    world, django_assert_max_num_queries
):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    content = client.get("/trust/schools/").content.decode()
    assert "School A1" in content and "School A2" in content
    assert world.CANARY_SCHOOL_B1 not in content


def test_the_settings_page_shows_every_open_number_with_its_default(world):
    content = (
        signed_in_client(world.users[Role.HEADTEACHER]).get("/trust/settings/").content.decode()
    )
    for text in [
        "12.0 hours (R-5.8)",
        "12 months (R-5.6)",
        "12 months (R-5.5)",
        "Every half term",
        "2 school days (R-9.1)",
        "48 hours (R-9.1)",
        "£500.00 a week",
        "Education Act 1996, section 463",
        "Children&#x27;s Wellbeing and Schools Act 2026, section 43",
        "Not in force",
    ]:
        assert text in content
    assert "Change the trust settings" not in content


def test_a_trust_administrator_changes_the_settings(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    form = {
        "unregistered_hours_cap": "15",
        "audit_valid_months": "12",
        "letter_of_comfort_valid_months": "6",
        "review_interval": "term",
        "visit_interval": "half_term",
        "notice_school_days": "3",
        "suspension_notice_hours": "48",
        "trust_approval_weekly_cost": "750",
        "financial_year_start_month": "4",
        "reintegration_plan_school_days": "20",
        "outcome_school_days": "5",
        "retention_years": "30",
        "safeguarding_retention_years": "40",
    }
    assert client.post("/trust/settings/edit/", form)["Location"] == "/trust/settings/"
    settings = world.trust_a.settings
    settings.refresh_from_db()
    assert settings.financial_year_start_month == 4
    assert "1 April (R-10.10)" in client.get("/trust/settings/").content.decode()
    assert settings.unregistered_hours_cap == Decimal("15")
    assert settings.review_interval == "term"
    assert (settings.reintegration_plan_school_days, settings.outcome_school_days) == (20, 5)
    assert (settings.retention_years, settings.safeguarding_retention_years) == (30, 40)
    assert world.trust_b.settings.unregistered_hours_cap == Decimal("12.0")
    response = client.post("/trust/settings/edit/", {**form, "unregistered_hours_cap": "90"})
    assert "govuk-error-message" in response.content.decode()


def test_R5_9_a_trust_administrator_brings_the_2026_act_rule_into_force(world):
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    rule = world.trust_a.threshold_rules.get(effective_from__isnull=True)
    data = {
        "effective_from_0": "1",
        "effective_from_1": "9",
        "effective_from_2": "2027",
        "headcount": "5",
        "one_child_trigger": "sen_or_lac",
        "full_time_hours": "18",
        "sole_provision_is_full_time": "on",
    }
    assert client.post(f"/trust/settings/threshold-rules/{rule.pk}/edit/", data).status_code == 302
    rule.refresh_from_db()
    assert str(rule.effective_from) == "2027-09-01"
    response = client.post(
        f"/trust/settings/threshold-rules/{rule.pk}/edit/",
        {**data, "effective_from_0": "31", "effective_from_1": "2"},
    )
    assert "must be a real date" in response.content.decode()
    assert RegistrationThresholdRule.objects.get(pk=rule.pk).effective_from.month == 9

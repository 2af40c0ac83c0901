"""R-5.9: the registration threshold, applied from the rule in force on the day."""

import datetime as dt
from decimal import Decimal

import pytest

from altprov.authz.permissions import Role
from altprov.organisations.services import threshold_rule_in_force
from altprov.providers.threshold import PlacedPupil, ReportedCounts, assess, threshold_for
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_provider, make_trust

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def rule_1996():
    return threshold_rule_in_force(make_trust(), TODAY)


def pupil(hours="20", sole=False, **kw):
    return PlacedPupil(
        hours_per_week=Decimal(hours), sole_provision=sole, compulsory_school_age=True, **kw
    )


def test_R5_9_four_full_time_pupils_do_not_make_a_school(rule_1996):
    assert not assess(rule_1996, reported=ReportedCounts(full_time=4)).must_register


def test_R5_9_five_full_time_pupils_make_a_school(rule_1996):
    result = assess(rule_1996, reported=ReportedCounts(full_time=5))
    assert result.must_register
    assert "5 full-time pupils" in result.reasons[0]


def test_R5_9_one_looked_after_full_time_pupil_makes_a_school(rule_1996):
    result = assess(rule_1996, placed=[pupil(looked_after=True)])
    assert result.must_register and result.trigger_pupils == 1


def test_R5_9_one_pupil_with_an_ehc_plan_in_the_providers_own_count_makes_a_school(rule_1996):
    assert assess(rule_1996, reported=ReportedCounts(full_time=1, ehcp=1)).must_register


def test_R5_9_a_pupil_at_17_hours_who_is_at_no_other_provision_counts_as_full_time(rule_1996):
    result = assess(
        rule_1996, placed=[pupil("17", sole=True)], reported=ReportedCounts(full_time=4)
    )
    assert result.full_time_pupils == 5 and result.must_register


def test_R5_9_a_pupil_at_17_hours_who_also_attends_school_is_part_time(rule_1996):
    result = assess(
        rule_1996, placed=[pupil("17", sole=False)], reported=ReportedCounts(full_time=4)
    )
    assert result.full_time_pupils == 4 and not result.must_register


def test_R5_9_pupils_not_of_compulsory_school_age_are_not_counted(rule_1996):
    older = PlacedPupil(Decimal("25"), False, compulsory_school_age=False, looked_after=True)
    assert not assess(rule_1996, placed=[older], reported=ReportedCounts(full_time=4)).must_register


def test_R5_9_sen_support_triggers_only_once_the_2026_act_rule_is_in_force():
    trust = make_trust()
    act = trust.threshold_rules.get(effective_from__isnull=True)
    act.effective_from = dt.date(2027, 9, 1)
    act.save()
    sen_only = ReportedCounts(full_time=1, sen_support=1)
    before = threshold_rule_in_force(trust, dt.date(2027, 8, 31))
    after = threshold_rule_in_force(trust, dt.date(2027, 9, 1))
    assert before.legal_basis.startswith("Education Act 1996")
    assert after.legal_basis.startswith("Children's Wellbeing and Schools Act 2026")
    assert not assess(before, reported=sen_only).must_register
    assert assess(after, reported=sen_only).must_register


def test_R5_9_the_full_time_hours_come_from_the_rule():
    trust = make_trust()
    rule = threshold_rule_in_force(trust, TODAY)
    rule.full_time_hours = Decimal("20")
    rule.save()
    assert not assess(rule, placed=[pupil("19", looked_after=True)]).must_register
    assert assess(rule, placed=[pupil("20", looked_after=True)]).must_register


def test_R5_9_the_providers_own_audit_answers_are_counted_and_flagged_on_its_page_and_the_register(
    world,
):
    ap_lead = world.users[Role.AP_LEAD]
    provider = make_provider(
        world.trust_a, "Busy Unregistered Place", registration_status="unregistered"
    )
    complete_audit(provider, world.school_a1, by=ap_lead, reported_full_time=5)
    assert threshold_for(provider, TODAY).must_register
    client = signed_in_client(ap_lead)
    page = client.get(f"/providers/{provider.pk}/").content.decode()
    assert "Must be registered as a school" in page
    assert "Education Act 1996, section 463" in page
    register = client.get("/providers/").content.decode()
    assert "Must be registered as a school" in register


def test_R5_9_a_registered_provider_is_never_flagged(world):
    provider = make_provider(world.trust_a)
    assert not threshold_for(provider, TODAY).must_register

"""R-5.8, R-5.5/5.6, R-7.1, R-7.3, R-9.1, R-12.2 defaults and R-5.9: the registration threshold
as data with an effective-from date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from altprov.organisations.forms import ThresholdRuleForm
from altprov.organisations.models import RegistrationThresholdRule, TrustSettings
from altprov.organisations.services import threshold_rule_in_force, trust_create

d = dt.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust():
    return trust_create(name="Rules Trust")


def act_1996(trust) -> RegistrationThresholdRule:
    return trust.threshold_rules.get(legal_basis="Education Act 1996, section 463")


def act_2026(trust) -> RegistrationThresholdRule:
    return trust.threshold_rules.get(
        legal_basis="Children's Wellbeing and Schools Act 2026, section 43"
    )


def commence_2026_act(trust, on: dt.date) -> RegistrationThresholdRule:
    rule = act_2026(trust)
    rule.effective_from = on
    rule.save()
    return rule


# Trust settings defaults ------------------------------------------------------------------


def test_R5_8_a_new_trust_gets_settings_with_the_policy_defaults(trust):
    settings = TrustSettings.objects.get(trust=trust)
    assert settings.unregistered_hours_cap == Decimal("12.0")
    assert settings.audit_valid_months == 12
    assert settings.letter_of_comfort_valid_months == 12
    assert settings.review_interval == TrustSettings.Interval.HALF_TERMLY
    assert settings.visit_interval == TrustSettings.Interval.HALF_TERMLY
    assert settings.notice_school_days == 2
    assert settings.suspension_notice_hours == 48
    assert settings.trust_approval_weekly_cost == Decimal("500.00")


def test_R5_9_a_new_trust_gets_the_1996_rule_in_force_and_the_2026_act_rule_waiting(trust):
    rules = list(trust.threshold_rules.all())
    assert len(rules) == 2
    old, new = rules  # ordered by date, the undated rule last
    assert (old.name, old.effective_from) == ("Education Act 1996 test", d(1996, 11, 1))
    assert old.headcount == 5
    assert old.one_child_trigger == RegistrationThresholdRule.OneChildTrigger.EHCP_OR_LOOKED_AFTER
    assert old.full_time_hours == Decimal("18.0")
    assert old.sole_provision_is_full_time is True
    assert (new.name, new.effective_from) == (
        "Children's Wellbeing and Schools Act 2026 test",
        None,
    )
    assert new.headcount == 5
    assert new.one_child_trigger == RegistrationThresholdRule.OneChildTrigger.SEN_OR_LOOKED_AFTER
    assert new.full_time_hours == Decimal("18.0")


def test_R5_9_every_trust_gets_its_own_settings_and_rules(trust):
    other = trust_create(name="Other Rules Trust")
    assert TrustSettings.objects.filter(trust__in=[trust, other]).count() == 2
    assert RegistrationThresholdRule.objects.filter(trust=other).count() == 2
    assert RegistrationThresholdRule.objects.filter(trust=trust).count() == 2


# The rule in force --------------------------------------------------------------------------


def test_R5_9_the_1996_rule_is_in_force_today(trust):
    assert threshold_rule_in_force(trust, dt.date.today()) == act_1996(trust)


def test_R5_9_no_rule_is_in_force_before_the_1996_rule_began(trust):
    assert threshold_rule_in_force(trust, d(1996, 10, 31)) is None
    assert threshold_rule_in_force(trust, d(1996, 11, 1)) == act_1996(trust)


def test_R5_9_the_undated_2026_act_rule_is_never_in_force(trust):
    assert threshold_rule_in_force(trust, d(2099, 12, 31)) == act_1996(trust)


def test_R5_9_once_the_2026_act_rule_starts_on_1_september_2027_it_replaces_the_old_one(trust):
    new = commence_2026_act(trust, d(2027, 9, 1))
    assert threshold_rule_in_force(trust, d(2027, 8, 31)) == act_1996(trust)
    assert threshold_rule_in_force(trust, d(2027, 9, 1)) == new
    assert threshold_rule_in_force(trust, d(2030, 1, 1)) == new
    assert threshold_rule_in_force(trust, d(2027, 9, 1)).one_child_trigger == (
        RegistrationThresholdRule.OneChildTrigger.SEN_OR_LOOKED_AFTER
    )


def test_R5_9_one_trust_switching_on_the_2026_act_rule_does_not_change_another_trust(trust):
    other = trust_create(name="Other Rules Trust")
    commence_2026_act(other, d(2027, 1, 1))
    assert threshold_rule_in_force(trust, d(2027, 2, 1)) == act_1996(trust)
    assert threshold_rule_in_force(other, d(2027, 2, 1)) == act_2026(other)


def test_R5_9_two_rules_of_one_trust_cannot_start_on_the_same_day(trust):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationThresholdRule.objects.create(
            trust=trust,
            name="Duplicate",
            legal_basis="Test",
            effective_from=d(1996, 11, 1),
            headcount=5,
            one_child_trigger=RegistrationThresholdRule.OneChildTrigger.EHCP_OR_LOOKED_AFTER,
            full_time_hours=Decimal("18.0"),
        )
    assert trust.threshold_rules.count() == 2


def test_R5_9_rules_of_different_trusts_may_start_on_the_same_day(trust):
    other = trust_create(name="Other Rules Trust")
    commence_2026_act(trust, d(2027, 9, 1))
    commence_2026_act(other, d(2027, 9, 1))
    assert RegistrationThresholdRule.objects.filter(effective_from=d(2027, 9, 1)).count() == 2


# The form that changes a rule ---------------------------------------------------------------


def form_data(day: dt.date | None, **overrides) -> dict[str, str]:
    data = {
        "effective_from_0": str(day.day) if day else "",
        "effective_from_1": str(day.month) if day else "",
        "effective_from_2": str(day.year) if day else "",
        "headcount": "5",
        "one_child_trigger": RegistrationThresholdRule.OneChildTrigger.SEN_OR_LOOKED_AFTER,
        "full_time_hours": "18.0",
        "sole_provision_is_full_time": "on",
    }
    data.update(overrides)
    return data


def test_R5_9_the_rule_form_refuses_a_date_another_rule_of_the_trust_already_has(trust):
    commence_2026_act(trust, d(2027, 9, 1))
    extra = RegistrationThresholdRule.objects.create(
        trust=trust,
        name="Regulations on full-time hours",
        legal_basis="Regulations under the 2026 Act",
        headcount=5,
        one_child_trigger=RegistrationThresholdRule.OneChildTrigger.SEN_OR_LOOKED_AFTER,
        full_time_hours=Decimal("20.0"),
    )
    form = ThresholdRuleForm(data=form_data(d(2027, 9, 1)), instance=extra)
    assert not form.is_valid()
    assert form.errors == {
        "effective_from": [
            "The rule 'Children's Wellbeing and Schools Act 2026 test' already comes into force on this date"
        ]
    }
    extra.refresh_from_db()
    assert extra.effective_from is None


def test_R5_9_the_rule_form_accepts_a_rule_keeping_its_own_date(trust):
    rule = commence_2026_act(trust, d(2027, 9, 1))
    form = ThresholdRuleForm(data=form_data(d(2027, 9, 1), headcount="4"), instance=rule)
    assert form.is_valid(), form.errors
    form.save()
    rule.refresh_from_db()
    assert (rule.effective_from, rule.headcount) == (d(2027, 9, 1), 4)


def test_R5_9_the_rule_form_accepts_a_date_only_another_trusts_rule_has(trust):
    other = trust_create(name="Other Rules Trust")
    commence_2026_act(other, d(2027, 9, 1))
    form = ThresholdRuleForm(data=form_data(d(2027, 9, 1)), instance=act_2026(trust))
    assert form.is_valid(), form.errors
    form.save()
    assert threshold_rule_in_force(trust, d(2027, 9, 1)) == act_2026(trust)


def test_R5_9_the_rule_form_lets_the_2026_act_rule_stay_undated(trust):
    form = ThresholdRuleForm(data=form_data(None), instance=act_2026(trust))
    assert form.is_valid(), form.errors
    form.save()
    assert act_2026(trust).effective_from is None


def test_R5_9_the_1996_rule_can_be_changed_keeping_its_1996_date(trust):
    rule = act_1996(trust)
    form = ThresholdRuleForm(data=form_data(d(1996, 11, 1), full_time_hours="20"), instance=rule)
    assert form.is_valid(), form.errors
    form.save()
    rule.refresh_from_db()
    assert rule.full_time_hours == Decimal("20")

"""Writes to trusts, schools and trust settings. Each takes the acting user (`by`) for history."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from .models import RegistrationThresholdRule, School, Trust, TrustSettings

# the registration test as data. Today's rule, and the 2026 Act's wider one, known but not
# in force until the trust gives it a date (its commencement had not been announced).
DEFAULT_THRESHOLD_RULES = [
    {
        "name": "Education Act 1996 test",
        "legal_basis": "Education Act 1996, section 463",
        "effective_from": dt.date(1996, 11, 1),
        "headcount": 5,
        "one_child_trigger": RegistrationThresholdRule.OneChildTrigger.EHCP_OR_LOOKED_AFTER,
        "full_time_hours": Decimal("18.0"),
        "sole_provision_is_full_time": True,
    },
    {
        "name": "Children's Wellbeing and Schools Act 2026 test",
        "legal_basis": "Children's Wellbeing and Schools Act 2026, section 43",
        "effective_from": None,
        "headcount": 5,
        "one_child_trigger": RegistrationThresholdRule.OneChildTrigger.SEN_OR_LOOKED_AFTER,
        "full_time_hours": Decimal("18.0"),
        "sole_provision_is_full_time": True,
    },
]


@transaction.atomic
def trust_create(*, name: str, by=None) -> Trust:
    trust = Trust(name=name)
    trust._history_user = by
    trust.save()
    TrustSettings.objects.create(trust=trust)
    for rule in DEFAULT_THRESHOLD_RULES:
        RegistrationThresholdRule.objects.create(trust=trust, **rule)
    return trust


def settings_for(trust: Trust) -> TrustSettings:
    settings, _ = TrustSettings.objects.get_or_create(trust=trust)
    return settings


def threshold_rule_in_force(trust: Trust, on: dt.date) -> RegistrationThresholdRule | None:
    """R-5.9: the rule with the latest in-force date on or before `on`."""
    return (
        RegistrationThresholdRule.objects.filter(trust=trust, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


@transaction.atomic
def school_save(*, school: School, by) -> School:
    school._history_user = by
    school.full_clean()
    school.save()
    return school

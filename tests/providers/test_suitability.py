"""R-5.6: each provider's status is computed from its audit, letter of comfort and open actions."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from altprov.authz.permissions import Role
from altprov.providers.models import Provider
from altprov.providers.selectors import provider_with_status, register
from altprov.providers.suitability import Suitability
from tests.factories import complete_audit, make_letter, make_provider

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def status(provider) -> Suitability:
    return Suitability(provider_with_status(provider, TODAY).suitability)


@pytest.fixture
def people(world):
    return {
        "by": world.users[Role.AP_LEAD],
        "dsl": world.users[Role.DSL],
        "sign_off_by": world.users[Role.HEADTEACHER],
    }


def test_R5_6_a_provider_with_no_signed_off_audit_has_no_audit(world, people):
    provider = make_provider(world.trust_a)
    assert status(provider) is Suitability.NO_AUDIT
    complete_audit(provider, world.school_a1, by=people["by"])  # a draft does not count
    assert status(provider) is Suitability.NO_AUDIT


def test_R5_6_an_audit_that_found_it_unsuitable_makes_it_not_suitable(world, people):
    provider = make_provider(world.trust_a)
    make_letter(provider, people["by"])
    complete_audit(provider, world.school_a1, suitable=False, **people)
    assert status(provider) is Suitability.NOT_SUITABLE


def test_R5_6_a_suitable_audit_without_a_letter_of_comfort_is_not_enough(world, people):
    provider = make_provider(world.trust_a)
    complete_audit(provider, world.school_a1, **people)
    assert status(provider) is Suitability.LETTER_MISSING


def test_R5_6_an_expired_letter_of_comfort_is_flagged(world, people):
    provider = make_provider(world.trust_a)
    complete_audit(provider, world.school_a1, **people)
    make_letter(
        provider,
        people["by"],
        received_on=TODAY - dt.timedelta(days=400),
        renewal_due=TODAY - dt.timedelta(days=1),
    )
    assert status(provider) is Suitability.LETTER_EXPIRED


def test_R5_6_approved_with_open_actions_until_the_next_steps_are_done(world, people):
    from altprov.provider_audits.services import action_done

    provider = make_provider(world.trust_a)
    make_letter(provider, people["by"])
    audit = complete_audit(provider, world.school_a1, next_steps="Check the fire exits", **people)
    assert status(provider) is Suitability.APPROVED_WITH_ACTIONS
    action_done(action=audit.actions.get(), note="Checked", by=people["by"])
    assert status(provider) is Suitability.APPROVED


def test_R5_6_an_audit_goes_out_of_date_after_the_trusts_period(world, people):
    provider = make_provider(world.trust_a)
    make_letter(provider, people["by"])
    complete_audit(provider, world.school_a1, visit=TODAY - dt.timedelta(days=360), **people)
    assert status(provider) is Suitability.APPROVED
    settings = world.trust_a.settings
    settings.audit_valid_months = 6
    settings.save()
    assert status(provider) is Suitability.AUDIT_OUT_OF_DATE


def test_R5_6_the_most_recent_signed_off_audit_of_any_school_of_the_trust_counts(world, people):
    from tests.factories import give_role, make_user

    provider = make_provider(world.trust_a)
    make_letter(provider, people["by"])
    complete_audit(provider, world.school_a1, visit=TODAY - dt.timedelta(days=30), **people)
    head_a2, dsl_a2 = make_user(), make_user()
    give_role(head_a2, Role.HEADTEACHER, school=world.school_a2)
    give_role(dsl_a2, Role.DSL, school=world.school_a2)
    complete_audit(
        provider,
        world.school_a2,
        by=dsl_a2,
        dsl=dsl_a2,
        sign_off_by=head_a2,
        suitable=False,
        visit=TODAY - dt.timedelta(days=2),
    )
    assert status(provider) is Suitability.NOT_SUITABLE


def test_R5_6_the_register_filters_and_sorts_by_the_computed_status(world, people):
    approved = make_provider(world.trust_a, "Approved Place")
    make_letter(approved, people["by"])
    complete_audit(approved, world.school_a1, **people)
    make_provider(world.trust_a, "Never Audited")
    names = lambda qs: [p.name for p in qs]  # noqa: E731
    assert names(register(world.trust_a, today=TODAY, status="approved")) == ["Approved Place"]
    assert names(register(world.trust_a, today=TODAY, status="no_audit")) == ["Never Audited"]
    ordered = names(register(world.trust_a, today=TODAY, sort="status"))
    assert ordered == ["Approved Place", "Never Audited"]  # "approved" < "no_audit"
    assert Provider.objects.count() == 2


def test_R5_6_the_ap_lead_is_told_when_an_audit_or_letter_of_comfort_needs_renewing(world, people):
    from tests.conftest import signed_in_client

    provider = make_provider(world.trust_a, "Renewal Place")
    complete_audit(provider, world.school_a1, visit=TODAY - dt.timedelta(days=340), **people)
    make_letter(
        provider,
        people["by"],
        received_on=TODAY - dt.timedelta(days=370),
        renewal_due=TODAY - dt.timedelta(days=3),
    )
    recovery = __import__("altprov.accounts.services", fromlist=["x"]).recovery_codes_generate
    recovery(user=people["by"])
    page = signed_in_client(people["by"]).get("/").content.decode()
    # From the duty engine (altprov/providers/duties.py): one source of these due dates.
    expires = (TODAY - dt.timedelta(days=340)) + relativedelta(months=12)
    assert f"Re-audit of Renewal Place: due by {expires:%-d %B %Y}" in page
    lapsed = TODAY - dt.timedelta(days=3)
    assert f"Letter of comfort from Renewal Place: overdue, due by {lapsed:%-d %B %Y}" in page
    # Someone who does not quality-assure providers is not told.
    page = signed_in_client(world.users[Role.ATTENDANCE_LEAD]).get("/").content.decode()
    assert "Renewal Place" not in page


def test_R5_6_each_status_has_its_label_colour_and_use():
    assert [(s.value, s.label, s.colour, s.usable) for s in Suitability] == [
        ("no_audit", "No audit", "grey", False),
        ("not_suitable", "Not suitable", "red", False),
        ("audit_out_of_date", "Audit out of date", "orange", False),
        ("letter_missing", "Letter of comfort missing", "orange", False),
        ("letter_expired", "Letter of comfort expired", "orange", False),
        ("approved_with_actions", "Approved with open actions", "yellow", True),
        ("approved", "Approved", "green", True),
    ]


def test_R5_5_the_most_recently_received_letter_counts(world, people):
    provider = make_provider(world.trust_a)
    complete_audit(provider, world.school_a1, **people)
    make_letter(
        provider,
        people["by"],
        received_on=TODAY - dt.timedelta(days=100),
        renewal_due=TODAY + dt.timedelta(days=200),
    )
    make_letter(
        provider,
        people["by"],
        received_on=TODAY - dt.timedelta(days=50),
        renewal_due=TODAY - dt.timedelta(days=1),
    )
    annotated = provider_with_status(provider, TODAY)
    assert annotated.latest_letter_renewal_due == TODAY - dt.timedelta(days=1)
    assert status(provider) is Suitability.LETTER_EXPIRED


def test_R5_6_the_status_rests_on_the_latest_audit_and_only_its_open_actions(world, people):

    provider = make_provider(world.trust_a)
    make_letter(provider, people["by"])
    first = complete_audit(
        provider,
        world.school_a1,
        next_steps="Check the fire exits",
        visit=TODAY - dt.timedelta(days=40),
        **people,
    )
    annotated = provider_with_status(provider, TODAY)
    assert annotated.latest_audit_id == first.pk and annotated.open_actions == 1
    assert annotated.latest_audit_school_id == world.school_a1.pk
    assert annotated.latest_audit_suitable is True
    second = complete_audit(provider, world.school_a1, visit=TODAY - dt.timedelta(days=3), **people)
    annotated = provider_with_status(provider, TODAY)
    assert annotated.latest_audit_id == second.pk and not annotated.open_actions
    assert Suitability(annotated.suitability) is Suitability.APPROVED


def test_R5_1_a_school_uses_the_providers_it_has_audited(world, people):
    from altprov.providers.suitability import in_use_by

    audited, other = make_provider(world.trust_a), make_provider(world.trust_a)
    complete_audit(audited, world.school_a1, by=people["by"])
    used = Provider.objects.filter(in_use_by(world.school_a1.pk))
    assert list(used) == [audited]
    assert not Provider.objects.filter(in_use_by(world.school_a2.pk)).exists()
    assert other not in used


def test_R5_6_the_latest_audit_and_letter_are_by_their_dates_not_the_order_entered(world, people):
    """An audit visited earlier but entered (and signed off) later does not replace the one
    visited since; a letter received earlier but entered later does not replace the newer one."""
    provider = make_provider(world.trust_a)
    newer_visit = complete_audit(
        provider,
        world.school_a1,
        suitable=False,
        visit=TODAY - dt.timedelta(days=3),
        **people,
    )
    complete_audit(provider, world.school_a1, visit=TODAY - dt.timedelta(days=40), **people)
    make_letter(
        provider,
        people["by"],
        received_on=TODAY - dt.timedelta(days=10),
        renewal_due=TODAY - dt.timedelta(days=1),
    )
    make_letter(
        provider,
        people["by"],
        received_on=TODAY - dt.timedelta(days=100),
        renewal_due=TODAY + dt.timedelta(days=200),
    )
    annotated = provider_with_status(provider, TODAY)
    assert annotated.latest_audit_id == newer_visit.pk
    assert annotated.latest_audit_suitable is False
    assert annotated.latest_letter_renewal_due == TODAY - dt.timedelta(days=1)
    assert status(provider) is Suitability.NOT_SUITABLE

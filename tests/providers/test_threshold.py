"""R-5.9: the registration threshold, applied from the rule in force on the day."""

import datetime as dt
from decimal import Decimal

import pytest

from altprov.authz.permissions import Role
from altprov.organisations.services import threshold_rule_in_force
from altprov.placements.models import Placement
from altprov.placements.rules import pupils_placed_at, threshold_for
from altprov.providers.threshold import (
    PlacedPupil,
    ReportedCounts,
    assess,
    compulsory_school_age,
    compulsory_school_age_ends,
    compulsory_school_age_starts,
    last_friday_of_june,
)
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_provider, make_trust
from tests.placements.test_placement import agreed_referral

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


# Compulsory school age, from the date of birth and the day asked about ---------------------------

d = dt.date


@pytest.mark.parametrize(
    "born, starts",
    [
        (d(2015, 1, 15), d(2020, 3, 31)),  # fifth birthday in the spring term
        (d(2015, 5, 2), d(2020, 8, 31)),  # in the summer term
        (d(2015, 10, 9), d(2020, 12, 31)),  # in the autumn term
        (d(2015, 8, 31), d(2020, 8, 31)),  # on a prescribed day: from that day
        (d(2015, 9, 1), d(2020, 12, 31)),  # the day after one: the next
        (d(2015, 3, 31), d(2020, 3, 31)),
        (d(2015, 12, 31), d(2020, 12, 31)),
        (d(2016, 2, 29), d(2021, 3, 31)),  # fifth birthday counted as 1 March 2021
    ],
)
def test_R5_9_compulsory_school_age_starts_on_the_prescribed_day_after_the_fifth_birthday(
    born, starts
):
    assert compulsory_school_age_starts(born) == starts
    assert not compulsory_school_age(born, starts - dt.timedelta(days=1))
    assert compulsory_school_age(born, starts)
    assert compulsory_school_age(born, starts + dt.timedelta(days=1))


@pytest.mark.parametrize(
    "born, leaves",
    [
        (d(2010, 1, 15), d(2026, 6, 26)),  # turns 16 in January: that June
        (d(2010, 8, 31), d(2026, 6, 26)),  # turns 16 in August: the June before
        (d(2010, 9, 1), d(2027, 6, 25)),  # turns 16 in September: the next June
        (d(2010, 6, 27), d(2026, 6, 26)),  # turns 16 the day after the leaving date
        (d(2007, 6, 30), d(2023, 6, 30)),  # 30 June 2023 is itself a Friday
    ],
)
def test_R5_9_compulsory_school_age_ends_after_the_last_friday_of_june_of_the_year_they_turn_16(
    born, leaves
):
    assert leaves.weekday() == 4 and leaves.month == 6 and leaves.day > 23
    assert compulsory_school_age_ends(born) == leaves
    assert compulsory_school_age(born, leaves - dt.timedelta(days=1))
    assert compulsory_school_age(born, leaves)
    assert not compulsory_school_age(born, leaves + dt.timedelta(days=1))


def test_R5_9_last_friday_of_june():
    assert last_friday_of_june(2026) == d(2026, 6, 26)
    assert last_friday_of_june(2023) == d(2023, 6, 30)
    assert last_friday_of_june(2024) == d(2024, 6, 28)
    assert last_friday_of_june(2029) == d(2029, 6, 29)


def test_R5_9_a_placed_pupil_counts_by_their_date_of_birth_not_their_year_group(world):
    """A Year 11 pupil counts until the school leaving date and not after; a pupil recorded in
    Reception counts from the prescribed day after their fifth birthday."""
    provider = make_provider(world.trust_a, registration_status="unregistered")
    pupil = world.pupil_a1
    Placement.objects.create(
        referral=agreed_referral(world, pupil),
        provider=provider,
        start_date=d(2026, 1, 5),
        planned_end_date=d(2027, 7, 20),
        weekly_cost=Decimal("100"),
        created_by=world.users[Role.AP_LEAD],
    )
    pupil.date_of_birth, pupil.year_group = d(2011, 1, 15), 11
    pupil.save()
    assert pupils_placed_at(provider, d(2027, 6, 25))[0].hours_per_week == 0  # no sessions yet
    assert pupils_placed_at(provider, d(2027, 6, 25))[0].compulsory_school_age
    assert not pupils_placed_at(provider, d(2027, 6, 26))[0].compulsory_school_age
    pupil.date_of_birth, pupil.year_group = d(2021, 1, 15), 0
    pupil.save()
    assert not pupils_placed_at(provider, d(2026, 3, 30))[0].compulsory_school_age
    assert pupils_placed_at(provider, d(2026, 3, 31))[0].compulsory_school_age


# Each part of the rule on its own -------------------------------------------------------------


def test_R5_9_no_rule_in_force_flags_nothing():
    result = assess(None, placed=[pupil(looked_after=True)], reported=ReportedCounts(full_time=9))
    assert result.rule is None and not result.must_register
    assert result.full_time_pupils == 0 and result.trigger_pupils == 0 and result.reasons == []


def test_R5_9_the_reasons_say_why_in_words(rule_1996):
    result = assess(
        rule_1996,
        placed=[pupil(ehcp=True)],
        reported=ReportedCounts(full_time=5, looked_after=1, ehcp=1, sen_support=3),
    )
    assert result.full_time_pupils == 6 and result.trigger_pupils == 3
    assert result.reasons == [
        "It educates 6 full-time pupils of compulsory school age (5 or more makes it a school)",
        "3 of its full-time pupils has an EHC plan or is looked after (one is enough)",
    ]


def test_R5_9_the_headcount_comes_from_the_rule(rule_1996):
    rule_1996.headcount = 3
    assert not assess(rule_1996, reported=ReportedCounts(full_time=2)).must_register
    result = assess(rule_1996, placed=[pupil()], reported=ReportedCounts(full_time=2))
    assert result.must_register and result.reasons == [
        "It educates 3 full-time pupils of compulsory school age (3 or more makes it a school)"
    ]


def test_R5_9_sole_provision_counts_as_full_time_only_where_the_rule_says_so(rule_1996):
    rule_1996.sole_provision_is_full_time = False
    result = assess(rule_1996, placed=[pupil("17", sole=True, looked_after=True)])
    assert result.full_time_pupils == 0 and not result.must_register
    result = assess(rule_1996, placed=[pupil("18", sole=False)])
    assert result.full_time_pupils == 1


def test_R5_9_a_part_time_pupil_is_never_a_trigger(rule_1996):
    result = assess(rule_1996, placed=[pupil("10", ehcp=True), pupil("10", looked_after=True)])
    assert result.full_time_pupils == 0 and result.trigger_pupils == 0


def test_R5_9_placed_pupils_with_sen_support_trigger_only_under_the_2026_act():
    trust = make_trust()
    act_2026 = trust.threshold_rules.get(effective_from__isnull=True)
    sen = [pupil(sen_support=True)]
    assert assess(act_2026, placed=sen).trigger_pupils == 1
    assert assess(act_2026, placed=sen).reasons == [
        "1 of its full-time pupils has special educational needs or is looked after (one is enough)"
    ]
    assert assess(threshold_rule_in_force(trust, TODAY), placed=sen).trigger_pupils == 0
    assert assess(act_2026, placed=[pupil(ehcp=True)]).trigger_pupils == 1


def test_R5_9_the_latest_audit_with_counts_is_the_one_read(world):
    from altprov.provider_audits.selectors import latest_reporting_audit, with_reported_counts
    from altprov.providers.models import Provider
    from altprov.providers.threshold import assess_annotated, reported_counts_from

    ap = world.users[Role.AP_LEAD]
    provider = make_provider(world.trust_a, registration_status="unregistered")
    assert latest_reporting_audit(provider) is None
    assert reported_counts_from(None) == ReportedCounts()
    older = complete_audit(
        provider, world.school_a1, by=ap, visit=TODAY - dt.timedelta(days=60), reported_full_time=1
    )
    newer = complete_audit(
        provider,
        world.school_a2,
        by=ap,
        visit=TODAY - dt.timedelta(days=5),
        reported_full_time=2,
        reported_looked_after=1,
        reported_ehcp=1,
        reported_sen_support=1,
    )
    assert latest_reporting_audit(provider) == newer
    assert reported_counts_from(newer) == ReportedCounts(2, 1, 1, 1)
    annotated = with_reported_counts(Provider.objects.filter(pk=provider.pk)).get()
    rule = threshold_rule_in_force(world.trust_a, TODAY)
    result = assess_annotated(annotated, rule, [pupil()])
    assert result.full_time_pupils == 3 and result.trigger_pupils == 2
    assert result.reasons == [
        "2 of its full-time pupils has an EHC plan or is looked after (one is enough)"
    ]
    assert threshold_for(provider, TODAY).full_time_pupils == 2
    # An audit without counts (a registered provider's, say) does not hide the latest counts.
    newer.reported_full_time_pupils = None
    newer.save()
    assert latest_reporting_audit(provider) == older
    assert (
        assess_annotated(
            with_reported_counts(Provider.objects.filter(pk=provider.pk)).get(), rule
        ).full_time_pupils
        == 1
    )
    registered = with_reported_counts(Provider.objects.filter(pk=make_provider(world.trust_a).pk))
    assert assess_annotated(registered.get(), rule).rule is None


def test_R5_9_a_birthday_on_29_february_falls_on_1_march_in_other_years():
    from altprov.providers.threshold import birthday

    assert birthday(d(2016, 2, 29), 4) == d(2020, 2, 29)
    assert birthday(d(2016, 2, 29), 5) == d(2021, 3, 1)
    assert birthday(d(2015, 3, 1), 5) == d(2020, 3, 1)
    assert compulsory_school_age_ends(d(2008, 2, 29)) == d(2024, 6, 28)


def test_R5_9_missing_counts_in_an_audit_count_as_none(world):
    from types import SimpleNamespace

    from altprov.provider_audits.selectors import with_reported_counts
    from altprov.providers.models import Provider
    from altprov.providers.threshold import assess_annotated, reported_counts_from

    partial = SimpleNamespace(
        reported_full_time_pupils=3,
        reported_full_time_looked_after=None,
        reported_full_time_ehcp=None,
        reported_full_time_sen_support=None,
    )
    assert reported_counts_from(partial) == ReportedCounts(full_time=3)
    provider = make_provider(world.trust_a, registration_status="unregistered")
    annotated = with_reported_counts(Provider.objects.filter(pk=provider.pk)).get()
    rule = threshold_rule_in_force(world.trust_a, TODAY)
    result = assess_annotated(annotated, rule, [pupil(looked_after=True)])
    assert result.rule == rule
    assert (result.full_time_pupils, result.trigger_pupils) == (1, 1)
    annotated.reported_full_time, annotated.reported_ehcp = 2, 1
    result = assess_annotated(annotated, rule)
    assert (result.full_time_pupils, result.trigger_pupils) == (2, 1)
    annotated.reported_ehcp, annotated.reported_looked_after = None, 2
    assert assess_annotated(annotated, rule).trigger_pupils == 2
    annotated.reported_looked_after, annotated.reported_sen_support = None, 4
    assert assess_annotated(annotated, rule).trigger_pupils == 0
    act_2026 = world.trust_a.threshold_rules.get(effective_from__isnull=True)
    assert assess_annotated(annotated, act_2026).trigger_pupils == 4
    annotated.reported_sen_support = None
    assert assess_annotated(annotated, act_2026).trigger_pupils == 0


def test_R5_9_the_providers_own_triggers_add_up_under_each_act(world):
    from altprov.providers.threshold import reported_triggers

    act_1996 = threshold_rule_in_force(world.trust_a, TODAY)
    act_2026 = world.trust_a.threshold_rules.get(effective_from__isnull=True)
    counts = ReportedCounts(full_time=9, looked_after=1, ehcp=2, sen_support=4)
    assert reported_triggers(counts, act_1996) == 3
    assert reported_triggers(counts, act_2026) == 7


def test_R5_9_each_provider_reads_its_own_latest_counts_by_visit_date_not_entry_order(world):
    """Two providers in one query: each gets the counts of its own audit visited last, even when
    an older visit was entered after it."""
    from altprov.provider_audits.selectors import with_reported_counts
    from altprov.providers.models import Provider

    ap = world.users[Role.AP_LEAD]
    first = make_provider(world.trust_a, registration_status="unregistered")
    second = make_provider(world.trust_a, registration_status="unregistered")
    complete_audit(
        first, world.school_a1, by=ap, visit=TODAY - dt.timedelta(days=5), reported_full_time=4
    )
    complete_audit(
        first, world.school_a2, by=ap, visit=TODAY - dt.timedelta(days=90), reported_full_time=1
    )
    complete_audit(
        second, world.school_a1, by=ap, visit=TODAY - dt.timedelta(days=30), reported_full_time=2
    )
    annotated = with_reported_counts(Provider.objects.filter(pk__in=[first.pk, second.pk]))
    assert {p.pk: p.reported_full_time for p in annotated} == {first.pk: 4, second.pk: 2}

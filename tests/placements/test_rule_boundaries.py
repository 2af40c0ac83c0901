"""Each dated or counted rule at its boundary, and each trust setting with a value other than its
default: re-audit (R-5.6), letter of comfort renewal (R-5.5), written notice (R-9.1), trust
approval (R-7.1), the hours cap (R-5.8) and the review interval (R-7.3)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.organisations.services import threshold_rule_in_force
from altprov.placements import services
from altprov.placements.models import Placement, PlacementRecords
from altprov.placements.rules import hours_cap_problem, pupils_placed_at, review_due_dates
from altprov.placements.start_gate import notice_deadline, preconditions, trust_approval_needed
from altprov.providers.selectors import provider_with_status
from altprov.providers.services import letter_renewal_default
from altprov.providers.suitability import Suitability, start_of_day
from altprov.providers.threshold import is_full_time
from tests.factories import make_provider
from tests.placements.test_start_gate import TODAY, ready_placement

pytestmark = pytest.mark.django_db
d = dt.date
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def met(placement, key, on=TODAY):
    return next(c.met for c in preconditions(placement, on) if c.key == key)


def settings(world, **values):
    s = world.trust_a.settings
    for name, value in values.items():
        setattr(s, name, value)
    s.save()


# Re-audit (R-5.6) -----------------------------------------------------------------------------


@pytest.mark.parametrize("months", [12, 7])
def test_R5_6_an_audit_is_in_date_until_the_validity_period_has_passed(world, months):
    settings(world, audit_valid_months=months)
    placement = ready_placement(world)
    provider = placement.provider
    oldest_in_date = TODAY - relativedelta(months=months)
    for visit, status in [
        (start_of_day(oldest_in_date), Suitability.APPROVED),
        (start_of_day(oldest_in_date) + dt.timedelta(hours=23), Suitability.APPROVED),
        (start_of_day(oldest_in_date) - dt.timedelta(minutes=1), Suitability.AUDIT_OUT_OF_DATE),
        (start_of_day(oldest_in_date - DAY), Suitability.AUDIT_OUT_OF_DATE),
    ]:
        provider.audits.update(visit_at=visit)
        assert provider_with_status(provider, TODAY).suitability == status, visit
        assert met(placement, "audit") == (status == Suitability.APPROVED), visit


def test_R5_6_R7_4_an_audit_that_falls_due_on_the_start_day_still_counts_on_the_day_it_starts(
    world,
):
    placement = ready_placement(world)
    placement.provider.audits.update(visit_at=start_of_day(TODAY - relativedelta(months=12)))
    assert met(placement, "audit", TODAY)
    assert not met(placement, "audit", TODAY + DAY)


# Letter of comfort (R-5.5) ------------------------------------------------------------------


def test_R5_5_a_letter_is_in_date_on_its_renewal_day_and_not_the_day_after(world):
    placement = ready_placement(world)
    provider = placement.provider
    for renewal_due, in_date in [(TODAY + DAY, True), (TODAY, True), (TODAY - DAY, False)]:
        provider.letters.update(renewal_due=renewal_due)
        assert met(placement, "letter") is in_date, renewal_due
        status = provider_with_status(provider, TODAY).suitability
        assert (status == Suitability.LETTER_EXPIRED) is not in_date, renewal_due


@pytest.mark.parametrize("months", [12, 5])
def test_R5_5_a_letters_renewal_date_is_the_trusts_validity_period_after_receipt(world, months):
    settings(world, letter_of_comfort_valid_months=months)
    provider = make_provider(world.trust_a)
    assert letter_renewal_default(provider, d(2026, 1, 31)) == d(2026, 1, 31) + relativedelta(
        months=months
    )


# Written notice (R-9.1) ---------------------------------------------------------------------

# Autumn 2026: half term 26 to 30 October, term ends 18 December; spring 2027 starts 4 January;
# 3 May 2027 is a bank holiday in the summer term.
NOTICE_DEADLINES = {
    "Monday, after a weekend": (d(2026, 11, 23), d(2026, 11, 19)),
    "Tuesday, after a weekend": (d(2026, 11, 24), d(2026, 11, 20)),
    "Wednesday": (d(2026, 11, 25), d(2026, 11, 23)),
    "Thursday": (d(2026, 11, 26), d(2026, 11, 24)),
    "Friday": (d(2026, 11, 27), d(2026, 11, 25)),
    "Monday after half term": (d(2026, 11, 2), d(2026, 10, 22)),
    "Tuesday after half term": (d(2026, 11, 3), d(2026, 10, 23)),
    "first day of spring term": (d(2027, 1, 4), d(2026, 12, 17)),
    "Tuesday after the May bank holiday": (d(2027, 5, 4), d(2027, 4, 29)),
    "Wednesday after the May bank holiday": (d(2027, 5, 5), d(2027, 4, 30)),
}


@pytest.mark.parametrize("start, deadline", NOTICE_DEADLINES.values(), ids=NOTICE_DEADLINES)
def test_R9_1_notice_sent_on_the_last_permitted_school_day_is_accepted_and_a_day_later_refused(
    world, start, deadline
):
    placement = ready_placement(world)
    Placement.objects.filter(pk=placement.pk).update(
        start_date=start, planned_end_date=start + dt.timedelta(weeks=6)
    )
    # A ready placement's notice is already issued, and a notice is issued once: take it back.
    # The other done dates are moved before the notice deadline, so that saving the records on
    # the day travelled to does not find them in the future.
    PlacementRecords.objects.filter(placement=placement).update(
        notice_issued_on=None,
        objectives_shared_on=deadline - dt.timedelta(days=7),
        la_caseworker_informed_on=None,
    )
    placement = Placement.objects.get(pk=placement.pk)
    assert notice_deadline(placement) == deadline
    ap = world.users[Role.AP_LEAD]
    with time_machine.travel(dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC), tick=False):
        with pytest.raises(ValidationError, match="The notice had to be sent by"):
            services.notice_issue(placement=placement, on=deadline + DAY, method="post", by=ap)
        services.notice_issue(placement=placement, on=deadline, method="post", by=ap)
    assert placement.records.notice_issued_on == deadline


def test_R9_1_the_notice_period_is_the_trusts_number_of_school_days(world):
    placement = ready_placement(world)
    Placement.objects.filter(pk=placement.pk).update(start_date=d(2026, 11, 26))
    placement = Placement.objects.get(pk=placement.pk)
    settings(world, notice_school_days=1)
    assert notice_deadline(placement) == d(2026, 11, 25)
    settings(world, notice_school_days=3)
    assert notice_deadline(placement) == d(2026, 11, 23)


@pytest.mark.parametrize(
    "hours, days_before", [(48, 2), (24, 1), (25, 2), (49, 3), (72, 3), (1, 1)]
)
def test_R9_1_suspension_notice_is_the_trusts_hours_in_whole_days_before_the_start(
    world, hours, days_before
):
    placement = ready_placement(world)
    placement.referral.route = "suspension"
    placement.referral.save()
    settings(world, suspension_notice_hours=hours, notice_school_days=9)
    assert notice_deadline(placement) == placement.start_date - dt.timedelta(days=days_before)


# Trust approval above the weekly cost (R-7.1) --------------------------------------------------


@pytest.mark.parametrize("limit", [None, Decimal("250.00")])
def test_R7_1_trust_approval_is_needed_only_above_the_trusts_weekly_cost(world, limit):
    if limit is not None:
        settings(world, trust_approval_weekly_cost=limit)
    limit = limit or Decimal("500.00")
    placement = ready_placement(world)
    for cost, needed in [(limit, False), (limit + Decimal("0.01"), True), (limit - 1, False)]:
        placement.weekly_cost = cost
        assert trust_approval_needed(placement) is needed, cost
        keys = [c.key for c in preconditions(placement, TODAY)]
        assert ("trust_approval" in keys) is needed, cost


def test_R7_1_an_unregistered_provider_always_needs_trust_approval(world):
    placement = ready_placement(world, unregistered=True)
    placement.weekly_cost = Decimal("0")
    assert trust_approval_needed(placement)


# The hours cap at an unregistered provider (R-5.8) --------------------------------------------


@pytest.mark.parametrize("cap", [Decimal("12.0"), Decimal("15.5")])
def test_R5_8_hours_exactly_at_the_trusts_cap_are_allowed_and_a_quarter_hour_more_is_not(
    world, cap
):
    settings(world, unregistered_hours_cap=cap)
    provider = make_provider(world.trust_a, registration_status="unregistered")
    assert hours_cap_problem(provider, cap) is None
    problem = hours_cap_problem(provider, cap + Decimal("0.25"))
    assert problem == (
        f"The weekly pattern is {cap + Decimal('0.25'):f}".rstrip("0").rstrip(".")
        + f" hours. A pupil may spend at most {cap:f}".rstrip("0").rstrip(".")
        + " hours a week at an unregistered provider (trust setting, R-5.8)."
    )
    registered = make_provider(world.trust_a)
    assert hours_cap_problem(registered, cap + 20) is None


def test_R5_8_the_hours_are_written_without_trailing_zeros():
    from altprov.placements.rules import in_words

    assert in_words(Decimal("12.0")) == "12"
    assert in_words(Decimal("12.50")) == "12.5"
    assert in_words(Decimal("10")) == "10"
    assert in_words(Decimal("100")) == "100"


def test_R5_8_R7_4_the_start_gate_uses_the_trusts_cap(world):
    placement = ready_placement(world, unregistered=True)  # 6 hours a week
    settings(world, unregistered_hours_cap=Decimal("6"))
    assert met(placement, "hours_cap")
    settings(world, unregistered_hours_cap=Decimal("5.75"))
    assert not met(placement, "hours_cap")


# The review interval (R-7.3) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "interval, dates",
    [
        ("half_term", [d(2027, 1, 4), d(2027, 2, 22), d(2027, 4, 12)]),
        ("term", [d(2027, 1, 4), d(2027, 4, 12)]),
    ],
)
def test_R7_3_reviews_fall_at_the_trusts_interval(world, interval, dates):
    settings(world, review_interval=interval)
    placement = ready_placement(world)
    placement.planned_end_date = d(2027, 4, 12)
    assert review_due_dates(placement) == dates
    placement.planned_end_date = d(2027, 4, 11)
    assert review_due_dates(placement) == dates[:-1]


@pytest.mark.parametrize(
    "interval, after_january", [("half_term", d(2027, 2, 22)), ("term", d(2027, 4, 12))]
)
def test_R7_3_the_next_review_of_a_placement_reads_its_trusts_interval(
    world, interval, after_january
):
    from altprov.placements.rules import next_review_due_for

    settings(world, review_interval=interval)
    placement = ready_placement(world)
    placement.planned_end_date = d(2027, 5, 1)
    assert next_review_due_for(placement, []) == d(2027, 1, 4)
    assert next_review_due_for(placement, [d(2027, 1, 4)]) == after_january


# Which of the trust's pupils count at a provider (R-5.9) ---------------------------------------


def test_R5_9_planned_and_attending_placements_count_until_their_planned_end(
    world, django_assert_num_queries
):
    from altprov.placements.rules import pupils_placed_at, pupils_placed_at_each, threshold_with
    from altprov.providers.threshold import PlacedPupil

    placement = ready_placement(world, unregistered=True, ehcp=True)
    provider = placement.provider
    elsewhere = make_provider(world.trust_a, registration_status="unregistered")
    assert pupils_placed_at(elsewhere, TODAY) == []
    assert pupils_placed_at_each([elsewhere], TODAY) == {}
    with django_assert_num_queries(1):  # the placements with their pupils and summed hours
        each = pupils_placed_at_each([provider, elsewhere], TODAY)
    assert list(each) == [provider.pk] and len(each[provider.pk]) == 1
    second = Placement.objects.create(
        referral=placement.referral,
        provider=provider,
        start_date=placement.start_date,
        planned_end_date=placement.planned_end_date,
        weekly_cost=placement.weekly_cost,
        created_by=placement.created_by,
    )
    with django_assert_num_queries(1):  # still one: the hours of both are summed in it
        assert len(pupils_placed_at_each([provider, elsewhere], TODAY)[provider.pk]) == 2
    second.delete()
    end = placement.planned_end_date
    [placed] = pupils_placed_at(provider, end)
    assert placed == PlacedPupil(
        hours_per_week=Decimal("6"),
        sole_provision=placement.sole_provision,
        compulsory_school_age=True,
        looked_after=False,
        ehcp=True,
        sen_support=False,
    )
    assert pupils_placed_at(provider, end + DAY) == []
    assert pupils_placed_at(provider, TODAY, excluding=placement) == []
    assert pupils_placed_at(provider, TODAY, excluding=Placement(provider=provider)) == [placed]
    Placement.objects.filter(pk=placement.pk).update(status="active")
    assert len(pupils_placed_at(provider, TODAY)) == 1
    Placement.objects.filter(pk=placement.pk).update(status="ended")
    assert pupils_placed_at(provider, TODAY) == []
    Placement.objects.filter(pk=placement.pk).update(status="planned")
    pupil = placement.pupil
    pupil.send_status, pupil.looked_after = "sen_support", True
    pupil.save()
    [placed] = pupils_placed_at(provider, TODAY)
    assert placed.sen_support and placed.looked_after and not placed.ehcp
    # The pupil being placed is added to those already there; registered providers never count.
    result = threshold_with(provider, TODAY, [placed], excluding=placement)
    assert result.full_time_pupils == 0 and result.rule is not None
    # The placement being checked again is not counted twice: once as itself, once as placed.
    type(result.rule).objects.filter(pk=result.rule.pk).update(full_time_hours=Decimal("6"))
    assert threshold_with(provider, TODAY, [], excluding=placement).full_time_pupils == 0
    assert threshold_with(provider, TODAY, []).full_time_pupils == 1
    assert threshold_with(make_provider(world.trust_a), TODAY, [placed]).rule is None


def test_R5_9_the_hours_a_week_are_the_sessions_time_summed_so_18_hours_are_18(world):
    """0:40 + 4:50 + 4:50 + 4:50 + 2:50 is 18 hours exactly: full-time at 18 (R-5.9) on the
    register's one query, the placement's own total and the form's. Adding each session's hours
    (40/60 + 290/60 + ... to 28 digits) gave 17.99999999999999999999999999: not full-time."""
    placement = ready_placement(world, unregistered=True)
    placement.sessions.all().delete()
    ends = [dt.time(9, 40), dt.time(13, 50), dt.time(13, 50), dt.time(13, 50), dt.time(11, 50)]
    pattern = [(day, dt.time(9), end) for day, end in enumerate(ends)]
    for day, starts, end in pattern:
        placement.sessions.create(day=day, starts_at=starts, ends_at=end)
    [placed] = pupils_placed_at(placement.provider, TODAY)
    assert placed.hours_per_week == Decimal(18)
    assert Placement.objects.get(pk=placement.pk).hours_per_week == Decimal(18)
    assert services.session_hours(pattern) == Decimal(18)
    rule = threshold_rule_in_force(world.trust_a, TODAY)
    assert rule.full_time_hours == 18 and is_full_time(placed, rule)
    placement.sessions.filter(day=4).update(ends_at=dt.time(11, 49))
    [placed] = pupils_placed_at(placement.provider, TODAY)
    assert placed.hours_per_week < 18 and not is_full_time(placed, rule)


def test_R7_3_reviews_need_term_dates_only_up_to_the_planned_end(world):
    from altprov.termdates.schooldays import OutsideCalendar

    placement = ready_placement(world)
    placement.start_date = d(2027, 6, 7)
    placement.planned_end_date = d(2027, 7, 21)  # the last day of term entered
    assert review_due_dates(placement) == []
    placement.planned_end_date = d(2027, 9, 30)
    with pytest.raises(OutsideCalendar):
        review_due_dates(placement)

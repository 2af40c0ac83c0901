"""R-7.4 and R-9.1 in the policy's words: what each precondition says, with its policy section
(the page shows each condition, met or not, with its section), and every fact of the written
notice. The wording lives here once, so a change to it is a deliberate change to this list."""

import datetime as dt

import pytest
import time_machine

from altprov.authz.permissions import Role
from altprov.placements.models import Placement, PlacementSession
from altprov.placements.start_gate import (
    notice_facts,
    notice_problems,
    plan_missing,
    preconditions,
    records_of,
)
from tests.placements.test_start_gate import START, TODAY, ready_placement

pytestmark = pytest.mark.django_db

WORDING = [
    (
        "audit",
        "The provider's audit is signed off as suitable and in date",
        "R-7.4, policy 7",
    ),
    ("letter", "The provider's letter of comfort is in date", "R-5.5, policy 5"),
    ("decision", "The Headteacher has approved the referral", "R-7.1, policy 7"),
    ("agreement", "The agreement with the parents or carers is recorded", "R-7.3, policy 7"),
    ("plan", "The personalised plan is complete", "R-6.4, policy 6"),
    (
        "objectives_shared",
        "The plan's objectives have been shared with the provider",
        "R-11.1, policy 11",
    ),
    (
        "notice",
        "The parents or carers have been notified in writing before the start",
        "R-9.1, policy 9",
    ),
    ("pastoral", "A pastoral contact is assigned, with a contact protocol", "R-10.4"),
    (
        "information",
        "The information shared with the provider is recorded",
        "R-11.2, policy 11",
    ),
    ("trust_approval", "The trust has approved the placement", "R-7.1, policy 7"),
    (
        "exceptional",
        "The exceptional circumstances and the School Improvement Team's agreement are recorded",
        "R-5.7, policy 5",
    ),
    (
        "hours_cap",
        "The weekly hours are within the trust's cap for an unregistered provider",
        "R-5.8",
    ),
    (
        "la_caseworker",
        "The SENDCo has told the LA caseworker about the placement",
        "R-10.8, policy 10.8",
    ),
]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_R7_4_each_precondition_names_itself_and_its_policy_section(world):
    placement = ready_placement(world, unregistered=True, ehcp=True)
    conditions = preconditions(placement, TODAY)
    assert [(c.key, c.text, c.section) for c in conditions] == WORDING
    details = {c.key: c.detail for c in conditions}
    assert details["audit"] == "Approved"
    assert details["plan"] == ""
    assert details["trust_approval"] == (
        "Needed for an unregistered provider or above the trust's weekly cost"
    )
    assert all(details[k] == "" for k in details if k not in ("audit", "trust_approval"))


def test_R7_4_the_audit_condition_says_what_the_status_is(world):
    placement = ready_placement(world)
    placement.provider.audits.update(suitable=False)
    audit = next(c for c in preconditions(placement, TODAY) if c.key == "audit")
    assert not audit.met and audit.detail == "Not suitable"


def test_R6_4_the_plan_condition_lists_every_gap_in_the_policys_words(world):
    placement = ready_placement(world, ehcp=True)
    placement.objectives.all().delete()
    records = records_of(placement)
    for name in (
        "assessment_and_monitoring",
        "baseline_attainment",
        "baseline_attendance",
        "baseline_behaviour",
        "ehcp_link",
    ):
        setattr(records, name, " ")
    records.save()
    gaps = [
        "at least one objective with its timeframe and measure",
        "the arrangements for assessment and monitoring",
        "the baseline for attainment",
        "the baseline for attendance",
        "the baseline for behaviour",
        "the link to the EHC plan",
    ]
    assert plan_missing(placement, records) == gaps
    plan = next(c for c in preconditions(placement, TODAY) if c.key == "plan")
    assert plan.detail == "Missing: " + ", ".join(gaps)


def test_R9_1_the_letter_states_each_fact_under_the_policys_heading(world):
    placement = ready_placement(world)
    PlacementSession.objects.filter(placement=placement, day=2).update(ends_at=dt.time(12, 30))
    placement = Placement.objects.get(pk=placement.pk)
    assert notice_facts(placement, records_of(placement)) == [
        (
            "The purpose of the placement and why your child has been referred",
            "A wider curriculum, to support wider development and skills for later life",
        ),
        ("The dates your child will attend", "30 November 2026 to 25 January 2027"),
        (
            "The time the provision will start and end",
            "Monday 09:00 to 12:00; Wednesday 09:00 to 12:30",
        ),
        ("The time your child will spend there each day", "Monday: 3 hours; Wednesday: 3.5 hours"),
        ("The address your child will attend", "3 Provider Street, Provtown, ZZ2 2BB"),
        ("The person responsible for the provision", "Pat Manager"),
        (
            "The member of school staff giving your child pastoral support",
            world.users[Role.STAFF_MEMBER].full_name,
        ),
    ]
    site = placement.provider.sites.create(
        name="Farm", address_line_1="Lane End", town="Dale", postcode="ZZ3 3CC"
    )
    placement.site = site
    assert notice_facts(placement, records_of(placement))[4] == (
        "The address your child will attend",
        "Lane End, Dale, ZZ3 3CC",
    )


def test_R9_1_the_notice_names_each_missing_fact_and_a_late_start(world):
    placement = ready_placement(world)
    placement.provider.manager_name = ""
    records = records_of(placement)
    records.pastoral_contact = None
    assert notice_problems(placement, records, TODAY) == [
        "The letter has no person responsible for the provision",
        "The letter has no member of school staff giving your child pastoral support",
    ]
    placement = Placement.objects.get(pk=placement.pk)
    records = records_of(placement)
    assert notice_problems(placement, records, dt.date(2026, 11, 26)) == []
    assert notice_problems(placement, records, dt.date(2026, 11, 27)) == [
        "The notice had to be sent by 26 November 2026 for a start on 30 November 2026: "
        "move the start date"
    ]
    assert START == dt.date(2026, 11, 30)


def test_R9_1_X2_a_start_beyond_the_term_dates_is_named_rather_than_guessed(world):
    placement = ready_placement(world)
    placement.start_date = dt.date(2027, 9, 6)
    problems = notice_problems(placement, records_of(placement), TODAY)
    assert problems == [
        "The school's term dates do not cover 5 September 2027. "
        "A trust administrator needs to add them."
    ]


def test_R9_1_the_letter_joins_every_reason_and_leaves_the_dates_blank_without_both(world):
    """The purpose lists every reason in the referral's order, joined by commas; the dates are
    blank (and so named as missing) unless both the start and the planned end are known."""
    placement = ready_placement(world)
    referral = placement.referral
    referral.reasons = ["exclusion_risk", "other"]
    referral.other_reason = "Needs a smaller setting for a term"
    assert notice_facts(placement, records_of(placement))[0][1] == (
        "Risk of exclusion, or one or more previous suspensions, Needs a smaller setting for a term"
    )
    for missing in ("start_date", "planned_end_date"):
        placement = Placement.objects.get(pk=placement.pk)
        setattr(placement, missing, None)
        records = records_of(placement)
        assert notice_facts(placement, records)[1] == ("The dates your child will attend", "")

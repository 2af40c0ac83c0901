"""No placement starts until every precondition of the policy is met (R-7.4), and the written
notice to parents (R-9.1). Declared once: the placement page, the start service and the tests
read the same list."""

import datetime as dt
import math
from dataclasses import dataclass

from altprov.organisations.services import settings_for
from altprov.providers.selectors import provider_with_status
from altprov.providers.suitability import Suitability
from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar

from .models import PlacementRecords
from .rules import hours_cap_problem


@dataclass(frozen=True)
class Precondition:
    key: str
    text: str
    section: str
    met: bool
    detail: str = ""


def records_of(placement):
    """The placement's records, or a new unsaved set for one with none yet: reading a page never
    writes; the services save it when something is recorded."""
    return PlacementRecords.objects.filter(placement=placement).first() or PlacementRecords(
        placement=placement
    )


def trust_approval_needed(placement) -> bool:
    """R-7.1: always for an unregistered provider; otherwise above the trust's weekly cost."""
    threshold = settings_for(placement.provider.trust).trust_approval_weekly_cost
    return placement.provider.is_unregistered or placement.weekly_cost > threshold


def plan_missing(placement, records) -> list[str]:
    missing = []
    if not placement.objectives.exists():
        missing.append("at least one objective with its timeframe and measure")
    if not records.assessment_and_monitoring.strip():
        missing.append("the arrangements for assessment and monitoring")
    for name, label in (
        ("baseline_attainment", "attainment"),
        ("baseline_attendance", "attendance"),
        ("baseline_behaviour", "behaviour"),
    ):
        if not getattr(records, name).strip():
            missing.append(f"the baseline for {label}")
    if placement.pupil.send_status == "ehcp" and not records.ehcp_link.strip():
        missing.append("the link to the EHC plan")
    return missing


# Written notice (R-9.1) ------------------------------------------------------------------------


def notice_facts(placement, records) -> list[tuple[str, str]]:
    """Every fact the policy lists for the letter, in its order: (label, value or '')."""
    sessions = list(placement.sessions.all())
    times = "; ".join(str(s) for s in sessions)
    daily = "; ".join(f"{s.get_day_display()}: {s.hours:g} hours" for s in sessions)
    address = placement.site.address if placement.site else placement.provider.address
    reasons = ", ".join(placement.referral.reason_labels)
    return [
        ("The purpose of the placement and why your child has been referred", reasons),
        (
            "The dates your child will attend",
            f"{placement.start_date:%-d %B %Y} to {placement.planned_end_date:%-d %B %Y}"
            if placement.start_date and placement.planned_end_date
            else "",
        ),
        ("The time the provision will start and end", times),
        ("The time your child will spend there each day", daily),
        ("The address your child will attend", address),
        ("The person responsible for the provision", placement.provider.manager_name),
        (
            "The member of school staff giving your child pastoral support",
            records.pastoral_contact.full_name if records.pastoral_contact else "",
        ),
    ]


def notice_deadline(placement) -> dt.date:
    """The last day the notice may be sent: n school days before the start (trust setting), or
    48 hours for provision from the sixth day of a suspension (R-9.1). Raises OutsideCalendar."""
    settings = settings_for(placement.provider.trust)
    if placement.referral.route == "suspension":
        days = math.ceil(settings.suspension_notice_hours / 24)
        return placement.start_date - dt.timedelta(days=days)
    calendar = SchoolCalendar.for_school(placement.referral.school)
    return calendar.school_days_before(placement.start_date, settings.notice_school_days)


def notice_problems(placement, records, on: dt.date) -> list[str]:
    problems = [
        f"The letter has no {label[4:].lower()}"
        for label, value in notice_facts(placement, records)
        if not value
    ]
    try:
        deadline = notice_deadline(placement)
    except OutsideCalendar as error:
        problems.append(str(error))
    else:
        if on > deadline:
            problems.append(
                f"The notice had to be sent by {deadline:%-d %B %Y} for a start on "
                f"{placement.start_date:%-d %B %Y}: move the start date"
            )
    return problems


# The start gate (R-7.4) ------------------------------------------------------------------------


def preconditions(placement, today: dt.date) -> list[Precondition]:
    records = records_of(placement)
    provider = provider_with_status(placement.provider, today)
    status = Suitability(provider.suitability)
    agreement = getattr(placement.referral, "agreement", None)
    plan_gaps = plan_missing(placement, records)
    conditions = [
        Precondition(
            "audit",
            "The provider's audit is signed off as suitable and in date",
            "R-7.4, policy 7",
            status
            not in (Suitability.NO_AUDIT, Suitability.NOT_SUITABLE, Suitability.AUDIT_OUT_OF_DATE),
            status.label,
        ),
        Precondition(
            "letter",
            "The provider's letter of comfort is in date",
            "R-5.5, policy 5",
            provider.latest_letter_renewal_due is not None
            and provider.latest_letter_renewal_due >= today,
        ),
        Precondition(
            "decision",
            "The Headteacher has approved the referral",
            "R-7.1, policy 7",
            placement.referral.is_approved,
        ),
        Precondition(
            "agreement",
            "The agreement with the parents or carers is recorded",
            "R-7.3, policy 7",
            agreement is not None and agreement.response == "agreed",
        ),
        Precondition(
            "plan",
            "The personalised plan is complete",
            "R-6.4, policy 6",
            not plan_gaps,
            "Missing: " + ", ".join(plan_gaps) if plan_gaps else "",
        ),
        Precondition(
            "objectives_shared",
            "The plan's objectives have been shared with the provider",
            "R-11.1, policy 11",
            records.objectives_shared_on is not None,
        ),
        Precondition(
            "notice",
            "The parents or carers have been notified in writing before the start",
            "R-9.1, policy 9",
            records.notice_issued_on is not None
            and records.notice_issued_on < placement.start_date,
        ),
        Precondition(
            "pastoral",
            "A pastoral contact is assigned, with a contact protocol",
            "R-10.4",
            records.pastoral_contact_id is not None and bool(records.contact_protocol.strip()),
        ),
        Precondition(
            "information",
            "The information shared with the provider is recorded",
            "R-11.2, policy 11",
            placement.information_shares.exists(),
        ),
    ]
    if trust_approval_needed(placement):
        conditions.append(
            Precondition(
                "trust_approval",
                "The trust has approved the placement",
                "R-7.1, policy 7",
                records.trust_approved_at is not None,
                "Needed for an unregistered provider or above the trust's weekly cost",
            )
        )
    if placement.provider.is_unregistered:
        conditions += [
            Precondition(
                "exceptional",
                "The exceptional circumstances and the School Improvement Team's agreement are recorded",
                "R-5.7, policy 5",
                bool(placement.exceptional_reasons.strip())
                and bool(placement.professionals_consulted.strip())
                and placement.sit_agreed_at is not None,
            ),
            Precondition(
                "hours_cap",
                "The weekly hours are within the trust's cap for an unregistered provider",
                "R-5.8",
                hours_cap_problem(placement.provider, placement.hours_per_week) is None,
            ),
        ]
    if placement.pupil.send_status == "ehcp":
        conditions.append(
            Precondition(
                "la_caseworker",
                "The SENDCo has told the LA caseworker about the placement",
                "R-10.8, policy 10.8",
                records.la_caseworker_informed_on is not None,
            )
        )
    return conditions

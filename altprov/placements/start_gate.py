"""No placement starts until every precondition of the policy is met (R-7.4), and the written
notice to parents (R-9.1). Declared once: the placement page, the start service and the tests
read the same list."""

import datetime as dt
import math
from dataclasses import dataclass

from django.urls import reverse

from altprov.authz.checks import has_permission, has_permission_in_trust
from altprov.authz.permissions import Permission
from altprov.authz.who import who_can
from altprov.core.returns import with_return
from altprov.organisations.services import settings_for
from altprov.providers.selectors import provider_with_status
from altprov.providers.suitability import Suitability
from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar

from .models import PlacementRecords
from .rules import hours_cap_problem


@dataclass(frozen=True)
class Where:
    """Where a precondition is met, for presenting it: the page (a URL name taking the id of the
    placement, its provider or its referral; none when it is a button on the placement's page),
    the permissions needed to do it there (in the placement's school, or in the provider's trust
    for the register), and who must act when it is someone else's to do (by default, the roles
    that hold those permissions)."""

    url_name: str = ""
    of: str = "placement"  # whose id the URL takes: placement, provider or referral
    permissions: tuple[Permission, ...] = ()
    who: str = ""
    button: str = ""  # the button on the placement's page that does it
    in_trust: bool = False


@dataclass(frozen=True)
class Precondition:
    key: str
    text: str
    section: str
    met: bool
    detail: str = ""
    where: Where | None = None


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


def _done_by(day: dt.date | None, today: dt.date) -> bool:
    """A date recorded as done counts only once it has come: the models refuse a future one, and
    the gate never counts one that got there some other way (issue 14, 2.1)."""
    return day is not None and day <= today


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
            Where(
                "providers:detail",
                of="provider",
                permissions=(Permission.EDIT_AUDITS,),
            ),
        ),
        Precondition(
            "letter",
            "The provider's letter of comfort is in date",
            "R-5.5, policy 5",
            provider.latest_letter_renewal_due is not None
            and provider.latest_letter_renewal_due >= today,
            where=Where(
                "providers:letter_add",
                of="provider",
                permissions=(Permission.MANAGE_PROVIDERS,),
                in_trust=True,
            ),
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
            where=Where(
                "referrals:overview", of="referral", permissions=(Permission.MAKE_REFERRALS,)
            ),
        ),
        Precondition(
            "plan",
            "The personalised plan is complete",
            "R-6.4, policy 6",
            not plan_gaps,
            "Missing: " + ", ".join(plan_gaps) if plan_gaps else "",
            Where("placements:plan", permissions=(Permission.MAKE_REFERRALS,)),
        ),
        Precondition(
            "objectives_shared",
            "The plan's objectives have been shared with the provider",
            "R-11.1, policy 11",
            _done_by(records.objectives_shared_on, today),
            where=Where("placements:plan", permissions=(Permission.MAKE_REFERRALS,)),
        ),
        Precondition(
            "notice",
            "The parents or carers have been notified in writing before the start",
            "R-9.1, policy 9",
            _done_by(records.notice_issued_on, today)
            and records.notice_issued_on < placement.start_date,
            where=Where("placements:notice", permissions=(Permission.MAKE_REFERRALS,)),
        ),
        Precondition(
            "pastoral",
            "A pastoral contact is assigned, with a contact protocol",
            "R-10.4",
            records.pastoral_contact_id is not None and bool(records.contact_protocol.strip()),
            where=Where("placements:pastoral", permissions=(Permission.MAKE_REFERRALS,)),
        ),
        Precondition(
            "information",
            "The information shared with the provider is recorded",
            "R-11.2, policy 11",
            placement.information_shares.filter(shared_on__lte=today).exists(),
            where=Where("placements:information_add", permissions=(Permission.MANAGE_PUPILS,)),
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
                Where(
                    permissions=(Permission.APPROVE_PLACEMENTS,),
                    button="Approve the placement for the trust",
                ),
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
                where=Where(
                    permissions=(Permission.AGREE_UNREGISTERED_PLACEMENTS,),
                    button="Record the School Improvement Team's agreement",
                ),
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
                _done_by(records.la_caseworker_informed_on, today),
                where=Where(
                    "placements:caseworker",
                    permissions=(Permission.MANAGE_PUPILS, Permission.VIEW_SEND_DETAIL),
                    who="the SENDCo",
                ),
            )
        )
    return conditions


# Presenting the gate: what is still needed, where it is done, who must act ---------------------


@dataclass(frozen=True)
class GateItem:
    condition: Precondition
    url: str = ""  # where the current user does it, carrying the way back to the gate
    waiting_for: str = ""  # who must act, when it is not for the current user
    button: str = ""  # the button on the placement's page with which the current user does it

    @property
    def hint(self) -> str:
        c = self.condition
        return f"{c.section}. {c.detail}" if c.detail else c.section

    @property
    def status_text(self) -> str:
        if self.condition.met:
            return "Met"
        return f"Waiting for {self.waiting_for}" if self.waiting_for else "Not met"


def gate_items(placement, conditions: list[Precondition], user) -> list[GateItem]:
    """Each precondition as the person looking at the gate can act on it: a link to where it is
    done (returning to the gate after saving), the button on this page, or who it waits for."""
    gate = reverse("placements:detail", args=[placement.pk])
    school, trust = placement.referral.school, placement.provider.trust
    ids = {
        "placement": placement.pk,
        "provider": placement.provider_id,
        "referral": placement.referral_id,
    }
    items = []
    for c in conditions:
        where = c.where
        if where is None:
            items.append(GateItem(c))
            continue
        may = all(
            has_permission_in_trust(user, p, trust)
            if where.in_trust
            else has_permission(user, p, school=school)
            for p in where.permissions
        )
        if not may:
            items.append(GateItem(c, waiting_for=where.who or who_can(where.permissions)))
        elif where.url_name:
            url = reverse(where.url_name, args=[ids[where.of]])
            items.append(GateItem(c, url=with_return(url, gate)))
        else:
            items.append(GateItem(c, button=where.button))
    return items

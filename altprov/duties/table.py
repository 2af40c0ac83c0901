"""Every recurring duty of the policy, declared once with its requirement (issue 7, item 6).

The home page ("What needs your attention"), the school's and the trust's "Overdue and due soon"
pages and the daily email digest all read this table through `engine.due_items`. To add a duty,
write `compute(ctx) -> Iterable[DueItem]` in the app that owns its records (see
`altprov/core/duties.py`) and add a row here; docs/architecture.md says how.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from altprov.attendance.duties import below_target_due, follow_ups_due, weekly_updates_due
from altprov.authz.permissions import Permission, Role
from altprov.budgets.duties import approvals_due, budgets_missing
from altprov.core.duties import DueItem, DutyContext
from altprov.monitoring.duties import (
    ap_lead_decisions_due,
    continuation_due,
    head_decisions_due,
    reports_due,
    visits_due,
)
from altprov.outcomes.duties import (
    final_reports_due,
    outcomes_due,
    plans_due,
    pupil_views_due,
    return_follow_ups_due,
)
from altprov.progress.duties import ehcp_reviews_due
from altprov.provider_audits.duties import next_steps_due
from altprov.providers.duties import letters_due, reaudits_due
from altprov.reviews.duties import reviews_due
from altprov.suspensions.duties import flagged_suspensions

PROVIDER_QA = (Role.HEADTEACHER, Role.AP_LEAD, Role.DSL)
ATTENDANCE = (Role.ATTENDANCE_LEAD, Role.AP_LEAD)


@dataclass(frozen=True)
class Duty:
    key: str
    requirement: str
    label: str
    who: tuple[Role, ...]  # the roles in the school who must act
    subject: str  # what each item is about: "placement", "provider", "audit next step"
    compute: Callable[[DutyContext], Iterable[DueItem]]
    soon_days: int = 14  # how many days ahead an item counts as due soon
    # Items with an owner (an audit next step) go to that person rather than to every role in `who`.
    owned: bool = False
    # Items that tell SEND or safeguarding detail (an EHCP review says the pupil has an EHCP) are
    # listed only to those who hold this permission in the school; counts are not detail.
    detail_needs: Permission | None = None


DUTIES: tuple[Duty, ...] = (
    Duty(
        key="agreement_review",
        requirement="R-7.3",
        label="Agreement and placement review",
        who=(Role.HEADTEACHER, Role.AP_LEAD),
        subject="placement",
        compute=reviews_due,
        soon_days=14,
    ),
    Duty(
        key="reaudit",
        requirement="R-5.6",
        label="Provider re-audit",
        who=PROVIDER_QA,
        subject="provider",
        compute=reaudits_due,
        soon_days=60,
    ),
    Duty(
        key="letter_of_comfort",
        requirement="R-5.5",
        label="Letter of comfort renewal",
        who=PROVIDER_QA,
        subject="provider",
        compute=letters_due,
        soon_days=60,
    ),
    Duty(
        key="audit_next_step",
        requirement="R-5.4, R-5.6",
        label="Next step from a provider audit",
        who=PROVIDER_QA,
        subject="audit next step",
        compute=next_steps_due,
        soon_days=14,
        owned=True,
    ),
    # Monitoring an attending placement (altprov/monitoring)
    Duty(
        key="termly_report",
        requirement="R-12.1",
        label="Termly report from the provider",
        who=(Role.AP_LEAD,),
        subject="placement",
        compute=reports_due,
        soon_days=14,
    ),
    Duty(
        key="monitoring_visit",
        requirement="R-12.2",
        label="Visit to the pupil at the provider",
        who=(Role.AP_LEAD,),
        subject="placement",
        compute=visits_due,
        soon_days=14,
    ),
    Duty(
        key="incident_decision_ap_lead",
        requirement="R-12.3",
        label="The AP Lead's decision on a serious incident",
        who=(Role.AP_LEAD,),
        subject="serious incident",
        compute=ap_lead_decisions_due,
        soon_days=0,
    ),
    Duty(
        key="incident_decision_headteacher",
        requirement="R-12.3",
        label="The Headteacher's decision on a serious incident",
        who=(Role.HEADTEACHER,),
        subject="serious incident",
        compute=head_decisions_due,
        soon_days=0,
    ),
    Duty(
        key="continuation_decision",
        requirement="R-12.4",
        label="Continue or end the placement after three formal reviews",
        who=(Role.HEADTEACHER,),
        subject="placement",
        compute=continuation_due,
        soon_days=0,
    ),
    Duty(
        key="ehcp_annual_review",
        requirement="R-10.8",
        label="EHCP annual review",
        who=(Role.SENDCO,),
        subject="placement",
        compute=ehcp_reviews_due,
        soon_days=42,
        detail_needs=Permission.VIEW_SEND_DETAIL,
    ),
    Duty(
        key="suspension_sixth_day",
        requirement="R-10.3",
        label="Full-time education from the sixth day of a suspension",
        who=(Role.HEADTEACHER, Role.AP_LEAD),
        subject="suspension",
        compute=flagged_suspensions,
    ),
    Duty(
        key="weekly_attendance_update",
        requirement="R-10.6",
        label="Weekly attendance update to the school's records and the AP Lead",
        who=ATTENDANCE,
        subject="school week",
        compute=weekly_updates_due,
        soon_days=7,
    ),
    Duty(
        key="absence_follow_up",
        requirement="R-10.6",
        label="Follow-up of an unauthorised absence",
        who=ATTENDANCE,
        subject="placement",
        compute=follow_ups_due,
        soon_days=7,
    ),
    Duty(
        key="attendance_below_target",
        requirement="R-12.6",
        label="Attendance intervention (below the school's target)",
        who=ATTENDANCE,
        subject="placement",
        compute=below_target_due,
        soon_days=7,
    ),
    Duty(
        key="budget_missing",
        requirement="R-10.10",
        label="AP budget for the financial year (none approved)",
        who=(Role.HEADTEACHER,),
        subject="school",
        compute=budgets_missing,
        soon_days=30,
    ),
    Duty(
        key="budget_approval",
        requirement="R-10.10",
        label="AP budget proposed, waiting for the trust's approval",
        who=(Role.TRUST_EXECUTIVE,),
        subject="budget proposal",
        compute=approvals_due,
        soon_days=14,
    ),
    Duty(
        key="reintegration_plan",
        requirement="R-13.1",
        label="Reintegration meeting with the provider and plan",
        who=(Role.HEADTEACHER, Role.AP_LEAD),
        subject="placement",
        compute=plans_due,
    ),
    Duty(
        key="final_report",
        requirement="R-13.2",
        label="Final report from the provider before reintegration",
        who=(Role.AP_LEAD,),
        subject="placement",
        compute=final_reports_due,
    ),
    Duty(
        key="pupil_views_before_return",
        requirement="R-13.2",
        label="The pupil's views before reintegration",
        who=(Role.AP_LEAD,),
        subject="placement",
        compute=pupil_views_due,
    ),
    Duty(
        key="placement_outcome",
        requirement="R-13.3, R-6.5",
        label="Outcome and destination after a placement ends",
        who=(Role.HEADTEACHER, Role.AP_LEAD),
        subject="placement",
        compute=outcomes_due,
    ),
    Duty(
        key="return_follow_up",
        requirement="R-13.3",
        label="Follow-up of continued support after the return to school",
        who=(Role.AP_LEAD,),
        subject="placement",
        compute=return_follow_ups_due,
    ),
)

DUTIES_BY_KEY = {duty.key: duty for duty in DUTIES}

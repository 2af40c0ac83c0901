"""What the placement page and the forms show about monitoring (R-12.1 to R-12.5)."""

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from altprov.audit.sensitivity import flags_for, hidden_by
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.organisations.services import settings_for
from altprov.placements.rules import iter_review_dates
from altprov.placements.status import placement_status
from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar

from .models import ContinuationDecision
from .rules import REPORT_INTERVAL, decision_pending, next_due


def _due(placement, interval: str, done) -> tuple[dt.date | None, str]:
    try:
        calendar = SchoolCalendar.for_school(placement.referral.school_id)
        return next_due(calendar, interval, placement, list(done)), ""
    except OutsideCalendar as error:
        return None, str(error)


def report_due(placement) -> tuple[dt.date | None, str]:
    """R-12.1: the date the next termly report is due by (or the calendar's problem)."""
    return _due(
        placement,
        REPORT_INTERVAL,
        placement.termly_reports.values_list("received_on", flat=True),
    )


def report_window(placement, today: dt.date | None = None) -> dict:
    """R-12.1 for the provider portal: the due date of the next termly report and the first day
    the provider may send it. Each due date closes a term; a report received in that term (after
    the previous due date) meets it, so the report for a due date opens the day after the
    previous one (or on the first day of the placement). Before then a report would count for a
    term already met: the provider would be asked twice. Keys: due, opens_on, open, problem."""
    today = today or timezone.localdate()
    due, problem = report_due(placement)
    if due is None:
        return {"due": None, "opens_on": None, "open": False, "problem": problem}
    started = placement.started_on or placement.start_date
    opens_on = started
    calendar = SchoolCalendar.for_school(placement.referral.school_id)
    for earlier in iter_review_dates(
        calendar, REPORT_INTERVAL, placement.start_date, placement.planned_end_date
    ):
        if earlier >= due:
            break
        opens_on = max(started, earlier + dt.timedelta(days=1))
    # A late report catches up a term already due, and the next term's may follow; but never on
    # the day a report was received, so a second press of the button cannot send the next
    # term's report by mistake.
    last = placement.termly_reports.aggregate(last=Max("received_on"))["last"]
    if last is not None:
        opens_on = max(opens_on, last + dt.timedelta(days=1))
    return {"due": due, "opens_on": opens_on, "open": today >= opens_on, "problem": ""}


def visit_due(placement) -> tuple[dt.date | None, str]:
    """R-12.2: the date the next visit is due by, at the trust's interval."""
    return _due(
        placement,
        settings_for(placement.provider.trust).visit_interval,
        placement.visits.values_list("visited_on", flat=True),
    )


def _text(what: str, found) -> str:
    due, problem = found
    if problem:
        return problem
    if due is None:
        return f"No further {what} falls due before the planned end of the placement."
    return f"The next {what} is due by {due:%A %-d %B %Y}."


def report_due_text(placement) -> str:
    return _text("termly report", report_due(placement))


def visit_due_text(placement) -> str:
    return _text("visit", visit_due(placement))


def monitoring_of(placement, user) -> dict:
    """Everything the placement page's monitoring section shows: a fixed number of queries."""
    today = timezone.localdate()
    school = placement.referral.school
    attending = placement_status(placement, today).key == "attending"
    reports = list(placement.termly_reports.select_related("recorded_by"))
    visits = list(placement.visits.select_related("recorded_by"))
    incidents = list(
        placement.incidents.select_related("recorded_by", "ap_lead_decided_by", "head_decided_by")
    )
    reviews = list(placement.formal_reviews.select_related("recorded_by"))
    decisions = list(
        ContinuationDecision.objects.filter(placement=placement).select_related("decided_by")
    )
    pending = decision_pending(reviews, [d.after_review_id for d in decisions])
    settings = settings_for(placement.provider.trust)
    report, report_problem = report_due(placement) if attending else (None, "")
    visit, visit_problem = visit_due(placement) if attending else (None, "")
    can = {
        p: has_permission(user, p, school=school)
        for p in (
            Permission.RECORD_MONITORING,
            Permission.RECORD_AP_LEAD_DECISIONS,
            Permission.RECORD_HEADTEACHER_DECISIONS,
            Permission.END_PLACEMENTS_FOR_SAFEGUARDING,
        )
    }
    ending = getattr(placement, "early_ending", None) if placement.status == "ended" else None
    # The concerns are safeguarding detail (altprov.audit.sensitivity), here as in the history.
    concerns_hidden = ending is not None and hidden_by(
        "monitoring.earlyending", "reason", flags_for(user, school)
    )
    return {
        "placement": placement,
        "today": today,
        "attending": attending,
        "reports": reports,
        "visits": visits,
        "incidents": incidents,
        "reviews": reviews,
        "decisions": decisions,
        "pending": pending,
        "no_improvement": _count_without_improvement(reviews, decisions),
        "report_due": report,
        "report_problem": report_problem,
        "visit_due": visit,
        "visit_problem": visit_problem,
        "visit_interval": settings.get_visit_interval_display().lower(),
        "ending": ending,
        "concerns_hidden": concerns_hidden,
        "can_record": attending and can[Permission.RECORD_MONITORING],
        "can_ap_lead_decide": can[Permission.RECORD_AP_LEAD_DECISIONS],
        "can_head_decide": can[Permission.RECORD_HEADTEACHER_DECISIONS],
        "can_decide_continuation": attending
        and pending is not None
        and can[Permission.RECORD_HEADTEACHER_DECISIONS],
        "can_end": attending and can[Permission.END_PLACEMENTS_FOR_SAFEGUARDING],
    }


def _count_without_improvement(reviews, decisions) -> int:
    """The formal reviews in a row with no improvement since the last improvement or decision."""
    decided = {d.after_review_id for d in decisions}
    count = 0
    for review in reviews:
        count = 0 if review.improved else count + 1
        if review.pk in decided:
            count = 0
    return count

"""The rules of reintegration and endings (R-13.1 to R-13.3, R-6.5), without queries, so the
services, the pages and the duty engine say the same thing."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from altprov.placements.models import Placement

# the scale every question is answered on, with its labels.
SCALE = (
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Not sure"),
    (4, "Agree"),
    (5, "Strongly agree"),
)
# the questions a new trust starts with; its administrator or executive changes them.
DEFAULT_QUESTIONS = (
    "I feel safe",
    "I get on with the staff",
    "I want to learn",
    "I feel confident about returning to school",
)

R = Placement.EndReason
# the endings recorded here, other than reintegration (which has its own page and gate).
# Safeguarding and lack of progress end through monitoring and are only shown.
OTHER_ENDINGS = (R.MOVED, R.PERMANENT_EXCLUSION, R.LEFT_SCHOOL, R.COMPLETED, R.OTHER)
# what each ending needs beyond its date: (needs the detail, what the detail is called,
# needs the date of the decision).
ENDING_NEEDS = {
    R.MOVED: (True, "Where the pupil has moved to", False),
    R.PERMANENT_EXCLUSION: (False, "", True),
    R.LEFT_SCHOOL: (False, "", False),
    R.COMPLETED: (False, "", False),
    R.OTHER: (True, "The reason", False),
}


def ending_problems(
    reason: str, detail: str, decided_on: dt.date | None, ended_on: dt.date
) -> dict[str, str]:
    """R-13.3: what is missing or wrong in an ending other than reintegration, by field."""
    if reason not in ENDING_NEEDS:
        return {"reason": "Select why the placement ended"}
    needs_detail, detail_name, needs_decision = ENDING_NEEDS[reason]
    problems = {}
    if needs_detail and not detail.strip():
        problems["detail"] = f"Enter {detail_name[0].lower()}{detail_name[1:]}"
    if needs_decision and decided_on is None:
        problems["decided_on"] = "Enter the date of the decision to exclude permanently"
    if decided_on is not None and decided_on > ended_on:
        problems["decided_on"] = "The date of the decision must be on or before the date it ended"
    return problems


def mean_score(scores) -> Decimal | None:
    """R-6.5: the mean of a response's scores, to one decimal place; None with no answers."""
    scores = list(scores)
    if not scores:
        return None
    exact = Decimal(sum(scores)) / Decimal(len(scores))
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean_of(values) -> Decimal | None:
    """The mean of the figures given (None ignored), to one decimal place."""
    figures = [Decimal(v) for v in values if v is not None]
    if not figures:
        return None
    exact = sum(figures) / Decimal(len(figures))
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def plan_due(calendar, planned_end: dt.date, school_days: int) -> dt.date:
    """R-13.1: the meeting and the plan are due `school_days` school days before the planned end
    (trust setting). Raises OutsideCalendar where the term dates run out."""
    return calendar.school_days_before(planned_end, school_days)


def before_return_due(calendar, planned_end: dt.date) -> dt.date:
    """R-13.2: the final report and the pupil's views are due by the last school day before the
    planned end. Raises OutsideCalendar."""
    return calendar.school_days_before(planned_end, 1)


def outcome_due(calendar, ended_on: dt.date, school_days: int) -> dt.date:
    """R-13.3: the outcome is due `school_days` school days after the day the placement ended
    (trust setting), not counting that day. Raises OutsideCalendar."""
    return calendar.nth_school_day(ended_on + dt.timedelta(days=1), school_days)


def follow_up_due(calendar, returned_on: dt.date) -> dt.date:
    """R-13.3: the follow-up of continued support is due by the first school day of the next half
    term after the return: the first half term back is then complete. Raises OutsideCalendar."""
    return calendar.start_of_next_half_term(returned_on)

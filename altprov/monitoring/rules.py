"""When monitoring is due (R-12.1, R-12.2) and when the Headteacher must decide (R-12.4), without
queries, so the placement page, the forms and the duty engine say the same thing."""

import datetime as dt
from collections.abc import Iterable, Sequence

from altprov.placements.rules import next_review_due

# one report each term. It is due by the first school day of the next term, like a termly
# review: the report covers the term, so it can only be complete at its end.
REPORT_INTERVAL = "term"
# the number of formal reviews in a row with no improvement after which the Headteacher
# is asked to decide whether the placement continues or ends.
REVIEWS_BEFORE_DECISION = 3


def next_due(calendar, interval: str, placement, done: Sequence[dt.date], step=None):
    """The date the next report (interval "term") or visit (the trust's `visit_interval`) is due
    by, or None. The same rules as the agreement review: one in each period, a late one meets the
    period it was late for. Raises OutsideCalendar where the term dates run out."""
    return next_review_due(
        calendar, interval, placement.start_date, placement.planned_end_date, done, step
    )


def decision_pending(reviews: Iterable, decided_review_ids: Iterable[int]):
    """R-12.4: the formal review that asks the Headteacher for a decision, or None.

    `reviews` in the order held (date, then the order recorded), each with `pk` and `improved`.
    Reviews with no improvement are counted in a row; an improvement sets the count back to
    nothing, and so does the Headteacher's decision that the placement continues (the next three
    reviews without improvement ask again). From the third review in a row without improvement,
    the latest of them is awaiting the decision until one is recorded."""
    decided = set(decided_review_ids)
    count, pending = 0, None
    for review in reviews:
        count = 0 if review.improved else count + 1
        pending = review if count >= REVIEWS_BEFORE_DECISION else None
        if review.pk in decided:
            count, pending = 0, None
    return pending

"""When the EHCP's annual review falls due (R-10.8): 12 months after the last review held, or
after the EHCP's date where no review has been held during the placement. A pure function of
the dates, so the page and the duty engine agree."""

import datetime as dt


def twelve_months_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: the review falls due on 28 February
        return day.replace(year=day.year + 1, day=28)


def ehcp_review_due(last_review: dt.date | None, ehcp_dated: dt.date | None) -> dt.date | None:
    """The date the next annual review is due by; None while neither date is known."""
    known = [d for d in (last_review, ehcp_dated) if d is not None]
    return twelve_months_after(max(known)) if known else None

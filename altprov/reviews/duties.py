"""The agreement review as a duty of the duty engine (R-7.3): every attending placement has its
next review due by a date from the school's calendar and the trust's interval."""

from collections.abc import Iterator

from altprov.core.duties import DueItem, DutyContext, url_maker
from altprov.placements.models import Placement
from altprov.placements.rules import next_review_due, review_step
from altprov.termdates.schooldays import OutsideCalendar

from .models import AgreementReview


def reviews_due(ctx: DutyContext) -> Iterator[DueItem]:
    """Two queries (the placements, and the dates of their reviews), plus the
    context's calendars and settings: the same whatever the number of placements. Placements
    whose school has not entered the term dates they need are left out: the trust administrator
    is told the term dates are missing (X-2)."""
    placements = Placement.objects.filter(
        referral__school_id__in=ctx.school_ids, status=Placement.Status.ACTIVE
    )
    rows = list(
        placements.values(
            "pk",
            "referral__school_id",
            "referral__pupil_id",
            "start_date",
            "planned_end_date",
            "provider__name",
        ).order_by("pk")
    )
    if not rows:
        return
    held: dict[int, list] = {}
    for placement_id, held_on in AgreementReview.objects.filter(
        placement__in=placements
    ).values_list("placement_id", "held_on"):
        held.setdefault(placement_id, []).append(held_on)
    url = url_maker("reviews:add")
    steps: dict[int, object] = {}
    for row in rows:
        school_id = row["referral__school_id"]
        interval = ctx.settings(school_id).review_interval
        calendar = ctx.calendar(school_id)
        if school_id not in steps:
            steps[school_id] = _memoised(calendar, interval)
        try:
            due = next_review_due(
                calendar,
                interval,
                row["start_date"],
                row["planned_end_date"],
                held.get(row["pk"], ()),
                steps[school_id],
            )
        except OutsideCalendar:
            continue
        if due is None:
            continue
        yield DueItem(
            duty="agreement_review",
            school_id=school_id,
            due=due,
            subject_id=row["pk"],
            title=f"Review of the agreement and placement at {row['provider__name']}",
            url=url(row["pk"]),
            link_text="Record the review for {pupil}",
            pupil_id=row["referral__pupil_id"],
        )


def _memoised(calendar, interval):
    """The calendar's step for the interval, remembered per day: placements of one school share
    their start dates and review dates, so each is worked out once."""
    step = review_step(calendar, interval)
    known: dict = {}

    def cached(day):
        if day not in known:
            try:
                known[day] = step(day)
            except OutsideCalendar as error:
                known[day] = error
        result = known[day]
        if isinstance(result, OutsideCalendar):
            raise result
        return result

    return cached

"""The rules a placement's weekly pattern must meet: the trust's hours cap at an unregistered
provider (R-5.8) and the registration threshold it may take the provider over (R-5.9)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DurationField, F, OuterRef, Subquery, Sum

from altprov.organisations.services import settings_for, threshold_rule_in_force
from altprov.provider_audits.selectors import latest_reporting_audit
from altprov.providers.threshold import (
    PlacedPupil,
    ThresholdResult,
    assess,
    compulsory_school_age,
    reported_counts_from,
)
from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar

from .models import Placement, PlacementSession

LIVE = ("planned", "active")


def placed_pupil(pupil, *, hours: Decimal, sole_provision: bool, on: dt.date) -> PlacedPupil:
    return PlacedPupil(
        hours_per_week=hours,
        sole_provision=sole_provision,
        compulsory_school_age=compulsory_school_age(pupil.date_of_birth, on),
        looked_after=pupil.looked_after,
        ehcp=pupil.send_status == "ehcp",
        sen_support=pupil.send_status == "sen_support",
    )


@dataclass(frozen=True)
class _PupilFacts:
    """What `placed_pupil` reads of a pupil, read with `values()` (reports load hundreds)."""

    date_of_birth: dt.date
    looked_after: bool
    send_status: str


def pupils_placed_at_each(
    providers, on: dt.date, *, excluding=None
) -> dict[int, list[PlacedPupil]]:
    """This trust's pupils placed (planned or attending) at each of the providers, by provider
    id, in one query whatever their number: plain values, no model instances, each placement's
    hours a week summed from its sessions in SQL beside it (as the placements list does)."""
    weekly = (
        PlacementSession.objects.filter(placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(total=Sum(F("ends_at") - F("starts_at"), output_field=DurationField()))
        .values("total")
    )
    placements = Placement.objects.filter(
        provider__in=providers, status__in=LIVE, planned_end_date__gte=on
    )
    if excluding is not None and excluding.pk:
        placements = placements.exclude(pk=excluding.pk)
    rows = placements.annotate(
        weekly_time=Subquery(weekly, output_field=DurationField())
    ).values_list(
        "provider_id",
        "sole_provision",
        "weekly_time",
        "referral__pupil__date_of_birth",
        "referral__pupil__looked_after",
        "referral__pupil__send_status",
    )
    result: dict[int, list[PlacedPupil]] = {}
    for provider_id, sole, weekly_time, born, looked_after, send_status in rows:
        result.setdefault(provider_id, []).append(
            placed_pupil(
                _PupilFacts(born, looked_after, send_status),
                hours=hours_of(weekly_time),
                sole_provision=sole,
                on=on,
            )
        )
    return result


def hours_of(weekly_time: dt.timedelta | None) -> Decimal:
    """Hours a week from the sessions' time summed in SQL (None: no sessions), as
    `Placement.hours_per_week` gives them: summed first, so thirds of an hour add up."""
    if weekly_time is None:
        return Decimal(0)
    return Decimal(int(weekly_time.total_seconds())) / Decimal(3600)


def pupils_placed_at(provider, on: dt.date, *, excluding=None) -> list[PlacedPupil]:
    return pupils_placed_at_each([provider], on, excluding=excluding).get(provider.pk, [])


def threshold_for(provider, on: dt.date) -> ThresholdResult:
    """The registration test for one provider on a day: its own answers and this trust's
    placements there."""
    return threshold_with(provider, on, [])


def threshold_with(
    provider, on: dt.date, extra: list[PlacedPupil], *, excluding=None
) -> ThresholdResult:
    """R-5.9 for an unregistered provider: its own reported pupils, this trust's placements there
    and, for a warning before saving, the placement being made."""
    if not provider.is_unregistered:
        return ThresholdResult(rule=None)
    rule = threshold_rule_in_force(provider.trust, on)
    return assess(
        rule,
        placed=pupils_placed_at(provider, on, excluding=excluding) + list(extra),
        reported=reported_counts_from(latest_reporting_audit(provider)),
    )


def hours_cap_problem(provider, hours: Decimal, cap: Decimal | None = None) -> str | None:
    """R-5.8: a pattern over the trust's cap at an unregistered provider cannot be saved. `cap`:
    the trust's cap when the caller has already read the settings (a report over many)."""
    if not provider.is_unregistered:
        return None
    if cap is None:
        cap = settings_for(provider.trust).unregistered_hours_cap
    if hours > cap:
        return (
            f"The weekly pattern is {in_words(hours)} hours. A pupil may spend at most "
            f"{in_words(cap)} hours a week at an unregistered provider (trust setting, R-5.8)."
        )
    return None


def in_words(hours: Decimal) -> str:
    """12, 12.5: no trailing zeros."""
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def review_due_dates(placement) -> list[dt.date]:
    """R-7.3: the agreement and placement are reviewed at the trust's interval (every half term by
    default, or every term): a review is due before each half term (or term) after the start
    begins, until the planned end. Dates come from the school's calendar (X-2); raises
    OutsideCalendar where the term dates run out."""
    return review_schedule(
        SchoolCalendar.for_school(placement.referral.school),
        settings_for(placement.provider.trust).review_interval,
        placement.start_date,
        placement.planned_end_date,
    )


def review_schedule(calendar, interval: str, start: dt.date, planned_end: dt.date) -> list[dt.date]:
    """R-7.3 without queries: the review dates of a placement from `start` to `planned_end` in
    the school's calendar at the trust's interval ("half_term" or "term"). The duty engine calls
    it for many placements with calendars loaded in bulk. Raises OutsideCalendar."""
    return list(iter_review_dates(calendar, interval, start, planned_end))


def iter_review_dates(calendar, interval: str, start: dt.date, planned_end: dt.date, step=None):
    """The review dates one by one, so a caller may stop at the first it needs. `step` may be a
    memoised version of the calendar's step for the interval."""
    if step is None:
        step = review_step(calendar, interval)
    known_until = calendar.half_terms[-1].end if calendar.half_terms else None
    day = start
    while True:
        try:
            due = step(day)
        except OutsideCalendar:
            # No later term is entered: fine if the placement ends within the dates known.
            if known_until is not None and planned_end <= known_until:
                return
            raise
        if due > planned_end:
            return
        yield due
        day = due


def review_step(calendar, interval: str):
    """The calendar's "next review date after this day" for the interval (R-7.3)."""
    return calendar.start_of_next_term if interval == "term" else calendar.start_of_next_half_term


def next_review_due(
    calendar,
    interval: str,
    start: dt.date,
    planned_end: dt.date,
    held: Sequence[dt.date],
    step=None,
) -> dt.date | None:
    """R-7.3: the date the next review is due by, or None when none falls due before the planned
    end. `held` are the dates of the reviews held, in any order.

    Each review date closes a period: a review is due by the first school day of the next half
    term (or term). A review held in the period, or in the holiday before its date, meets it. A
    period with no review is met late by the next review held after its date, which also stands
    for any further dates it was late for (a missed review is not asked for twice); the next
    period then needs its own review. With no review yet, the first date is due.
    Raises OutsideCalendar where the school's term dates run out."""
    held = sorted(held)
    i, late_until = 0, None
    for due in iter_review_dates(calendar, interval, start, planned_end, step):
        if late_until is not None and due < late_until:
            continue
        if i < len(held) and held[i] <= due:
            while i < len(held) and held[i] <= due:
                i += 1
            continue
        if i < len(held):
            late_until = held[i]
            i += 1
            continue
        return due
    return None


def next_review_due_for(placement, held: Sequence[dt.date]) -> dt.date | None:
    """The same for one placement, reading its school's calendar and its trust's interval."""
    return next_review_due(
        SchoolCalendar.for_school(placement.referral.school_id),
        settings_for(placement.provider.trust).review_interval,
        placement.start_date,
        placement.planned_end_date,
        held,
    )

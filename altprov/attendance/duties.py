"""Attendance duties for the duty engine (R-10.6, R-12.6): the weekly update to the school's
records and the AP Lead, open follow-ups of unauthorised absences, and attendance below the
school's target. Each works over all of ctx.schools in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max

from altprov.core.duties import DueItem, DutyContext, url_maker
from altprov.placements.models import Placement
from altprov.termdates.schooldays import OutsideCalendar

from .codes import tally_counts
from .models import AttendanceMark, FollowUp, Intervention, WeeklyUpdate
from .rules import monday_of
from .selectors import intervention_due


def _attending(ctx: DutyContext):
    return Placement.objects.filter(
        referral__school_id__in=ctx.school_ids, status=Placement.Status.ACTIVE
    )


def weekly_updates_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-10.6: for each school with a placement attending in the week, the week's update is due
    by the week's last school day; last week's and this week's are shown until marked done.
    Two queries, plus the context's calendars."""
    this_week = monday_of(ctx.today)
    weeks = [this_week - dt.timedelta(weeks=1), this_week]
    spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for school_id, starts, ends in _attending(ctx).values_list(
        "referral__school_id", "started_on", "planned_end_date"
    ):
        spans.setdefault(school_id, []).append((starts, ends))
    if not spans:
        return
    done = set(
        WeeklyUpdate.objects.filter(school_id__in=list(spans), week__in=weeks).values_list(
            "school_id", "week"
        )
    )
    url = url_maker("attendance:school")
    for school_id in sorted(spans):
        calendar = ctx.calendar(school_id)
        for monday in weeks:
            if (school_id, monday) in done:
                continue
            friday = monday + dt.timedelta(days=4)
            if not any(s is not None and s <= friday and e >= monday for s, e in spans[school_id]):
                continue
            school_days = [
                d
                for d in (monday + dt.timedelta(days=i) for i in range(5))
                if calendar.is_school_day(d)
            ]
            if not school_days:
                continue
            yield DueItem(
                duty="weekly_attendance_update",
                school_id=school_id,
                due=school_days[-1],
                subject_id=monday.toordinal(),
                title=f"Weekly attendance update for the week beginning {monday:%-d %B %Y}",
                url=url(school_id),
                link_text="Mark the weekly attendance update done",
                link_hidden=f" for the week beginning {monday:%-d %B %Y}",
            )


def _next_school_day(calendar, day: dt.date) -> dt.date:
    """The school day after `day` on the school's calendar (after a weekend, a break or a
    holiday), or the day after when the school's term dates stop before one (X-2)."""
    try:
        return calendar.nth_school_day(day + dt.timedelta(days=1), 1)
    except OutsideCalendar:
        return day + dt.timedelta(days=1)


def follow_ups_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-10.6: an unauthorised absence is followed up by the next school day; it stays on the
    list until its outcome is recorded. One query."""
    rows = FollowUp.objects.filter(
        placement__referral__school_id__in=ctx.school_ids, done_on__isnull=True
    ).values_list(
        "pk", "absence_date", "placement__referral__school_id", "placement__referral__pupil_id"
    )
    url = url_maker("attendance:follow_up")
    for pk, absent_on, school_id, pupil_id in rows.order_by("absence_date", "pk"):
        yield DueItem(
            duty="absence_follow_up",
            school_id=school_id,
            due=_next_school_day(ctx.calendar(school_id), absent_on),
            subject_id=pk,
            title=f"Follow-up of an unauthorised absence on {absent_on:%-d %B %Y}",
            url=url(pk),
            link_text="Record the follow-up for {pupil}",
            link_hidden=f" (absence on {absent_on:%-d %B %Y})",
            pupil_id=pupil_id,
        )


def below_target_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-12.6: a placement whose attendance is below its school's target needs an intervention
    until one is recorded (and again INTERVENTION_VALID_DAYS later if still below). Three
    queries: the placements, their marks counted by code, their latest interventions."""
    placements = _attending(ctx)
    rows = list(placements.values_list("pk", "referral__school_id", "referral__pupil_id"))
    if not rows:
        return
    counts: dict[int, dict[str, int]] = {}
    latest_mark: dict[int, dt.date] = {}
    for placement_id, code, n, last in (
        AttendanceMark.objects.filter(placement__in=placements)
        .values("placement_id", "code")
        .annotate(n=Count("pk"), last=Max("date"))
        .values_list("placement_id", "code", "n", "last")
    ):
        counts.setdefault(placement_id, {})[code] = n
        if placement_id not in latest_mark or last > latest_mark[placement_id]:
            latest_mark[placement_id] = last
    interventions = dict(
        Intervention.objects.filter(placement__in=placements)
        .values("placement_id")
        .annotate(last=Max("done_on"))
        .values_list("placement_id", "last")
    )
    targets = {s.pk: s.attendance_target for s in ctx.schools}
    url = url_maker("attendance:placement")
    for placement_id, school_id, pupil_id in rows:
        if placement_id not in counts:
            continue
        pct = tally_counts(counts[placement_id]).percentage
        below = pct is not None and pct < targets[school_id]
        due = intervention_due(below, latest_mark[placement_id], interventions.get(placement_id))
        if due is None:
            continue
        yield DueItem(
            duty="attendance_below_target",
            school_id=school_id,
            due=due,
            subject_id=placement_id,
            title=f"Attendance of {pct}% is below the school's target of {targets[school_id]}%",
            url=url(placement_id),
            link_text="Record an attendance intervention for {pupil}",
            pupil_id=pupil_id,
        )

"""What the attendance pages read (R-10.6, R-12.6), each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from altprov.placements.models import Placement

from .codes import Tally, tally
from .models import AttendanceMark, Intervention
from .rules import monday_of

# once an intervention is recorded, attendance still below the target asks for another
# after this many days (the policy is silent: four weeks, about half a half term).
INTERVENTION_VALID_DAYS = 28


def attending_in_week(school_id: int, monday: dt.date):
    """The school's placements attending on some day of the week: pupil and weekly pattern
    loaded (three queries however many)."""
    friday = monday + dt.timedelta(days=4)
    return list(
        Placement.objects.filter(
            referral__school_id=school_id,
            status=Placement.Status.ACTIVE,
            started_on__lte=friday,
            planned_end_date__gte=monday,
        )
        .select_related("referral__pupil", "provider")
        .prefetch_related("sessions")
        .order_by("referral__pupil__last_name", "referral__pupil__first_name", "pk")
    )


@dataclass(frozen=True)
class WeekRow:
    monday: dt.date
    tally: Tally

    @property
    def percentage(self) -> Decimal | None:
        return self.tally.percentage


@dataclass(frozen=True)
class PlacementAttendance:
    weeks: list[WeekRow]
    overall: Tally
    target: Decimal
    latest_mark: dt.date | None
    latest_intervention: dt.date | None

    @property
    def below_target(self) -> bool:
        pct = self.overall.percentage
        return pct is not None and pct < self.target


def intervention_due(
    below: bool, latest_mark: dt.date | None, latest_intervention: dt.date | None
) -> dt.date | None:
    """R-12.6: the date an intervention is due by, or None when none is needed. Below the target
    with no intervention recorded, one is due from the latest mark; after one, attendance still
    below the target asks for the next INTERVENTION_VALID_DAYS later."""
    if not below or latest_mark is None:
        return None
    if latest_intervention is None:
        return latest_mark
    return latest_intervention + dt.timedelta(days=INTERVENTION_VALID_DAYS)


def placement_attendance(placement) -> PlacementAttendance:
    """Per week (Monday) and overall, from the placement's marks: two queries."""
    by_week: dict[dt.date, list[str]] = {}
    codes, latest = [], None
    for day, code in AttendanceMark.objects.filter(placement=placement).values_list("date", "code"):
        by_week.setdefault(monday_of(day), []).append(code)
        codes.append(code)
        latest = day if latest is None or day > latest else latest
    last_intervention = (
        Intervention.objects.filter(placement=placement)
        .order_by("-done_on")
        .values_list("done_on", flat=True)
        .first()
    )
    return PlacementAttendance(
        weeks=[WeekRow(monday, tally(by_week[monday])) for monday in sorted(by_week)],
        overall=tally(codes),
        target=placement.referral.school.attendance_target,
        latest_mark=latest,
        latest_intervention=last_intervention,
    )

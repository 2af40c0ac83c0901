"""Recording suspensions (R-10.3). Reads and totals go through `totals_for`; the view shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.core.locking import lock
from altprov.termdates.models import AcademicYear, Term
from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar

from .models import Suspension
from .rules import SIXTH_DAY, TERM_WARNING_DAYS, YEAR_MAXIMUM_DAYS, days_within


@dataclass(frozen=True)
class PeriodTotal:
    """School days of suspension of one pupil in one term or school year."""

    name: str
    days: int
    start: dt.date
    end: dt.date

    @property
    def term_warning(self) -> str:
        if self.days < TERM_WARNING_DAYS:
            return ""
        return (
            f"The pupil has {self.days} school days of suspension in the {self.name}: at 15 "
            "school days in a term the governing board must consider whether the pupil should "
            "be reinstated."
        )


@dataclass(frozen=True)
class Totals:
    terms: list[PeriodTotal]
    years: list[PeriodTotal]

    @property
    def warnings(self) -> list[str]:
        return [t.term_warning for t in self.terms if t.term_warning]


def _spans(pupil, school, exclude_pk=None):
    rows = Suspension.objects.filter(pupil=pupil, school=school)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.values_list("first_day", "last_day"))


def totals_for(calendar: SchoolCalendar, spans, first: dt.date, last: dt.date, school) -> Totals:
    """The pupil's school days of suspension (every span) in each term and school year that the
    days from `first` to `last` touch. Two queries (terms and years)."""
    terms = Term.objects.filter(
        academic_year__school=school, start__lte=last, end__gte=first
    ).order_by("start")
    years = AcademicYear.objects.filter(school=school, start__lte=last, end__gte=first).order_by(
        "start"
    )
    return Totals(
        terms=[
            PeriodTotal(
                str(term).lower(),
                days_within(calendar, spans, term.start, term.end),
                term.start,
                term.end,
            )
            for term in terms
        ],
        years=[
            PeriodTotal(
                f"school year {year}",
                days_within(calendar, spans, year.start, year.end),
                year.start,
                year.end,
            )
            for year in years
        ],
    )


def headteachers_of(school):
    return RoleAssignment.objects.filter(school=school, role=Role.HEADTEACHER, user__is_active=True)


def suspension_record(
    *,
    pupil,
    first_day: dt.date,
    school_days: int,
    reason: str,
    decided_by,
    by,
    parents_told_on: dt.date | None = None,
    year11_no_further_exams: bool = False,
    ehcp_fewer_hours: bool = False,
) -> tuple[Suspension, Totals]:
    """R-10.3: records a suspension the Headteacher decided, counting its school days on the
    school's calendar. Refuses overlapping suspensions and more than 45 school days of suspension
    in a school year; returns the totals, whose warnings name a term at 15 school days or more.

    The pupil's row is locked first, so two suspensions recorded at the same moment are counted
    one after the other and cannot together pass the legal maximum."""
    school = pupil.school
    if not headteachers_of(school).filter(user=decided_by).exists():
        raise ValidationError({"decided_by": "Select the Headteacher who decided the suspension"})
    if school_days < 1 or school_days > YEAR_MAXIMUM_DAYS:
        raise ValidationError({"school_days": "The number of school days must be between 1 and 45"})
    with transaction.atomic():
        lock(pupil)
        calendar = SchoolCalendar.for_school(school)
        try:
            if not calendar.is_school_day(first_day):
                calendar.nth_school_day(first_day, 1)  # raises when the calendar has no such day
                raise ValidationError(
                    {
                        "first_day": f"The first day of the suspension must be a school day: "
                        f"{first_day:%A %-d %B %Y} is not a school day at {school.name}"
                    }
                )
            last_day = calendar.nth_school_day(first_day, school_days)
            sixth_day = calendar.nth_school_day(first_day, SIXTH_DAY) if school_days > 5 else None
            spans = _spans(pupil, school)
            if any(first <= last_day and first_day <= last for first, last in spans):
                raise ValidationError(
                    {
                        "first_day": "The pupil already has a suspension on some of these days: "
                        "change the first day or the number of school days"
                    }
                )
            totals = totals_for(
                calendar, [*spans, (first_day, last_day)], first_day, last_day, school
            )
        except OutsideCalendar as error:
            raise ValidationError({"first_day": str(error)}) from None
        for year in totals.years:
            if year.days > YEAR_MAXIMUM_DAYS:
                this = days_within(calendar, [(first_day, last_day)], year.start, year.end)
                before = year.days - this
                raise ValidationError(
                    {
                        "school_days": f"A pupil can be suspended for at most 45 school days in a "
                        f"school year. The pupil already has {before} school days of suspension "
                        f"in the {year.name}, so {this} more would make {year.days}"
                    }
                )
        suspension = Suspension(
            pupil=pupil,
            school=school,
            first_day=first_day,
            school_days=school_days,
            last_day=last_day,
            sixth_day=sixth_day,
            reason=reason.strip(),
            decided_by=decided_by,
            parents_told_on=parents_told_on,
            year11_no_further_exams=year11_no_further_exams and pupil.year_group == 11,
            ehcp_fewer_hours=ehcp_fewer_hours and pupil.send_status == "ehcp",
            recorded_by=by,
        )
        suspension._history_user = by
        suspension.full_clean()
        suspension.save()
    return suspension, totals


def parents_told_record(*, suspension: Suspension, told_on: dt.date, by) -> Suspension:
    """Records, once, the day the parents were told of the suspension."""
    with transaction.atomic():
        lock(suspension)
        if suspension.parents_told_on:
            raise ValidationError(
                f"The parents were already recorded as told on {suspension.parents_told_on:%-d %B %Y}"
            )
        suspension.parents_told_on = told_on
        suspension._history_user = by
        suspension.full_clean()
        suspension.save(update_fields=["parents_told_on"])
    return suspension

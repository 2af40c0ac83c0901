"""The school-day service (X-2): every date that depends on school days is computed here.

A school day is a weekday inside one of the school's terms, outside its half-term break, that is
neither an England and Wales bank holiday nor one of the school's INSET or closure days. Load a
school's calendar once with `SchoolCalendar.for_school(school)` and ask it as many questions as you
like; it makes two queries.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import NoReturn

from govuk_bank_holidays.bank_holidays import BankHolidays

from altprov.organisations.models import School

from .models import ClosureDay, Term

MONDAY_TO_FRIDAY = range(5)  # the weekdays (0 is Monday) on which school days fall


class OutsideCalendar(ValueError):
    """The answer needs term dates the school has not entered."""


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[dt.date]:
    """England and Wales bank holidays from the package's bundled data (no network)."""
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(
        division=BankHolidays.ENGLAND_AND_WALES
    )
    return frozenset(h["date"] for h in holidays)


@lru_cache(maxsize=1)
def bank_holidays_known_until() -> dt.date:
    """The last day the bundled bank-holiday data speaks for: the end of its last year."""
    return dt.date(max(bank_holidays()).year, 12, 31)


@dataclass(frozen=True)
class HalfTerm:
    start: dt.date
    end: dt.date


class SchoolCalendar:
    def __init__(
        self,
        half_terms: list[HalfTerm],
        closures: set[dt.date],
        years: list[tuple[dt.date, dt.date]] | None = None,
    ):
        self.half_terms = sorted(half_terms, key=lambda h: h.start)
        self._starts = [h.start for h in self.half_terms]
        self.closures = frozenset(closures)
        self.holidays = bank_holidays()
        self._by_weekday: list[list[dt.date]] | None = None
        # Stretches between the academic years entered (a year not entered): their term dates
        # are unknown, so nothing may be counted across them.
        spans = sorted(years or [])
        self._gaps = [
            (end + dt.timedelta(days=1), start - dt.timedelta(days=1))
            for (_, end), (start, _) in itertools.pairwise(spans)
            if start - end > dt.timedelta(days=1)
        ]

    @classmethod
    def for_school(cls, school: School | int) -> SchoolCalendar:
        school_id = school if isinstance(school, int) else school.pk
        return cls.for_schools([school_id])[school_id]

    @classmethod
    def for_schools(cls, school_ids) -> dict[int, SchoolCalendar]:
        """The calendars of many schools at once, by school id, in the same two queries."""
        school_ids = list(school_ids)
        half_terms: dict[int, list[HalfTerm]] = {pk: [] for pk in school_ids}
        years: dict[int, dict[int, tuple[dt.date, dt.date]]] = {pk: {} for pk in school_ids}
        closures: dict[int, set[dt.date]] = {pk: set() for pk in school_ids}
        terms = Term.objects.filter(academic_year__school_id__in=school_ids).select_related(
            "academic_year"
        )
        for term in terms:
            school_id = term.academic_year.school_id
            years[school_id][term.academic_year_id] = (
                term.academic_year.start,
                term.academic_year.end,
            )
            half_terms[school_id].append(
                HalfTerm(term.start, term.half_term_break_start - dt.timedelta(days=1))
            )
            half_terms[school_id].append(
                HalfTerm(term.half_term_break_end + dt.timedelta(days=1), term.end)
            )
        for school_id, day in ClosureDay.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "date"
        ):
            closures[school_id].add(day)
        return {
            pk: cls(half_terms[pk], closures[pk], list(years[pk].values())) for pk in school_ids
        }

    # Questions about one day -------------------------------------------------------------------

    def half_term_of(self, day: dt.date) -> HalfTerm | None:
        index = bisect.bisect_right(self._starts, day) - 1
        if index >= 0 and self.half_terms[index].start <= day <= self.half_terms[index].end:
            return self.half_terms[index]
        return None

    def is_school_day(self, day: dt.date) -> bool:
        return (
            day.weekday() < 5
            and day not in self.holidays
            and day not in self.closures
            and self.half_term_of(day) is not None
        )

    # Counting ----------------------------------------------------------------------------------

    def _check_covered(self, day: dt.date, last: dt.date | None = None) -> None:
        """Raise OutsideCalendar unless every day from `day` to `last` (or `day` alone) lies
        between the first and last days of term entered and in an academic year entered."""
        last = last or day
        if last > bank_holidays_known_until():
            raise OutsideCalendar(
                f"Bank holidays are known only to {bank_holidays_known_until():%-d %B %Y}: "
                "the service needs an update of its bank-holiday data (govuk-bank-holidays)."
            )
        if not self.half_terms or day < self.half_terms[0].start:
            self._outside(day)
        for gap_start, gap_end in self._gaps:
            if gap_start <= last and day <= gap_end:
                self._outside(max(day, gap_start))
        if last > self.half_terms[-1].end:
            self._outside(max(day, self.half_terms[-1].end + dt.timedelta(days=1)))

    @staticmethod
    def _outside(day: dt.date) -> NoReturn:
        raise OutsideCalendar(
            f"The school's term dates do not cover {day:%-d %B %Y}. "
            "A trust administrator needs to add them."
        )

    def nth_school_day(self, start: dt.date, n: int) -> dt.date:
        """The n-th school day counting `start` as day 1 when it is a school day.

        For example the sixth school day of a suspension that starts on `start` (R-10.3).
        """
        if n < 1:
            raise ValueError("n must be 1 or more")
        day = start
        count = 0
        while True:
            self._check_covered(day)
            if self.is_school_day(day):
                count += 1
                if count == n:
                    return day
            day += dt.timedelta(days=1)

    def school_days_before(self, day: dt.date, n: int) -> dt.date:
        """The school day that is n school days before `day` (not counting `day` itself).

        For example the last day written notice can be given n school days before a start.
        """
        if n < 1:
            raise ValueError("n must be 1 or more")
        count = 0
        current = day
        while True:
            current -= dt.timedelta(days=1)
            self._check_covered(current)
            if self.is_school_day(current):
                count += 1
                if count == n:
                    return current

    def check_covered(self, first: dt.date, last: dt.date) -> None:
        """Raise OutsideCalendar unless every day from `first` to `last` can be counted: within
        the term dates entered and the bank holidays known."""
        self._check_covered(first, last)

    def _school_days_by_weekday(self) -> list[list[dt.date]]:
        """Every school day of the calendar, in order, in a list per weekday (Monday first):
        worked out once per calendar."""
        if self._by_weekday is None:
            by_weekday: list[list[dt.date]] = [[] for _ in MONDAY_TO_FRIDAY]
            for half_term in self.half_terms:
                day = half_term.start
                while day <= half_term.end:
                    if self.is_school_day(day):
                        by_weekday[day.weekday()].append(day)
                    day += dt.timedelta(days=1)
            self._by_weekday = by_weekday
        return self._by_weekday

    def school_days_on(self, weekdays, first: dt.date, last: dt.date) -> int:
        """School days from `first` to `last` (both included) that fall on one of `weekdays`
        (0 is Monday), without checking that the term dates cover them (`check_covered`):
        days outside every half term entered are not school days. Two bisections a weekday."""
        if last < first:
            return 0
        by_weekday = self._school_days_by_weekday()
        return sum(
            bisect.bisect_right(by_weekday[w], last) - bisect.bisect_left(by_weekday[w], first)
            for w in set(weekdays)
            if w in MONDAY_TO_FRIDAY
        )

    def school_days_between(self, first: dt.date, last: dt.date) -> int:
        """School days from `first` to `last`, both included (0 when last is before first)."""
        if last < first:
            return 0
        self._check_covered(first, last)
        total = 0
        day = first
        while day <= last:
            if self.is_school_day(day):
                total += 1
            day += dt.timedelta(days=1)
        return total

    def start_of_next_term(self, day: dt.date) -> dt.date:
        """The first school day of the next term to begin after `day` (each term is two half
        terms, so terms start at the even-numbered half terms)."""
        self._check_covered(day)
        for half_term in self.half_terms[::2]:
            if half_term.start > day:
                current = half_term.start
                while current <= half_term.end:
                    if self.is_school_day(current):
                        return current
                    current += dt.timedelta(days=1)
        raise OutsideCalendar(
            f"The school's term dates do not go beyond {day:%-d %B %Y}. "
            "A trust administrator needs to add the next academic year."
        )

    def start_of_next_half_term(self, day: dt.date) -> dt.date:
        """The first school day of the half term after the one `day` falls in (or, in a holiday,
        of the next half term to begin)."""
        self._check_covered(day)
        index = bisect.bisect_right(self._starts, day)
        while index < len(self.half_terms):
            half_term = self.half_terms[index]
            current = half_term.start
            while current <= half_term.end:
                if self.is_school_day(current):
                    self._check_covered(day, current)
                    return current
                current += dt.timedelta(days=1)
            index += 1
        raise OutsideCalendar(
            f"The school's term dates do not go beyond {day:%-d %B %Y}. "
            "A trust administrator needs to add the next academic year."
        )

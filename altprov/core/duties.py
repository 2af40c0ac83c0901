"""What a duty's compute function receives and returns (the duty engine, issue 7).

The table of duties lives in `altprov/duties/table.py`, on top of every app. Each app that owns a
recurring duty writes one function `compute(ctx: DutyContext) -> Iterable[DueItem]` next to its
models and imports only this module, so no app imports the duties app and there is no import
circle. A compute function works over all of `ctx.schools` at once in a fixed number of queries
(bulk queries and prefetching, never one query per row), reading calendars and trust settings
from the context, which loads them once for every school.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from altprov.organisations.models import School, TrustSettings
from altprov.termdates.schooldays import SchoolCalendar


@dataclass(frozen=True)
class DueItem:
    """One occurrence of a duty: what is due, in which school, by when.

    `title` never names a pupil: a page that may show pupils fills `{pupil}` in `link_text` from
    `pupil_id` through `altprov.duties.engine.pupils_of`; the email digest shows neither.
    `owner_id` names the one person who must act, where there is one (an audit next step)."""

    duty: str  # the key of a Duty in altprov.duties.table.DUTIES
    school_id: int
    due: dt.date
    subject_id: int
    title: str
    url: str
    link_text: str
    pupil_id: int | None = None
    owner_id: int | None = None
    # Visually hidden words after the link text that tell apart links with the same text.
    link_hidden: str = ""

    def overdue(self, today: dt.date) -> bool:
        """Past its due date: due today is not yet overdue; due yesterday is."""
        return self.due < today


def url_maker(viewname: str) -> Callable[[int], str]:
    """`reverse(viewname, args=[pk])` for many pks, reversed once: reversing thousands of items
    one by one is most of the cost of a large computation."""
    marker = 918273645
    head, tail = reverse(viewname, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


class DutyContext:
    """The schools a computation covers, the day it is computed for, and what every duty needs
    about those schools, each loaded once on first use: calendars (two queries for all schools),
    trust settings (one query) and anything duties share through `shared`."""

    def __init__(self, schools: Iterable[School], today: dt.date):
        self.schools = list(schools)
        self.school_ids = [s.pk for s in self.schools]
        self.trust_of = {s.pk: s.trust_id for s in self.schools}
        self.today = today
        self._calendars: dict[int, SchoolCalendar] | None = None
        self._settings: dict[int, TrustSettings] | None = None
        self._shared: dict[str, Any] = {}

    def calendar(self, school_id: int) -> SchoolCalendar:
        if self._calendars is None:
            self._calendars = SchoolCalendar.for_schools(self.school_ids)
        return self._calendars[school_id]

    def settings(self, school_id: int) -> TrustSettings:
        """The trust settings of the school's trust (defaults where none are saved yet)."""
        if self._settings is None:
            trust_ids = set(self.trust_of.values())
            found = {s.trust_id: s for s in TrustSettings.objects.filter(trust_id__in=trust_ids)}
            self._settings = {t: found.get(t) or TrustSettings(trust_id=t) for t in trust_ids}
        return self._settings[self.trust_of[school_id]]

    def shared(self, key: str, load: Callable[[DutyContext], Any]) -> Any:
        """A bulk load several duties need (say, which providers each school uses), made once."""
        if key not in self._shared:
            self._shared[key] = load(self)
        return self._shared[key]

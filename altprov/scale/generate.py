"""Generates realistic, fictional trusts at any size for benchmarks and load tests (issue 10,
item 2). `generate()` builds trusts with their schools, staff, providers, pupils, referrals,
placements and a window of attendance marks; `generate_totals()` spreads national totals
(trusts, schools, placements) as evenly as they divide. `manage.py generate_scale` runs either.

Deterministic: one random generator seeded with `seed`, used in a fixed order, so the same
arguments on the same (empty) database give the same data. Everything is written through a
`Sink` (bulk INSERTs on SQLite, COPY on PostgreSQL), one transaction per chunk of trusts of
about `CHUNK_PLACEMENTS` placements, so an interrupted run leaves whole trusts only. Trusts
themselves go through the service's `trust_create` (their settings, threshold rules and the
pupil's-view questions come from the service's own code)."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from altprov.attendance import summary as attendance_summary
from altprov.duties import summary as duty_summary
from altprov.national import figures as school_figures
from altprov.organisations.models import (
    RegistrationThresholdRule,
    School,
    Trust,
    TrustSettings,
)
from altprov.organisations.services import trust_create
from altprov.outcomes.models import ViewQuestion
from altprov.termdates.schooldays import SchoolCalendar

from . import aftercare, attendance, placements, pupils
from .calendar import add_calendar, calendar_for
from .people import People, password_hash, totp_key_for
from .providers import MadeProvider, providers_for_trust
from .sink import Sink
from .words import (
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    SPECIAL_KINDS,
    STREETS,
    postcode,
    town,
    trust_name,
)

__all__ = ["generate", "generate_totals", "plan_for_totals", "totp_key_for", "AlreadyHasTrusts"]

TODAY = dt.date(2026, 11, 27)
CHUNK_PLACEMENTS = 2_000
PROGRESS_EVERY = 500  # placements between progress lines within a chunk
MAX_DAYS = 300  # weekdays back from `today` that the 2025/26 term dates still cover
SCHOOL_URN_BASE = 600_000  # fictional 6-digit URNs: 600001 onwards
PROVIDER_URN_BASE = 500_000
# Per school, pupils beyond those placed: they show a referral's earlier stages.
STAGES = ["draft", "submitted", "declined"]
STATUSES = ["active"] * 7 + ["ended"] * 2 + ["planned"]
# Written by the service's own `trust_create` (and its signal), counted before and after.
THROUGH_THE_SERVICE = [Trust, TrustSettings, RegistrationThresholdRule, ViewQuestion]


class AlreadyHasTrusts(RuntimeError):
    """The database already holds trusts and `append` was not asked for."""


@dataclass
class TrustCtx:
    id: int
    number: int
    name: str
    staff: dict = field(default_factory=dict)
    schools: list = field(default_factory=list)
    providers: list[MadeProvider] = field(default_factory=list)


@dataclass
class SchoolCtx:
    id: int
    serial: int  # across the whole run and any earlier ones (for URNs and UPNs)
    number: int  # in its trust, from 1
    name: str
    phase: str
    town: str
    trust: TrustCtx
    days: list[dt.date]
    calendar: SchoolCalendar
    attendance_target: Decimal
    staff: dict = field(default_factory=dict)
    ap_lead_name: str = ""
    head_name: str = ""


def weekdays_back(today: dt.date, days: int) -> dt.date:
    """The first of the last `days` weekdays up to and including `today`."""
    day, found = today, 0
    while True:
        if day.weekday() < 5:
            found += 1
            if found == days:
                return day
        day -= dt.timedelta(days=1)


def plan_for_totals(trusts: int, schools: int, placements: int) -> list[list[int]]:
    """Placements per school, per trust: `schools` spread over `trusts` and `placements` over the
    schools as evenly as they divide (the first ones get one more)."""
    if trusts < 1 or schools < trusts or placements < 0:
        raise ValueError("Need at least one trust, at least one school per trust, placements >= 0")
    per_trust = [schools // trusts + (1 if t < schools % trusts else 0) for t in range(trusts)]
    plan, school = [], 0
    for count in per_trust:
        row = []
        for _ in range(count):
            row.append(placements // schools + (1 if school < placements % schools else 0))
            school += 1
        plan.append(row)
    return plan


def generate(
    *, trusts: int, schools_per_trust: int, placements_per_school: int, **options
) -> dict[str, int]:
    """Generates `trusts` trusts of `schools_per_trust` schools with `placements_per_school`
    placements each; `options` are `_run`'s (days, seed, today, out, append, skip_fk_checks).
    Returns the rows written per table."""
    plan = [[placements_per_school] * schools_per_trust for _ in range(trusts)]
    return _run(plan, **options)


def generate_totals(*, trusts: int, schools: int, placements: int, **options) -> dict[str, int]:
    """As `generate`, with totals (for example national: 2,500 trusts, 22,000 schools,
    100,000 placements) spread by `plan_for_totals`."""
    return _run(plan_for_totals(trusts, schools, placements), **options)


def _run(
    plan: list[list[int]],
    *,
    days: int,
    seed: int = 1,
    today: dt.date = TODAY,
    out=print,
    append: bool = False,
    skip_fk_checks: bool = False,
) -> dict[str, int]:
    """Generates a trust per row of `plan` (placements per school) and marks for the last `days`
    weekdays up to `today`. Refuses (AlreadyHasTrusts) when trusts exist, unless `append`.
    `skip_fk_checks`: see `Sink.skip_foreign_key_checks` (PostgreSQL superuser only)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be 1 to {MAX_DAYS} (the term dates start in September 2025)")
    if Trust.objects.exists() and not append:
        raise AlreadyHasTrusts(
            f"The database already has {Trust.objects.count():,} trusts: "
            "generate into an empty database, or append to it on purpose (--append)"
        )
    started = time.perf_counter()
    before = _service_counts()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(18, 0)))
    sink = Sink(now=now)
    attendance.mark_layout(sink)
    gen = Generator(sink, seed=seed, today=today, days=days, out=out)
    total_placements = sum(sum(row) for row in plan)
    out(
        f"Generating {len(plan):,} trusts, {sum(len(r) for r in plan):,} schools, "
        f"{total_placements:,} placements, marks over {days} weekdays from "
        f"{gen.window_start:%-d %B %Y} to {today:%-d %B %Y} ({sink.connection.vendor})"
    )
    done_placements, chunk = 0, []
    for index, row in enumerate(plan):
        chunk.append(row)
        if sum(sum(r) for r in chunk) >= CHUNK_PLACEMENTS or index == len(plan) - 1:
            with transaction.atomic():
                if skip_fk_checks:
                    sink.skip_foreign_key_checks()
                for trust_row in chunk:
                    gen.trust(trust_row)
                refresh_derived_data(gen)
                sink.finish()
            done_placements += sum(sum(r) for r in chunk)
            chunk = []
            elapsed = time.perf_counter() - started
            out(
                f"  {gen.trusts_made:,}/{len(plan):,} trusts, {done_placements:,} placements, "
                f"{sink.written.get('attendance_attendancemark', 0):,} marks "
                f"({elapsed:,.0f} s)"
            )
    written = sink.written.copy()
    for table, count in _service_counts().items():
        written[table] += count - before[table]
    if sink.postgres:
        out("Analysing the tables written, so the planner knows their new sizes")
        sink.analyse(written)
    out(f"Done in {time.perf_counter() - started:,.1f} s")
    return dict(sorted(written.items()))


def _service_counts() -> dict[str, int]:
    counts = {}
    for model in THROUGH_THE_SERVICE:
        for table in (model, model.history.model):
            counts[table._meta.db_table] = table.objects.count()
    return counts


def refresh_derived_data(gen: Generator) -> None:
    """The end-of-generation step: bring every derived table the service keeps up to date with
    the rows just written, inside the chunk's transaction. The follow-ups of unauthorised
    absences are written with the marks (attendance.py); the daily attendance summary is
    counted here for the chunk's schools over the days the marks cover, then the duty summary
    and the dashboards' per-school figures (as the scheduler's quarter-hourly jobs would)."""
    gen.sink.flush()
    attendance_summary.refresh(gen.chunk_school_ids, gen.window_start, gen.today)
    schools = list(School.objects.filter(pk__in=gen.chunk_school_ids))
    duty_summary.refresh(schools)
    school_figures.refresh(schools)
    gen.chunk_school_ids = []


class Generator:
    def __init__(self, sink: Sink, *, seed: int, today: dt.date, days: int, out=print):
        self.sink = sink
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not security
        self.seed = seed
        self.today = today
        self.window_start = weekdays_back(today, days)
        self.started_at = timezone.make_aware(
            dt.datetime.combine(self.window_start - dt.timedelta(days=200), dt.time(9, 0))
        )
        self.people = People(sink, self.rng, seed, password_hash())
        self.trust_offset = Trust.objects.count()
        self.school_offset = School.objects.count()
        self.trusts_made = 0
        self.schools_made = 0
        self.providers_made = 0
        self.chunk_school_ids: list[int] = []
        self.out = out
        self.placements_made = 0
        self._reported = 0
        self._started = time.perf_counter()
        self._used_urns = set(School.objects.values_list("urn", flat=True))
        self._next_urn = SCHOOL_URN_BASE
        self._names = set(Trust.objects.values_list("name", flat=True))
        self._days: dict[int, list[dt.date]] = {}
        self._calendars: dict[int, SchoolCalendar] = {}

    # Numbers ---------------------------------------------------------------------------------

    def school_urn(self) -> str:
        while True:
            self._next_urn += 1
            if self._next_urn > 999_999:
                raise ValueError("No six-digit URNs left for generated schools")
            urn = str(self._next_urn)
            if urn not in self._used_urns:
                self._used_urns.add(urn)
                return urn

    def provider_urn(self) -> int:
        self.providers_made += 1
        return PROVIDER_URN_BASE + self.providers_made

    def calendar(self, index: int) -> SchoolCalendar:
        key = index % 20  # the closures repeat every 20 schools (calendar.school_closures)
        if key not in self._calendars:
            self._calendars[key] = calendar_for(key)
        return self._calendars[key]

    def school_days(self, index: int) -> list[dt.date]:
        key = index % 20
        if key not in self._days:
            calendar = self.calendar(key)
            day, last = dt.date(2025, 9, 1), dt.date(2028, 7, 31)
            found = []
            while day <= last:
                if calendar.is_school_day(day):
                    found.append(day)
                day += dt.timedelta(days=1)
            self._days[key] = found
        return self._days[key]

    # Building ------------------------------------------------------------------------------

    def trust(self, placements_per_school: list[int]) -> TrustCtx:
        number = self.trust_offset + self.trusts_made + 1
        name = trust_name(number - 1)
        suffix = 2
        while name in self._names:
            name = f"{trust_name(number - 1)} ({suffix})"
            suffix += 1
        self._names.add(name)
        trust_obj = trust_create(name=name)
        trust = TrustCtx(trust_obj.pk, number, name)
        trust.staff = self.people.trust_staff(trust.id, number)
        for n in range(1, len(placements_per_school) + 1):
            self._school(trust, n)
        provider_count = max(2, min(20, len(trust.schools) // 2 + 3))
        trust.providers = providers_for_trust(self, trust, provider_count)
        for school, count in zip(trust.schools, placements_per_school, strict=True):
            self._school_pupils(school, count)
        self.trusts_made += 1
        return trust

    def _school(self, trust: TrustCtx, number: int) -> SchoolCtx:
        rng, sink = self.rng, self.sink
        serial = self.school_offset + self.schools_made
        self.schools_made += 1
        place = town(serial)
        target = rng.choice([90, 92, 94, 95])
        kind = serial % 10
        if kind < 6:
            phase, name = School.Phase.SECONDARY, f"{place} {SECONDARY_KINDS[serial % 4]}"
        elif kind < 9:
            phase, name = School.Phase.PRIMARY, f"{place} {PRIMARY_KINDS[serial % 4]}"
        else:
            phase, name = School.Phase.SPECIAL, f"{place} {SPECIAL_KINDS[serial % 2]}"
        school_id = sink.add(
            School,
            {
                "trust_id": trust.id,
                "name": name,
                "urn": self.school_urn(),
                "phase": phase,
                "address_line_1": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                "town": place,
                "postcode": postcode(rng),
                "attendance_target": target,
            },
            at=self.started_at,
        )
        school = SchoolCtx(
            school_id,
            serial,
            number,
            name,
            phase,
            place,
            trust,
            self.school_days(serial),
            self.calendar(serial),
            Decimal(target),
        )
        add_calendar(sink, school_id, serial % 20, None)
        school.staff = self.people.school_staff(trust.id, school_id, number, trust.number)
        school.ap_lead_name = self.people.names[school.staff["ap_lead"]]
        school.head_name = self.people.names[school.staff["headteacher"]]
        trust.schools.append(school)
        self.chunk_school_ids.append(school_id)
        return school

    def _school_pupils(self, school: SchoolCtx, count: int) -> None:
        rng, today = self.rng, self.today
        providers = school.trust.providers
        weights = [3 if p.registered else 1 for p in providers]
        serial = 0
        for n in range(count):
            status = STATUSES[(n * 7 + school.serial) % len(STATUSES)]
            provider = rng.choices(providers, weights=weights)[0]
            start, planned_end, ended_on = placements.plan_dates(self, school, status)
            if status == "ended" and ended_on is None:
                status = "active"  # the window is too short for a placement to have ended
            pupil = pupils.add_pupil(self, school, serial)
            serial += 1
            decided = min(
                start - dt.timedelta(days=rng.randint(21, 35)),
                today - dt.timedelta(days=rng.randint(2, 10)),
            )
            pupils.chronology(self, school, pupil, decided)
            referral_id = pupils.referral(self, school, pupil, decided, stage="approved")
            weeks = max(1, -(-(planned_end - start).days // 7))
            responded = pupils.family_agreement(self, school, pupil, referral_id, decided, weeks)
            ready = status != "planned" or n % 2 == 0
            placement = placements.add_placement(
                self,
                school,
                pupil,
                referral_id,
                provider,
                status,
                start,
                planned_end,
                ended_on,
                responded,
                ready=ready,
            )
            attendance.add_marks(self, school, placement)
            aftercare.monitoring(self, school, placement)
            aftercare.before_the_end(self, school, placement)
            aftercare.ending(self, school, placement)
        for n in range(count // 2 + 1):
            pupil = pupils.add_pupil(self, school, serial)
            serial += 1
            decided = today - dt.timedelta(days=rng.randint(3, 40))
            pupils.chronology(self, school, pupil, decided)
            if n % 4 != 3:  # one in four has support recorded and no referral yet
                pupils.referral(self, school, pupil, decided, stage=STAGES[n % len(STAGES)])
        attendance.weekly_updates(self, school)
        aftercare.budgets(self, school, count)
        self.placements_made += count
        if self.placements_made - self._reported >= PROGRESS_EVERY:
            self._reported = self.placements_made
            self.out(
                f"    ... school {school.number} of trust {school.trust.number}: "
                f"{self.placements_made:,} placements so far "
                f"({time.perf_counter() - self._started:,.0f} s)"
            )

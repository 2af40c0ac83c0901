"""The bulk loads the report sections share, each a fixed number of queries whatever the number
of schools, placements and marks (R-10.9). Rules are read from the apps that own them: the
placement's status (`placements.status`), the attendance percentage (`attendance.codes`), the
duty engine, the provider's suitability and the registration threshold (`providers`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from altprov.attendance.codes import Meaning, Tally, meaning_of
from altprov.attendance.models import AttendanceMark
from altprov.attendance.rules import monday_of
from altprov.attendance.summary import counts as daily_counts
from altprov.duties.engine import due_items
from altprov.duties.summary import as_at, summaries_for
from altprov.organisations.services import settings_for, threshold_rule_in_force
from altprov.placements.models import Placement, PlacementSession
from altprov.placements.rules import hours_cap_problem, in_words, pupils_placed_at_each
from altprov.placements.status import placement_status
from altprov.providers.selectors import register
from altprov.providers.suitability import Suitability
from altprov.providers.threshold import assess_annotated
from altprov.referrals.models import Referral

from .context import ReportContext

ROUTES = list(Referral.Route.choices)
STATUS_ORDER = [
    ("planned", "Planned"),
    ("starting", "Starting soon"),
    ("attending", "Attending"),
    ("ended", "Ended"),
]
# The census's kinds of provider: a URN, else a UKPRN, else the setting type recorded.
PROVIDER_TYPES = [
    ("urn", "School or registered provider (URN)"),
    ("ukprn", "Further education or training provider (UKPRN)"),
    *[(value, label) for value, label in Placement.SettingType.choices],
    ("none", "Not recorded"),
]


@dataclass(frozen=True)
class Fact:
    """One placement as the reports read it (no pupil's name: `pupil_id` only)."""

    pk: int
    school_id: int
    pupil_id: int
    provider_id: int
    provider_name: str
    registered: bool
    urn: str
    ukprn: str
    setting_type: str
    route: str
    status: str
    start_date: dt.date
    started_on: dt.date | None
    planned_end_date: dt.date
    ended_on: dt.date | None
    end_reason: str
    main_reason: str
    reasons: tuple[str, ...]
    hours: Decimal
    sole_provision: bool

    def status_key(self, today: dt.date) -> str:
        """planned, starting, attending or ended: `placements.status.placement_status`."""
        return placement_status(self, today).key

    @property
    def entry_date(self) -> dt.date | None:
        """The day the pupil started (none for a placement never started)."""
        if self.status == Placement.Status.PLANNED:
            return None
        return self.started_on or self.start_date

    @property
    def leaving_date(self) -> dt.date | None:
        if self.status != Placement.Status.ENDED:
            return None
        return self.ended_on or self.planned_end_date

    def open_on(self, day: dt.date) -> bool:
        """Started on or before `day` and not ended before it (R-7.6: the census's rule)."""
        entry, leaving = self.entry_date, self.leaving_date
        return entry is not None and entry <= day and (leaving is None or leaving >= day)

    def in_period(self, start: dt.date, end: dt.date) -> bool:
        """Attended on some day of the period."""
        entry, leaving = self.entry_date, self.leaving_date
        return entry is not None and entry <= end and (leaving is None or leaving >= start)

    @property
    def provider_type(self) -> str:
        if self.urn:
            return "urn"
        if self.ukprn:
            return "ukprn"
        return self.setting_type or "none"


def _hours(school_ids) -> dict[int, Decimal]:
    """Each placement's hours a week, from its weekly pattern (`PlacementSession.hours`)."""
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for pk, starts, ends in PlacementSession.objects.filter(
        placement__referral__school_id__in=school_ids
    ).values_list("placement_id", "starts_at", "ends_at"):
        hours[pk] += PlacementSession(starts_at=starts, ends_at=ends).hours
    return hours


def load_facts(ctx: ReportContext) -> list[Fact]:
    """Every placement of the schools: two queries."""
    rows = list(
        Placement.objects.filter(referral__school_id__in=ctx.school_ids)
        .order_by("pk")
        .values(
            "pk",
            "referral__school_id",
            "referral__pupil_id",
            "referral__route",
            "referral__reasons",
            "provider_id",
            "provider__name",
            "provider__registration_status",
            "provider__urn",
            "provider__ukprn",
            "census_setting_type",
            "census_main_reason",
            "status",
            "start_date",
            "started_on",
            "planned_end_date",
            "ended_on",
            "end_reason",
            "sole_provision",
        )
    )
    hours = _hours(ctx.school_ids)
    return [
        Fact(
            pk=r["pk"],
            school_id=r["referral__school_id"],
            pupil_id=r["referral__pupil_id"],
            provider_id=r["provider_id"],
            provider_name=r["provider__name"],
            registered=r["provider__registration_status"] == "registered",
            urn=r["provider__urn"],
            ukprn=r["provider__ukprn"],
            setting_type=r["census_setting_type"],
            route=r["referral__route"],
            status=r["status"],
            start_date=r["start_date"],
            started_on=r["started_on"],
            planned_end_date=r["planned_end_date"],
            ended_on=r["ended_on"],
            end_reason=r["end_reason"],
            main_reason=r["census_main_reason"],
            reasons=tuple(r["referral__reasons"] or ()),
            hours=hours.get(r["pk"], Decimal("0")),
            sole_provision=r["sole_provision"],
        )
        for r in rows
    ]


def facts(ctx: ReportContext) -> list[Fact]:
    return ctx.shared("facts", load_facts)


def one_per_pupil(items: list[Fact]) -> list[Fact]:
    """Each pupil once, by their latest placement, so counts by a category add up to the number
    of pupils (a pupil who moved provider counts where they are now)."""
    latest: dict[int, Fact] = {}
    for f in sorted(items, key=lambda f: (f.entry_date or f.start_date, f.pk)):
        latest[f.pupil_id] = f
    return list(latest.values())


def open_on_end(ctx: ReportContext) -> list[Fact]:
    """Placements open on the period's last day: the pupils in AP "now"."""
    return [f for f in facts(ctx) if f.open_on(ctx.period.end)]


def in_period(ctx: ReportContext) -> list[Fact]:
    return [f for f in facts(ctx) if f.in_period(ctx.period.start, ctx.period.end)]


def live(ctx: ReportContext) -> list[Fact]:
    """Placements planned or not yet ended today: those a condition still applies to."""
    return [f for f in facts(ctx) if f.status != Placement.Status.ENDED]


# Attendance (R-10.6) -----------------------------------------------------------------------------


def tally_counts(counts: dict[str, int]) -> Tally:
    """The attendance app's Tally from the number of marks of each code."""
    by_meaning = dict.fromkeys(Meaning, 0)
    for code, n in counts.items():
        by_meaning[meaning_of(code)] += n
    return Tally(*(by_meaning[m] for m in Meaning))


@dataclass(frozen=True)
class Attendance:
    by_school_week: dict[int, dict[dt.date, Tally]]
    by_school: dict[int, Tally]
    by_week: dict[dt.date, Tally]
    overall: Tally


def _sum(tallies) -> Tally:
    tallies = list(tallies)
    return Tally(*(sum(getattr(t, f) for t in tallies) for f in Tally.__dataclass_fields__))


def _marks(ctx: ReportContext):
    return AttendanceMark.objects.filter(
        placement__referral__school_id__in=ctx.school_ids,
        date__gte=ctx.period.start,
        date__lte=ctx.period.end,
    ).order_by()


def load_attendance(ctx: ReportContext) -> Attendance:
    """The sessions of the period per school and week, from the daily attendance summary (the
    marks counted per school, day and code, kept exact by every write of marks: issue 10, P2):
    one query, a few rows per school day however many pupils."""
    # Put into weeks here: truncating dates in SQL is a Python function per row on SQLite.
    weekly: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for school_id, day, code, n in daily_counts(ctx.school_ids, ctx.period.start, ctx.period.end):
        weekly[(school_id, monday_of(day))][code] += n
    by_school_week: dict[int, dict[dt.date, Tally]] = defaultdict(dict)
    for (school_id, week), counts in weekly.items():
        by_school_week[school_id][week] = tally_counts(counts)
    weeks = sorted({w for per in by_school_week.values() for w in per})
    by_week = {w: _sum(per[w] for per in by_school_week.values() if w in per) for w in weeks}
    by_school = {s: _sum(per.values()) for s, per in by_school_week.items()}
    return Attendance(
        by_school_week={s: dict(sorted(per.items())) for s, per in by_school_week.items()},
        by_school=by_school,
        by_week=by_week,
        overall=_sum(by_school.values()),
    )


def attendance(ctx: ReportContext) -> Attendance:
    return ctx.shared("attendance", load_attendance)


def load_attendance_by_placement(ctx: ReportContext) -> dict[int, Tally]:
    """The marks of the period counted per placement: one query."""
    per_placement: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, code, n in (
        _marks(ctx)
        .values("placement_id", "code")
        .annotate(n=Count("pk"))
        .values_list("placement_id", "code", "n")
    ):
        per_placement[pk][code] = n
    return {pk: tally_counts(c) for pk, c in per_placement.items()}


def attendance_by_placement(ctx: ReportContext) -> dict[int, Tally]:
    return ctx.shared("attendance_by_placement", load_attendance_by_placement)


# Duties (the duty engine: never recomputed here) --------------------------------------------------


def overdue(ctx: ReportContext):
    """Every duty item overdue today in the schools, from `duties.engine.due_items`."""
    return ctx.shared(
        "overdue",
        lambda c: [i for i in due_items(c.schools, c.today) if i.overdue(c.today)],
    )


@dataclass(frozen=True)
class OverdueCounts:
    """Duties overdue per school from the duty summary, and when it was counted (in words)."""

    by_school: dict[int, int]
    as_at: str


def overdue_counts(ctx: ReportContext) -> OverdueCounts:
    """How many duty items are overdue in each school, from the duty summary the worker
    refreshes every 15 minutes (counted now for a school that has none yet): the trust's view,
    which must not run the engine over every school on each request (issue 10, P2)."""

    def load(c):
        summaries = summaries_for(c.schools)
        return OverdueCounts(
            by_school={pk: s.overdue for pk, s in summaries.items()},
            as_at=as_at(summaries.values()),
        )

    return ctx.shared("overdue_counts", load)


# Providers and the conditions a live placement must keep meeting ----------------------------------


@dataclass(frozen=True)
class ProviderRow:
    provider: object  # the register's annotated Provider
    status: Suitability
    must_register: bool
    threshold_reasons: tuple[str, ...]


def load_providers(ctx: ReportContext) -> dict[int, ProviderRow]:
    """The providers of the schools' placements (any in the period or still live), with their
    suitability and the registration threshold today: a fixed number of queries per trust."""
    wanted = {f.provider_id for f in live(ctx)} | {f.provider_id for f in in_period(ctx)}
    result: dict[int, ProviderRow] = {}
    trusts = {s.trust_id: s.trust for s in ctx.schools}
    for trust in trusts.values():
        providers = list(register(trust, today=ctx.today).filter(pk__in=wanted))
        rule = threshold_rule_in_force(trust, ctx.today)
        # only an unregistered provider has a threshold to cross (assess_annotated)
        placed = pupils_placed_at_each([p for p in providers if p.is_unregistered], ctx.today)
        for p in providers:
            threshold = assess_annotated(p, rule, placed.get(p.pk, []))
            result[p.pk] = ProviderRow(
                provider=p,
                status=Suitability(p.suitability),
                must_register=threshold.must_register,
                threshold_reasons=tuple(threshold.reasons),
            )
    return result


def providers(ctx: ReportContext) -> dict[int, ProviderRow]:
    return ctx.shared("providers", load_providers)


def caps(ctx: ReportContext) -> dict[int, Decimal]:
    """Each school's trust's hours cap for unregistered providers (R-5.8)."""

    def load(c):
        trusts = {s.trust_id: s.trust for s in c.schools}
        by_trust = {pk: settings_for(t).unregistered_hours_cap for pk, t in trusts.items()}
        return {s.pk: by_trust[s.trust_id] for s in c.schools}

    return ctx.shared("caps", load)


def conditions_not_met(ctx: ReportContext) -> list[tuple[Fact, list[str]]]:
    """Live placements not meeting a condition the policy keeps applying after the start: the
    provider's suitability (R-5.6, R-7.4), the registration threshold (R-5.9), the trust's hours
    cap at an unregistered provider (R-5.8), and a planned start that has passed (R-7.4)."""
    rows = []
    by_provider = providers(ctx)
    cap = caps(ctx)
    for f in live(ctx):
        problems = []
        row = by_provider.get(f.provider_id)
        if row is not None:
            if not row.status.usable:
                problems.append(f"The provider's status is “{row.status.label}” (R-5.6, R-7.4)")
            if row.must_register:
                problems.append("The provider must be registered as a school (R-5.9)")
            if hours_cap_problem(row.provider, f.hours, cap[f.school_id]):
                problems.append(
                    f"{in_words(f.hours)} hours a week at an unregistered provider, over the "
                    f"trust's cap of {in_words(cap[f.school_id])} (R-5.8)"
                )
        if f.status == Placement.Status.PLANNED and f.start_date < ctx.today:
            problems.append(
                f"Planned to start on {f.start_date:%-d %B %Y} and not started: the start gate "
                "is not met (R-7.4)"
            )
        if problems:
            rows.append((f, problems))
    return rows


def not_met(ctx: ReportContext) -> list[tuple[Fact, list[str]]]:
    return ctx.shared("not_met", conditions_not_met)

"""The sections of each report (R-10.9), declared once per view.

A section is a function `(ctx: ReportContext) -> Table` (`ctx.school_ids`, `ctx.schools`,
`ctx.period`, `ctx.today`, `ctx.shared(key, load)` for a bulk load several sections need). It
makes a fixed number of queries whatever the number of schools and placements. Each view's
page, its downloads and the local academy committee's PDF are the list below: adding a section
(the outcomes and destinations, the budget) is writing its function and adding it to a list.

- SCHOOL_SECTIONS: the school's AP report (Headteacher, AP Lead, the trust's oversight roles);
  may name pupils (through their accessors, so the view is logged).
- TRUST_SECTIONS: the schools of the trust side by side (Trust Executive, School Improvement
  Team, trust safeguarding lead); counts and providers, never a pupil.
- GOVERNANCE_SECTIONS: trustees and local academy committees: aggregates only, small numbers
  suppressed (`suppression.py`).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from altprov.authz.checks import has_permission
from altprov.duties.engine import rows_for
from altprov.duties.table import DUTIES
from altprov.pupils.models import Pupil

from . import charts, data, outcome_sections
from .base import Section, pct, section
from .context import ReportContext
from .governance_sections import (
    governance_attendance,
    governance_by_provider_type,
    governance_by_registration,
    governance_by_route,
    governance_compliance,
)
from .tables import Column, Table

# The school's report ------------------------------------------------------------------------------


@section("by-provider")
def in_ap_by_provider(ctx: ReportContext) -> Table:
    now = data.open_on_end(ctx)
    pupils: dict[str, set[int]] = defaultdict(set)
    hours: dict[str, list] = defaultdict(list)
    for f in now:
        pupils[f.provider_name].add(f.pupil_id)
        hours[f.provider_name].append(f.hours)
    return Table(
        key="by-provider",
        title=f"Pupils in AP on {ctx.period.end:%-d %B %Y}, by provider",
        columns=[
            Column("provider", "Provider"),
            Column("pupils", "Pupils", "number"),
            Column("hours", "Hours a week (all pupils)", "number"),
        ],
        rows=[
            {"provider": name, "pupils": len(ids), "hours": sum(hours[name])}
            for name, ids in sorted(pupils.items())
        ],
        total={
            "provider": "All providers",
            "pupils": len({f.pupil_id for f in now}),
            "hours": sum(f.hours for f in now),
        }
        if now
        else None,
        empty="No pupil is in AP on that day.",
    )


@section("by-route")
def in_ap_by_route(ctx: ReportContext) -> Table:
    now = data.one_per_pupil(data.open_on_end(ctx))
    counts = Counter(f.route for f in now)
    return Table(
        key="by-route",
        title=f"Pupils in AP on {ctx.period.end:%-d %B %Y}, by route",
        columns=[Column("route", "Route (R-4.1)"), Column("pupils", "Pupils", "number")],
        rows=[{"route": label, "pupils": counts.get(value, 0)} for value, label in data.ROUTES],
        total={"route": "All routes", "pupils": len(now)},
        notes=["A pupil with more than one placement counts once, by their latest placement."],
    )


@section("overdue")
def overdue_duties(ctx: ReportContext) -> Table:
    """Every duty overdue in the school, from the duty engine; a duty whose items tell SEND
    detail only for those who may see it (as on the school's "Overdue and due soon")."""
    allowed = {
        d.key
        for d in DUTIES
        if d.detail_needs is None
        or (
            ctx.user is not None
            and all(has_permission(ctx.user, d.detail_needs, school=s) for s in ctx.schools)
        )
    }
    rows = rows_for([i for i in data.overdue(ctx) if i.duty in allowed], ctx.today)
    return Table(
        key="overdue",
        title="Duties overdue today",
        columns=[
            Column("duty", "Duty"),
            Column("about", "About"),
            Column("due", "Due by", "date"),
            Column("days", "Days overdue", "number"),
        ],
        rows=[
            {
                "duty": f"{r.duty.label} ({r.duty.requirement})",
                "about": f"{r.item.title}: {r.link_text}",
                "due": r.item.due,
                "days": (ctx.today - r.item.due).days,
            }
            for r in rows
        ],
        empty="Nothing is overdue.",
    )


@section("conditions")
def placements_not_meeting(ctx: ReportContext) -> Table:
    rows = data.not_met(ctx)
    pupils = Pupil.objects.in_bulk({f.pupil_id for f, _ in rows}) if rows else {}
    return Table(
        key="conditions",
        title="Placements not meeting a condition",
        columns=[
            Column("pupil", "Pupil"),
            Column("provider", "Provider"),
            Column("status", "Status"),
            Column("problems", "Condition not met"),
        ],
        rows=[
            {
                "pupil": pupils[f.pupil_id].full_name,
                "provider": f.provider_name,
                "status": dict(data.STATUS_ORDER)[f.status_key(ctx.today)],
                "problems": "; ".join(problems),
            }
            for f, problems in rows
        ],
        empty="Every planned and attending placement meets its conditions.",
    )


@section("attendance")
def school_attendance(ctx: ReportContext) -> Table:
    school = ctx.schools[0]
    figures = data.attendance(ctx)
    weeks = figures.by_school_week.get(school.pk, {})
    below = sum(
        1
        for f in data.in_period(ctx)
        if (t := data.attendance_by_placement(ctx).get(f.pk)) is not None
        and t.percentage is not None
        and t.percentage < school.attendance_target
    )
    overall = figures.by_school.get(school.pk)
    return Table(
        key="attendance",
        title=f"Attendance in AP per week against the school's target of "
        f"{school.attendance_target}%",
        columns=[
            Column("week", "Week beginning", "date"),
            Column("attending", "Sessions attended", "number"),
            Column("possible", "Possible sessions", "number"),
            Column("pct", "Attendance", "percent"),
        ],
        rows=[
            {"week": w, "attending": t.attending, "possible": t.possible, "pct": t.percentage}
            for w, t in weeks.items()
        ],
        total={
            "week": "The period",
            "attending": overall.attending,
            "possible": overall.possible,
            "pct": overall.percentage,
        }
        if overall
        else None,
        notes=[
            f"{below} placement{'s' if below != 1 else ''} below the school's target over the "
            "period."
        ],
        chart=charts.weekly_attendance(
            weeks,
            chart_id="school-attendance",
            whose="the school's pupils",
            target=school.attendance_target,
        ),
        empty="No attendance is recorded in the period.",
    )


@section("providers")
def providers_in_use(ctx: ReportContext) -> Table:
    rows = data.providers(ctx)
    now = data.open_on_end(ctx)
    placed = Counter(f.provider_id for f in now)
    schools = defaultdict(set)
    for f in data.live(ctx) + data.in_period(ctx):
        schools[f.provider_id].add(f.school_id)
    many = len(ctx.schools) > 1
    columns = [
        Column("provider", "Provider"),
        Column("registration", "Registration"),
        Column("status", "Status"),
        Column("threshold", "Registration threshold"),
        Column("pupils", f"Pupils on {ctx.period.end:%-d %B %Y}", "number"),
    ]
    if many:
        columns.append(Column("schools", "Schools using it", "number"))
    return Table(
        key="providers",
        title="Providers in use",
        columns=columns,
        rows=[
            {
                "provider": r.provider.name,
                "registration": r.provider.get_registration_status_display(),
                "status": r.status.label,
                "threshold": "Must be registered as a school: " + "; ".join(r.threshold_reasons)
                if r.must_register
                else "",
                "pupils": placed.get(pk, 0),
                "schools": len(schools[pk]),
            }
            for pk, r in sorted(rows.items(), key=lambda kv: kv[1].provider.name)
        ],
        empty="No provider is in use.",
    )


SCHOOL_SECTIONS: list[Section] = [
    in_ap_by_provider,
    in_ap_by_route,
    overdue_duties,
    placements_not_meeting,
    school_attendance,
    providers_in_use,
    outcome_sections.school_outcomes,
    outcome_sections.school_endings,
    outcome_sections.ap_budgets,
]


# The trust's report: the schools side by side, no pupil -------------------------------------------


@section("schools")
def schools_side_by_side(ctx: ReportContext) -> Table:
    now = data.one_per_pupil(data.open_on_end(ctx))
    by_school = defaultdict(Counter)
    for f in now:
        by_school[f.school_id][f.route] += 1
    duties = data.overdue_counts(ctx)
    overdue = Counter(duties.by_school)
    not_met = Counter(f.school_id for f, _ in data.not_met(ctx))
    routes = data.ROUTES
    columns = [
        Column("school", "School"),
        *[Column(value, label, "number") for value, label in routes],
        Column("total", "Pupils in AP", "number"),
        Column("overdue", "Duties overdue", "number"),
        Column("not_met", "Placements not meeting a condition", "number"),
    ]
    rows = [
        {
            "school": s.name,
            **{value: by_school[s.pk][value] for value, _ in routes},
            "total": sum(by_school[s.pk].values()),
            "overdue": overdue[s.pk],
            "not_met": not_met[s.pk],
        }
        for s in ctx.schools
    ]
    return Table(
        key="schools",
        title=f"Pupils in AP on {ctx.period.end:%-d %B %Y} by route, and compliance",
        columns=columns,
        rows=rows,
        total={
            "school": "All schools",
            **{value: sum(r[value] for r in rows) for value, _ in routes},
            "total": len(now),
            "overdue": sum(overdue.values()),
            "not_met": sum(not_met.values()),
        },
        notes=[
            f"Duties as at {duties.as_at}: the counts are refreshed every 15 minutes; each "
            "school's own “Overdue and due soon” page is always up to date."
        ]
        if duties.as_at
        else [],
    )


@section("status")
def placements_by_status(ctx: ReportContext) -> Table:
    relevant = {f.pk: f for f in data.live(ctx) + data.in_period(ctx)}.values()
    by_school = defaultdict(Counter)
    for f in relevant:
        by_school[f.school_id][f.status_key(ctx.today)] += 1
    rows = [
        {
            "school": s.name,
            **{key: by_school[s.pk][key] for key, _ in data.STATUS_ORDER},
            "total": sum(by_school[s.pk].values()),
        }
        for s in ctx.schools
    ]
    total = {
        "school": "All schools",
        **{key: sum(r[key] for r in rows) for key, _ in data.STATUS_ORDER},
        "total": sum(r["total"] for r in rows),
    }
    return Table(
        key="status",
        title="Placements by status",
        columns=[
            Column("school", "School"),
            *[Column(key, label, "number") for key, label in data.STATUS_ORDER],
            Column("total", "All", "number"),
        ],
        rows=rows,
        total=total,
        notes=["Placements planned or not yet ended, and those ended in the period."],
        chart=charts.placements_by_status(
            [(label, total[key]) for key, label in data.STATUS_ORDER], chart_id="status-chart"
        ),
    )


@section("effectiveness")
def effectiveness(ctx: ReportContext) -> Table:
    figures = data.attendance(ctx)
    during = data.in_period(ctx)
    pupils = defaultdict(set)
    for f in during:
        pupils[f.school_id].add(f.pupil_id)
    started = Counter(
        f.school_id for f in during if ctx.period.start <= f.entry_date <= ctx.period.end
    )
    ended = Counter(
        f.school_id
        for f in during
        if f.leaving_date is not None and ctx.period.start <= f.leaving_date <= ctx.period.end
    )
    return Table(
        key="effectiveness",
        title="Effectiveness of the policy per school",
        columns=[
            Column("school", "School"),
            Column("pupils", "Pupils in AP in the period", "number"),
            Column("started", "Placements started", "number"),
            Column("ended", "Placements ended", "number"),
            Column("during", "Attendance during AP", "percent"),
            Column("target", "School's target", "percent"),
        ],
        rows=[
            {
                "school": s.name,
                "pupils": len(pupils[s.pk]),
                "started": started[s.pk],
                "ended": ended[s.pk],
                "during": pct(figures.by_school.get(s.pk)),
                "target": s.attendance_target,
            }
            for s in ctx.schools
        ],
        total={
            "school": "All schools",
            "pupils": len({f.pupil_id for f in during}),
            "started": sum(started.values()),
            "ended": sum(ended.values()),
            "during": figures.overall.percentage,
            "target": None,
        },
    )


@section("attendance")
def trust_attendance(ctx: ReportContext) -> Table:
    figures = data.attendance(ctx)
    return Table(
        key="attendance",
        title="Attendance in AP per week, all schools",
        columns=[
            Column("week", "Week beginning", "date"),
            Column("attending", "Sessions attended", "number"),
            Column("possible", "Possible sessions", "number"),
            Column("pct", "Attendance", "percent"),
        ],
        rows=[
            {"week": w, "attending": t.attending, "possible": t.possible, "pct": t.percentage}
            for w, t in figures.by_week.items()
        ],
        chart=charts.weekly_attendance(
            figures.by_week, chart_id="trust-attendance", whose="the trust's pupils"
        ),
        empty="No attendance is recorded in the period.",
    )


@section("unregistered")
def unregistered_placements(ctx: ReportContext) -> Table:
    rows = [f for f in data.live(ctx) if not f.registered]
    return Table(
        key="unregistered",
        title="Placements at unregistered providers",
        columns=[
            Column("school", "School"),
            Column("provider", "Provider"),
            Column("status", "Status"),
            Column("start", "Start date", "date"),
            Column("hours", "Hours a week", "number"),
        ],
        rows=[
            {
                "school": ctx.school_by_id[f.school_id].name,
                "provider": f.provider_name,
                "status": dict(data.STATUS_ORDER)[f.status_key(ctx.today)],
                "start": f.entry_date or f.start_date,
                "hours": f.hours,
            }
            for f in sorted(
                rows, key=lambda f: (ctx.school_by_id[f.school_id].name, f.provider_name, f.pk)
            )
        ],
        empty="No planned or attending placement is at an unregistered provider.",
    )


TRUST_SECTIONS: list[Section] = [
    schools_side_by_side,
    placements_by_status,
    effectiveness,
    trust_attendance,
    providers_in_use,
    unregistered_placements,
    outcome_sections.policy_by_school,
    outcome_sections.provider_outcomes,
    outcome_sections.ap_budgets,
]


GOVERNANCE_SECTIONS: list[Section] = [
    governance_by_route,
    governance_by_registration,
    governance_by_provider_type,
    governance_compliance,
    governance_attendance,
    outcome_sections.governance_outcomes,
    # Money, not a count of pupils: shown unsuppressed (trustees approve the budgets, R-10.10).
    outcome_sections.ap_budgets,
]

VIEWS: dict[str, list[Section]] = {
    "school": SCHOOL_SECTIONS,
    "trust": TRUST_SECTIONS,
    "governance": GOVERNANCE_SECTIONS,
}


def section_for(view: str, key: str) -> Section | None:
    """The section of the view whose table is `key`, or None."""
    return next((s for s in VIEWS[view] if s.key == key), None)

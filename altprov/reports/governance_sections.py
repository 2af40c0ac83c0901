"""The governance report's sections (R-10.9): trustees and local academy committees see
aggregates only, with small numbers suppressed (`suppression.py`). Listed in
`sections.GOVERNANCE_SECTIONS`."""

from __future__ import annotations

from collections import Counter, defaultdict

from . import data
from .base import pct, section
from .context import ReportContext
from .suppression import suppress
from .tables import Column, Table

# Trustees and local academy committees: aggregates, small numbers suppressed (R-10.9) -----------


def _per_school(ctx, key, title, categories, category_of, notes=()) -> Table:
    """Pupils in AP in the period per school, by a category, with a row total and a total row,
    suppressed."""
    pupils = data.one_per_pupil(data.in_period(ctx))
    by_school = defaultdict(Counter)
    for f in pupils:
        by_school[f.school_id][category_of(f)] += 1
    rows = [
        {
            "school": s.name,
            **{value: by_school[s.pk][value] for value, _ in categories},
            "total": sum(by_school[s.pk].values()),
        }
        for s in ctx.schools
    ]
    table = Table(
        key=key,
        title=title,
        columns=[
            Column("school", "School"),
            *[Column(value, label, "number") for value, label in categories],
            Column("total", "Pupils in AP", "number"),
        ],
        rows=rows,
        total={
            "school": "All schools",
            **{value: sum(r[value] for r in rows) for value, _ in categories},
            "total": len(pupils),
        }
        if len(rows) > 1
        else None,
        notes=[
            "Pupils who attended AP on any day of the period; a pupil with more than one "
            "placement counts once, by their latest.",
            *notes,
        ],
    )
    keys = [value for value, _ in categories]
    return suppress(table, counts=[*keys, "total"], parts=keys, row_total="total")


@section("pupils-by-route")
def governance_by_route(ctx: ReportContext) -> Table:
    return _per_school(
        ctx, "pupils-by-route", "Pupils in AP by route", data.ROUTES, lambda f: f.route
    )


@section("pupils-by-registration")
def governance_by_registration(ctx: ReportContext) -> Table:
    return _per_school(
        ctx,
        "pupils-by-registration",
        "Pupils in AP at registered and unregistered providers",
        [("registered", "Registered provider"), ("unregistered", "Unregistered provider")],
        lambda f: "registered" if f.registered else "unregistered",
    )


@section("pupils-by-provider-type")
def governance_by_provider_type(ctx: ReportContext) -> Table:
    return _per_school(
        ctx,
        "pupils-by-provider-type",
        "Pupils in AP by type of provider",
        data.PROVIDER_TYPES,
        lambda f: f.provider_type,
        notes=[
            "The type is the school census's: the provider's URN, else its UKPRN, else the "
            "setting type recorded on the placement (R-7.6)."
        ],
    )


@section("compliance")
def governance_compliance(ctx: ReportContext) -> Table:
    overdue = Counter(i.school_id for i in data.overdue(ctx))
    not_met = Counter(f.school_id for f, _ in data.not_met(ctx))
    rows = [
        {"school": s.name, "overdue": overdue[s.pk], "not_met": not_met[s.pk]} for s in ctx.schools
    ]
    table = Table(
        key="compliance",
        title=f"Compliance on {ctx.today:%-d %B %Y}",
        columns=[
            Column("school", "School"),
            Column("overdue", "Duties overdue (reviews, visits, reports, audits...)", "number"),
            Column("not_met", "Placements not meeting a condition", "number"),
        ],
        rows=rows,
        total={
            "school": "All schools",
            "overdue": sum(overdue.values()),
            "not_met": sum(not_met.values()),
        }
        if len(rows) > 1
        else None,
    )
    return suppress(table, counts=["overdue", "not_met"])


@section("attendance")
def governance_attendance(ctx: ReportContext) -> Table:
    figures = data.attendance(ctx)
    marked = defaultdict(set)
    pupil_of = {f.pk: f for f in data.facts(ctx)}
    for pk in data.attendance_by_placement(ctx):
        f = pupil_of.get(pk)
        if f is not None:
            marked[f.school_id].add(f.pupil_id)
    rows = [
        {
            "school": s.name,
            "pupils": len(marked[s.pk]),
            "pct": pct(figures.by_school.get(s.pk)),
            "target": s.attendance_target,
        }
        for s in ctx.schools
    ]
    table = Table(
        key="attendance",
        title="Attendance in AP",
        columns=[
            Column("school", "School"),
            Column("pupils", "Pupils with attendance recorded", "number"),
            Column("pct", "Attendance in AP", "percent"),
            Column("target", "School's target", "percent"),
        ],
        rows=rows,
        total={
            "school": "All schools",
            "pupils": sum(len(v) for v in marked.values()),
            "pct": figures.overall.percentage,
            "target": None,
        }
        if len(rows) > 1
        else None,
    )
    return suppress(table, counts=["pupils"], rates={"pct": "pupils"})

"""The national and regional dashboards' tables (issue 10, P7), from the summaries only: the
schools' figures (`SchoolFigures`) and the duty summary (`duties.DutySummary`), a handful of
queries whatever the number of schools, never a pupil, small numbers suppressed as in the
governance report (`reports.suppression`, R-10.9)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Min, Sum

from altprov.duties.models import DutySummary
from altprov.organisations.models import Region, School
from altprov.reports.suppression import suppress
from altprov.reports.tables import Column, Table

from .models import COUNTS, SUMMED, SchoolFigures, tally_of

NOT_KNOWN = "Region not known"


def columns(first: Column, *, trusts: bool) -> list[Column]:
    return [
        first,
        *([Column("trusts", "Trusts", "number")] if trusts else []),
        Column("schools", "Schools", "number"),
        Column("pupils_in_ap", "Pupils in AP now", "number"),
        Column("planned", "Placements planned", "number"),
        Column("starting", "Starting soon", "number"),
        Column("attending", "Attending", "number"),
        Column("ended_this_term", "Ended this term", "number"),
        Column("unregistered", "At unregistered providers", "number"),
        Column("attendance", "Attendance this term", "percent"),
        Column("overdue", "Duties overdue", "number"),
    ]


@dataclass
class Dashboard:
    table: Table
    links: dict[str, str]  # row label -> the page it links to
    figures_as_at: object  # the oldest refresh time of the schools' figures, or None
    duties_as_at: object
    missing: int  # schools with no figures yet


def _row(label: str, schools: int, sums: dict, overdue: int) -> dict:
    return {
        "label": label,
        "schools": schools,
        **{k: sums[k] for k in COUNTS},
        "attendance": tally_of(sums).percentage,
        "overdue": overdue,
    }


def _grouped(group: str, schools):
    """(schools per group, summed figures per group, overdue per group, as-at times, missing):
    four queries."""
    zero = dict.fromkeys(SUMMED, 0)
    school_counts = {
        r[group]: r["n"] for r in schools.values(group).annotate(n=Count("pk")).order_by()
    }
    sums: dict = defaultdict(lambda: dict(zero))
    figures = (
        SchoolFigures.objects.filter(school__in=schools)
        .values(f"school__{group}")
        .annotate(n=Count("pk"), oldest=Min("refreshed_at"), **{k: Sum(k) for k in SUMMED})
        .order_by()
    )
    figures_as_at, counted = None, 0
    for r in figures:
        sums[r[f"school__{group}"]] = {k: r[k] or 0 for k in SUMMED}
        counted += r["n"]
        figures_as_at = min(filter(None, [figures_as_at, r["oldest"]]), default=None)
    duties = (
        DutySummary.objects.filter(school__in=schools)
        .values(f"school__{group}")
        .annotate(overdue=Sum("overdue"), oldest=Min("refreshed_at"))
        .order_by()
    )
    overdue, duties_as_at = {}, None
    for r in duties:
        overdue[r[f"school__{group}"]] = r["overdue"] or 0
        duties_as_at = min(filter(None, [duties_as_at, r["oldest"]]), default=None)
    missing = sum(school_counts.values()) - counted
    return school_counts, sums, overdue, figures_as_at, duties_as_at, missing


def _total(rows: list[dict], label: str) -> dict:
    keys = ["schools", *COUNTS, "overdue"]
    return {"label": label, **{k: sum(r[k] for r in rows) for k in keys}}


def _finish(table: Table) -> Table:
    return suppress(
        table,
        counts=COUNTS,
        parts=None,
        rates={"attendance": "pupils_this_term"},
    )


def national(region_url) -> Dashboard:
    """Every region of England side by side, and England in total. `region_url(value)` is the
    regional page of a region."""
    schools = School.objects.all()
    counts, sums, overdue, figures_as_at, duties_as_at, missing = _grouped("region", schools)
    trusts = dict(
        schools.values("region")
        .annotate(n=Count("trust", distinct=True))
        .values_list("region", "n")
    )
    regions = [*Region.choices, ("", NOT_KNOWN)]
    rows, links = [], {}
    for value, label in regions:
        if value == "" and value not in counts:
            continue  # every school has its region
        row = _row(label, counts.get(value, 0), sums[value], overdue.get(value, 0))
        row["trusts"] = trusts.get(value, 0)
        rows.append(row)
        links[label] = region_url(value or "not-known")
    total = _total(rows, "England")
    total["trusts"] = schools.aggregate(n=Count("trust", distinct=True))["n"]
    all_sums = {k: sum(sums[v][k] for v, _ in regions) for k in SUMMED}
    total["attendance"] = _row("", 0, all_sums, 0)["attendance"]
    total["pupils_this_term"] = all_sums["pupils_this_term"]
    table = Table(
        key="regions",
        title="AP in each region of England",
        columns=columns(Column("label", "Region"), trusts=True),
        rows=rows,
        total=total,
        empty="No school uses the service yet.",
    )
    return Dashboard(_finish(table), links, figures_as_at, duties_as_at, missing)


def regional(region: str) -> Dashboard:
    """The trusts with schools in the region (`""`: schools whose region is not known), each
    with the figures of its schools in the region, and the region's total."""
    schools = School.objects.filter(region=region)
    counts, sums, overdue, figures_as_at, duties_as_at, missing = _grouped("trust_id", schools)
    names = dict(schools.values_list("trust_id", "trust__name").distinct().order_by("trust__name"))
    rows = [
        _row(name, counts.get(pk, 0), sums[pk], overdue.get(pk, 0))
        for pk, name in sorted(names.items(), key=lambda kv: (kv[1], kv[0]))
    ]
    label = dict(Region.choices).get(region, NOT_KNOWN)
    total = _total(rows, f"All trusts in {label}" if region else "All trusts")
    all_sums = {k: sum(sums[pk][k] for pk in names) for k in SUMMED}
    total["attendance"] = _row("", 0, all_sums, 0)["attendance"]
    total["pupils_this_term"] = all_sums["pupils_this_term"]
    table = Table(
        key="trusts",
        title=f"AP in each trust's schools in {label}"
        if region
        else "Trusts' schools whose region is not known",
        columns=columns(Column("label", "Trust"), trusts=False),
        rows=rows,
        total=total if rows else None,
        empty="No school in this region uses the service yet.",
    )
    return Dashboard(_finish(table), {}, figures_as_at, duties_as_at, missing)

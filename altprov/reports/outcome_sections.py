"""The report sections on outcomes and destinations (R-6.5, R-13.3, R-10.9) and the AP budgets
(R-10.10), read from the apps that own them (`outcomes.report`, `budgets.report`). The outcomes
are loaded once per request through `ctx.shared`, whichever sections use them."""

from __future__ import annotations

from altprov.budgets.report import BudgetLine, budget_by_school
from altprov.outcomes.models import Outcome
from altprov.outcomes.report import SchoolOutcomes, outcomes_by_provider, outcomes_by_school
from altprov.placements.models import Placement

from . import charts
from .base import rate, section
from .context import ReportContext
from .suppression import suppress
from .tables import Column, Table

NO_OUTCOME = ("none", "No outcome recorded yet")
# Destinations grouped for trustees and local academy committees, so fewer cells are small.
DESTINATION_GROUPS = [
    ("back", "Back at the school", {Outcome.Destination.FULL_TIME, Outcome.Destination.PART_TIME}),
    (
        "elsewhere",
        "Another school or provision",
        {
            Outcome.Destination.OTHER_SCHOOL,
            Outcome.Destination.OTHER_AP,
            Outcome.Destination.SPECIALIST,
        },
    ),
    (
        "post16",
        "Further education, training or employment",
        {Outcome.Destination.FURTHER_EDUCATION, Outcome.Destination.EMPLOYMENT},
    ),
    (
        "neet",
        "Not in education, employment or training, or not known",
        {Outcome.Destination.NEET, Outcome.Destination.UNKNOWN},
    ),
]
BUDGET_STATUS = {
    "approved": "Approved",
    "proposed": "Proposed, waiting for the trust",
    "returned": "Returned by the trust",
    "none": "No budget proposed",
}


def outcomes(ctx: ReportContext) -> dict[int, SchoolOutcomes]:
    """Each school's outcomes for the placements ended in the period (three queries, once)."""
    return ctx.shared(
        "outcomes",
        lambda c: outcomes_by_school(c.school_ids, c.period.start, c.period.end),
    )


def budgets(ctx: ReportContext) -> dict[int, BudgetLine]:
    """Each school's budget line for the financial year containing the period's last day."""
    return ctx.shared("budgets", lambda c: budget_by_school(c.school_ids, c.period.end))


def _ended_title(ctx) -> str:
    return f"placements ended from {ctx.period.start:%-d %B %Y} to {ctx.period.end:%-d %B %Y}"


def _no_outcome(o: SchoolOutcomes) -> int:
    return o.ended - sum(o.destinations.values())


# The school's report ------------------------------------------------------------------------------


@section("outcomes")
def school_outcomes(ctx: ReportContext) -> Table:
    """R-6.5, R-13.3: reintegration, attendance before, during and after, and the pupil's views."""
    o = outcomes(ctx)[ctx.school_ids[0]]
    return Table(
        key="outcomes",
        title=f"Outcomes and destinations: {_ended_title(ctx)}",
        columns=[
            Column("ended", "Placements ended", "number"),
            Column("reintegrated", "Returned to the school", "number"),
            Column("rate", "Reintegration rate", "percent"),
            Column("before", "Attendance before AP", "percent"),
            Column("during", "Attendance during AP", "percent"),
            Column("after", "Attendance after return", "percent"),
            Column("views_start", "Pupil's view at the start (1 to 5)", "number"),
            Column("views_end", "Pupil's view at the end (1 to 5)", "number"),
        ],
        rows=[
            {
                "ended": o.ended,
                "reintegrated": o.reintegrated,
                "rate": rate(o.reintegrated, o.ended),
                "before": o.attendance_before,
                "during": o.attendance_during,
                "after": o.attendance_after,
                "views_start": o.views_start,
                "views_end": o.views_end,
            }
        ],
        notes=[
            "Attendance and views are the mean over the ended placements with a figure recorded; "
            "a view is the mean score of the pupil's questionnaire (1 lowest, 5 highest)."
        ],
    )


@section("endings")
def school_endings(ctx: ReportContext) -> Table:
    """R-6.5, R-13.3: the placements ended in the period by reason, and where the pupils went."""
    o = outcomes(ctx)[ctx.school_ids[0]]
    rows = [
        {"group": "Why the placement ended", "what": label, "placements": o.by_reason.get(v, 0)}
        for v, label in Placement.EndReason.choices
    ] + [
        {"group": "Destination", "what": label, "placements": o.destinations.get(v, 0)}
        for v, label in Outcome.Destination.choices
    ]
    rows.append({"group": "Destination", "what": NO_OUTCOME[1], "placements": _no_outcome(o)})
    return Table(
        key="endings",
        title=f"Why placements ended and destinations: {_ended_title(ctx)}",
        columns=[
            Column("group", ""),
            Column("what", "Reason or destination"),
            Column("placements", "Placements", "number"),
        ],
        rows=rows,
        total={"group": "", "what": "Placements ended", "placements": o.ended},
    )


# Budgets: the school's report and the trust's, side by side (R-10.10) ----------------------------


@section("budget")
def ap_budgets(ctx: ReportContext) -> Table:
    """R-10.10: each school's AP budget for the financial year containing the period's end:
    approved, where the latest proposal stands, spent, committed, remaining."""
    lines = budgets(ctx)
    many = len(ctx.schools) > 1
    year = next(iter(lines.values())).year_label if lines else ""
    rows = []
    for s in ctx.schools:
        line = lines[s.pk]
        rows.append(
            {
                "school": s.name,
                "year": line.year_label,
                "approved": line.approved,
                "status": BUDGET_STATUS.get(line.status, line.status),
                "spent": line.spent,
                "committed": line.committed,
                "remaining": line.remaining,
                "over": f"Over budget by £{line.over_by:,.2f}" if line.over_budget else "",
            }
        )
    points = [
        (s.name, rate(lines[s.pk].spent + lines[s.pk].committed, lines[s.pk].approved))
        for s in ctx.schools
        if lines[s.pk].approved
    ]
    without = [s.name for s in ctx.schools if not lines[s.pk].approved]
    return Table(
        key="budget",
        title="AP budgets by school" if many else f"AP budget, financial year {year}",
        columns=[
            *([Column("school", "School")] if many else []),
            Column("year", "Financial year"),
            Column("approved", "Approved budget", "money"),
            Column("status", "Budget status"),
            Column("spent", "Spent", "money"),
            Column("committed", "Committed", "money"),
            Column("remaining", "Remaining", "money"),
            Column("over", "Over budget"),
        ],
        rows=rows,
        notes=[
            f"Spent is the cost of placements up to {ctx.period.end:%-d %B %Y}; committed is "
            "the cost of the rest of their planned weeks in the year."
        ],
        chart=charts.spend_against_budget(
            points, chart_id="budget-chart", year=year, without=without
        )
        if many
        else None,
    )


# The trust's report ------------------------------------------------------------------------------


@section("policy-by-school")
def policy_by_school(ctx: ReportContext) -> Table:
    """R-10.9, R-13.3: the effectiveness of the policy by school, from the placements ended."""
    by_school = outcomes(ctx)
    rows = []
    for s in ctx.schools:
        o = by_school[s.pk]
        rows.append(
            {
                "school": s.name,
                "ended": o.ended,
                "reintegrated": o.reintegrated,
                "rate": rate(o.reintegrated, o.ended),
                "before": o.attendance_before,
                "during": o.attendance_during,
                "after": o.attendance_after,
            }
        )
    ended = sum(r["ended"] for r in rows)
    back = sum(r["reintegrated"] for r in rows)
    return Table(
        key="policy-by-school",
        title=f"Effectiveness of the policy by school: {_ended_title(ctx)}",
        columns=[
            Column("school", "School"),
            Column("ended", "Placements ended", "number"),
            Column("reintegrated", "Returned to the school", "number"),
            Column("rate", "Reintegration rate", "percent"),
            Column("before", "Attendance before AP", "percent"),
            Column("during", "Attendance during AP", "percent"),
            Column("after", "Attendance after return", "percent"),
        ],
        rows=rows,
        total={
            "school": "All schools",
            "ended": ended,
            "reintegrated": back,
            "rate": rate(back, ended),
        },
        notes=["Attendance is the mean over the ended placements with a figure recorded."],
    )


@section("outcomes-by-provider")
def provider_outcomes(ctx: ReportContext) -> Table:
    """R-10.9, R-13.3: by provider, the placements ended and how many returned to the school."""
    providers = ctx.shared(
        "outcomes-by-provider",
        lambda c: outcomes_by_provider(c.school_ids, c.period.start, c.period.end),
    )
    ended = sum(p.ended for p in providers)
    back = sum(p.reintegrated for p in providers)
    return Table(
        key="outcomes-by-provider",
        title=f"Outcomes by provider: {_ended_title(ctx)}",
        columns=[
            Column("provider", "Provider"),
            Column("ended", "Placements ended", "number"),
            Column("reintegrated", "Returned to the school", "number"),
            Column("rate", "Reintegration rate", "percent"),
        ],
        rows=[
            {
                "provider": p.provider_name,
                "ended": p.ended,
                "reintegrated": p.reintegrated,
                "rate": rate(p.reintegrated, p.ended),
            }
            for p in providers
        ],
        total={
            "provider": "All providers",
            "ended": ended,
            "reintegrated": back,
            "rate": rate(back, ended),
        }
        if providers
        else None,
        empty="No placement ended in the period.",
    )


# Trustees and local academy committees: suppressed (R-10.9) --------------------------------------


@section("outcomes")
def governance_outcomes(ctx: ReportContext) -> Table:
    """R-10.9, R-13.3: per school, the placements ended, how many returned, and the destinations
    grouped, small numbers suppressed. No rate: it would tell a hidden count over a shown one."""
    by_school = outcomes(ctx)
    groups = [*[(key, label) for key, label, _ in DESTINATION_GROUPS], NO_OUTCOME]
    rows = []
    for s in ctx.schools:
        o = by_school[s.pk]
        row = {"school": s.name, "ended": o.ended, "reintegrated": o.reintegrated}
        for key, _, members in DESTINATION_GROUPS:
            row[key] = sum(n for d, n in o.destinations.items() if d in members)
        row[NO_OUTCOME[0]] = _no_outcome(o)
        rows.append(row)
    keys = [key for key, _ in groups]
    table = Table(
        key="outcomes",
        title=f"Outcomes and destinations: {_ended_title(ctx)}",
        columns=[
            Column("school", "School"),
            Column("ended", "Placements ended", "number"),
            Column("reintegrated", "Returned to the school", "number"),
            *[Column(key, label, "number") for key, label in groups],
        ],
        rows=rows,
        total={
            "school": "All schools",
            **{k: sum(r[k] for r in rows) for k in ["ended", "reintegrated", *keys]},
        }
        if len(rows) > 1
        else None,
    )
    return suppress(table, counts=["ended", "reintegrated", *keys], parts=keys, row_total="ended")

"""AP budgets as duties of the duty engine (R-10.10): budgets established in due time and
approved by the trust.

- `budget_missing`: a school with placements in the current financial year (planned, attending
  or ended within it) and no approved budget for it, with no proposal waiting for the trust:
  the Headteacher proposes one. Due on the first day of the financial year.
- `budget_approval`: a proposal waiting for the trust: the Trust Executive approves or returns
  it. Due on the first day of the year it is for, or the day it was proposed if that is later.

Three queries whatever the number of schools and placements (the schools' financial years come
from the context's trust settings)."""

from collections.abc import Iterator

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from altprov.core.duties import DueItem, DutyContext, url_maker
from altprov.placements.models import Placement

from .models import Budget, BudgetProposal
from .rules import financial_year


def _years(ctx: DutyContext) -> dict:
    return {
        pk: financial_year(ctx.today, ctx.settings(pk).financial_year_start_month)
        for pk in ctx.school_ids
    }


def budgets_missing(ctx: DutyContext) -> Iterator[DueItem]:
    years = _years(ctx)
    if not years:
        return
    by_year: dict = {}
    for pk, year in years.items():
        by_year.setdefault(year, []).append(pk)
    overlapping = Q()
    for year, school_ids in by_year.items():
        overlapping |= Q(
            referral__school_id__in=school_ids, first__lte=year.end, last__gte=year.start
        )
    with_placements = set(
        Placement.objects.annotate(
            first=Coalesce("started_on", "start_date"),
            last=Coalesce("ended_on", "planned_end_date"),
        )
        .filter(overlapping)
        .exclude(status=Placement.Status.PLANNED, last__lt=ctx.today)
        .order_by()
        .values_list("referral__school_id", flat=True)
        .distinct()
    )
    if not with_placements:
        return
    covered = set()
    for school_id, year_start, approved, status in Budget.objects.filter(
        school_id__in=with_placements, year_start__in={y.start for y in years.values()}
    ).values_list("school_id", "year_start", "approved_amount", "status"):
        if year_start == years[school_id].start and (
            approved is not None or status == Budget.Status.PROPOSED
        ):
            covered.add(school_id)
    url = url_maker("budgets:school")
    for school_id in sorted(with_placements - covered):
        year = years[school_id]
        yield DueItem(
            duty="budget_missing",
            school_id=school_id,
            due=year.start,
            subject_id=school_id,
            title=f"AP budget for {year.label}: none approved",
            url=url(school_id),
            link_text=f"Propose the AP budget for {year.label}",
        )


def approvals_due(ctx: DutyContext) -> Iterator[DueItem]:
    rows = (
        BudgetProposal.objects.filter(
            budget__school_id__in=ctx.school_ids, state=BudgetProposal.State.PROPOSED
        )
        .values("pk", "budget__school_id", "budget__year_start", "budget__year_end", "proposed_at")
        .order_by("pk")
    )
    url = url_maker("budgets:school")
    for row in rows:
        school_id = row["budget__school_id"]
        year = financial_year(row["budget__year_start"], row["budget__year_start"].month)
        yield DueItem(
            duty="budget_approval",
            school_id=school_id,
            due=max(year.start, timezone.localdate(row["proposed_at"])),
            subject_id=row["pk"],
            title=f"AP budget for {year.label} proposed by the Headteacher",
            url=url(school_id) + f"?year={year.start.year}",
            link_text=f"Approve or return the AP budget for {year.label}",
        )

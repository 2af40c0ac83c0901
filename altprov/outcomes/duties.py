"""Reintegration and outcome duties for the duty engine: the meeting and plan before the planned
end (R-13.1), the final report and the pupil's views before it (R-13.2), the outcome after the
placement ended and the follow-up after the first half term back (R-13.3, R-6.5). Each works
over all of the context's schools in a fixed number of queries."""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q

from altprov.core.duties import DueItem, DutyContext, url_maker
from altprov.placements.models import Placement
from altprov.termdates.schooldays import OutsideCalendar

from .models import (
    FinalReport,
    Outcome,
    PupilViews,
    ReintegrationMeeting,
    ReintegrationPlan,
    ReturnFollowUp,
)
from .rules import before_return_due, follow_up_due, outcome_due, plan_due

FIELDS = (
    "pk",
    "referral__school_id",
    "referral__pupil_id",
    "planned_end_date",
    "ended_on",
    "provider__name",
)


RECORDS = {
    "meeting": ReintegrationMeeting,
    "plan": ReintegrationPlan,
    "report": FinalReport,
    "views": PupilViews,
}


def _attending(ctx: DutyContext) -> list[dict]:
    """The attending placements of the schools, with which records before the return each has
    (one query, shared by the three duties before the return)."""

    def load(ctx):
        rows = list(
            Placement.objects.filter(
                referral__school_id__in=ctx.school_ids, status=Placement.Status.ACTIVE
            )
            .annotate(
                **{
                    f"has_{name}": Exists(model.objects.filter(placement_id=OuterRef("pk")))
                    for name, model in RECORDS.items()
                }
            )
            .values(*FIELDS, *(f"has_{name}" for name in RECORDS))
            .order_by("pk")
        )
        for row in rows:
            row["done"] = {name for name in RECORDS if row[f"has_{name}"]}
        return rows

    return ctx.shared("outcomes_attending", load)


def _ended(ctx: DutyContext) -> list[dict]:
    """The ended placements of the schools still without an outcome, or returned to school
    without a follow-up (one query, shared by the two duties after the ending)."""

    def load(ctx):
        no_outcome = ~Exists(Outcome.objects.filter(placement_id=OuterRef("pk")))
        no_follow_up = ~Exists(ReturnFollowUp.objects.filter(placement_id=OuterRef("pk")))
        return list(
            Placement.objects.filter(
                referral__school_id__in=ctx.school_ids,
                status=Placement.Status.ENDED,
                ended_on__isnull=False,
            )
            .annotate(needs_outcome=no_outcome, needs_follow_up=no_follow_up)
            .filter(
                Q(needs_outcome=True)
                | Q(needs_follow_up=True, end_reason=Placement.EndReason.REINTEGRATED)
            )
            .values(*FIELDS, "end_reason", "needs_outcome", "needs_follow_up")
            .order_by("pk")
        )

    return ctx.shared("outcomes_ended", load)


def _before(ctx, *, duty, needs, due_of, title, link_text, viewname) -> Iterator[DueItem]:
    """`viewname` is the page of the first record still needed: a dict of record -> page."""
    urls = {name: url_maker(view) for name, view in viewname.items()}
    for row in _attending(ctx):
        if needs <= row["done"]:
            continue
        school_id = row["referral__school_id"]
        try:
            due = due_of(ctx, school_id, row)
        except OutsideCalendar:
            continue  # the trust administrator is told the term dates are missing
        yield DueItem(
            duty=duty,
            school_id=school_id,
            due=due,
            subject_id=row["pk"],
            title=title.format(provider=row["provider__name"]),
            url=urls[next(n for n in viewname if n not in row["done"])](row["pk"]),
            link_text=link_text,
            pupil_id=row["referral__pupil_id"],
        )


def plans_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-13.1: the reintegration meeting and plan, due the trust's number of school days before
    the planned end, until both are recorded."""
    yield from _before(
        ctx,
        duty="reintegration_plan",
        needs={"meeting", "plan"},
        due_of=lambda ctx, school_id, row: plan_due(
            ctx.calendar(school_id),
            row["planned_end_date"],
            ctx.settings(school_id).reintegration_plan_school_days,
        ),
        title="Reintegration meeting and plan with {provider}",
        link_text="Record the reintegration plan for {pupil}",
        viewname={"meeting": "outcomes:meeting", "plan": "outcomes:plan"},
    )


def final_reports_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-13.2: the provider's final report, due by the last school day before the planned end."""
    yield from _before(
        ctx,
        duty="final_report",
        needs={"report"},
        due_of=lambda ctx, school_id, row: before_return_due(
            ctx.calendar(school_id), row["planned_end_date"]
        ),
        title="Final report from {provider}",
        link_text="Record the final report for {pupil}",
        viewname={"report": "outcomes:final_report"},
    )


def pupil_views_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-13.2: the pupil's views on returning, due by the last school day before the planned
    end."""
    yield from _before(
        ctx,
        duty="pupil_views_before_return",
        needs={"views"},
        due_of=lambda ctx, school_id, row: before_return_due(
            ctx.calendar(school_id), row["planned_end_date"]
        ),
        title="The pupil's views on returning from {provider}",
        link_text="Record the views of {pupil}",
        viewname={"views": "outcomes:pupil_views"},
    )


def outcomes_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-13.3, R-6.5: the outcome and destination of each ended placement without one, due the
    trust's number of school days after it ended (one query)."""
    rows = [r for r in _ended(ctx) if r["needs_outcome"]]
    url = url_maker("outcomes:outcome")
    for row in rows:
        school_id = row["referral__school_id"]
        try:
            due = outcome_due(
                ctx.calendar(school_id),
                row["ended_on"],
                ctx.settings(school_id).outcome_school_days,
            )
        except OutsideCalendar:
            continue
        yield DueItem(
            duty="placement_outcome",
            school_id=school_id,
            due=due,
            subject_id=row["pk"],
            title=f"Outcome and destination after the placement at {row['provider__name']}",
            url=url(row["pk"]),
            link_text="Record the outcome for {pupil}",
            pupil_id=row["referral__pupil_id"],
        )


def return_follow_ups_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-13.3: the follow-up of a pupil who returned to school, due by the first school day of
    the next half term after the return."""
    rows = [
        r
        for r in _ended(ctx)
        if r["needs_follow_up"] and r["end_reason"] == Placement.EndReason.REINTEGRATED
    ]
    url = url_maker("outcomes:follow_up")
    for row in rows:
        school_id = row["referral__school_id"]
        try:
            due = follow_up_due(ctx.calendar(school_id), row["ended_on"])
        except OutsideCalendar:
            continue
        yield DueItem(
            duty="return_follow_up",
            school_id=school_id,
            due=due,
            subject_id=row["pk"],
            title=f"Follow-up after the return from {row['provider__name']}",
            url=url(row["pk"]),
            link_text="Record the follow-up for {pupil}",
            pupil_id=row["referral__pupil_id"],
        )

"""Monitoring duties for the duty engine: the termly report (R-12.1), the visit (R-12.2), the
decisions on a serious incident (R-12.3) and the Headteacher's decision after three formal
reviews with no improvement (R-12.4). Each works over all of the context's schools in a fixed
number of queries."""

from collections.abc import Iterator
from types import SimpleNamespace

from django.db.models import Q
from django.utils import timezone

from altprov.core.duties import DueItem, DutyContext, url_maker
from altprov.placements.models import Placement
from altprov.termdates.schooldays import OutsideCalendar

from .models import ContinuationDecision, FormalReview, Incident, TermlyReport, Visit
from .rules import REPORT_INTERVAL, decision_pending, next_due


def _attending(ctx: DutyContext) -> list[dict]:
    """The attending placements of the schools, loaded once for both the report and the visit
    (one query)."""

    def load(ctx):
        return list(
            Placement.objects.filter(
                referral__school_id__in=ctx.school_ids, status=Placement.Status.ACTIVE
            )
            .values(
                "pk",
                "referral__school_id",
                "referral__pupil_id",
                "start_date",
                "planned_end_date",
                "provider__name",
            )
            .order_by("pk")
        )

    return ctx.shared("monitoring_attending", load)


def _recurring(ctx, *, duty, model, date_field, interval_of, title, link_text, viewname):
    rows = _attending(ctx)
    if not rows:
        return
    done: dict[int, list] = {}
    for placement_id, day in model.objects.filter(
        placement_id__in=[r["pk"] for r in rows]
    ).values_list("placement_id", date_field):
        done.setdefault(placement_id, []).append(day)
    url = url_maker(viewname)
    for row in rows:
        school_id = row["referral__school_id"]
        placement = SimpleNamespace(
            start_date=row["start_date"], planned_end_date=row["planned_end_date"]
        )
        try:
            due = next_due(
                ctx.calendar(school_id),
                interval_of(ctx, school_id),
                placement,
                done.get(row["pk"], ()),
            )
        except OutsideCalendar:
            continue  # the trust administrator is told the term dates are missing
        if due is None:
            continue
        yield DueItem(
            duty=duty,
            school_id=school_id,
            due=due,
            subject_id=row["pk"],
            title=title.format(provider=row["provider__name"]),
            url=url(row["pk"]),
            link_text=link_text,
            pupil_id=row["referral__pupil_id"],
        )


def reports_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-12.1: each attending placement's next termly report, late after its date."""
    yield from _recurring(
        ctx,
        duty="termly_report",
        model=TermlyReport,
        date_field="received_on",
        interval_of=lambda ctx, school_id: REPORT_INTERVAL,
        title="Termly report from {provider}",
        link_text="Record the termly report for {pupil}",
        viewname="monitoring:report_add",
    )


def visits_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-12.2: each attending placement's next visit at the trust's interval."""
    yield from _recurring(
        ctx,
        duty="monitoring_visit",
        model=Visit,
        date_field="visited_on",
        interval_of=lambda ctx, school_id: ctx.settings(school_id).visit_interval,
        title="Visit to the pupil at {provider}",
        link_text="Record the visit to {pupil}",
        viewname="monitoring:visit_add",
    )


def _undecided_incidents(ctx: DutyContext) -> list[dict]:
    """The incidents of attending placements still waiting for either decision, loaded once for
    both duties (one query)."""

    def load(ctx):
        return list(
            Incident.objects.filter(
                Q(ap_lead_decided_at__isnull=True) | Q(head_decided_at__isnull=True),
                placement__referral__school_id__in=ctx.school_ids,
                placement__status=Placement.Status.ACTIVE,
            ).values(
                "pk",
                "occurred_on",
                "recorded_at",
                "ap_lead_decided_at",
                "head_decided_at",
                "placement__referral__school_id",
                "placement__referral__pupil_id",
                "placement__provider__name",
            )
        )

    return ctx.shared("monitoring_incidents", load)


def _incidents(ctx: DutyContext, at_field: str, who: str, whose: str) -> Iterator[DueItem]:
    """R-12.3: an incident awaiting a decision is due on the day it was recorded: a serious
    incident is decided on at once."""
    url = url_maker(f"monitoring:incident_{who}")
    for row in _undecided_incidents(ctx):
        if row[at_field] is not None:
            continue
        yield DueItem(
            duty=f"incident_decision_{who}",
            school_id=row["placement__referral__school_id"],
            due=timezone.localdate(row["recorded_at"]),
            subject_id=row["pk"],
            title=f"Decision on a serious incident at {row['placement__provider__name']}",
            url=url(row["pk"]),
            link_text=f"Record {whose} decision on the incident for {{pupil}}",
            link_hidden=f" of {row['occurred_on']:%-d %B %Y}",
            pupil_id=row["placement__referral__pupil_id"],
        )


def ap_lead_decisions_due(ctx: DutyContext) -> Iterator[DueItem]:
    yield from _incidents(ctx, "ap_lead_decided_at", "ap_lead", "the AP Lead's")


def head_decisions_due(ctx: DutyContext) -> Iterator[DueItem]:
    yield from _incidents(ctx, "head_decided_at", "headteacher", "the Headteacher's")


def continuation_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-12.4: the Headteacher's decision after three formal reviews with no improvement, due on
    the day of the third review (two queries: the reviews and the decisions)."""
    reviews = list(
        FormalReview.objects.filter(
            placement__referral__school_id__in=ctx.school_ids,
            placement__status=Placement.Status.ACTIVE,
        )
        .values(
            "pk",
            "placement_id",
            "held_on",
            "improved",
            "placement__referral__school_id",
            "placement__referral__pupil_id",
            "placement__provider__name",
        )
        .order_by("placement_id", "held_on", "pk")
    )
    if not reviews:
        return
    decided = set(
        ContinuationDecision.objects.filter(
            placement_id__in={r["placement_id"] for r in reviews}
        ).values_list("after_review_id", flat=True)
    )
    by_placement: dict[int, list] = {}
    for row in reviews:
        by_placement.setdefault(row["placement_id"], []).append(
            SimpleNamespace(pk=row["pk"], improved=row["improved"], row=row)
        )
    url = url_maker("monitoring:continuation_decide")
    for placement_id, placement_reviews in by_placement.items():
        pending = decision_pending(placement_reviews, decided)
        if pending is None:
            continue
        row = pending.row
        yield DueItem(
            duty="continuation_decision",
            school_id=row["placement__referral__school_id"],
            due=row["held_on"],
            subject_id=placement_id,
            title=f"Decide whether the placement at {row['placement__provider__name']} continues",
            url=url(placement_id),
            link_text="Decide whether the placement continues or ends for {pupil}",
            pupil_id=row["placement__referral__pupil_id"],
        )

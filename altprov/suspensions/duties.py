"""Provision from the sixth day of a suspension as a duty of the duty engine (R-10.3): a
suspension of more than five school days with no provision arranged from its sixth school day
and no exception recorded is flagged to the Headteacher until provision is arranged or the
suspension is over. It is due on the last day the parents can be given the 48 hours' notice
(trust setting) of provision starting on the sixth day."""

import datetime as dt
from collections.abc import Iterator

from altprov.core.duties import DueItem, DutyContext, url_maker
from altprov.placements.models import Placement

from .models import Suspension
from .rules import SUSPENSION_ROUTE, notice_days, provision_arranged


def suspension_placements(pupil_ids) -> dict[int, list[dict]]:
    """The placements by the suspension route of these pupils, by pupil: one query."""
    found: dict[int, list[dict]] = {}
    rows = Placement.objects.filter(
        referral__route=SUSPENSION_ROUTE, referral__pupil_id__in=pupil_ids
    ).values("referral__pupil_id", "status", "start_date", "started_on")
    for row in rows:
        found.setdefault(row["referral__pupil_id"], []).append(row)
    return found


def flagged_suspensions(ctx: DutyContext) -> Iterator[DueItem]:
    """Two queries (the suspensions, and their pupils' suspension-route placements) plus the
    context's settings, whatever the number of suspensions."""
    rows = list(
        Suspension.objects.filter(
            school_id__in=ctx.school_ids,
            school_days__gt=5,
            last_day__gte=ctx.today,
            year11_no_further_exams=False,
            ehcp_fewer_hours=False,
        )
        .values("pk", "school_id", "pupil_id", "first_day", "sixth_day")
        .order_by("pk")
    )
    if not rows:
        return
    placements = suspension_placements({r["pupil_id"] for r in rows})
    url = url_maker("suspensions:detail")
    for row in rows:
        if provision_arranged(
            row["first_day"], row["sixth_day"], placements.get(row["pupil_id"], ())
        ):
            continue
        hours = ctx.settings(row["school_id"]).suspension_notice_hours
        yield DueItem(
            duty="suspension_sixth_day",
            school_id=row["school_id"],
            due=row["sixth_day"] - dt.timedelta(days=notice_days(hours)),
            subject_id=row["pk"],
            title=(
                "Full-time education from the sixth day of a suspension, "
                f"{row['sixth_day']:%-d %B %Y}"
            ),
            url=url(row["pk"]),
            link_text="Arrange provision from the sixth day for {pupil}",
            pupil_id=row["pupil_id"],
        )

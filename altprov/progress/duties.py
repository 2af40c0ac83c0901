"""The EHCP annual review as a duty of the duty engine (R-10.8): for each attending placement of
a pupil with an EHCP, the next annual review is due 12 months after the last one held during the
placement, or after the EHCP's date; it is a duty while it falls before the planned end."""

from collections.abc import Iterator

from django.db.models import Max

from altprov.core.duties import DueItem, DutyContext, url_maker
from altprov.placements.models import Placement

from .models import EhcpAnnualReview, EhcpDate
from .rules import ehcp_review_due


def ehcp_reviews_due(ctx: DutyContext) -> Iterator[DueItem]:
    """Three queries (the placements, the latest review of each, the EHCP dates) whatever the
    number of placements. With neither date recorded, recording the EHCP's date is due from the
    start of the placement, so the review can be tracked."""
    placements = Placement.objects.filter(
        referral__school_id__in=ctx.school_ids,
        status=Placement.Status.ACTIVE,
        referral__pupil__send_status="ehcp",
    )
    rows = list(
        placements.values(
            "pk",
            "referral__school_id",
            "referral__pupil_id",
            "start_date",
            "started_on",
            "planned_end_date",
            "provider__name",
        ).order_by("pk")
    )
    if not rows:
        return
    last = dict(
        EhcpAnnualReview.objects.filter(placement__in=placements)
        .values("placement_id")
        .annotate(last=Max("held_on"))
        .values_list("placement_id", "last")
    )
    dated = dict(
        EhcpDate.objects.filter(placement__in=placements).values_list("placement_id", "dated")
    )
    review_url, date_url = url_maker("progress:ehcp_review_add"), url_maker("progress:ehcp_date")
    for row in rows:
        pk = row["pk"]
        due = ehcp_review_due(last.get(pk), dated.get(pk))
        provider = row["provider__name"]
        if due is None:
            yield DueItem(
                duty="ehcp_annual_review",
                school_id=row["referral__school_id"],
                due=row["started_on"] or row["start_date"],
                subject_id=pk,
                title=f"EHCP annual review: the date of the EHCP is not recorded (placement at {provider})",
                url=date_url(pk),
                link_text="Record the date of the EHCP for {pupil}",
                pupil_id=row["referral__pupil_id"],
            )
        elif due <= row["planned_end_date"]:
            yield DueItem(
                duty="ehcp_annual_review",
                school_id=row["referral__school_id"],
                due=due,
                subject_id=pk,
                title=f"Annual review of the EHCP during the placement at {provider}",
                url=review_url(pk),
                link_text="Record the annual review for {pupil}",
                pupil_id=row["referral__pupil_id"],
            )

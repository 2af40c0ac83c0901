"""Which placements and records a user reaches: through the placement's school (404 otherwise)."""

import datetime as dt

from django.db.models import OuterRef, Q, Subquery
from django.http import Http404

from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission
from altprov.placements.models import Placement, PlanObjective
from altprov.placements.status import placement_status
from altprov.placements.views import placement_for

from .models import ObjectiveProgress


def attending_placement_for(request, placement_id, permission: Permission):
    """A placement the pupil attends, in a school where the user holds `permission`; 404 for
    anything else (records kept while the pupil attends)."""
    placement = placement_for(request, placement_id)
    if placement_status(placement, dt.date.today()).key != "attending" or not has_permission(
        request.user, permission, school=placement.referral.school
    ):
        raise Http404
    return placement


def objective_for(request, objective_id, permission: Permission):
    try:
        objective = PlanObjective.objects.only("pk", "placement_id").get(pk=objective_id)
    except (PlanObjective.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    placement = attending_placement_for(request, objective.placement_id, permission)
    objective = placement.objectives.get(pk=objective.pk)
    return placement, objective


def latest_progress(objectives):
    """R-11.1: objectives annotated with their latest progress (status and date), in one query
    whatever the number of objectives or of placements they belong to."""
    latest = ObjectiveProgress.objects.filter(objective=OuterRef("pk")).order_by(
        "-checked_on", "-pk"
    )
    return objectives.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_on=Subquery(latest.values("checked_on")[:1]),
    )


def status_label(status: str | None) -> tuple[str, str]:
    """The label and tag colour of a progress status; "Not yet recorded" for none."""
    if not status:
        return "Not yet recorded", "grey"
    entry = ObjectiveProgress(status=status)
    return entry.get_status_display(), entry.colour


# The pastoral contact (R-10.4) -----------------------------------------------------------------
# A Staff member sees no pupil list (docs/architecture.md). The person assigned as a placement's
# pastoral contact reaches that placement's contact log, and nothing else of the pupil, for as
# long as they hold a role in the school: assignment, not role, grants it.


def pastoral_placements(user):
    """Placements whose pastoral contact is `user`, in schools where the user still holds a role."""
    return Placement.objects.filter(
        records__pastoral_contact=user,
        referral__school_id__in=school_ids_with(user, Permission.VIEW_SCHOOL),
    )


def contact_log_placement_for(request, placement_id):
    """A placement whose contact log the user may read: any placement of a school where they see
    pupils, or one they are the pastoral contact of. 404 otherwise."""
    user = request.user
    try:
        return (
            Placement.objects.filter(
                Q(referral__school_id__in=school_ids_with(user, Permission.VIEW_PUPILS))
                | Q(pk__in=pastoral_placements(user).values("pk"))
            )
            .select_related("referral__pupil__school", "referral__school", "provider", "records")
            .get(pk=placement_id)
        )
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_pastoral_contact(user, placement) -> bool:
    records = getattr(placement, "records", None)
    return (
        records is not None
        and records.pastoral_contact_id == user.pk
        and has_permission(user, Permission.VIEW_SCHOOL, school=placement.referral.school)
    )


def may_log_contacts(user, placement) -> bool:
    """R-10.4: the AP Lead, or the placement's pastoral contact."""
    return is_pastoral_contact(user, placement) or has_permission(
        user, Permission.RECORD_PASTORAL_CONTACTS, school=placement.referral.school
    )


# The SENDCo's records (R-10.8) -----------------------------------------------------------------


def send_placement_for(request, placement_id):
    """A placement whose SEND records the user may read (SEND detail in its school). 404
    otherwise, so nobody without SEND access learns what SEND records a pupil has."""
    placement = placement_for(request, placement_id)
    if not has_permission(
        request.user, Permission.VIEW_SEND_DETAIL, school=placement.referral.school
    ):
        raise Http404
    return placement


def send_placement_to_record(request, placement_id, *, needs_ehcp=False, attending=False):
    """A placement the user may add SEND records to (the SENDCo), not ended; `needs_ehcp` for
    the EHCP's own records; `attending` for what happens during the placement."""
    placement = send_placement_for(request, placement_id)
    status = placement_status(placement, dt.date.today()).key
    if (
        not has_permission(
            request.user, Permission.RECORD_SEND_RECORDS, school=placement.referral.school
        )
        or status == "ended"
        or (attending and status != "attending")
        or (needs_ehcp and placement.pupil.send_status != "ehcp")
    ):
        raise Http404
    return placement

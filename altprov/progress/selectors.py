"""Which placements and records a user reaches: through the placement's school (404 otherwise)."""

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.http import Http404

from altprov.authz.permissions import Permission, has_permission
from altprov.placements.models import PlanObjective
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

"""The Assessment Lead's records (R-10.7): the pupil's public examination arrangements, and
progress tracking for every placement of the school."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from altprov.audit.access import shows_pupils
from altprov.audit.sensitivity import Flag, flags_for
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.organisations.selectors import school_for
from altprov.placements.models import Placement, PlanObjective
from altprov.placements.status import placement_status
from altprov.placements.views import placement_for

from . import selectors, services
from .forms import ExamArrangementForm
from .models import ExamArrangement
from .views import _record_page


def _may_record(request, placement) -> bool:
    return placement_status(placement, dt.date.today()).key != "ended" and has_permission(
        request.user, Permission.RECORD_EXAM_ARRANGEMENTS, school=placement.referral.school
    )


@shows_pupils("placement: exam arrangements")
def exams(request, placement_id: int):
    placement = placement_for(request, placement_id)
    school = placement.referral.school
    can_record = _may_record(request, placement)
    return render(
        request,
        "progress/exams.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "arrangements": placement.exam_arrangements.select_related("recorded_by"),
            "can_record": can_record,
            # Access arrangements follow from a pupil's needs: those who see SEND detail, and
            # the Assessment Lead who makes them, see them, here and in the history of changes
            # (one rule: altprov/audit/sensitivity.py), also once the placement has ended.
            "shows_access": Flag.ACCESS_ARRANGEMENTS in flags_for(request.user, school),
        },
    )


def _exam_page(request, placement, arrangement=None):
    initial = None
    if arrangement is not None:
        initial = {name: getattr(arrangement, name) for name in services._EXAM_FIELDS}
    form = ExamArrangementForm(request.POST if request.method == "POST" else None, initial=initial)
    return _record_page(
        request,
        placement,
        form,
        title="Exam arrangements" if arrangement is None else f"Exam arrangements: {arrangement}",
        submit="Save the arrangements",
        home=reverse("progress:exams", args=[placement.pk]),
        save=lambda data: services.exam_arrangement_save(
            placement=placement, arrangement=arrangement, by=request.user, **data
        ),
        done="The exam arrangements have been saved.",
    )


@shows_pupils("placement: record exam arrangements")
def exam_add(request, placement_id: int):
    placement = placement_for(request, placement_id)
    if not _may_record(request, placement):
        raise Http404
    return _exam_page(request, placement)


@shows_pupils("placement: change exam arrangements")
def exam_edit(request, arrangement_id: int):
    try:
        placement_id = ExamArrangement.objects.values_list("placement_id", flat=True).get(
            pk=arrangement_id
        )
    except (ExamArrangement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    placement = placement_for(request, placement_id)
    if not _may_record(request, placement):
        raise Http404
    return _exam_page(request, placement, placement.exam_arrangements.get(pk=arrangement_id))


@shows_pupils("progress tracking")
def tracking(request, school_id: int):
    """R-10.7, R-11.1: every placement of the school the pupil attends or will attend, with the
    latest progress against each objective. Three queries whatever the number of placements."""
    school = school_for(request.user, school_id, Permission.VIEW_PUPILS)
    placements = list(
        Placement.objects.filter(referral__school=school, status=Placement.Status.ACTIVE)
        .select_related("referral__pupil__school", "provider")
        .order_by("start_date", "pk")
    )
    objectives: dict[int, list] = {}
    for objective in selectors.latest_progress(
        PlanObjective.objects.filter(placement__in=[p.pk for p in placements]).order_by("pk")
    ):
        objective.latest_label, objective.latest_colour = selectors.status_label(
            objective.latest_status
        )
        objectives.setdefault(objective.placement_id, []).append(objective)
    rows = [(p, objectives.get(p.pk, [])) for p in placements]
    return render(request, "progress/tracking.html", {"school": school, "rows": rows})

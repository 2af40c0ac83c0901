"""A pupil's suspensions and the school's current suspensions (R-10.3)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.returns import with_return
from altprov.organisations.selectors import current_school
from altprov.pupils.selectors import pupil_view_for
from altprov.termdates.schooldays import OutsideCalendar, SchoolCalendar

from . import services
from .duties import suspension_placements
from .forms import ParentsToldForm, SuspensionForm
from .models import Suspension
from .rules import SUSPENSION_ROUTE, sixth_day_state


def _with_state(suspensions, placements):
    for suspension in suspensions:
        suspension.state = sixth_day_state(suspension, placements.get(suspension.pupil_id, ()))
    return suspensions


def suspension_for(request, suspension_id: int) -> Suspension:
    try:
        suspension = (
            Suspension.objects.filter(
                school_id__in=school_ids_with(request.user, Permission.VIEW_PUPILS)
            )
            .select_related("pupil__school", "decided_by", "recorded_by")
            .get(pk=suspension_id)
        )
    except (Suspension.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    pupil_view_for(request.user, suspension.pupil_id)  # the pupil is in scope, and shown
    return suspension


@shows_pupils("pupil: suspensions")
def pupil_suspensions(request, pupil_id: int):
    view = pupil_view_for(request.user, pupil_id)
    pupil = view.pupil
    suspensions = list(Suspension.objects.filter(pupil=pupil, school=pupil.school))
    _with_state(suspensions, suspension_placements([pupil.pk]))
    return render(
        request,
        "suspensions/pupil_list.html",
        {
            "pupil": pupil,
            "suspensions": suspensions,
            "can_record": has_permission(
                request.user, Permission.RECORD_SUSPENSIONS, school=pupil.school
            ),
        },
    )


@shows_pupils("pupil: record a suspension")
def suspension_add(request, pupil_id: int):
    view = pupil_view_for(request.user, pupil_id)
    pupil = view.pupil
    if not has_permission(request.user, Permission.RECORD_SUSPENSIONS, school=pupil.school):
        raise Http404
    form = SuspensionForm(
        request.POST if request.method == "POST" else None, pupil=pupil, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            suspension, totals = services.suspension_record(
                pupil=pupil, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            text = f"The suspension has been recorded: its last day is {suspension.last_day:%A %-d %B %Y}."
            if suspension.sixth_day:
                text += f" The sixth school day is {suspension.sixth_day:%A %-d %B %Y}."
            messages.success(request, text)
            for warning in totals.warnings:
                messages.warning(request, warning)
            return redirect("suspensions:detail", suspension_id=suspension.pk)
    return form_page(
        request,
        form,
        title="Record a suspension",
        caption=pupil.full_name,
        submit="Record the suspension",
        cancel_url=reverse("suspensions:pupil", args=[pupil.pk]),
        intro="Record a suspension the Headteacher has decided. The school days are counted on "
        "the school's calendar. A pupil can be suspended for at most 45 school days in a school "
        "year.",
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@shows_pupils("suspension")
def suspension_detail(request, suspension_id: int):
    suspension = suspension_for(request, suspension_id)
    pupil, school = suspension.pupil, suspension.school
    placements = suspension_placements([pupil.pk])
    state = sixth_day_state(suspension, placements.get(pupil.pk, ()))
    totals, calendar_problem = None, ""
    try:
        calendar = SchoolCalendar.for_school(school)
        spans = list(
            Suspension.objects.filter(pupil=pupil, school=school).values_list(
                "first_day", "last_day"
            )
        )
        totals = services.totals_for(
            calendar, spans, suspension.first_day, suspension.last_day, school
        )
    except OutsideCalendar as error:
        calendar_problem = str(error)
    can_record = has_permission(request.user, Permission.RECORD_SUSPENSIONS, school=school)
    here = reverse("suspensions:detail", args=[suspension.pk])
    refer_url = ""
    if state.flagged and has_permission(request.user, Permission.MAKE_REFERRALS, school=school):
        refer_url = with_return(
            reverse("referrals:start", args=[pupil.pk]) + f"?route={SUSPENSION_ROUTE}", here
        )
    return render(
        request,
        "suspensions/detail.html",
        {
            "suspension": suspension,
            "pupil": pupil,
            "state": state,
            "totals": totals,
            "calendar_problem": calendar_problem,
            "can_record": can_record,
            "refer_url": refer_url,
            "parents_told_url": reverse("suspensions:parents_told", args=[suspension.pk])
            if can_record and not suspension.parents_told_on
            else "",
            "today": dt.date.today(),
        },
    )


@shows_pupils("suspension: parents told")
def parents_told(request, suspension_id: int):
    suspension = suspension_for(request, suspension_id)
    if suspension.parents_told_on or not has_permission(
        request.user, Permission.RECORD_SUSPENSIONS, school=suspension.school
    ):
        raise Http404
    form = ParentsToldForm(request.POST if request.method == "POST" else None)
    detail = reverse("suspensions:detail", args=[suspension.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.parents_told_record(
                suspension=suspension, told_on=form.cleaned_data["told_on"], by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The date the parents were told has been recorded.")
            return redirect(detail)
    return form_page(
        request,
        form,
        title="When were the parents told of the suspension?",
        caption=suspension.pupil.full_name,
        submit="Save",
        cancel_url=detail,
    )


@shows_pupils("school: current suspensions")
def school_suspensions(request):
    school = current_school(request)
    if school is None or not has_permission(request.user, Permission.VIEW_PUPILS, school=school):
        raise Http404
    today = dt.date.today()
    suspensions = list(
        Suspension.objects.filter(school=school, last_day__gte=today)
        .select_related("pupil__school")
        .order_by("first_day", "pk")
    )
    _with_state(suspensions, suspension_placements({s.pupil_id for s in suspensions}))
    return render(
        request,
        "suspensions/school_list.html",
        {"school": school, "suspensions": suspensions, "today": today},
    )

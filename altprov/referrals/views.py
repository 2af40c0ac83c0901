"""A referral as one GOV.UK task list, so whoever opens it sees what is done and what is left."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission
from altprov.chronology.selectors import timeline_for
from altprov.core.pages import form_page
from altprov.core.paginator import OnePagePaginator
from altprov.core.returns import with_return
from altprov.core.versions import StaleVersion, changes_since, refuse
from altprov.organisations.selectors import current_school
from altprov.placements.start_gate import preconditions
from altprov.placements.status import placement_status
from altprov.pupils.selectors import pupil_view_for

from . import services
from .forms import AgreementForm, ConsultationForm, DecisionForm, MeetingForm, ReasonsForm
from .models import Referral
from .rules import has_additional_needs, has_parent_on_record, submission_conditions
from .tasks import decision_tasks, readiness_tasks

PAGE_SIZE = 50


def referrals_for(user):
    return Referral.objects.filter(school_id__in=school_ids_with(user, Permission.VIEW_PUPILS))


def referral_for(request, referral_id, permission: Permission = Permission.VIEW_PUPILS) -> Referral:
    try:
        referral = (
            referrals_for(request.user)
            .select_related("pupil__school__trust", "decided_by", "submitted_by")
            .get(pk=referral_id)
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not has_permission(request.user, permission, school=referral.school):
        raise Http404
    return referral


def _form_page(
    request, form, referral, title, submit="Save and return to the referral", changes=None
):
    return form_page(
        request,
        form,
        title=title,
        caption=f"Referral of {referral.pupil.full_name}" if referral else "",
        submit=submit,
        cancel_url=reverse("referrals:overview", args=[referral.pk]) if referral else "",
        changes=changes,
    )


@shows_pupils("referral list")
def referral_list(request):
    school = current_school(request)
    if school is None or not has_permission(request.user, Permission.VIEW_PUPILS, school=school):
        raise Http404
    referrals = (
        referrals_for(request.user)
        .filter(school=school)
        .select_related("pupil__school", "decided_by")
        .order_by("-created_at", "-pk")
    )
    page = OnePagePaginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/list.html", {"school": school, "page_obj": page, "query": ""})


@shows_pupils("referral: start")
def referral_start(request, pupil_id: int):
    view = pupil_view_for(request.user, pupil_id)
    if not has_permission(request.user, Permission.MAKE_REFERRALS, school=view.pupil.school):
        raise Http404
    # A link may pre-fill the route (provision from the sixth day of a suspension, R-10.3).
    route = request.GET.get("route")
    initial = {"route": route} if route in Referral.Route.values else {}
    form = ReasonsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        referral = services.referral_create(pupil=view.pupil, by=request.user, **form.cleaned_data)
        messages.success(request, "The referral has been started.")
        return redirect("referrals:overview", referral_id=referral.pk)
    return form_page(
        request,
        form,
        title="Refer to alternative provision",
        caption=view.pupil.full_name,
        submit="Start the referral",
        cancel_url=reverse("pupils:detail", args=[view.pupil.pk]),
    )


@shows_pupils("referral")
def referral_overview(request, referral_id: int):
    referral = referral_for(request, referral_id)
    user, school = request.user, referral.school
    timeline = timeline_for(user, referral.pupil)
    conditions = submission_conditions(referral, timeline)
    meeting = getattr(referral, "meeting", None)
    agreement = getattr(referral, "agreement", None)
    return render(
        request,
        "referrals/overview.html",
        {
            "referral": referral,
            "pupil": referral.pupil,
            "meeting_url": reverse("referrals:meeting", args=[referral.pk]),
            "conditions": conditions,
            "readiness": readiness_tasks(referral, conditions, user),
            "decision_tasks": decision_tasks(referral, user, meeting=meeting, agreement=agreement),
            "ready": all(c.met for c in conditions),
            "additional_needs": has_additional_needs(referral.pupil),
            "consultations": referral.consultations.select_related("by"),
            "meeting": meeting,
            "agreement": agreement,
            "placements": _with_gate(referral),
            "can_refer": has_permission(user, Permission.MAKE_REFERRALS, school=school),
            "can_decide": has_permission(user, Permission.DECIDE_REFERRALS, school=school),
            "can_consult": has_permission(user, Permission.CONSULT_ON_REFERRALS, school=school),
            "can_record_chronology": has_permission(
                user, Permission.RECORD_CHRONOLOGY, school=school
            ),
            "can_edit_needs": has_permission(user, Permission.MANAGE_PUPILS, school=school)
            and has_permission(user, Permission.VIEW_SEND_DETAIL, school=school),
        },
    )


def _with_gate(referral):
    """The referral's placements with their status (the one placements.status gives) and, while
    planned, how many start conditions are met, so the referral's task list shows what is left
    all the way to the start (R-7.4)."""

    today = timezone.localdate()
    placements = list(referral.placements.select_related("provider"))
    for placement in placements:
        status = placement_status(placement, today)
        placement.status_shown = status
        if status.key == "planned":
            conditions = preconditions(placement, today)
            met = sum(1 for c in conditions if c.met)
            placement.gate_summary = (
                f"{status.label}: {met} of {len(conditions)} start conditions met"
            )
        else:
            placement.gate_summary = status.label
    return placements


@shows_pupils("referral: reasons")
def reasons_edit(request, referral_id: int):
    referral = referral_for(request, referral_id, Permission.MAKE_REFERRALS)
    form = ReasonsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "reasons": referral.reasons,
            "other_reason": referral.other_reason,
            "route": referral.route,
        },
        version=referral.edit_version,
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.reasons_change(
                referral=referral,
                by=request.user,
                reasons=form.cleaned_data["reasons"],
                other_reason=form.cleaned_data["other_reason"],
                route=form.cleaned_data["route"],
                based_on=form.based_on(),
            )
        except StaleVersion as error:  # changed by someone else since the page was read
            refuse(form, error)
            changes = changes_since(error.record, error.based_on, excluded=("pupil", "school"))
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "The reasons and route have been saved.")
            return redirect("referrals:overview", referral_id=referral.pk)
    return _form_page(
        request, form, referral, "Reasons for the referral and its route", changes=changes
    )


@shows_pupils("referral: consultation")
def consult(request, referral_id: int):
    referral = referral_for(request, referral_id, Permission.CONSULT_ON_REFERRALS)
    form = ConsultationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_record(
                referral=referral, view=form.cleaned_data["view"], by=request.user
            )
        except ValidationError as error:
            form.add_error("view", error.messages[0])
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, "Your view has been recorded.")
            return redirect("referrals:overview", referral_id=referral.pk)
    return _form_page(request, form, referral, "Record your view on the referral", "Record my view")


@require_POST
@shows_pupils("referral: put to the Headteacher")
def submit(request, referral_id: int):
    referral = referral_for(request, referral_id, Permission.MAKE_REFERRALS)
    try:
        services.referral_submit(referral=referral, by=request.user)
    except ValidationError as error:
        messages.error(
            request, "The referral cannot go to the Headteacher yet: " + "; ".join(error.messages)
        )
    else:
        messages.success(request, "The referral has been put to the Headteacher.")
    return redirect("referrals:overview", referral_id=referral.pk)


@shows_pupils("referral: decision")
def decide(request, referral_id: int):
    referral = referral_for(request, referral_id, Permission.DECIDE_REFERRALS)
    if not referral.submitted_at or referral.decision:
        messages.warning(request, "There is no decision to make on this referral now.")
        return redirect("referrals:overview", referral_id=referral.pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decide(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:  # decided by someone else since the page was read
            messages.warning(request, error.messages[0])
        else:
            messages.success(request, "Your decision has been recorded.")
        return redirect("referrals:overview", referral_id=referral.pk)
    return _form_page(request, form, referral, "The Headteacher's decision", "Record my decision")


@shows_pupils("referral: meeting")
def meeting(request, referral_id: int):
    referral = referral_for(request, referral_id, Permission.MAKE_REFERRALS)
    if not referral.is_approved:
        raise Http404
    parent = has_parent_on_record(referral.pupil)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        instance=getattr(referral, "meeting", None),
        parent_on_record=parent,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            services.meeting_record(referral=referral, data=data, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The meeting has been recorded.")
            return redirect("referrals:overview", referral_id=referral.pk)
    return _parents_page(request, form, referral, "The referral meeting", parent)


@shows_pupils("referral: agreement")
def agreement(request, referral_id: int):
    referral = referral_for(request, referral_id, Permission.MAKE_REFERRALS)
    if not hasattr(referral, "meeting") or hasattr(referral, "agreement"):
        raise Http404
    form = AgreementForm(request.POST if request.method == "POST" else None)
    parent = has_parent_on_record(referral.pupil) or bool(referral.meeting.no_parent_reason.strip())
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agreement_record(
                referral=referral, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if saved.response == saved.Response.REFUSED:
                messages.success(
                    request, "The refusal has been recorded and added to the pupil's chronology."
                )
            else:
                messages.success(request, "The agreement has been recorded.")
            return redirect("referrals:overview", referral_id=referral.pk)
    return _parents_page(
        request, form, referral, "The agreement with the parents or carers", parent
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _parents_page(request, form, referral, title, parent_on_record: bool):
    """The meeting and agreement pages: without a parent or carer with parental responsibility
    on record, they say so and link to adding one, coming back here (R-7.2)."""
    add_carer = reverse("pupils:carer_add", args=[referral.pupil_id])
    return render(
        request,
        "referrals/parents_form_page.html",
        {
            "form": form,
            "page_title": title,
            "caption": f"Referral of {referral.pupil.full_name}",
            "submit_text": "Save and return to the referral",
            "cancel_url": reverse("referrals:overview", args=[referral.pk]),
            "pupil": referral.pupil,
            "meeting_url": reverse("referrals:meeting", args=[referral.pk]),
            "add_carer_url": None if parent_on_record else with_return(add_carer, request.path),
        },
    )

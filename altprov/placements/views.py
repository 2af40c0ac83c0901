"""Placements: made from an approved, agreed referral (R-5.7, R-5.8, R-5.9, R-7.6)."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DurationField, F, OuterRef, Subquery, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST
from weasyprint import HTML

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.paginator import OnePagePaginator
from altprov.core.returns import back_to, return_path
from altprov.core.step_up import step_up_required
from altprov.organisations.selectors import current_school
from altprov.organisations.services import settings_for, threshold_rule_in_force
from altprov.providers.models import Provider
from altprov.referrals.views import referral_for
from altprov.termdates.schooldays import OutsideCalendar

from . import services
from .forms import (
    DateForm,
    InformationShareForm,
    NoticeForm,
    ObjectiveForm,
    PlacementForm,
    ProviderChoiceForm,
)
from .models import InformationShare, Placement, PlacementSession, PlanObjective
from .rules import next_review_due_for, placed_pupil, review_due_dates, threshold_with
from .start_gate import (
    gate_items,
    notice_deadline,
    notice_facts,
    notice_problems,
    preconditions,
    records_of,
    trust_approval_needed,
)
from .status import placement_status


def placement_for(request, placement_id) -> Placement:
    try:
        placement = (
            Placement.objects.filter(
                referral__school_id__in=school_ids_with(request.user, Permission.VIEW_PUPILS)
            )
            .select_related(
                "referral__pupil__school__trust", "provider__trust", "site", "sit_agreed_by"
            )
            .prefetch_related("sessions")
            .get(pk=placement_id)
        )
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return placement


@shows_pupils("placement: make")
def placement_add(request, referral_id: int):
    """Making the placement, one thing per page and no JavaScript: first the provider, then (with
    `?provider=<id>`) the placement at that provider, offering only its sites."""
    referral = referral_for(request, referral_id, Permission.MAKE_REFERRALS)
    agreement = getattr(referral, "agreement", None)
    if agreement is None or agreement.response != "agreed":
        raise Http404
    providers = Provider.objects.filter(trust_id=referral.school.trust_id).order_by("name")
    chosen = request.POST.get("provider") if request.method == "POST" else None
    chosen = chosen or request.GET.get("provider")
    provider = providers.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
    if provider is None:
        return _choose_provider(request, referral, providers, chosen)
    form = PlacementForm(
        request.POST if request.method == "POST" else None, provider=provider, providers=providers
    )
    warning = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sessions = data.pop("sessions")
        provider, site = data.pop("provider"), data.pop("site")
        understood = data.pop("threshold_understood", False)
        for name in [k for k in data if k.startswith("day")]:
            data.pop(name)
        hours = services.session_hours(sessions)
        threshold = threshold_with(
            provider,
            data["start_date"],
            [
                placed_pupil(
                    referral.pupil,
                    hours=hours,
                    sole_provision=data["sole_provision"],
                    on=data["start_date"],
                )
            ],
        )
        if threshold.must_register and not understood:
            # asked only now, for an unregistered provider this placement takes over.
            warning = threshold
            form.ask_threshold()
            form.add_error(
                "threshold_understood",
                "This placement would take the provider over the registration threshold: confirm you understand before saving",
            )
        else:
            try:
                placement = services.placement_create(
                    referral=referral,
                    provider=provider,
                    site=site,
                    sessions=sessions,
                    by=request.user,
                    **data,
                )
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    target = (
                        field
                        if field in form.fields
                        else ("day0_start" if field == "sessions" else None)
                    )
                    for message in messages_:
                        form.add_error(None if field == "__all__" else target, message)
            else:
                messages.success(request, "The placement has been made.")
                return redirect("placements:detail", placement_id=placement.pk)
    return render(
        request,
        "placements/form.html",
        {"form": form, "referral": referral, "warning": warning, "provider": provider},
    )


def _choose_provider(request, referral, providers, chosen):
    """The first page: a GET form, as choosing changes nothing; the answer is `?provider=`. Sent
    without an answer, or with a provider not on the trust's register, it says so."""
    answered = chosen is not None or request.GET.get("step") == "provider"
    form = ProviderChoiceForm({"provider": chosen or ""} if answered else None, providers=providers)
    form.is_valid()
    return form_page(
        request,
        form,
        title="Which provider?",
        caption=f"Make the placement for {referral.pupil.full_name}",
        submit="Continue",
        back_url=reverse("referrals:overview", args=[referral.pk]),
        template="placements/choose_provider.html",
    )


@shows_pupils("placement")
def placement_detail(request, placement_id: int):
    return _detail_page(request, placement_for(request, placement_id))


def _detail_page(request, placement, *, refused: bool = False):
    """The placement and its start gate; `refused` when starting was just refused, so the page
    opens with what is still needed (R-7.4)."""
    today = dt.date.today()
    hours = placement.hours_per_week
    rule = threshold_rule_in_force(placement.provider.trust, today)
    full_time = rule is not None and (
        hours >= rule.full_time_hours
        or (rule.sole_provision_is_full_time and placement.sole_provision)
    )
    records = records_of(placement)
    conditions = preconditions(placement, today)
    held = list(placement.reviews.select_related("recorded_by"))
    attending = placement_status(placement, today).key == "attending"  # reviews are of these
    try:
        reviews, reviews_problem = review_due_dates(placement), ""
        next_review = next_review_due_for(placement, [r.held_on for r in held])
    except OutsideCalendar as error:
        reviews, reviews_problem, next_review = [], str(error), None
    school = placement.referral.school
    user = request.user
    return render(
        request,
        "placements/detail.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "records": records,
            "today": today,
            "reviews": reviews,
            "reviews_problem": reviews_problem,
            "reviews_held": held,
            "next_review": next_review if attending else None,
            "next_review_overdue": attending and next_review is not None and next_review < today,
            "can_review": attending
            and has_permission(user, Permission.RECORD_PLACEMENT_REVIEWS, school=school),
            "review_interval": settings_for(placement.provider.trust).get_review_interval_display(),
            "conditions": conditions,
            "gate": gate_items(placement, conditions, user),
            "ready": all(c.met for c in conditions),
            "refused": refused,
            "objectives": placement.objectives.all(),
            "shares": placement.information_shares.select_related("shared_by"),
            "can_manage": has_permission(user, Permission.MAKE_REFERRALS, school=school),
            "can_share": has_permission(user, Permission.MANAGE_PUPILS, school=school),
            "can_approve": trust_approval_needed(placement)
            and records.trust_approved_at is None
            and has_permission(user, Permission.APPROVE_PLACEMENTS, school=school),
            "hours": hours,
            "full_time": full_time,
            "threshold": threshold_with(placement.provider, today, []),
            "can_agree": placement.provider.is_unregistered
            and placement.sit_agreed_at is None
            and has_permission(user, Permission.AGREE_UNREGISTERED_PLACEMENTS, school=school),
        },
    )


@require_POST
@shows_pupils("placement: SIT agreement")
def sit_agree(request, placement_id: int):
    placement = placement_for(request, placement_id)
    try:
        services.sit_agree(placement=placement, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The School Improvement Team's agreement has been recorded.")
    return redirect(reverse("placements:detail", args=[placement.pk]))


# What must be in place before the start (R-7.4) -------------------------------------------------


def _guard(request, placement_id, *permissions: Permission) -> Placement:
    placement = placement_for(request, placement_id)
    school = placement.referral.school
    if not all(has_permission(request.user, p, school=school) for p in permissions):
        raise Http404
    return placement


def _page(request, placement, form, title, submit="Save", changes=None):
    return form_page(
        request,
        form,
        title=title,
        caption=f"{placement.pupil.full_name} at {placement.provider.name}",
        submit=submit,
        cancel_url=reverse("placements:detail", args=[placement.pk]),
        changes=changes,
    )


def _done(request, placement, message):
    """After saving: back to where the person came from (a safe return address), else the
    placement's page."""
    messages.success(request, message)
    return redirect(back_to(request, reverse("placements:detail", args=[placement.pk])))


@shows_pupils("placement: plan objective")
def objective_add(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MAKE_REFERRALS)
    form = ObjectiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        objective = PlanObjective(placement=placement, **form.cleaned_data)
        objective._history_user = request.user
        objective.save()
        return _done(request, placement, "The objective has been added to the plan.")
    return _page(request, placement, form, "Add an objective to the plan", "Add objective")


@shows_pupils("placement: information shared")
def information_add(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MANAGE_PUPILS)
    form = InformationShareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        share = InformationShare(placement=placement, shared_by=request.user, **form.cleaned_data)
        share._history_user = request.user
        share.save()
        return _done(request, placement, "The sharing of information has been recorded.")
    return _page(request, placement, form, "Record information shared with the provider", "Record")


@shows_pupils("placement: LA caseworker told")
def caseworker(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MANAGE_PUPILS, Permission.VIEW_SEND_DETAIL)
    form = DateForm(
        request.POST if request.method == "POST" else None, label="Date the LA caseworker was told"
    )
    if request.method == "POST" and form.is_valid():
        services.la_caseworker_informed(
            placement=placement, on=form.cleaned_data["on"], by=request.user
        )
        return _done(request, placement, "Telling the LA caseworker has been recorded.")
    return _page(request, placement, form, "Record that the LA caseworker was told", "Record")


@require_POST
@shows_pupils("placement: trust approval")
def trust_approve(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.APPROVE_PLACEMENTS)
    try:
        services.trust_approve(placement=placement, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("placements:detail", placement_id=placement.pk)
    return _done(request, placement, "You have approved the placement for the trust.")


@shows_pupils("placement: written notice")
def notice(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MAKE_REFERRALS)
    records = records_of(placement)
    form = NoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_issue(
                placement=placement,
                on=form.cleaned_data["sent_on"],
                method=form.cleaned_data["method"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("sent_on", message)
        else:
            return _done(request, placement, "Sending the written notice has been recorded.")
    try:
        deadline = notice_deadline(placement)
    except OutsideCalendar:  # shown among the problems below
        deadline = None
    return render(
        request,
        "placements/notice.html",
        {
            "placement": placement,
            "records": records,
            "facts": notice_facts(placement, records),
            "problems": notice_problems(placement, records, dt.date.today()),
            "deadline": deadline,
            "form": form,
            "return_to": return_path(request),
        },
    )


def _letter_context(placement):
    return {
        "placement": placement,
        "facts": notice_facts(placement, records_of(placement)),
        "today": dt.date.today(),
    }


@shows_pupils("placement: written notice letter")
def notice_letter(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MAKE_REFERRALS)
    return render(request, "placements/notice_letter_page.html", _letter_context(placement))


@step_up_required
@shows_pupils("placement: written notice letter")
def notice_pdf(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MAKE_REFERRALS)
    records = records_of(placement)
    html = render_to_string(
        "placements/notice_letter.html",
        {
            "placement": placement,
            "facts": notice_facts(placement, records),
            "today": dt.date.today(),
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="written-notice.pdf"'
    return response


@require_POST
@shows_pupils("placement: start")
def start(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MAKE_REFERRALS)
    try:
        services.placement_start(placement=placement, by=request.user)
    except ValidationError as error:
        # Read again: a request at the same moment may have started it while this one waited.
        placement.refresh_from_db(fields=["status"])
        if placement.status != Placement.Status.PLANNED:
            messages.error(request, error.messages[0])
        else:
            # the refusal says what is still needed, each item linked to where it is done.
            return _detail_page(request, placement, refused=True)
    else:
        messages.success(
            request,
            f"The placement is confirmed to start on {placement.started_on:%-d %B %Y}. "
            f"{placement.pupil.short_name} is recorded as "
            f"{placement.get_attendance_recording_display()} from then.",
        )
    return redirect("placements:detail", placement_id=placement.pk)


@shows_pupils("placement list")
def placement_list(request):
    school = current_school(request)
    if school is None or not has_permission(request.user, Permission.VIEW_PUPILS, school=school):
        raise Http404
    # The hours a week summed in SQL beside each row: no second query for the sessions (P1).
    weekly = (
        PlacementSession.objects.filter(placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(total=Sum(F("ends_at") - F("starts_at"), output_field=DurationField()))
        .values("total")
    )
    placements = (
        Placement.objects.filter(referral__school=school)
        .select_related("referral__pupil__school", "provider")
        .annotate(weekly_time=Subquery(weekly, output_field=DurationField()))
        .order_by("-start_date", "-pk")
    )
    page = OnePagePaginator(placements, 50).get_page(request.GET.get("page"))
    for placement in page.object_list:
        seconds = placement.weekly_time.total_seconds() if placement.weekly_time else 0
        placement.hours_listed = Decimal(int(seconds)) / Decimal(3600)
    return render(
        request, "placements/list.html", {"school": school, "page_obj": page, "query": ""}
    )

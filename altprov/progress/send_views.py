"""The SENDCo's records on a placement (R-10.8). SEND detail: only those who may see SEND detail
in the pupil's school reach these pages (the pupil page's rule, `pupil_view_for(...).shows_send`);
anyone else gets 404."""

import datetime as dt

from django.shortcuts import render
from django.urls import reverse

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.placements.start_gate import records_of
from altprov.placements.status import placement_status
from altprov.pupils.selectors import pupil_view_for

from . import selectors, services
from .forms import EhcpDateForm, EhcpReviewForm, RecommendationForm, SendDocumentForm
from .models import EhcpDate
from .rules import ehcp_review_due
from .views import _record_page


def _home(placement) -> str:
    return reverse("progress:send", args=[placement.pk])


def ehcp_due_text(placement) -> str:
    reviews = list(placement.ehcp_reviews.values_list("held_on", flat=True)[:1])
    dated = EhcpDate.objects.filter(placement=placement).values_list("dated", flat=True).first()
    due = ehcp_review_due(reviews[0] if reviews else None, dated)
    if due is None:
        return "Record the date of the EHCP so that its annual review can be tracked."
    return f"The next annual review of the EHCP is due by {due:%-d %B %Y}."


@shows_pupils("placement: SEND records")
def send(request, placement_id: int):
    placement = selectors.send_placement_for(request, placement_id)
    view = pupil_view_for(request.user, placement.pupil.pk)
    school = placement.referral.school
    status = placement_status(placement, dt.date.today()).key
    has_ehcp = view.shows_send and view.pupil.send_status == "ehcp"
    can_record = (
        view.shows_send
        and status != "ended"
        and has_permission(request.user, Permission.RECORD_SEND_RECORDS, school=school)
    )
    return render(
        request,
        "progress/send.html",
        {
            "placement": placement,
            "pupil": view.pupil,
            "view": view,
            "has_ehcp": has_ehcp,
            "caseworker": records_of(placement),
            "documents": placement.send_documents.select_related("recorded_by"),
            "recommendations": placement.send_recommendations.select_related("recorded_by"),
            "ehcp_date": EhcpDate.objects.filter(placement=placement).first(),
            "reviews": placement.ehcp_reviews.select_related("recorded_by"),
            "due_text": ehcp_due_text(placement) if has_ehcp else "",
            "can_record": can_record,
            "can_review": can_record and has_ehcp and status == "attending",
            "can_tell_caseworker": has_ehcp
            and has_permission(request.user, Permission.MANAGE_PUPILS, school=school),
        },
    )


@shows_pupils("placement: SEND document shared")
def send_document_add(request, placement_id: int):
    placement = selectors.send_placement_to_record(request, placement_id)
    form = SendDocumentForm(
        request.POST if request.method == "POST" else None,
        pupil_has_ehcp=placement.pupil.send_status == "ehcp",
    )
    return _record_page(
        request,
        placement,
        form,
        title="Record a SEND document shared with the provider",
        submit="Record",
        home=_home(placement),
        save=lambda data: services.send_document_record(
            placement=placement, by=request.user, **data
        ),
        done="The SEND document shared has been recorded.",
    )


@shows_pupils("placement: referral the provider recommends")
def recommendation_add(request, placement_id: int):
    placement = selectors.send_placement_to_record(request, placement_id)
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    return _record_page(
        request,
        placement,
        form,
        title="Record a referral the provider recommends",
        submit="Record",
        home=_home(placement),
        save=lambda data: services.recommendation_record(
            placement=placement, by=request.user, **data
        ),
        done="The provider's recommendation has been recorded.",
    )


@shows_pupils("placement: date of the EHCP")
def ehcp_date(request, placement_id: int):
    placement = selectors.send_placement_to_record(request, placement_id, needs_ehcp=True)
    current = EhcpDate.objects.filter(placement=placement).first()
    form = EhcpDateForm(
        request.POST if request.method == "POST" else None,
        initial={"dated": current.dated} if current else None,
    )
    return _record_page(
        request,
        placement,
        form,
        title="The date of the EHCP",
        submit="Save",
        home=_home(placement),
        save=lambda data: services.ehcp_date_record(placement=placement, by=request.user, **data),
        done=lambda: "The date of the EHCP has been saved. " + ehcp_due_text(placement),
    )


@shows_pupils("placement: EHCP annual review")
def ehcp_review_add(request, placement_id: int):
    placement = selectors.send_placement_to_record(
        request, placement_id, needs_ehcp=True, attending=True
    )
    form = EhcpReviewForm(request.POST if request.method == "POST" else None, placement=placement)
    return _record_page(
        request,
        placement,
        form,
        title="Record an annual review of the EHCP",
        submit="Record the review",
        home=_home(placement),
        intro=ehcp_due_text(placement),
        save=lambda data: services.ehcp_review_record(placement=placement, by=request.user, **data),
        done=lambda: "The annual review has been recorded. " + ehcp_due_text(placement),
    )

"""Recording a review of the agreement and placement (R-7.3)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.placements.rules import next_review_due_for
from altprov.placements.status import placement_status
from altprov.placements.views import placement_for
from altprov.termdates.schooldays import OutsideCalendar

from . import services
from .forms import ReviewForm


def _due_text(placement) -> str:
    held = list(placement.reviews.values_list("held_on", flat=True))
    try:
        due = next_review_due_for(placement, held)
    except OutsideCalendar as error:
        return str(error)
    if due is None:
        return "No further review falls due before the planned end of the placement."
    return f"The next review is due by {due:%A %-d %B %Y}."


@shows_pupils("placement: agreement review")
def review_add(request, placement_id: int):
    placement = placement_for(request, placement_id)
    school = placement.referral.school
    today = dt.date.today()
    if placement_status(placement, today).key != "attending" or not has_permission(
        request.user, Permission.RECORD_PLACEMENT_REVIEWS, school=school
    ):
        raise Http404
    form = ReviewForm(
        request.POST if request.method == "POST" else None, placement=placement, today=today
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(placement=placement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "The review has been recorded. " + _due_text(placement))
            return redirect("placements:detail", placement_id=placement.pk)
    return form_page(
        request,
        form,
        title="Record a review of the agreement and placement",
        caption=f"{placement.pupil.full_name} at {placement.provider.name}",
        submit="Record the review",
        cancel_url=reverse("placements:detail", args=[placement.pk]),
        intro=_due_text(placement),
    )

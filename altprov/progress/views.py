"""Pages of the records kept on a placement (R-11.1, R-10.4, R-10.7, R-10.8)."""

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
from altprov.core.returns import back_to
from altprov.placements.status import placement_status
from altprov.placements.views import placement_for

from . import selectors, services
from .forms import PastoralContactForm, ProgressForm


def _caption(placement) -> str:
    return f"{placement.pupil.full_name} at {placement.provider.name}"


def _record_page(request, placement, form, *, title, submit, save, done, home, intro=""):
    """A form page for one record of the placement: on a valid post, `save(cleaned_data)`, then
    back to `home` (the page listing the records) or the safe return address, saying `done` (or
    what `done()` says once saved); a refusal from
    the service becomes an error on the page, with nothing typed lost."""
    back = home
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, done() if callable(done) else done)
            return redirect(back_to(request, back))
    return form_page(
        request,
        form,
        title=title,
        caption=_caption(placement),
        submit=submit,
        cancel_url=back,
        back_url=back,
        intro=intro,
    )


# Progress against each objective of the plan (R-11.1) ------------------------------------------


@shows_pupils("placement: progress against objectives")
def objectives(request, placement_id: int):
    placement = placement_for(request, placement_id)
    school = placement.referral.school
    attending = placement_status(placement, dt.date.today()).key == "attending"
    rows = list(selectors.latest_progress(placement.objectives.all()))
    entries: dict[int, list] = {}
    for entry in selectors.ObjectiveProgress.objects.filter(
        objective__placement=placement
    ).select_related("recorded_by"):
        entries.setdefault(entry.objective_id, []).append(entry)
    for row in rows:
        row.entries = entries.get(row.pk, [])
        row.latest_label, row.latest_colour = selectors.status_label(row.latest_status)
    return render(
        request,
        "progress/objectives.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "objectives": rows,
            "attending": attending,
            "can_record": attending
            and has_permission(request.user, Permission.RECORD_PROGRESS, school=school),
        },
    )


@shows_pupils("placement: record progress against an objective")
def progress_add(request, objective_id: int):
    placement, objective = selectors.objective_for(
        request, objective_id, Permission.RECORD_PROGRESS
    )
    form = ProgressForm(request.POST if request.method == "POST" else None, placement=placement)
    return _record_page(
        request,
        placement,
        form,
        title="Record progress against the objective",
        submit="Record progress",
        home=reverse("progress:objectives", args=[placement.pk]),
        intro=f"Objective: {objective.objective} (timeframe: {objective.timeframe}; measured by: {objective.measure})",
        save=lambda data: services.progress_record(objective=objective, by=request.user, **data),
        done="Progress against the objective has been recorded.",
    )


# The pastoral contact log (R-10.4) --------------------------------------------------------------


def _contacts_back(request, placement) -> tuple[str, str]:
    """The placement's page for those who see it; the pastoral contact's own list otherwise."""
    if has_permission(request.user, Permission.VIEW_PUPILS, school=placement.referral.school):
        return reverse("placements:detail", args=[placement.pk]), "The placement"
    return reverse("progress:pastoral"), "Your pupils"


@shows_pupils("placement: contacts with the pupil")
def contacts(request, placement_id: int):
    placement = selectors.contact_log_placement_for(request, placement_id)
    attending = placement_status(placement, dt.date.today()).key == "attending"
    back_url, back_text = _contacts_back(request, placement)
    return render(
        request,
        "progress/contacts.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "records": getattr(placement, "records", None),
            "contacts": placement.pastoral_contacts.select_related("recorded_by"),
            "attending": attending,
            "can_log": attending and selectors.may_log_contacts(request.user, placement),
            "back_url": back_url,
            "back_text": back_text,
        },
    )


@shows_pupils("placement: log a contact with the pupil")
def contact_add(request, placement_id: int):
    placement = selectors.contact_log_placement_for(request, placement_id)
    if placement_status(
        placement, dt.date.today()
    ).key != "attending" or not selectors.may_log_contacts(request.user, placement):
        raise Http404
    form = PastoralContactForm(
        request.POST if request.method == "POST" else None, placement=placement
    )
    return _record_page(
        request,
        placement,
        form,
        title="Log a contact with the pupil",
        submit="Log the contact",
        home=reverse("progress:contacts", args=[placement.pk]),
        save=lambda data: services.contact_record(placement=placement, by=request.user, **data),
        done="The contact has been logged.",
    )


@shows_pupils("pupils I am the pastoral contact for")
def pastoral(request):
    """The placements the user is the pastoral contact of (R-10.4): a Staff member's way to their
    pupils' contact logs. Anyone with a role in a school may open it; it lists only their own."""
    if not school_ids_with(request.user, Permission.VIEW_SCHOOL).exists():
        raise Http404
    placements = list(
        selectors.pastoral_placements(request.user)
        .filter(status="active")
        .select_related("referral__pupil__school", "provider")
        .order_by("start_date", "pk")
    )
    return render(request, "progress/pastoral.html", {"rows": placements})

"""A pupil's chronology of support, shown as a timeline (R-6.2)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.returns import back_to
from altprov.pupils.selectors import pupil_view_for

from . import services
from .forms import EntryForm, KindForm
from .models import ChronologyEntry
from .selectors import timeline_for


def _recordable(request, pupil_id):
    view = pupil_view_for(request.user, pupil_id)
    if not has_permission(request.user, Permission.RECORD_CHRONOLOGY, school=view.pupil.school):
        raise Http404
    return view


@shows_pupils("chronology")
def timeline(request, pupil_id: int):
    view = pupil_view_for(request.user, pupil_id)
    kind = request.GET.get("kind", "")
    if kind and kind not in ChronologyEntry.Kind.values:
        kind = ""
    return render(
        request,
        "chronology/timeline.html",
        {
            "pupil": view.pupil,
            "timeline": timeline_for(request.user, view.pupil, kind),
            "kinds": ChronologyEntry.Kind.choices,
            "kind": kind,
            "can_record": has_permission(
                request.user, Permission.RECORD_CHRONOLOGY, school=view.pupil.school
            ),
        },
    )


@shows_pupils("chronology: add an entry")
def entry_add_choose(request, pupil_id: int):
    view = _recordable(request, pupil_id)
    form = KindForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return redirect("chronology:add", pupil_id=view.pupil.pk, kind=form.cleaned_data["kind"])
    return form_page(
        request,
        form,
        title="Add to the chronology",
        caption=view.pupil.full_name,
        submit="Continue",
        cancel_url=reverse("chronology:timeline", args=[view.pupil.pk]),
    )


def _entry_form_page(request, view, kind, *, corrects=None):
    initial = None
    if corrects is not None:
        initial = {
            "occurred_on": corrects.occurred_on,
            "summary": corrects.summary,
            "detail": corrects.detail,
            "impact": corrects.impact,
            "agency": corrects.agency,
            "safeguarding": corrects.safeguarding,
        }
    form = EntryForm(request.POST if request.method == "POST" else None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.entry_add(
            pupil=view.pupil,
            kind=kind,
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            detail=data.get("detail", ""),
            impact=data.get("impact", ""),
            agency=data.get("agency", ""),
            safeguarding=data.get("safeguarding", False),
            corrects=corrects,
            by=request.user,
        )
        messages.success(
            request, "The correction has been added." if corrects else "The entry has been added."
        )
        return redirect(back_to(request, reverse("chronology:timeline", args=[view.pupil.pk])))
    label = ChronologyEntry.Kind(kind).label
    return form_page(
        request,
        form,
        title=f"Correct: {label.lower()}" if corrects else label,
        caption=view.pupil.full_name,
        submit="Add correction" if corrects else "Add to the chronology",
        cancel_url=reverse("chronology:timeline", args=[view.pupil.pk]),
    )


@shows_pupils("chronology: add an entry")
def entry_add(request, pupil_id: int, kind: str):
    view = _recordable(request, pupil_id)
    if kind not in ChronologyEntry.Kind.values:
        raise Http404
    return _entry_form_page(request, view, kind)


@shows_pupils("chronology: correct an entry")
def entry_correct(request, pupil_id: int, entry_id: int):
    view = _recordable(request, pupil_id)
    entry = get_object_or_404(ChronologyEntry, pk=entry_id, pupil=view.pupil)
    if entry.safeguarding and not view.shows_safeguarding:
        raise Http404
    return _entry_form_page(request, view, entry.kind, corrects=entry)

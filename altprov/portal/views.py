"""The provider portal (issue 9): what a provider user sees and enters. Every page answers 404 to
anyone but an active provider user, and names only placements at their own provider that are
planned or attending (`selectors.portal_placements`): a placement that ends leaves at once.

Pupils are named only through `Pupil.provider_name` ("Alex S."), which logs the view (X-1)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from altprov.attendance import services as attendance_services
from altprov.attendance import week
from altprov.attendance.codes import CODES
from altprov.attendance.rules import monday_of
from altprov.audit.access import shows_pupils
from altprov.core.pages import form_page
from altprov.placements.models import PlacementRecords
from altprov.termdates.schooldays import SchoolCalendar

from . import entry, services
from .forms import AbsenceForm, apply_error
from .selectors import portal_placement, portal_placements, provider_for


def _placements(user):
    """The user's placements with what every list needs, in three queries."""
    return (
        portal_placements(user)
        .select_related("referral__pupil", "referral__school")
        .prefetch_related("sessions")
        .order_by("referral__school__name", "referral__pupil__last_name", "pk")
    )


@shows_pupils("provider portal: home")
def home(request):
    """Today's sessions across every school, then the provider's pupils (R-10.6, R-11.1)."""
    provider = provider_for(request.user)
    today = timezone.localdate()
    placements = list(_placements(request.user))
    rows = entry.today_rows(placements, today)
    return render(
        request,
        "portal/home.html",
        {
            "provider": provider,
            "today": today,
            "rows": rows,
            "any_open": any(c.open for r in rows for c in r.cells),
            "placements": placements,
        },
    )


@shows_pupils("provider portal: today's attendance")
def today_entry(request):
    """R-10.6: today's marks for every pupil across schools, saved in one go."""
    provider = provider_for(request.user)
    today = timezone.localdate()
    rows = entry.today_rows(list(_placements(request.user)), today)
    bad = []
    if request.method == "POST":
        entries, bad = entry.read_marks(rows, request.POST)
        if not bad:
            result = attendance_services.marks_save(entries, by=request.user)
            messages.success(request, f"Today's marks are saved: {result}.")
            return redirect("portal:home")
    return render(
        request,
        "portal/today.html",
        {
            "provider": provider,
            "today": today,
            "rows": rows,
            "bad": bad,
            "codes": CODES.values(),
            "any_open": any(c.open for r in rows for c in r.cells),
        },
    )


@shows_pupils("provider portal: placement")
def placement_detail(request, placement_id: int):
    """R-11.1, R-11.2: what the provider needs to know, and nothing else of the pupil's record."""
    placement = portal_placement(request.user, placement_id)
    records = (
        PlacementRecords.objects.filter(placement=placement)
        .select_related("pastoral_contact")
        .first()
    )
    return render(
        request,
        "portal/placement.html",
        {
            "placement": placement,
            "pupil": placement.referral.pupil,
            "school": placement.referral.school,
            "sessions": placement.sessions.all(),
            "objectives": placement.objectives.all(),
            "pastoral": records.pastoral_contact if records else None,
            "shares": placement.information_shares.all(),
        },
    )


def _week_asked(request, today: dt.date) -> dt.date:
    raw = request.POST.get("week") or request.GET.get("week") or ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return monday_of(today)
    if not dt.date(2000, 1, 1) <= day <= today:
        return monday_of(today)
    return monday_of(day)


@shows_pupils("provider portal: week's attendance")
def placement_week(request, placement_id: int):
    """R-10.6: a week of marks for one placement, on the school's own rules."""
    placement = portal_placement(request.user, placement_id)
    today = timezone.localdate()
    monday = _week_asked(request, today)
    calendar = SchoolCalendar.for_school(placement.referral.school_id)
    rows = week.build([placement], calendar, monday, today)
    bad = []
    url = reverse("portal:placement_week", args=[placement.pk])
    if request.method == "POST":
        entries, bad = entry.read_marks(rows, request.POST)
        if not bad:
            result = attendance_services.marks_save(entries, by=request.user)
            messages.success(
                request, f"The marks for the week beginning {monday:%-d %B %Y} are saved: {result}."
            )
            return redirect(f"{url}?week={monday}")
    following = monday + dt.timedelta(weeks=1)
    return render(
        request,
        "portal/week.html",
        {
            "placement": placement,
            "pupil": placement.referral.pupil,
            "monday": monday,
            "previous": monday - dt.timedelta(weeks=1),
            "next": following if following <= today else None,
            "days": [monday + dt.timedelta(days=i) for i in range(5)],
            "row": rows[0],
            "bad": bad,
            "codes": CODES.values(),
            "any_open": any(c.open for c in rows[0].cells),
        },
    )


@shows_pupils("provider portal: absence notification")
def absence_notify(request, placement_id: int):
    """R-10.6: the daily notification of an absence, which starts the school's follow-up."""
    placement = portal_placement(request.user, placement_id)
    pupil = placement.referral.pupil
    form = AbsenceForm(request.POST if request.method == "POST" else None)
    back = reverse("portal:placement", args=[placement.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_notify(
                placement=placement,
                sessions=form.cleaned_data["sessions"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                calendar=SchoolCalendar.for_school(placement.referral.school_id),
                now=timezone.localtime(),
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                f"{placement.referral.school.name} has been told that {pupil.provider_name} is "
                "absent today. The school follows the absence up.",
            )
            return redirect(back)
    return form_page(
        request,
        form,
        title="Tell the school about an absence today",
        caption=f"{pupil.provider_name}, {placement.referral.school.name}",
        intro=f"For today, {timezone.localdate():%A %-d %B %Y}.",
        submit="Tell the school",
        cancel_url=back,
        back_url=back,
    )

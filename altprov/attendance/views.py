"""Attendance pages (R-10.6, R-12.6): the school's attendance, the week's grid, the import, and
a placement's attendance with its absences, follow-ups, contacts and interventions."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.organisations.selectors import school_for
from altprov.placements.views import placement_for
from altprov.termdates.schooldays import SchoolCalendar

from . import chart, services, week
from .codes import CODES, MEANING_LABELS, Meaning
from .forms import FollowUpForm, ImportForm, InterventionForm, NotificationForm, ParentContactForm
from .importing import COLUMNS, marks_import
from .models import FollowUp, WeeklyUpdate
from .rules import monday_of
from .selectors import attending_in_week, intervention_due, placement_attendance

REPORT_SUMMARY_SIZE = 10


def _week_asked(request, today: dt.date) -> dt.date:
    raw = request.POST.get("week") or request.GET.get("week") or ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return monday_of(today)
    if not dt.date(2000, 1, 1) <= day <= today + dt.timedelta(days=366):
        return monday_of(today)
    return monday_of(day)


@shows_pupils("attendance: school")
def school_attendance(request, school_id: int):
    """The school's attendance at a glance: this week's update, open follow-ups, what to do."""
    school = school_for(request.user, school_id, Permission.VIEW_ATTENDANCE)
    today = timezone.localdate()
    this_week = monday_of(today)
    updates = {
        u.week: u
        for u in WeeklyUpdate.objects.filter(
            school=school, week__gte=this_week - dt.timedelta(weeks=1)
        ).select_related("done_by")
    }
    follow_ups = list(
        FollowUp.objects.filter(placement__referral__school=school, done_on__isnull=True)
        .select_related("placement__referral__pupil", "placement__provider")
        .order_by("absence_date", "pk")
    )
    return render(
        request,
        "attendance/school.html",
        {
            "school": school,
            "can_enter": has_permission(request.user, Permission.ENTER_ATTENDANCE, school=school),
            "weeks": [(w, updates.get(w)) for w in (this_week - dt.timedelta(weeks=1), this_week)],
            "follow_ups": follow_ups,
        },
    )


@require_POST
def weekly_update(request, school_id: int):
    """R-10.6: the week's attendance is in the school's records and sent to the AP Lead."""
    school = school_for(request.user, school_id, Permission.ENTER_ATTENDANCE)
    today = timezone.localdate()
    monday = _week_asked(request, today)
    if monday > today:
        raise Http404
    try:
        services.weekly_update_done(school=school, week=monday, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"The update for the week beginning {monday:%-d %B %Y} is marked done."
        )
    return redirect("attendance:school", school_id=school.pk)


@shows_pupils("attendance: week")
def week_entry(request, school_id: int):
    """R-10.6: the Attendance Lead enters a week of marks for the school's attending placements,
    saved in one transaction, in a fixed number of queries whatever the number of pupils."""
    school = school_for(request.user, school_id, Permission.ENTER_ATTENDANCE)
    today = timezone.localdate()
    monday = _week_asked(request, today)
    placements = attending_in_week(school.pk, monday)
    calendar = SchoolCalendar.for_school(school)
    rows = week.build(placements, calendar, monday, today)
    bad = []
    if request.method == "POST":
        entries, bad = week.read(rows, request.POST)
        if not bad:
            result = services.marks_save(entries, by=request.user)
            messages.success(
                request, f"The marks for the week beginning {monday:%-d %B %Y} are saved: {result}."
            )
            return redirect(f"{reverse('attendance:week', args=[school.pk])}?week={monday}")
    return render(
        request,
        "attendance/week.html",
        {
            "school": school,
            "monday": monday,
            "previous": monday - dt.timedelta(weeks=1),
            "next": monday + dt.timedelta(weeks=1)
            if monday + dt.timedelta(weeks=1) <= today
            else None,
            "days": [monday + dt.timedelta(days=i) for i in range(5)],
            "rows": rows,
            "bad": bad,
            "codes": CODES.values(),
            "any_open": any(c.open for r in rows for c in r.cells),
        },
    )


@shows_pupils("attendance: import")
def marks_import_page(request, school_id: int):
    school = school_for(request.user, school_id, Permission.ENTER_ATTENDANCE)
    outcome = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = marks_import(
            school=school,
            data=upload.read(),
            by=request.user,
            calendar=SchoolCalendar.for_school(school),
            today=timezone.localdate(),
        )
        if outcome.problem:
            form.add_error("file", outcome.problem)
        elif not outcome.errors:
            messages.success(request, f"{upload.name} has been imported: {outcome.result}.")
            return redirect("attendance:import", school_id=school.pk)
    errors = outcome.errors if outcome is not None else []
    return render(
        request,
        "attendance/import.html",
        {
            "school": school,
            "form": form,
            "columns": COLUMNS,
            "errors": errors,
            "summary_errors": errors[:REPORT_SUMMARY_SIZE],
            "more_errors": max(len(errors) - REPORT_SUMMARY_SIZE, 0),
            "refused_lines": len({e.line for e in errors}),
            "accepted": outcome.accepted if errors else 0,
        },
    )


def _placement(request, placement_id: int, permission: Permission):
    placement = placement_for(request, placement_id)
    if not has_permission(request.user, permission, school=placement.referral.school):
        raise Http404
    return placement


@shows_pupils("attendance: placement")
def placement_page(request, placement_id: int):
    """The placement's attendance per week and overall, as a chart and a table (R-10.6), the
    intervention when below the school's target (R-12.6), absences and follow-ups."""
    placement = _placement(request, placement_id, Permission.VIEW_ATTENDANCE)
    school = placement.referral.school
    today = timezone.localdate()
    figures = placement_attendance(placement)
    due = intervention_due(figures.below_target, figures.latest_mark, figures.latest_intervention)
    return render(
        request,
        "attendance/placement.html",
        {
            "placement": placement,
            "school": school,
            "figures": figures,
            "svg": chart.weekly_chart(figures.weeks, figures.target),
            "intervention_needed": due is not None and due <= today,
            "intervention_due": due,
            "can_enter": has_permission(request.user, Permission.ENTER_ATTENDANCE, school=school),
            "notifications": placement.absence_notifications.select_related("recorded_by"),
            "follow_ups": placement.absence_follow_ups.select_related("recorded_by"),
            "contacts": placement.parent_contacts.select_related("recorded_by"),
            "interventions": placement.attendance_interventions.select_related("recorded_by"),
            "meanings": MEANING_LABELS,
            "attending": Meaning.ATTENDING,
        },
    )


def _back(placement) -> str:
    return reverse("attendance:placement", args=[placement.pk])


@shows_pupils("attendance: absence notification")
def notification_add(request, placement_id: int):
    placement = _placement(request, placement_id, Permission.ENTER_ATTENDANCE)
    form = NotificationForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.notification_record(
            placement=placement,
            date=data["absent_on"],
            sessions=data["sessions"],
            reason=data["reason"],
            reason_accepted=data["reason_accepted"],
            notified_by=data["notified_by"],
            notified_at=data["notified_at"],
            by=request.user,
        )
        text = "The absence is recorded."
        if not data["reason_accepted"]:
            text += " It is unauthorised: a follow-up is open until its outcome is recorded."
        messages.success(request, text)
        return redirect(_back(placement))
    return form_page_for(
        request, form, placement, "Record an absence notified by the provider", "Record the absence"
    )


@shows_pupils("attendance: follow-up")
def follow_up_record(request, follow_up_id: int):
    try:
        follow_up = FollowUp.objects.select_related("placement").get(
            pk=follow_up_id,
            placement__referral__school_id__in=school_ids_with(
                request.user, Permission.ENTER_ATTENDANCE
            ),
            done_on__isnull=True,
        )
    except (FollowUp.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    placement = _placement(request, follow_up.placement_id, Permission.ENTER_ATTENDANCE)
    form = FollowUpForm(request.POST or None, absence_date=follow_up.absence_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "The follow-up is recorded.")
            return redirect(_back(placement))
    return form_page_for(
        request,
        form,
        placement,
        f"Record the follow-up of the absence on {follow_up.absence_date:%-d %B %Y}",
        "Record the follow-up",
        intro=follow_up.reason + ".",
    )


@shows_pupils("attendance: contact with parents")
def contact_add(request, placement_id: int):
    placement = _placement(request, placement_id, Permission.ENTER_ATTENDANCE)
    form = ParentContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.parent_contact_record(placement=placement, by=request.user, **form.cleaned_data)
        messages.success(request, "The contact with the parents or carers is recorded.")
        return redirect(_back(placement))
    return form_page_for(
        request,
        form,
        placement,
        "Record a contact with the parents or carers about absence",
        "Record the contact",
    )


@shows_pupils("attendance: intervention")
def intervention_add(request, placement_id: int):
    placement = _placement(request, placement_id, Permission.ENTER_ATTENDANCE)
    figures = placement_attendance(placement)
    pct = figures.overall.percentage
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if pct is None:
            form.add_error(None, "No attendance is recorded yet for this placement")
        else:
            services.intervention_record(
                placement=placement, attendance=pct, by=request.user, **form.cleaned_data
            )
            messages.success(request, "The intervention is recorded.")
            return redirect(_back(placement))
    intro = (
        f"Attendance is {pct}% against the school's target of {figures.target}% (R-12.6)."
        if pct is not None
        else "No attendance is recorded yet."
    )
    return form_page_for(
        request,
        form,
        placement,
        "Record an attendance intervention",
        "Record the intervention",
        intro=intro,
    )


def form_page_for(request, form, placement, title, submit, intro=""):
    return form_page(
        request,
        form,
        title=title,
        caption=f"{placement.pupil.full_name} at {placement.provider.name}",
        submit=submit,
        cancel_url=_back(placement),
        back_url=_back(placement),
        intro=intro,
    )

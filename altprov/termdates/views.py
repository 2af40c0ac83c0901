"""Term dates for a school: academic years, terms with their half-term breaks, INSET and closure
days (X-2). Trust administrators keep them; every due date in the service is computed from them."""

import datetime as dt

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.organisations.selectors import school_for

from .forms import AcademicYearForm, ClosureDayForm, TermForm
from .models import AcademicYear, ClosureDay, Term
from .schooldays import SchoolCalendar


def _school(request, school_id):
    return school_for(request.user, school_id, Permission.MANAGE_TERM_DATES)


def _form_page(request, form, school, title: str, submit: str):
    return form_page(
        request,
        form,
        title=title,
        caption=school.name,
        submit=submit,
        cancel_url=reverse("termdates:term_dates", args=[school.pk]),
    )


def term_dates(request, school_id: int):
    school = _school(request, school_id)
    years = AcademicYear.objects.filter(school=school).prefetch_related(
        Prefetch("terms", queryset=Term.objects.order_by("start"))
    )
    closures = ClosureDay.objects.filter(school=school)
    calendar = SchoolCalendar.for_school(school)
    year_rows = []
    for year in years:
        terms = year.terms.all()
        days = (
            calendar.school_days_between(terms[0].start, terms[len(terms) - 1].end) if terms else 0
        )
        year_rows.append({"year": year, "school_days": days})
    return render(
        request,
        "termdates/term_dates.html",
        {"school": school, "years": year_rows, "closures": closures, "today": dt.date.today()},
    )


def year_add(request, school_id: int):
    school = _school(request, school_id)
    form = AcademicYearForm(
        request.POST if request.method == "POST" else None, instance=AcademicYear(school=school)
    )
    if request.method == "POST" and form.is_valid():
        year = form.save()
        messages.success(request, f"The academic year {year} has been added. Now add its terms.")
        return redirect("termdates:term_dates", school_id=school.pk)
    return _form_page(request, form, school, "Add an academic year", "Add academic year")


def term_add(request, school_id: int, year_id: int):
    school = _school(request, school_id)
    year = get_object_or_404(AcademicYear, pk=year_id, school=school)
    form = TermForm(
        request.POST if request.method == "POST" else None, instance=Term(academic_year=year)
    )
    if request.method == "POST" and form.is_valid():
        term = form.save()
        messages.success(request, f"The {term.get_name_display().lower()} has been added.")
        return redirect("termdates:term_dates", school_id=school.pk)
    return _form_page(request, form, school, f"Add a term to {year}", "Add term")


def term_edit(request, school_id: int, term_id: int):
    school = _school(request, school_id)
    term = get_object_or_404(Term, pk=term_id, academic_year__school=school)
    form = TermForm(request.POST if request.method == "POST" else None, instance=term)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The {term.get_name_display().lower()} has been updated.")
        return redirect("termdates:term_dates", school_id=school.pk)
    return _form_page(
        request, form, school, f"Change the {term.get_name_display().lower()}", "Save"
    )


def closure_add(request, school_id: int):
    school = _school(request, school_id)
    form = ClosureDayForm(
        request.POST if request.method == "POST" else None, instance=ClosureDay(school=school)
    )
    if request.method == "POST" and form.is_valid():
        closure = form.save()
        messages.success(request, f"{closure} has been added.")
        return redirect("termdates:term_dates", school_id=school.pk)
    return _form_page(request, form, school, "Add an INSET or closure day", "Add day")


def closure_delete(request, school_id: int, closure_id: int):
    school = _school(request, school_id)
    closure = get_object_or_404(ClosureDay, pk=closure_id, school=school)
    if request.method == "POST":
        description = str(closure)
        closure.delete()
        messages.success(request, f"{description} has been removed.")
        return redirect("termdates:term_dates", school_id=school.pk)
    return render(request, "termdates/closure_delete.html", {"school": school, "closure": closure})

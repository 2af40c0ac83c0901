"""The reports (R-10.9, R-7.6): the school's AP report, the trust's schools side by side, the
governance report for trustees and local academy committees (with the termly PDF), the school
census placements, and every table's CSV and XLSX download."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from altprov.audit.access import shows_pupils
from altprov.authz.permissions import Permission
from altprov.core import generations
from altprov.core.navigation import report_links
from altprov.core.step_up import step_up_required
from altprov.organisations.models import School
from altprov.organisations.selectors import (
    current_school,
    school_for,
    schools_for,
    trust_for,
    trusts_for,
)
from altprov.termdates.models import Term

from . import census as census_rows
from .context import Period, ReportContext, period_from
from .sections import VIEWS, section_for
from .tables import Table, to_csv, to_xlsx

FORMATS = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


def _downloads(table: Table, url_for) -> dict:
    return {fmt: url_for(table.key, fmt) for fmt in FORMATS}


def _download(table: Table, fmt: str, name: str) -> HttpResponse:
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(table), content_type=content_type)
    safe = "".join(c if c.isalnum() or c == "-" else "-" for c in name.lower())
    response["Content-Disposition"] = f'attachment; filename="{safe}.{fmt}"'
    return response


def _page(request, template_context: dict, url_for) -> HttpResponse:
    tables = template_context["tables"]
    template_context["tables"] = [(t, _downloads(t, url_for)) for t in tables]
    template_context["other_reports"] = [
        (text, url) for text, url in report_links(request) if url != request.path
    ]
    return render(request, "reports/report.html", template_context)


# The school's AP report ---------------------------------------------------------------------------


def _school_ctx(request, school_id: int):
    school = school_for(request.user, school_id, Permission.VIEW_SCHOOL_REPORTS)
    today = timezone.localdate()
    period, errors = period_from(request.GET, today)
    return school, ReportContext([school], period, today, request.user), errors


@shows_pupils("AP report: school")
def school_report(request, school_id: int):
    """Pupils in AP by provider and route, duties overdue, placements not meeting a condition,
    attendance against the target, providers in use (Headteacher, AP Lead, trust oversight)."""
    school, ctx, errors = _school_ctx(request, school_id)

    def url_for(key, fmt):
        return reverse("reports:school_table", args=[school.pk, key, fmt]) + "?" + ctx.period.query

    return _page(
        request,
        {
            "title": "AP report",
            "caption": school.name,
            "period": ctx.period,
            "errors": errors,
            "tables": [section(ctx) for section in VIEWS["school"]],
            "census_url": reverse("reports:census", args=[school.pk]),
            "governance": False,
        },
        url_for,
    )


@step_up_required
@shows_pupils("AP report: school, download")
def school_table(request, school_id: int, key: str, fmt: str):
    section = section_for("school", key)
    if section is None or fmt not in FORMATS:
        raise Http404
    school, ctx, _ = _school_ctx(request, school_id)
    return _download(section(ctx), fmt, f"{school.name}-{key}-{ctx.period.end}")


# The trust's schools side by side -----------------------------------------------------------------


def _trust_ctx(request, trust_id: int | None = None):
    """The trust of the request (its current school's), or the one named by a download's URL,
    which must be one where the user holds the permission through a trust role."""
    if trust_id is None:
        trust = trust_for(request, Permission.VIEW_TRUST_REPORTS)
    else:
        trust = trusts_for(request.user, Permission.VIEW_TRUST_REPORTS).filter(pk=trust_id).first()
        if trust is None:
            raise Http404
    today = timezone.localdate()
    period, errors = period_from(request.GET, today)
    schools = School.objects.filter(trust=trust).select_related("trust").order_by("name", "pk")
    return trust, ReportContext(schools, period, today), errors


def trust_report(request):
    """The trust's schools side by side: counts, placements by status, effectiveness,
    attendance per week, providers in use, unregistered placements; never a pupil."""
    trust, ctx, errors = _trust_ctx(request)
    tables, worked_out_at = trust_tables(trust, ctx, request.user)

    def url_for(key, fmt):
        return reverse("reports:trust_table", args=[trust.pk, key, fmt]) + "?" + ctx.period.query

    return _page(
        request,
        {
            "title": "AP report: the trust's schools",
            "caption": trust.name,
            "period": ctx.period,
            "errors": errors,
            "tables": tables,
            "worked_out_at": worked_out_at,
            "worked_out_every": generations.OVERSIGHT_MINUTES,
            "governance": False,
        },
        url_for,
    )


def trust_tables(trust, ctx: ReportContext, user) -> tuple[list[Table], dt.datetime]:
    """The trust report's tables and when they were worked out: a stored copy for this person,
    trust, period and day, computed again after `generations.OVERSIGHT_MINUTES`, after a write
    of their own or to the whole service (altprov/core/generations.py). It shows no pupil."""
    period = ctx.period
    copy = generations.stored_copy(
        f"report:trust:{trust.pk}:{user.pk}:{ctx.today.isoformat()}:{period.start}:{period.end}",
        [generations.SERVICE, generations.user_key(user.pk)],
        lambda: {"at": timezone.now(), "tables": [section(ctx) for section in VIEWS["trust"]]},
        keep_seconds=generations.OVERSIGHT_MINUTES * 60,
        layout=2,
    )
    return copy["tables"], copy["at"]


def trust_table(request, trust_id: int, key: str, fmt: str):
    section = section_for("trust", key)
    if section is None or fmt not in FORMATS:
        raise Http404
    trust, ctx, _ = _trust_ctx(request, trust_id)
    return _download(section(ctx), fmt, f"{trust.name}-{key}-{ctx.period.end}")


# Trustees and local academy committees (aggregates only, suppressed) ------------------------------


def governance_schools(request, trust_id: int | None = None) -> list[School]:
    """The schools whose aggregates the user may see, in one trust: every school of the trust for
    a trust role, their own school for a school role (a local academy committee member). A user
    in several trusts sees their current school's trust, or the trust a download names."""
    schools = list(schools_for(request.user, Permission.VIEW_AGGREGATE_REPORTS).order_by("name"))
    if trust_id is None and schools:
        here = current_school(request)
        trust_id = (
            here.trust_id
            if here and any(s.trust_id == here.trust_id for s in schools)
            else schools[0].trust_id
        )
    schools = [s for s in schools if s.trust_id == trust_id]
    if not schools:
        raise Http404
    return schools


def _governance_ctx(request, trust_id: int | None = None):
    schools = governance_schools(request, trust_id)
    today = timezone.localdate()
    period, errors = period_from(request.GET, today)
    return schools, ReportContext(schools, period, today), errors


def governance_report(request):
    """Aggregate numbers for trustees and local academy committees (R-10.9): never a pupil,
    every count from 1 to 4 shown as "fewer than 5", with secondary suppression."""
    schools, ctx, errors = _governance_ctx(request)

    def url_for(key, fmt):
        return (
            reverse("reports:governance_table", args=[schools[0].trust_id, key, fmt])
            + "?"
            + ctx.period.query
        )

    terms = (
        Term.objects.filter(academic_year__school__in=schools)
        .select_related("academic_year__school")
        .order_by("academic_year__school__name", "-start")
    )
    by_school: dict[int, list] = {}
    for term in terms:
        by_school.setdefault(term.academic_year.school_id, []).append(term)
    return _page(
        request,
        {
            "title": "AP report for trustees and local academy committees",
            "caption": schools[0].trust.name if len(schools) > 1 else schools[0].name,
            "period": ctx.period,
            "errors": errors,
            "tables": [section(ctx) for section in VIEWS["governance"]],
            "governance": True,
            "termly": [(s, by_school.get(s.pk, [])) for s in schools],
        },
        url_for,
    )


def governance_table(request, trust_id: int, key: str, fmt: str):
    section = section_for("governance", key)
    if section is None or fmt not in FORMATS:
        raise Http404
    schools, ctx, _ = _governance_ctx(request, trust_id)
    return _download(section(ctx), fmt, f"governance-{key}-{ctx.period.end}")


def term_asked(request, school: School) -> Term:
    """The term in `?term=`, one of the school's; by default its latest term started by today."""
    terms = Term.objects.filter(academic_year__school=school)
    raw = request.GET.get("term", "")
    if raw:
        try:
            return terms.get(pk=int(raw))
        except (Term.DoesNotExist, ValueError):
            raise Http404 from None
    term = terms.filter(start__lte=timezone.localdate()).order_by("-start").first()
    if term is None:
        raise Http404
    return term


def lac_pdf(request, school_id: int):
    """The termly report for the school's local academy committee, as a PDF: the governance
    sections for the school over the term, suppressed the same way (R-10.9)."""
    school = school_for(request.user, school_id, Permission.VIEW_AGGREGATE_REPORTS)
    if school not in governance_schools(request):
        raise Http404
    term = term_asked(request, school)
    today = timezone.localdate()
    end = min(term.end, today)
    period = Period(term.start, end, f"{term.get_name_display()} {term.academic_year.name}")
    ctx = ReportContext([school], period, today)
    html = render_to_string(
        "reports/lac_pdf.html",
        {
            "school": school,
            "term": term,
            "period": period,
            "today": today,
            "tables": [section(ctx) for section in VIEWS["governance"]],
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"ap-report-{school.name}-{term.name}-{term.start.year}".lower()
    response["Content-Disposition"] = (
        f'inline; filename="{"".join(c if c.isalnum() else "-" for c in name)}.pdf"'
    )
    return response


# The school census (R-7.6) ------------------------------------------------------------------------


def _census_date(request, today: dt.date) -> tuple[dt.date, str]:
    raw = request.GET.get("date", "")
    if not raw:
        return today, ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return today, "Enter the census date as year, month and day, for example 2027-01-15"
    if not dt.date(2000, 1, 1) <= day <= today + dt.timedelta(days=366):
        return today, "Enter a census date from 2000 to a year from today"
    return day, ""


@shows_pupils("school census: AP placements")
def census(request, school_id: int):
    school = school_for(request.user, school_id, Permission.VIEW_SCHOOL_REPORTS)
    day, error = _census_date(request, timezone.localdate())
    table = census_rows.census_table(school, day, with_names=True)
    missing = sum(1 for r in table.rows if not (r["urn"] or r["ukprn"] or r["setting_type"]))
    downloads = {
        fmt: reverse("reports:census_download", args=[school.pk, fmt]) + f"?date={day}"
        for fmt in FORMATS
    }
    return render(
        request,
        "reports/census.html",
        {
            "school": school,
            "day": day,
            "error": error,
            "table": table,
            "downloads": downloads,
            "missing": missing,
        },
    )


@step_up_required
@shows_pupils("school census: AP placements, download")
def census_download(request, school_id: int, fmt: str):
    school = school_for(request.user, school_id, Permission.VIEW_SCHOOL_REPORTS)
    if fmt not in FORMATS:
        raise Http404
    day, _ = _census_date(request, timezone.localdate())
    return _download(census_rows.census_table(school, day), fmt, f"census-ap-{school.urn}-{day}")

"""AP budgets (R-10.10): each school's budget for the year against the committed cost of its
placements, the Headteacher's proposals and the trust's decisions."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.organisations.selectors import school_for, trust_for
from altprov.placements.models import Placement

from . import services
from .costs import costs_for, first_month_of
from .forms import ProposalForm, ReturnForm
from .models import Budget
from .report import budget_by_school, line_of
from .rules import FinancialYear, financial_year
from .selectors import proposal_for


def _year_asked(request, first_month: int, today: dt.date) -> FinancialYear:
    """The financial year starting in the calendar year `?year=` names; else the current one."""
    asked = request.GET.get("year", "")
    if asked.isdigit() and 1900 < int(asked) < 2200:
        return financial_year(dt.date(int(asked), first_month, 1), first_month)
    return financial_year(today, first_month)


def school_url(school_id: int, year: FinancialYear) -> str:
    return reverse("budgets:school", args=[school_id]) + f"?year={year.start.year}"


@shows_pupils("school: AP budget")
def school_budget(request, school_id: int):
    """The school's budget for a financial year with its status and history, spent, committed
    and remaining, and each placement's part. A fixed number of queries whatever the number of
    placements."""
    user = request.user
    school = school_for(user, school_id, Permission.VIEW_BUDGETS)
    today = dt.date.today()
    first_month = first_month_of(school.trust)
    year = _year_asked(request, first_month, today)
    current = financial_year(today, first_month)
    budgets = list(Budget.objects.filter(school=school).order_by("-year_start"))
    budget = next((b for b in budgets if b.year_start == year.start), None)
    proposals = list(budget.proposals.select_related("proposed_by", "decided_by")) if budget else []
    placements = list(
        Placement.objects.filter(referral__school=school)
        .select_related("referral__pupil__school", "provider")
        .order_by("start_date", "pk")
    )
    costs = costs_for(
        [school.pk], today, placements=placements, first_month={school.pk: first_month}
    )[school.pk]
    line = line_of(costs, year, budget)
    shows_pupils_here = has_permission(user, Permission.VIEW_PUPILS, school=school)
    rows = [
        {"placement": p, "cost": costs.costs[p.pk], "part": costs.costs[p.pk].in_year(year)}
        for p in placements
        if year in costs.costs[p.pk].years
    ]
    if shows_pupils_here:
        request.pupils_shown = [row["placement"].pupil for row in rows]
    years = sorted({financial_year_of(b) for b in budgets} | {current, current.next}, reverse=True)
    return render(
        request,
        "budgets/school.html",
        {
            "school": school,
            "year": year,
            "current": current,
            "budget": budget,
            "line": line,
            "proposals": proposals,
            "waiting": next((p for p in proposals if p.state == "proposed"), None),
            "rows": rows,
            "shows_pupils": shows_pupils_here,
            "other_years": [(y, school_url(school.pk, y)) for y in years if y != year],
            "can_propose": has_permission(user, Permission.PROPOSE_BUDGETS, school=school)
            and year in (current, current.next),
            "can_decide": has_permission(user, Permission.APPROVE_BUDGETS, school=school),
            "today": today,
        },
    )


def financial_year_of(budget: Budget) -> FinancialYear:
    return FinancialYear(budget.year_start, budget.year_end)


def trust_budgets(request):
    """The trust's schools side by side for the current financial year: amounts only, no
    pupils. A fixed number of queries whatever the number of schools and placements."""
    trust = trust_for(request, Permission.VIEW_BUDGETS)
    schools = list(trust.schools.order_by("name"))
    today = dt.date.today()
    lines = budget_by_school([s.pk for s in schools], today)
    year = financial_year(today, first_month_of(trust))
    return render(
        request,
        "budgets/trust.html",
        {
            "trust": trust,
            "year": year,
            "rows": [(s, lines[s.pk], school_url(s.pk, year)) for s in schools],
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def propose(request, school_id: int):
    school = school_for(request.user, school_id, Permission.PROPOSE_BUDGETS)
    today = dt.date.today()
    current = financial_year(today, first_month_of(school.trust))
    years = [current, current.next]
    asked = _year_asked(request, current.start.month, today)
    form = ProposalForm(
        request.POST if request.method == "POST" else None,
        years=years,
        initial={"year": asked.start.isoformat() if asked in years else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.budget_propose(school=school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            year = proposal.budget.year
            messages.success(
                request,
                f"The AP budget of £{proposal.amount:,.2f} for {year} has been sent to the trust "
                "for approval.",
            )
            return redirect(school_url(school.pk, year))
    return form_page(
        request,
        form,
        title="Propose the AP budget",
        caption=school.name,
        submit="Send to the trust for approval",
        cancel_url=reverse("budgets:school", args=[school.pk]),
        intro="The trust approves each school's budget for alternative provision for the "
        "financial year. A change to an approved budget is approved again; until then the "
        "approved budget stays in force.",
    )


@require_POST
def approve(request, proposal_id: int):
    proposal = proposal_for(request.user, proposal_id, Permission.APPROVE_BUDGETS)
    budget = proposal.budget
    try:
        services.budget_approve(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"You have approved the AP budget of £{proposal.amount:,.2f} for {budget.year} for the "
            "trust.",
        )
    return redirect(school_url(budget.school_id, budget.year))


def return_proposal(request, proposal_id: int):
    proposal = proposal_for(request.user, proposal_id, Permission.APPROVE_BUDGETS)
    budget = proposal.budget
    back = school_url(budget.school_id, budget.year)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_return(
                proposal=proposal, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"You have returned the proposed AP budget for {budget.year}."
            )
            return redirect(back)
    return form_page(
        request,
        form,
        title="Return the proposed AP budget",
        caption=f"{budget.school.name}: £{proposal.amount:,.2f} for {budget.year}",
        submit="Return the proposal",
        cancel_url=back,
    )

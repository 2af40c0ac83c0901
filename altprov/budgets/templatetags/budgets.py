"""Budget tags for other apps' pages (R-10.10), so they never import the budgets app:

- `{% budget_warning placement %}` on the placement's page while it is planned (where it is
  approved by the trust and started, and where making it leads);
- `{% budget_remaining school %}` on the page where a placement is made;
- `{{ amount|money }}`: £1,234.56."""

from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission

from ..warnings import placement_warnings, school_remaining

register = template.Library()


@register.filter
def money(amount) -> str:
    if amount is None:
        return ""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def _budget_link(context, school) -> str:
    request = context.get("request")
    if request is None or not has_permission(request.user, Permission.VIEW_BUDGETS, school=school):
        return ""
    return reverse("budgets:school", args=[school.pk])


@register.simple_tag(takes_context=True)
def budget_warning(context, placement):
    if placement.status != "planned":
        return ""
    warnings = placement_warnings(placement)
    if not warnings:
        return ""
    school = placement.referral.school
    return render_to_string(
        "budgets/_placement_warning.html",
        {"warnings": warnings, "school": school, "link": _budget_link(context, school)},
    )


@register.simple_tag(takes_context=True)
def budget_remaining(context, school):
    return render_to_string(
        "budgets/_remaining_warning.html",
        {
            "found": school_remaining(school),
            "school": school,
            "link": _budget_link(context, school),
        },
    )

"""Term dates that are running out: due dates cannot be computed beyond them (X-2)."""

import datetime as dt

from django.db.models import Max
from django.urls import reverse

from altprov.authz.checks import trust_ids_with
from altprov.authz.permissions import Permission
from altprov.core.attention import AttentionItem, attention_source
from altprov.organisations.models import School

WARN_DAYS = 90


@attention_source
def term_dates_running_out(request) -> list[AttentionItem]:
    trusts = trust_ids_with(request.user, Permission.MANAGE_TERM_DATES)
    if not trusts:
        return []
    today = dt.date.today()
    horizon = today + dt.timedelta(days=WARN_DAYS)
    schools = (
        School.objects.filter(trust_id__in=trusts)
        .annotate(last_term_day=Max("academic_years__terms__end"))
        .order_by("name")
    )
    items = []
    for school in schools:
        if school.last_term_day is None:
            items.append(
                AttentionItem(
                    title=f"{school.name} has no term dates",
                    detail="No due date can be worked out for its pupils until it has.",
                    url=reverse("termdates:term_dates", args=[school.pk]),
                    link_text=f"Add term dates for {school.name}",
                    urgent=True,
                )
            )
        elif school.last_term_day < horizon:
            items.append(
                AttentionItem(
                    title=f"{school.name}'s term dates end on {school.last_term_day:%-d %B %Y}",
                    detail="Add the next academic year so that due dates can be worked out.",
                    url=reverse("termdates:term_dates", args=[school.pk]),
                    link_text=f"Add term dates for {school.name}",
                    urgent=school.last_term_day < today,
                )
            )
    return items

"""Oversight duties (policy 10.3 to 10.5): providers the school works with whose audit or letter
of comfort is out of date or about to be (R-5.5, R-5.6)."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from altprov.authz.permissions import Permission, has_permission
from altprov.core.attention import AttentionItem, attention_source
from altprov.organisations.middleware import current_school
from altprov.organisations.services import settings_for

from .selectors import register
from .suitability import audit_cutoff, start_of_day

SOON = dt.timedelta(days=60)


@attention_source
def providers_needing_renewal(request) -> list[AttentionItem]:
    school = current_school(request)
    if school is None or not has_permission(request.user, Permission.EDIT_AUDITS, school=school):
        return []
    today = dt.date.today()
    settings = settings_for(school.trust)
    audit_soon = start_of_day(audit_cutoff(settings, today + SOON))
    providers = register(school.trust, today=today, in_use_school_id=school.pk).filter(
        Q(latest_audit_visit__lt=audit_soon) | Q(latest_letter_renewal_due__lt=today + SOON)
    )
    items = []
    for provider in providers:
        url = reverse("providers:detail", args=[provider.pk])
        if provider.latest_audit_visit and provider.latest_audit_visit < audit_soon:
            expired = provider.latest_audit_visit < start_of_day(audit_cutoff(settings, today))
            items.append(
                AttentionItem(
                    title=f"{provider.name}: audit {'out of date' if expired else 'due for renewal'}",
                    detail=f"The last audit visit was on {provider.latest_audit_visit:%-d %B %Y}. "
                    f"Audits stay in date for {settings.audit_valid_months} months.",
                    url=url,
                    link_text=f"Open {provider.name}",
                    urgent=expired,
                )
            )
        due = provider.latest_letter_renewal_due
        if due and due < today + SOON:
            items.append(
                AttentionItem(
                    title=f"{provider.name}: letter of comfort {'expired' if due < today else 'due for renewal'} on {due:%-d %B %Y}",
                    detail="Ask the provider for a new letter confirming its safeguarding checks.",
                    url=url,
                    link_text=f"Open {provider.name}",
                    urgent=due < today,
                )
            )
    return items

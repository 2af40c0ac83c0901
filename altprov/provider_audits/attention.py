"""Audit duties: confirmations and sign-offs waiting, and next steps falling due (R-5.4, R-5.6)."""

import datetime as dt

from django.urls import reverse

from altprov.authz.permissions import Permission, has_permission
from altprov.core.attention import AttentionItem, attention_source
from altprov.organisations.middleware import current_school

from .appendix import SECTIONS_BY_KEY
from .models import AuditAction, ProviderAudit
from .progress import AuditSnapshot, section_progress, sign_off_blockers


@attention_source
def audits_waiting(request) -> list[AttentionItem]:
    school = current_school(request)
    user = request.user
    if school is None:
        return []
    may_confirm = has_permission(user, Permission.CONFIRM_AUDIT_SAFEGUARDING, school=school)
    may_sign = has_permission(user, Permission.SIGN_OFF_AUDITS, school=school)
    if not (may_confirm or may_sign):
        return []
    items = []
    drafts = ProviderAudit.objects.filter(school=school, signed_off_at__isnull=True).select_related(
        "provider"
    )
    for audit in drafts:
        snapshot = AuditSnapshot(audit)
        url = reverse("provider_audits:overview", args=[audit.pk])
        if (
            may_confirm
            and audit.dsl_confirmed_at is None
            and not section_progress(snapshot, SECTIONS_BY_KEY["safeguarding"]).missing
        ):
            items.append(
                AttentionItem(
                    title=f"Confirm the safeguarding section of the audit of {audit.provider}",
                    detail="The Headteacher cannot sign the audit off until the DSL confirms it.",
                    url=url,
                    link_text="Open the audit",
                    link_hidden=f" of {audit.provider}",
                )
            )
        if may_sign and not sign_off_blockers(snapshot):
            items.append(
                AttentionItem(
                    title=f"Sign off the audit of {audit.provider}",
                    detail="Every section is complete and the DSL has confirmed safeguarding.",
                    url=url,
                    link_text="Open the audit",
                    link_hidden=f" of {audit.provider}",
                )
            )
    return items


@attention_source
def my_actions_due(request) -> list[AttentionItem]:
    soon = dt.date.today() + dt.timedelta(days=14)
    actions = AuditAction.objects.filter(
        owner=request.user,
        done_at__isnull=True,
        audit__signed_off_at__isnull=False,
        due_on__lte=soon,
    ).select_related("audit__provider")
    today = dt.date.today()
    return [
        AttentionItem(
            title=f"{'Overdue' if a.due_on < today else 'Due'} on {a.due_on:%-d %B %Y}: next step for {a.audit.provider}",
            detail=a.description[:200],
            url=reverse("provider_audits:action_done", args=[a.pk]),
            link_text="Mark as done",
            link_hidden=f": {a.description[:80]}",
            urgent=a.due_on < today,
        )
        for a in actions
    ]

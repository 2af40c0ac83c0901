"""Audit duties: confirmations and sign-offs waiting (R-5.4). Next steps falling due are duties of
the duty engine (provider_audits/duties.py)."""

from django.urls import reverse

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.attention import AttentionItem, attention_source
from altprov.organisations.selectors import current_school

from .appendix import SECTIONS_BY_KEY
from .models import ProviderAudit
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

"""Reads of audits, scoped to the user: an audit belongs to the school that made it and is seen by
that school's Headteacher, AP Lead and DSL and by the trust's oversight roles (R-10.2)."""

from django.http import Http404

from altprov.authz.permissions import Permission, school_ids_with

from .models import AuditAction, ProviderAudit


def audits_for(user, permission: Permission = Permission.VIEW_AUDITS):
    return ProviderAudit.objects.filter(school_id__in=school_ids_with(user, permission))


def audit_for(user, pk, permission: Permission = Permission.VIEW_AUDITS) -> ProviderAudit:
    try:
        return (
            audits_for(user, permission)
            .select_related("provider__trust", "school", "dsl_confirmed_by", "signed_off_by")
            .get(pk=pk)
        )
    except (ProviderAudit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def audits_visible_to(user, provider):
    return (
        audits_for(user)
        .filter(provider=provider)
        .select_related("school", "signed_off_by")
        .order_by("-visit_at", "-version")
    )


def open_actions_for(user, provider):
    return (
        AuditAction.objects.filter(
            audit__in=audits_for(user).filter(provider=provider),
            done_at__isnull=True,
            audit__signed_off_at__isnull=False,
        )
        .select_related("owner", "audit__school")
        .order_by("due_on", "pk")
    )


def action_for(user, pk) -> AuditAction:
    try:
        return AuditAction.objects.select_related("audit__provider", "audit__school").get(
            pk=pk, audit__in=audits_for(user, Permission.EDIT_AUDITS)
        )
    except (AuditAction.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

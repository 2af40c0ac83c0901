"""Reads of audits, scoped to the user: an audit belongs to the school that made it and is seen by
that school's Headteacher, AP Lead and DSL and by the trust's oversight roles (R-10.2)."""

from django.db.models import OuterRef, Subquery
from django.http import Http404

from altprov.authz.checks import school_ids_with
from altprov.authz.permissions import Permission

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


# What providers reported for the registration threshold (R-5.9) ------------------------------


def latest_reporting_audit(provider) -> ProviderAudit | None:
    """The most recent audit (by visit) in which the provider reported its full-time pupils."""
    return (
        provider.audits.filter(reported_full_time_pupils__isnull=False)
        .order_by("-visit_at", "-pk")
        .first()
    )


def with_reported_counts(queryset):
    """Annotates providers with the counts from their latest reporting audit, so a list can
    apply `providers.threshold.assess_annotated` to every row without a query each."""
    latest = ProviderAudit.objects.filter(
        provider=OuterRef("pk"), reported_full_time_pupils__isnull=False
    ).order_by("-visit_at", "-pk")
    return queryset.annotate(
        **{
            f"reported_{name}": Subquery(latest.values(field)[:1])
            for name, field in [
                ("full_time", "reported_full_time_pupils"),
                ("looked_after", "reported_full_time_looked_after"),
                ("ehcp", "reported_full_time_ehcp"),
                ("sen_support", "reported_full_time_sen_support"),
            ]
        }
    )

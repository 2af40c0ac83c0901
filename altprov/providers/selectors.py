"""Reads of the provider register, scoped to the user (R-5.1, R-10.2)."""

import datetime as dt

from django.db.models import F, Q
from django.http import Http404

from altprov.authz.checks import has_permission_in_trust, trust_ids_reaching
from altprov.authz.permissions import Permission
from altprov.gias.selectors import with_latest_check
from altprov.organisations.models import Trust
from altprov.organisations.selectors import current_school
from altprov.organisations.services import settings_for
from altprov.provider_audits.selectors import with_reported_counts

from .models import Provider
from .suitability import in_use_by, with_suitability


def trust_of_request(request, permission: Permission) -> Trust:
    """The trust whose register the user is working in: their current school's, else the first
    trust where they hold `permission`; not found when there is none."""
    school = current_school(request)
    if school is not None and has_permission_in_trust(request.user, permission, school.trust):
        return school.trust
    trust_ids = sorted(trust_ids_reaching(request.user, permission))
    if not trust_ids:
        raise Http404
    return Trust.objects.get(pk=trust_ids[0])


def providers_for(user, permission: Permission = Permission.VIEW_PROVIDERS):
    return Provider.objects.filter(trust_id__in=trust_ids_reaching(user, permission))


def provider_for(user, pk, permission: Permission = Permission.VIEW_PROVIDERS) -> Provider:
    try:
        return providers_for(user, permission).select_related("trust").get(pk=pk)
    except (Provider.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "status": ("suitability", "name"),
    "-status": ("-suitability", "name"),
    "audit": (F("latest_audit_visit").asc(nulls_first=True), "name"),
    "-audit": (F("latest_audit_visit").desc(nulls_last=True), "name"),
    "town": ("town", "name"),
    "-town": ("-town", "name"),
}


def register(
    trust: Trust,
    *,
    today: dt.date,
    search: str = "",
    registration: str = "",
    key_stage: str = "",
    status: str = "",
    in_use_school_id: int | None = None,
    sort: str = "name",
):
    providers = with_latest_check(
        with_reported_counts(
            with_suitability(Provider.objects.filter(trust=trust), settings_for(trust), today)
        )
    )
    if search:
        providers = providers.filter(
            Q(name__icontains=search) | Q(town__icontains=search) | Q(urn__iexact=search)
        )
    if registration:
        providers = providers.filter(registration_status=registration)
    if key_stage:
        providers = providers.filter(key_stages__contains=f",{key_stage},")
    if status:
        providers = providers.filter(suitability=status)
    if in_use_school_id:
        providers = providers.filter(in_use_by(in_use_school_id))
    # Every order ends with the name, which is unique in a trust: the order is the same each time.
    return providers.order_by(*SORTS.get(sort, SORTS["name"]))


def provider_with_status(provider: Provider, today: dt.date) -> Provider:
    """The provider re-read with its suitability annotations (one query)."""
    return (
        with_reported_counts(
            with_suitability(
                Provider.objects.filter(pk=provider.pk), settings_for(provider.trust), today
            )
        )
        .select_related("trust")
        .get()
    )

"""Reads of the GIAS register, its imports and providers' registration checks (R-5.2).

The register and its imports are public data, the same for every trust. Checks belong to a
provider, so they are read through the trust's providers.
"""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from altprov.organisations.models import Trust
from altprov.providers.models import Provider

from .models import GiasImport, RegistrationCheck


def last_import() -> GiasImport | None:
    return GiasImport.objects.order_by("-imported_at", "-pk").first()


def _latest(field: str, provider_ref: str = "pk") -> Subquery:
    return Subquery(
        RegistrationCheck.objects.filter(provider=OuterRef(provider_ref))
        .order_by("-checked_at", "-pk")
        .values(field)[:1]
    )


def with_latest_check(queryset: QuerySet) -> QuerySet:
    """Providers annotated with their latest check: `registration_flagged`,
    `registration_outcome` and `registration_checked_at` (all None if never checked), in the same
    query as the providers, so a list of any length costs the same."""
    return queryset.annotate(
        registration_flagged=_latest("flagged"),
        registration_outcome=_latest("outcome"),
        registration_checked_at=_latest("checked_at"),
    )


def latest_checks(providers: QuerySet) -> dict[int, RegistrationCheck]:
    """The latest check of each of these providers, by provider id, in one query. Providers never
    checked are missing."""
    checks = RegistrationCheck.objects.filter(
        provider__in=providers.values("pk"), pk=_latest("pk", provider_ref="provider")
    )
    return {check.provider_id: check for check in checks}


def latest_check(provider: Provider) -> RegistrationCheck | None:
    """For the provider's page: {% include "gias/_provider_check.html" with check=... %}."""
    return provider.registration_checks.order_by("-checked_at", "-pk").first()


def providers_with_checks(trust: Trust) -> QuerySet:
    return with_latest_check(Provider.objects.filter(trust=trust)).order_by("name", "pk")


def flagged_count(trust: Trust) -> int:
    """How many of the trust's providers were flagged by their latest check."""
    return (
        with_latest_check(Provider.objects.filter(trust=trust))
        .filter(registration_flagged=True)
        .count()
    )


def import_counts(trust: Trust, gias_import: GiasImport) -> dict[str, int]:
    """How many of the trust's providers this import checked, and how many it flagged."""
    return RegistrationCheck.objects.filter(
        gias_import=gias_import, provider__trust=trust
    ).aggregate(checked=Count("pk"), flagged=Count("pk", filter=Q(flagged=True)))

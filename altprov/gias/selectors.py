"""Reads of the GIAS register, its imports and providers' registration checks (R-5.2).

The register and its imports are public data, the same for every trust. Checks belong to a
provider, so they are read through the trust's providers.
"""

from django.db.models import OuterRef, QuerySet, Subquery

from altprov.organisations.models import Trust
from altprov.providers.models import Provider

from .models import GiasImport, RegistrationCheck


def last_import() -> GiasImport | None:
    return GiasImport.objects.order_by("-imported_at", "-pk").first()


def recent_imports(count: int) -> list[GiasImport]:
    """The latest imports, newest first, for the service administrator's page."""
    return list(
        GiasImport.objects.select_related("imported_by").order_by("-imported_at", "-pk")[:count]
    )


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
    """For the provider's page: {% include "gias/_provider_check.html" with check=... %}, with the
    import it used."""
    return (
        provider.registration_checks.select_related("gias_import")
        .order_by("-checked_at", "-pk")
        .first()
    )


def providers_with_checks(trust: Trust) -> QuerySet:
    """The trust's providers with their latest check and which import it used:
    `registration_import_file`, `registration_import_rows`, `registration_imported_at`."""
    return (
        with_latest_check(Provider.objects.filter(trust=trust))
        .annotate(
            registration_import_file=_latest("gias_import__file_name"),
            registration_import_rows=_latest("gias_import__rows"),
            registration_imported_at=_latest("gias_import__imported_at"),
        )
        .order_by("name", "pk")
    )


def flagged_count(trust: Trust) -> int:
    """How many of the trust's providers were flagged by their latest check."""
    return (
        with_latest_check(Provider.objects.filter(trust=trust))
        .filter(registration_flagged=True)
        .count()
    )

"""The portal's reads of what schools asked the provider for (issue 9). Scoped to the user's
provider through `provider_for`: another provider's request is a 404."""

from django.http import Http404

from altprov.provider_audits.models import SelfAssessmentRequest

from .selectors import provider_for


def portal_requests(user):
    """Self-assessment requests to the user's provider, from every school, while the audit is a
    draft (a signed-off audit asks nothing more)."""
    provider = provider_for(user)
    return list(
        SelfAssessmentRequest.objects.filter(
            audit__provider=provider, audit__signed_off_at__isnull=True
        )
        .select_related("audit__school", "requested_by", "submitted_by")
        .order_by("-requested_at", "-pk")
    )


def portal_request(user, pk) -> SelfAssessmentRequest:
    provider = provider_for(user)
    try:
        return SelfAssessmentRequest.objects.select_related(
            "audit__school", "audit__provider", "requested_by", "submitted_by"
        ).get(pk=pk, audit__provider=provider, audit__signed_off_at__isnull=True)
    except (SelfAssessmentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

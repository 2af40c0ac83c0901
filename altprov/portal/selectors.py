"""What a provider user may read. Everything outside it is a 404, as for staff.

A provider user (`User.provider` set) sees only the placements at their own provider that are
planned or active (not ended), and of those only what the provider needs to know (R-11.2).
"""

from __future__ import annotations

from django.http import Http404

from altprov.placements.models import Placement


def provider_for(user):
    """The provider whose portal the user may use; 404 for anyone else (staff included)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    if user.provider_id is None:
        raise Http404
    return user.provider


def portal_placements(user):
    """Placements at the user's provider that are planned or active, from every school."""
    provider = provider_for(user)
    return Placement.objects.filter(
        provider=provider,
        status__in=[Placement.Status.PLANNED, Placement.Status.ACTIVE],
        ended_on__isnull=True,
    )


def portal_placement(user, pk: int) -> Placement:
    """One placement the provider user may see, or 404."""
    try:
        return portal_placements(user).select_related("referral__pupil__school").get(pk=pk)
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

"""Reads of trusts and schools, always scoped to the user (R-10.2, X-5)."""

from django.http import Http404

from altprov.authz.checks import school_ids_with, trust_ids_with
from altprov.authz.permissions import Permission

from .models import School, Trust


def schools_for(user, permission: Permission = Permission.VIEW_SCHOOL):
    return School.objects.filter(pk__in=school_ids_with(user, permission)).select_related("trust")


def school_for(user, pk, permission: Permission = Permission.VIEW_SCHOOL) -> School:
    """The school with this id if the user holds `permission` in it; otherwise not found."""
    try:
        return schools_for(user, permission).get(pk=pk)
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def trusts_for(user, permission: Permission):
    return Trust.objects.filter(pk__in=trust_ids_with(user, permission))


def trust_for(request, permission: Permission) -> Trust:
    """The trust in which the user holds `permission` through a trust role; not found if none. A
    user with trust roles in several trusts works in the trust of their current school."""
    from .middleware import current_school

    trusts = list(trusts_for(request.user, permission))
    if not trusts:
        raise Http404
    school = current_school(request)
    for trust in trusts:
        if school is not None and trust.pk == school.trust_id:
            return trust
    return trusts[0]

"""Reads of trusts and schools, always scoped to the user (R-10.2, X-5), and the current school:
the one the user is working in, chosen with the switcher in the header."""

from django.http import Http404

from altprov.authz.checks import school_ids_with, schools_held_directly, trust_ids_with
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


# The session key of the school chosen with the switcher in the header.
CURRENT_SCHOOL = "altprov_current_school"


def user_schools(request) -> list:
    """The schools the user may work in, by name: read once a request."""
    cached = getattr(request, "_altprov_schools", None)
    if cached is None:
        cached = []
        if request.user.is_authenticated:
            # Someone with school roles only: their schools came with their roles, no query.
            held = schools_held_directly(request.user, Permission.VIEW_SCHOOL)
            if held is not None:
                cached = sorted(held, key=lambda school: school.name)
            else:
                cached = list(schools_for(request.user).order_by("name"))
        request._altprov_schools = cached
    return cached


def current_school(request):
    """The school the user is working in, or None for a user with no school at all."""
    schools = user_schools(request)
    chosen = request.session.get(CURRENT_SCHOOL)
    for school in schools:
        if school.pk == chosen:
            return school
    return schools[0] if schools else None


def trust_for(request, permission: Permission) -> Trust:
    """The trust in which the user holds `permission` through a trust role; not found if none. A
    user with trust roles in several trusts works in the trust of their current school."""
    trusts = list(trusts_for(request.user, permission))
    if not trusts:
        raise Http404
    school = current_school(request)
    for trust in trusts:
        if school is not None and trust.pk == school.trust_id:
            return trust
    return trusts[0]

"""The current school: the one the user is working in, chosen with the switcher in the header."""

from django.utils.functional import SimpleLazyObject

from altprov.authz.checks import schools_held_directly
from altprov.authz.permissions import Permission

CURRENT_SCHOOL = "altprov_current_school"


def user_schools(request) -> list:
    cached = getattr(request, "_altprov_schools", None)
    if cached is None:
        from .selectors import schools_for

        cached = []
        if request.user.is_authenticated:
            # Someone with school roles only: their schools came with their roles, no query.
            held = schools_held_directly(request.user, Permission.VIEW_SCHOOL)
            if held is not None:
                cached = sorted(held, key=lambda school: school.name)
            else:
                cached = list(schools_for(request.user, Permission.VIEW_SCHOOL).order_by("name"))
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


class CurrentSchoolMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.schools = SimpleLazyObject(lambda: user_schools(request))
        return self.get_response(request)

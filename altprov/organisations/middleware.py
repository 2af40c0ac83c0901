"""Puts on each request the schools the user may work in, read when first used (the current school
among them is `altprov.organisations.selectors.current_school`)."""

from django.utils.functional import SimpleLazyObject

from .selectors import user_schools


class CurrentSchoolMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.schools = SimpleLazyObject(lambda: user_schools(request))
        return self.get_response(request)

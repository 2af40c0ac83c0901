"""The provider users' boundary: a provider user reaches the portal, their account and the
sign-in pages, and nothing else. A staff page answers 404 to them whatever it checks itself."""

from django.http import HttpResponseNotFound
from django.shortcuts import redirect
from django.template.loader import render_to_string

PROVIDER_PREFIXES = (
    "/portal/",
    "/account/",
    "/sign-in/",
    "/sign-out/",
    "/static/",
    "/accessibility/",
    "/favicon.ico",
    "/robots.txt",
    # The API authenticates by token, not by the session: a provider user's session is no key
    "/api/",
)


class ProviderBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.provider_id is not None:
            if request.path == "/":
                return redirect("portal:home")
            if not request.path.startswith(PROVIDER_PREFIXES):
                return HttpResponseNotFound(render_to_string("errors/404.html", request=request))
        return self.get_response(request)

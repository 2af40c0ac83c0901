"""Session rules (X-5): idle and absolute time-outs, "sign out everywhere", and the second factor
required before any page but the sign-in pages."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SIGNED_IN_AT = "altprov_signed_in_at"
LAST_SEEN_AT = "altprov_last_seen_at"
GENERATION = "altprov_session_generation"
# The time of the last request is written to the session at most once a minute (issue 10, P1):
# saving the session on every request cost three queries a page. The idle time-out is measured
# from the last write, so it ends a session at most this many seconds early, never late.
LAST_SEEN_GRANULARITY = 60

# Paths a signed-in user may reach before completing the second factor, and paths anyone may reach.
OPEN_PREFIXES = ("/static/", "/accessibility/", "/favicon.ico", "/robots.txt")
PRE_SECOND_FACTOR_PREFIXES = ("/sign-in/", "/sign-out/", "/account/set-up/")
# The API (issue 9) authenticates each call itself, by its bearer token, never by the session.
API_PREFIX = "/api/"


def start_session(request) -> None:
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    request.session[GENERATION] = request.user.session_generation


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # The API never uses the session (its token is its key): a stale cookie sent with a
        # call must not turn it into a redirect to the sign-in page.
        if user.is_authenticated and not request.path.startswith(API_PREFIX):
            now = int(time.time())
            session = request.session
            reason = None
            if session.get(GENERATION) != user.session_generation:
                reason = "You were signed out because you chose to sign out everywhere."
            elif now - session.get(SIGNED_IN_AT, 0) > settings.SESSION_ABSOLUTE_TIMEOUT:
                hours = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
                reason = f"You were signed out because you have been signed in for {hours} hours."
            elif now - session.get(LAST_SEEN_AT, 0) > settings.SESSION_IDLE_TIMEOUT:
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                reason = (
                    f"You were signed out because you did nothing for {minutes} minutes. "
                    "Your data is safe: sign in again to carry on."
                )
            if reason:
                logout(request)
                messages.info(request, reason)
                return redirect(f"{reverse('accounts:sign_in')}")
            if now - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_GRANULARITY:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Every page needs a signed-in user who has passed the second factor, except the sign-in pages
    themselves and a few public ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith((*OPEN_PREFIXES, API_PREFIX)):
            return self.get_response(request)
        user = request.user
        if path.startswith(PRE_SECOND_FACTOR_PREFIXES):
            return self.get_response(request)
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:sign_in')}?next={request.get_full_path()}")
        if not user.is_verified():
            return redirect("accounts:second_factor")
        return self.get_response(request)

"""`/healthz` (liveness) and `/healthz/ready` (readiness) for the orchestrator and the proxy.

Answered here, first in MIDDLEWARE, so that nothing else runs: no allowed-host check (the
orchestrator calls the container by its address), no HTTPS redirect (it calls over plain HTTP
inside the network), no session, sign-in or second factor, no access log of pupil views. Both
answer JSON with the status and, for readiness, each check's name and state: nothing else.
gunicorn.conf.py leaves them out of the request log (a probe every few seconds is noise).
"""

import ipaddress
import json

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse, HttpResponseBadRequest

from altprov.core.middleware import PERMISSIONS_POLICY

from .health import readiness

LIVENESS = "/healthz"
READINESS = "/healthz/ready"


def _answer(ok: bool, checks: dict[str, bool] | None = None) -> HttpResponse:
    body: dict = {"status": "ok" if ok else "failing"}
    if checks is not None:
        body["checks"] = {name: "ok" if passed else "failing" for name, passed in checks.items()}
    response = HttpResponse(
        json.dumps(body), status=200 if ok else 503, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    # The security headers the rest of the service sends (docs/security.md), set here since no
    # other middleware runs: a JSON answer needs no sources of its own.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["X-Frame-Options"] = "DENY"
    response["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    response["Permissions-Policy"] = PERMISSIONS_POLICY
    response["Cross-Origin-Opener-Policy"] = "same-origin"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/") or "/"
        if path not in (LIVENESS, READINESS):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _answer(False)
            response.status_code = 405
            response["Allow"] = "GET, HEAD"
            return response
        if path == LIVENESS:
            # The process answers: nothing else is asked (no database), so a restart is only
            # ever for a process that cannot answer at all.
            return _answer(True)
        checks = readiness()
        return _answer(all(checks.values()), checks)


class ClientAddressFromProxyMiddleware:
    """Behind the reverse proxy every request comes from the proxy's address, so the access log
    (X-1) and the sign-in lockout would record the proxy, not the person. With
    ALTPROV_BEHIND_PROXY=1 the address the proxy saw (its `X-Real-IP`, which deploy/nginx.conf
    sets, replacing anything the client sent) becomes REMOTE_ADDR. Only turn it on where the web
    processes can be reached through the proxy alone (compose publishes no web port), or anyone
    could claim any address."""

    def __init__(self, get_response):
        if not settings.BEHIND_PROXY:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            try:
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded))
            except ValueError:
                return HttpResponseBadRequest("Bad X-Real-IP", content_type="text/plain")
        return self.get_response(request)

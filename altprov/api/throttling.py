"""Rate limit per token (issue 9): `API_RATE` calls per client, default 600 a minute."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerClientThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self):
        return settings.API_RATE

    def allow_request(self, request, view):
        # The rate is read on each call so that a changed setting (and a test) takes effect.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None  # refused anyway
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}

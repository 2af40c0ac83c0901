"""Rate limit per token (issue 9): `API_RATE` calls per client, default 600 a minute.

The calls are counted in the cache named by `API_THROTTLE_CACHE`: in production the "shared"
database cache, so every gunicorn process (on every machine) draws on one budget per token
(issue 10; docs/deployment.md). The tests count in the local-memory cache unless they ask.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle


class PerClientThrottle(SimpleRateThrottle):
    scope = "api_client"

    @property
    def cache(self):
        return caches[settings.API_THROTTLE_CACHE]

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

"""The API's one way in: `Authorization: Bearer <token>` (issue 9, X-5).

No session authentication: a browser signed in to the service cannot be made to call the API by
another site, so CSRF does not arise. Tokens are not people: the request's user is the client's
acting account (which cannot sign in), and `request.api_client` is the client, for scoping, the
access log and throttling."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiClient
from .tokens import token_hash

INVALID = "The token is not recognised. Check it was copied whole, or ask for a new one."
EXPIRED = "The token expired on {date}. Ask the trust's administrator for a new one."
REVOKED = "The token was revoked. Ask the trust's administrator for a new one."


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # no token: the permission check answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as “Authorization: Bearer <token>”, with no spaces in the token."
            )
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID) from None
        client = (
            ApiClient.objects.select_related("trust", "school", "acting_user", "created_by")
            .filter(token_hash=token_hash(token))
            .first()
        )
        if client is None:
            raise exceptions.AuthenticationFailed(INVALID)
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(REVOKED)
        today = timezone.localdate()
        if today > client.expires_on:
            raise exceptions.AuthenticationFailed(
                EXPIRED.format(date=f"{client.expires_on:%-d %B %Y}")
            )
        now = timezone.now()
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
        request._request.api_client = client  # for the access log (altprov/audit/access.py)
        return client.acting_user, client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'

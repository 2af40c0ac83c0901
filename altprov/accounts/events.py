"""The record of changes to how a person signs in (X-5, issue 11): `SecurityEvent` rows, written
by the services that add or remove a passkey, the authenticator app or recovery codes, in the
same transaction as the change."""

from __future__ import annotations

from .models import SecurityEvent, User

Kind = SecurityEvent.Kind


def security_event_record(*, user: User, kind: str, by: User | None, detail: str = "") -> None:
    """One change to `user`'s way of signing in, made by `by` (themselves, or the trust
    administrator who reset their sign-in), now."""
    SecurityEvent.objects.create(user=user, kind=kind, by=by, detail=detail[:200])


# The latest changes shown on a person's account page, and to the trust administrator who manages
# the account: enough to notice one they did not make; the whole record is kept.
LATEST_SHOWN = 10


def latest_security_events(user: User) -> list[SecurityEvent]:
    events = SecurityEvent.objects.filter(user=user).select_related("by")
    return list(events.order_by("-at", "-pk")[:LATEST_SHOWN])

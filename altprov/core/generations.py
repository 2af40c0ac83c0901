"""Generations: how a stored copy of a page's data tells whether it is still true (issue 10, P1).

A generation is a random token in the shared cache (`settings.ATTENTION_CACHE`: the database's
cache table, so every web process and the worker see the same one), for the whole service, for
each trust and for each person. Every write request replaces the tokens of the writer's scope
(`GenerationMiddleware`); a command that changes data replaces the service's
(`service_data_changed`). A copy stores the tokens it was computed under and is thrown away when
any of them differs. Tokens are never counted up: a new random one differs from every earlier
one, so two processes bumping at once cannot lose a change (an increment read and written back
could), and a token lost from the cache is never mistaken for an old one (see `known`).

Why the writer's scope is enough: authorisation confines every write made through the service's
pages and API to the writer's scope (a school role writes in its school, a trust role in its
trust, a provider user in their provider's trust, an API client in its trust), and a write
outside any trust is a service role's. The one write that changes what a person outside the
writer's scope is shown, a role offered by another trust, replaces that person's own token
(altprov/staff/services.py).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from altprov.authz.checks import assignments_of

SERVICE = "generation:service"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The trust-wide oversight pages (the trust's AP report, its overdue and due soon) keep each
# person's copy this long whatever the schools write, and say when it was worked out: in a trust
# of 50 schools a write lands every second or so at busy times (issue 10, P6).
OVERSIGHT_MINUTES = 5


def trust_key(trust_id: int) -> str:
    return f"generation:trust:{trust_id}"


def user_key(user_id: int) -> str:
    return f"generation:user:{user_id}"


def cache():
    return caches[settings.ATTENTION_CACHE]


def _new() -> str:
    return secrets.token_hex(8)


def bump(keys: Iterable[str]) -> None:
    """New tokens for these generations: every copy computed under the old ones is stale."""
    keys = sorted(set(keys))
    if keys:
        cache().set_many({key: _new() for key in keys}, timeout=None)


def known(keys: Iterable[str]) -> dict[str, str]:
    """Tokens for generations the cache does not hold (never set, or culled): each gets a new one.
    A copy is only ever stored under real tokens, so a generation that went missing and came back
    cannot bring a stale copy back to life. `add` keeps a token another process set first; then
    the copy stored under ours is stale at its next read and computed again, which is only waste."""
    tokens = {}
    for key in keys:
        tokens[key] = _new()
        cache().add(key, tokens[key], timeout=None)
    return tokens


def read_by(user) -> list[str]:
    """The generations a person's copy depends on: the service's, their own, and those of the
    trusts they hold a role in (from the roles already read for the request: no query)."""
    trusts = sorted({a.trust_id for a in assignments_of(user) if a.trust_id is not None})
    return [SERVICE, user_key(user.pk), *(trust_key(t) for t in trusts)]


def written_by(request) -> list[str]:
    """The generations a write request may have changed: the writer's own and their scope's."""
    client = getattr(request, "api_client", None)
    if client is not None:
        return [trust_key(client.trust_id)]
    user = request.user
    if not user.is_authenticated:
        return []
    keys = [user_key(user.pk)]
    if user.provider_id is not None:
        return [*keys, trust_key(user.provider.trust_id)]
    for assignment in assignments_of(user):
        # A service role writes for the whole service (the GIAS register, service oversight).
        keys.append(trust_key(assignment.trust_id) if assignment.trust_id else SERVICE)
    return keys


def stored_copy(
    key: str, depends_on: list[str], compute: Callable[[], Any], *, keep_seconds: int, layout: int
) -> Any:
    """What `compute()` returns, from a stored copy while it is still true: every generation in
    `depends_on` has the token the copy was computed under, the copy is younger than
    `keep_seconds` (what changes with the clock alone), and it has this `layout` (a copy made by
    other code is computed again). Otherwise computed now and stored under the tokens read before
    computing, so a write made meanwhile leaves the stored copy stale at its next read. A key
    that names the day makes a copy of another day a different copy."""
    found = cache().get_many([key, *depends_on])
    tokens = {g: found[g] for g in depends_on if g in found}
    copy = found.get(key)
    now = timezone.now().timestamp()
    if (
        len(tokens) == len(depends_on)
        and isinstance(copy, dict)
        and copy.get("layout") == layout
        and copy.get("generations") == tokens
        and 0 <= now - copy.get("computed_at", 0) < keep_seconds
    ):
        return copy["value"]
    tokens.update(known(g for g in depends_on if g not in tokens))
    value = compute()
    cache().set(
        key,
        {"layout": layout, "generations": tokens, "computed_at": now, "value": value},
        timeout=keep_seconds,
    )
    return value


def person_changed(user_id: int) -> None:
    """For a write that changes what one person outside the writer's scope is shown (a role offered
    to them by another trust): their own generation is replaced once the write has committed."""
    transaction.on_commit(lambda: bump([user_key(user_id)]))


def service_data_changed() -> None:
    """For data changed outside a request (a command, an import): every copy is stale."""
    bump([SERVICE])


def changes_service_data(handle: Callable) -> Callable:
    """A command's `handle` that changes data: the service's generation is replaced when it ends,
    whether it finished or failed part way (what it wrote before failing may be committed)."""

    @functools.wraps(handle)
    def wrapper(*args, **kwargs):
        try:
            return handle(*args, **kwargs)
        finally:
            service_data_changed()

    return wrapper


class GenerationMiddleware:
    """Every write request (POST, PUT, PATCH, DELETE) by a person signed in when it began or by
    an API client, whatever its outcome, replaces the generations of the writer's scope once the
    view has returned, after its transactions have committed: a copy computed from before the
    write is then stale, and one computed after it reads the write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in SAFE_METHODS
        # Signed in when the request began: signing in is not a write that anyone is shown.
        signed_in = writes and request.user.is_authenticated
        response = self.get_response(request)
        if writes and (signed_in or getattr(request, "api_client", None) is not None):
            bump(written_by(request))
        return response

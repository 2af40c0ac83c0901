"""Logging every view of pupil data (X-1), in one place for every page.

Which pupils a response shows is collected as it is made (altprov/audit/shown.py): every pupil
name the service prints goes through the Pupil's name accessors, which record the pupil, and a
page built on a pupil's record declares its pupil through `pupil_view_for`. `AccessLogMiddleware`
then writes one AccessEvent per school whose pupils the response showed, so a new page cannot
forget to log: printing a name is what logs it. Pupils loaded only to compute something (counting
a provider's placements for the registration threshold, checking a rule) are not printed and are
not logged.

`@shows_pupils("what the page is")` only names the page in the log; a page without it is logged
under its URL name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from altprov.authz.checks import assignments_of
from altprov.authz.permissions import ROLES, Role
from altprov.organisations.models import School

from .models import AccessEvent, AccessEventPupil
from .shown import PupilShown, collecting

# Responses that are refusals show the service's error page, not what the view had prepared.
REFUSALS = frozenset({401, 403, 404, 405, 410})


def roles_in_words(user, school) -> str:
    if getattr(user, "provider_id", None) is not None:
        # A provider user (issue 9) holds no role: they are recorded as the provider's.
        return f"Provider user of {user.provider.name}"
    labels = [
        ROLES[Role(a.role)].label
        for a in assignments_of(user)
        if a.school_id == school.pk or (a.school_id is None and a.trust_id == school.trust_id)
    ]
    return ", ".join(sorted(set(labels)))


def api_client_in_words(client) -> str:
    return (
        f"API client “{client.name}” ({client.get_access_display().lower()}), "
        f"created by {client.created_by}"
    )


@dataclass(frozen=True)
class SchoolIds:
    """What the log needs of a school: its id and its trust's."""

    pk: int
    trust_id: int


def schools_of(pupils: list) -> dict:
    """The schools of the pupils, by id: those already loaded with their pupil (or known from a
    stored copy, `PupilShown`) cost nothing, the rest one query in all."""
    schools = {}
    for pupil in pupils:
        if isinstance(pupil, PupilShown):
            schools[pupil.school_id] = SchoolIds(pk=pupil.school_id, trust_id=pupil.trust_id)
        elif type(pupil).school.is_cached(pupil):
            schools[pupil.school_id] = pupil.school
    missing = {p.school_id for p in pupils} - set(schools)
    if missing:
        schools.update(School.objects.in_bulk(missing))
    return schools


def record_access(request, *, what: str, pupils: Iterable) -> None:
    """One AccessEvent per school of the pupils, naming them: the events in one INSERT and their
    pupils in another, whatever the number of pupils and schools (a provider's portal shows pupils
    of dozens of schools)."""
    pupils = list({p.pk: p for p in pupils}.values())
    if not pupils:
        return
    by_school: dict[int, list] = {}
    for pupil in pupils:
        by_school.setdefault(pupil.school_id, []).append(pupil)
    schools = schools_of(pupils)
    # A call through the API (issue 9) names its client and who created it instead of roles;
    # the user is the client's acting account, which cannot sign in.
    client = getattr(request, "api_client", None)
    path = request.get_full_path()[:500]
    ip_address = request.META.get("REMOTE_ADDR") or None
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    events = [
        AccessEvent(
            user=request.user,
            api_client=client,
            roles=(
                api_client_in_words(client)
                if client
                else roles_in_words(request.user, schools[school_id])
            )[:500],
            trust_id=schools[school_id].trust_id,
            school_id=schools[school_id].pk,
            what=what[:200],
            path=path,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        for school_id in by_school
    ]
    with transaction.atomic():
        # New events have no pupils yet: one INSERT of them all (pupils.add() would first look
        # them up). The events' ids come back from their INSERT (RETURNING).
        AccessEvent.objects.bulk_create(events)
        AccessEventPupil.objects.bulk_create(
            AccessEventPupil(accessevent=event, pupil_id=pk)
            for event, school_pupils in zip(events, by_school.values(), strict=True)
            for pk in dict.fromkeys(p.pk for p in school_pupils)
        )


def page_label(request) -> str:
    """The page in words: its `@shows_pupils` label, else its URL name."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return request.path
    return getattr(match.func, "access_label", None) or match.view_name


def shows_pupils(what: str) -> Callable:
    """Names the page in the access log ("pupil record", "referral list"). Logging does not
    depend on it: every response that shows a pupil is logged, labelled or not."""

    def decorator(view):
        view.access_label = what
        return view

    return decorator


class AccessLogMiddleware:
    """Collects the pupils each response shows and, unless the response is a refusal or an
    error, writes the access events after it is made (X-1). A file or PDF counts like a page.

    A streaming response must print its pupils' names before it is returned (render first,
    then stream), or declare them with `pupil_shown`: the collection ends with the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collecting() as shown:
            response = self.get_response(request)
        if (
            shown
            and response.status_code < 500
            and response.status_code not in REFUSALS
            and request.user.is_authenticated
        ):
            record_access(request, what=page_label(request), pupils=shown.values())
        return response

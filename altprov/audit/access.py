"""Logging every view of pupil data (X-1).

A view that shows pupils declares it with `@shows_pupils("what the page is")` and puts the pupils it
showed on `request.pupils_shown` (a detail page: one pupil; a list: the page of rows). After a
successful response the decorator writes one AccessEvent naming them. The school is the one the
pupils belong to; a page that shows no pupils writes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import transaction

from altprov.authz.permissions import ROLES, Role, assignments_of

from .models import AccessEvent, AccessEventPupil


def roles_in_words(user, school) -> str:
    labels = [
        ROLES[Role(a.role)].label
        for a in assignments_of(user)
        if a.school_id == school.pk or (a.school_id is None and a.trust_id == school.trust_id)
    ]
    return ", ".join(sorted(set(labels)))


def record_access(request, *, what: str, pupils) -> None:
    pupils = list(pupils)
    if not pupils:
        return
    by_school: dict[int, list] = {}
    for pupil in pupils:
        by_school.setdefault(pupil.school_id, []).append(pupil)
    with transaction.atomic():
        for school_pupils in by_school.values():
            school = school_pupils[0].school
            event = AccessEvent.objects.create(
                user=request.user,
                roles=roles_in_words(request.user, school)[:500],
                trust_id=school.trust_id,
                school=school,
                what=what[:200],
                path=request.get_full_path()[:500],
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
            # A new event has no pupils yet: one INSERT (pupils.add() would first look them up).
            AccessEventPupil.objects.bulk_create(
                AccessEventPupil(accessevent=event, pupil_id=pk)
                for pk in dict.fromkeys(p.pk for p in school_pupils)
            )


def shows_pupils(what: str) -> Callable:
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.pupils_shown = []
            response = view(request, *args, **kwargs)
            if response.status_code < 400:
                record_access(request, what=what, pupils=request.pupils_shown)
            return response

        wrapper.shows_pupils = True
        return wrapper

    return decorator

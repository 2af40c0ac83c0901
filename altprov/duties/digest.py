"""The daily email digest (X-4): each member of staff with something due is told how many items
need their attention, school by school, with a link to the service. It names no pupil, no
provider and nothing about safeguarding: the reader signs in to see what the items are.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q

from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.organisations.models import School

from .engine import due_items, is_for


@dataclass(frozen=True)
class Digest:
    user: object
    counts: list[tuple[str, int, int]]  # (school name, overdue, due soon)

    @property
    def total(self) -> int:
        return sum(o + s for _, o, s in self.counts)

    @property
    def overdue(self) -> int:
        return sum(o for _, o, _ in self.counts)


def digests(today: dt.date) -> list[Digest]:
    """What each active member of staff would be told today. The engine runs once over every
    school anyone works in, so the cost is a fixed number of queries plus one per trust's
    settings."""
    assignments = list(RoleAssignment.objects.filter(user__is_active=True).select_related("user"))
    trust_ids = {a.trust_id for a in assignments if a.school_id is None}
    school_ids = {a.school_id for a in assignments if a.school_id is not None}
    schools = list(School.objects.filter(Q(pk__in=school_ids) | Q(trust_id__in=trust_ids)))
    items = due_items(schools, today)
    by_school: dict[int, list] = {}
    for item in items:
        by_school.setdefault(item.school_id, []).append(item)
    people: dict[int, tuple[object, list]] = {}
    for a in assignments:
        people.setdefault(a.user_id, (a.user, []))[1].append(a)
    result = []
    for user, held in people.values():
        counts = []
        for school in sorted(schools, key=lambda s: s.name):
            roles = {
                Role(a.role)
                for a in held
                if a.school_id == school.pk
                or (a.school_id is None and a.trust_id == school.trust_id)
            }
            if not roles:
                continue
            mine = [i for i in by_school.get(school.pk, []) if is_for(i, user, roles)]
            overdue = sum(1 for i in mine if i.overdue(today))
            if mine:
                counts.append((school.name, overdue, len(mine) - overdue))
        if counts:
            result.append(Digest(user=user, counts=counts))
    return result


def body_of(digest: Digest) -> str:
    total, overdue = digest.total, digest.overdue
    lines = [
        f"Dear {digest.user.full_name},",
        "",
        f"{total} item{'s' if total != 1 else ''} in AltProv need{'s' if total == 1 else ''} "
        f"your attention today ({overdue} overdue).",
        "",
    ]
    if len(digest.counts) > 1:
        for name, o, s in digest.counts:
            lines.append(f"- {name}: {o} overdue, {s} due soon")
        lines.append("")
    lines += [
        f"Sign in to see them: {settings.SERVICE_BASE_URL.rstrip('/')}/",
        "",
        "This email does not say what the items are. You will find them on your home page, "
        "under 'What needs your attention'.",
    ]
    return "\n".join(lines)


def send_all(today: dt.date) -> int:
    """Sends today's digests; returns how many were sent."""
    messages = [
        EmailMessage(
            subject="AltProv: items need your attention",
            body=body_of(digest),
            to=[digest.user.email],
        )
        for digest in digests(today)
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0

"""When a pupil's record is past its retention period (X-1).

A record is kept until the pupil's `retention_years`-th birthday (IRMS Information Management
Toolkit for Schools: a pupil's educational record until the pupil is 25), or until their
`safeguarding_retention_years`-th birthday when it holds safeguarding information (the trust
settings; docs/security.md, "Retention"). It is due for deletion on that birthday: listed on the
day itself, not the day before.

A record holds safeguarding information when the pupil is or was looked after or has a social
worker recorded (the safeguarding detail of the pupil, now or in any earlier version), has a
chronology entry marked as containing safeguarding information, or had a placement ended early
for safeguarding (R-12.5).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from altprov.chronology.models import ChronologyEntry
from altprov.monitoring.models import EarlyEnding
from altprov.organisations.models import TrustSettings
from altprov.pupils.models import Pupil

DEFAULT_YEARS = TrustSettings._meta.get_field("retention_years").default
DEFAULT_SAFEGUARDING_YEARS = TrustSettings._meta.get_field("safeguarding_retention_years").default
SHORTEST = min(
    v.limit_value
    for name in ("retention_years", "safeguarding_retention_years")
    for v in TrustSettings._meta.get_field(name).validators
    if type(v).__name__ == "MinValueValidator"
)


def birthday(born: dt.date, years: int) -> dt.date:
    """The day the person born on `born` turns `years`. Someone born on 29 February turns a
    year older on 1 March in a year without one."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


@dataclass(frozen=True)
class Due:
    pupil_id: int
    school_id: int
    due_on: dt.date
    safeguarding: bool
    years: int


def safeguarding_pupil_ids(pupil_ids) -> set[int]:
    """Those of the pupils whose record holds safeguarding information (the module's docstring)."""
    pupil_ids = list(pupil_ids)
    if not pupil_ids:
        return set()
    detail = (
        Q(looked_after=True)
        | ~Q(social_worker_name="")
        | ~Q(other_social_worker="")
        | ~Q(virtual_school_head_name="")
    )
    found = set(Pupil.objects.filter(detail, pk__in=pupil_ids).values_list("pk", flat=True))
    found |= set(
        Pupil.history.filter(detail, id__in=pupil_ids).values_list("id", flat=True).distinct()
    )
    found |= set(
        ChronologyEntry.objects.filter(pupil_id__in=pupil_ids, safeguarding=True)
        .values_list("pupil_id", flat=True)
        .distinct()
    )
    found |= set(
        EarlyEnding.objects.filter(placement__referral__pupil_id__in=pupil_ids)
        .values_list("placement__referral__pupil_id", flat=True)
        .distinct()
    )
    return found


def due_pupils(today: dt.date, pupils=None) -> list[Due]:
    """Every pupil (of `pupils`, a queryset; default all) whose record is past its retention
    period on `today`, under their trust's settings. A fixed number of queries."""
    pupils = Pupil.objects.all() if pupils is None else pupils
    # Nobody younger than the shortest period allowed can be due: the rest are never read.
    candidates = list(
        pupils.filter(date_of_birth__lte=birthday(today, -SHORTEST)).values_list(
            "pk",
            "school_id",
            "date_of_birth",
            "school__trust__settings__retention_years",
            "school__trust__settings__safeguarding_retention_years",
        )
    )
    safeguarding = safeguarding_pupil_ids(pk for pk, *_ in candidates)
    due = []
    for pk, school_id, born, years, safeguarding_years in candidates:
        kept = pk in safeguarding
        period = (
            (safeguarding_years or DEFAULT_SAFEGUARDING_YEARS) if kept else (years or DEFAULT_YEARS)
        )
        ends = birthday(born, period)
        if ends <= today:
            due.append(Due(pk, school_id, ends, kept, period))
    return due

"""The school census return "AP placements arranged by schools" for a census date (R-7.6).

One row per placement open on the census date: started on or before it and not ended before it
(a placement ending on the census date is still open that day). The fields are those the census
asks the commissioning school for (`/work/shared/reference/domain.md`): the pupil's UPN; the
provider's URN, or its UKPRN, or the setting type (NFE, OOT, OTH, WBP) recorded on the placement;
the entry and leaving dates; the main reason; full- or part-time.

Full-time: 18 hours a week or more, the DfE's usual guide for "full-time" (domain.md: "18 hours a
week is the usual guide"), or a placement that is the pupil's only provision (domain.md: "a
provider that is a pupil's sole provision may be full-time below 18 hours"). The hours come
from the placement's weekly pattern.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from altprov.audit.shown import pupil_shown
from altprov.pupils.models import Pupil
from altprov.referrals.models import REASONS

from . import data
from .context import Period, ReportContext
from .tables import Column, Table

FULL_TIME_HOURS = Decimal("18")
COLUMNS = [
    Column("upn", "UPN"),
    Column("urn", "Provider URN"),
    Column("ukprn", "Provider UKPRN"),
    Column("setting_type", "Setting type"),
    Column("entry", "Entry date", "date"),
    Column("leaving", "Leaving date", "date"),
    Column("reason", "Main reason"),
    Column("hours", "Hours a week", "number"),
    Column("pattern", "Full-time or part-time"),
]


def is_full_time(hours: Decimal, sole_provision: bool) -> bool:
    """R-7.6: full-time from FULL_TIME_HOURS a week, or as the pupil's only provision."""
    return hours >= FULL_TIME_HOURS or sole_provision


def main_reason(fact: data.Fact) -> str:
    """The census main reason recorded on the placement, else the referral's first reason."""
    if fact.main_reason:
        return fact.main_reason
    labels = dict(REASONS)
    return labels.get(fact.reasons[0], fact.reasons[0]) if fact.reasons else ""


def census_table(school, census_date: dt.date, *, with_names: bool = False) -> Table:
    """The rows for `school` on `census_date`, ordered by UPN; four queries. Each pupil is
    declared shown (the UPN identifies them), so the page and the downloads are logged. The page
    adds the pupil's name (`with_names`) so the school can check the rows; the downloads carry
    only what the census asks for."""
    ctx = ReportContext([school], Period(census_date, census_date, ""), census_date)
    rows = [f for f in data.facts(ctx) if f.open_on(census_date)]
    pupils = Pupil.objects.select_related("school").in_bulk({f.pupil_id for f in rows})
    for pupil in pupils.values():
        pupil_shown(pupil)
    out = []
    for f in rows:
        urn = f.urn
        ukprn = f.ukprn if not urn else ""
        out.append(
            {
                "pupil": pupils[f.pupil_id].sorted_name if with_names else "",
                "upn": pupils[f.pupil_id].upn,
                "urn": urn,
                "ukprn": ukprn,
                "setting_type": "" if urn or ukprn else f.setting_type,
                "entry": f.entry_date,
                "leaving": f.leaving_date,
                "reason": main_reason(f),
                "hours": f.hours,
                "pattern": "Full-time" if is_full_time(f.hours, f.sole_provision) else "Part-time",
            }
        )
    out.sort(key=lambda r: (r["upn"], r["entry"]))
    return Table(
        key="census",
        title=f"AP placements arranged by the school, census date {census_date:%-d %B %Y}",
        columns=[Column("pupil", "Pupil"), *COLUMNS] if with_names else COLUMNS,
        rows=out,
        notes=[
            "Placements started on or before the census date and not ended before it. "
            f"Full-time: {FULL_TIME_HOURS} hours a week or more, or the pupil's only provision.",
        ],
        empty="No placement is open on the census date.",
    )

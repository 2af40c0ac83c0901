"""Overdue and due soon: every duty of a school, and the trust's schools side by side."""

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core import generations
from altprov.organisations.selectors import school_for, trust_for

from .engine import due_items, rows_for
from .table import DUTIES


@shows_pupils("overdue and due soon")
def school_due(request, school_id: int):
    """Every duty item overdue or due soon in the school, whoever must act (Headteacher, AP
    Lead and the trust's oversight roles). A fixed number of queries whatever the numbers."""
    school = school_for(request.user, school_id, Permission.VIEW_DUE_DUTIES)
    today = dt.date.today()
    duties = [
        d
        for d in DUTIES
        if d.detail_needs is None or has_permission(request.user, d.detail_needs, school=school)
    ]
    rows = rows_for(due_items([school], today, duties=duties), today)
    request.pupils_shown = [r.pupil for r in rows if r.pupil is not None]
    return render(
        request,
        "duties/school.html",
        {
            "school": school,
            "today": today,
            "overdue": [r for r in rows if r.overdue],
            "soon": [r for r in rows if not r.overdue],
            "duties": DUTIES,
        },
    )


def trust_due(request):
    """The trust's schools side by side: for each school, how many items are overdue and due
    soon, and which duties the overdue ones are; then each duty across the trust. Counts only, no
    pupils; each school links to its own page."""
    trust = trust_for(request, Permission.VIEW_DUE_DUTIES)
    schools = list(trust.schools.order_by("name"))
    today = dt.date.today()
    counts, worked_out_at = trust_counts(trust, schools, today, request.user)
    by_school, by_duty = [], []
    for school in schools:
        cells = {d: counts[(school.pk, d.key)] for d in DUTIES}
        overdue, soon = _totals(cells.values())
        overdue_duties = [(d, cell[0]) for d, cell in cells.items() if cell[0]]
        by_school.append(
            {"school": school, "overdue": overdue, "soon": soon, "overdue_duties": overdue_duties}
        )
    for d in DUTIES:
        cells = [counts[(s.pk, d.key)] for s in schools]
        overdue, soon = _totals(cells)
        schools_overdue = sum(1 for cell in cells if cell[0])
        by_duty.append(
            {"duty": d, "overdue": overdue, "soon": soon, "schools_overdue": schools_overdue}
        )
    return render(
        request,
        "duties/trust.html",
        {
            "trust": trust,
            "today": today,
            "by_school": by_school,
            "by_duty": by_duty,
            "worked_out_at": worked_out_at,
            "worked_out_every": generations.OVERSIGHT_MINUTES,
        },
    )


def _totals(cells) -> tuple[int, int]:
    """How many overdue and how many due soon, over [overdue, due soon] cells."""
    cells = list(cells)
    return sum(cell[0] for cell in cells), sum(cell[1] for cell in cells)


def trust_counts(trust, schools, today: dt.date, user) -> tuple[dict, dt.datetime]:
    """{(school id, duty key): [overdue, due soon]} for every school of the trust and duty, and
    when they were worked out: a stored copy for this person, trust and day, computed again after
    `generations.OVERSIGHT_MINUTES`, after a write of their own or to the whole service. Counts
    only."""

    def compute():
        counts = {(s.pk, d.key): [0, 0] for s in schools for d in DUTIES}
        for item in due_items(schools, today):
            counts[(item.school_id, item.duty)][0 if item.overdue(today) else 1] += 1
        return {"at": timezone.now(), "counts": counts}

    copy = generations.stored_copy(
        f"due:trust:{trust.pk}:{user.pk}:{today.isoformat()}",
        [generations.SERVICE, generations.user_key(user.pk)],
        compute,
        keep_seconds=generations.OVERSIGHT_MINUTES * 60,
        layout=2,
    )
    return copy["counts"], copy["at"]

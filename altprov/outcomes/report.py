"""Outcomes for the school and trust reports (R-6.5, R-13.3): how placements ended, where the
pupils went, attendance before, during and after, and the pupil's view at the start and the end.

Counts and means only, never a pupil, so the trust's pages (trustees included) may show them.
Each function runs a constant number of queries whatever the number of schools and placements:
`outcomes_by_school` three, `outcomes_by_provider` one."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from altprov.attendance.codes import attendance_percentage
from altprov.attendance.models import AttendanceMark
from altprov.placements.models import Placement

from .models import ViewsAnswer
from .rules import mean_of, mean_score


@dataclass(frozen=True)
class SchoolOutcomes:
    school_id: int
    ended: int  # placements ended in [start, end]
    reintegrated: int
    by_reason: dict[str, int]  # Placement.EndReason -> count
    destinations: dict[str, int]  # Outcome.Destination -> count
    attendance_before: Decimal | None  # mean % across the placements with a figure
    attendance_during: Decimal | None
    attendance_after: Decimal | None
    views_start: Decimal | None  # mean questionnaire score at the start / at the end
    views_end: Decimal | None


@dataclass(frozen=True)
class ProviderOutcomes:
    provider_id: int
    provider_name: str
    ended: int
    reintegrated: int
    destinations: dict[str, int]


def _ended(school_ids: Iterable[int], start: dt.date, end: dt.date):
    return Placement.objects.filter(
        referral__school_id__in=list(school_ids),
        status=Placement.Status.ENDED,
        ended_on__gte=start,
        ended_on__lte=end,
    )


def _rows(school_ids, start, end) -> list[dict]:
    return list(
        _ended(school_ids, start, end)
        .values(
            "pk",
            "referral__school_id",
            "end_reason",
            "provider_id",
            "provider__name",
            "outcome__destination",
            "outcome__attendance_before",
            "return_follow_up__attendance_after",
        )
        .order_by("pk")
    )


def _during(school_ids, start, end) -> dict[int, Decimal | None]:
    """Attendance during each placement, from its marks (the attendance app's percentage)."""
    codes: dict[int, list[str]] = defaultdict(list)
    marks = AttendanceMark.objects.filter(
        placement__in=_ended(school_ids, start, end).values("pk")
    ).values_list("placement_id", "code")
    for placement_id, code in marks:
        codes[placement_id].append(code)
    return {pk: attendance_percentage(c) for pk, c in codes.items()}


def _views(school_ids, start, end) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """Each placement's mean score at its first start response and its last end response."""
    answers = (
        ViewsAnswer.objects.filter(
            response__placement__in=_ended(school_ids, start, end).values("pk"),
            response__moment__in=("start", "end"),
        )
        .values_list("response__placement_id", "response__moment", "response_id", "score")
        .order_by("response__answered_on", "response_id")
    )
    scores: dict[tuple[int, str], dict[int, list[int]]] = defaultdict(dict)
    for placement_id, moment, response_id, score in answers:
        scores[(placement_id, moment)].setdefault(response_id, []).append(score)
    result: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    for (placement_id, moment), by_response in scores.items():
        responses = list(by_response.values())  # in the order answered
        chosen = responses[0] if moment == "start" else responses[-1]
        first, last = result.get(placement_id, (None, None))
        mean = mean_score(chosen)
        result[placement_id] = (mean, last) if moment == "start" else (first, mean)
    return result


def outcomes_by_school(
    school_ids: Iterable[int], start: dt.date, end: dt.date
) -> dict[int, SchoolOutcomes]:
    """R-6.5, R-13.3: per school, the placements that ended from `start` to `end` (both
    included), in three queries. Every school asked about has an entry."""
    school_ids = list(school_ids)
    rows = _rows(school_ids, start, end)
    during = _during(school_ids, start, end) if rows else {}
    views = _views(school_ids, start, end) if rows else {}
    by_school: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_school[row["referral__school_id"]].append(row)
    result = {}
    for school_id in school_ids:
        mine = by_school.get(school_id, [])
        reasons = Counter(r["end_reason"] for r in mine if r["end_reason"])
        result[school_id] = SchoolOutcomes(
            school_id=school_id,
            ended=len(mine),
            reintegrated=reasons.get(Placement.EndReason.REINTEGRATED, 0),
            by_reason=dict(reasons),
            destinations=dict(
                Counter(r["outcome__destination"] for r in mine if r["outcome__destination"])
            ),
            attendance_before=mean_of(r["outcome__attendance_before"] for r in mine),
            attendance_during=mean_of(during.get(r["pk"]) for r in mine),
            attendance_after=mean_of(r["return_follow_up__attendance_after"] for r in mine),
            views_start=mean_of(views.get(r["pk"], (None, None))[0] for r in mine),
            views_end=mean_of(views.get(r["pk"], (None, None))[1] for r in mine),
        )
    return result


def outcomes_by_provider(
    school_ids: Iterable[int], start: dt.date, end: dt.date
) -> list[ProviderOutcomes]:
    """R-6.5, R-13.3: per provider, the placements of these schools that ended from `start` to
    `end`, by provider name, in one query."""
    by_provider: dict[int, list[dict]] = defaultdict(list)
    names = {}
    for row in _rows(school_ids, start, end):
        by_provider[row["provider_id"]].append(row)
        names[row["provider_id"]] = row["provider__name"]
    return [
        ProviderOutcomes(
            provider_id=provider_id,
            provider_name=names[provider_id],
            ended=len(mine),
            reintegrated=sum(r["end_reason"] == Placement.EndReason.REINTEGRATED for r in mine),
            destinations=dict(
                Counter(r["outcome__destination"] for r in mine if r["outcome__destination"])
            ),
        )
        for provider_id, mine in sorted(
            by_provider.items(), key=lambda item: (names[item[0]].lower(), item[0])
        )
    ]

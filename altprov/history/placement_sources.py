"""The records kept with a placement, for its history of changes (X-1), in the groups the page
filters by ("Show: everything / the placement / attendance / monitoring / progress / outcomes").

Each group is a list of `Source`s, one per kind of record, all found by the placement's id on
their historical tables (a progress check by its objective's, an answer by its response's), so
a record since removed still shows its history. The SENDCo's records are wholly SEND detail:
they are left out for a viewer without it, as their pages are (R-10.8).
"""

from __future__ import annotations

from django.utils.dateformat import format as date_format

from altprov.attendance.models import (
    AbsenceNotification,
    AttendanceMark,
    FollowUp,
    Intervention,
    ParentContact,
    Session,
)
from altprov.audit.sensitivity import Flag
from altprov.monitoring.models import (
    ContinuationDecision,
    EarlyEnding,
    FormalReview,
    Incident,
    TermlyReport,
    Visit,
)
from altprov.outcomes.models import (
    ContinuedSupport,
    Ending,
    FinalReport,
    Outcome,
    PupilViews,
    ReintegrationMeeting,
    ReintegrationPlan,
    ReturnFollowUp,
    ViewsAnswer,
    ViewsResponse,
)
from altprov.outcomes.rules import SCALE
from altprov.placements.models import Placement, PlacementSession, PlanObjective
from altprov.progress.models import (
    EhcpAnnualReview,
    EhcpDate,
    ExamArrangement,
    ObjectiveProgress,
    PastoralContact,
    ProviderRecommendation,
    SendDocumentShare,
)
from altprov.reviews.models import AgreementReview

from .changes import Source

# (key, what the filter calls it), in the filter's order; "" is everything.
GROUPS = (
    ("", "Everything"),
    ("placement", "The placement and its reviews"),
    ("attendance", "Attendance"),
    ("monitoring", "Monitoring"),
    ("progress", "Progress"),
    ("outcomes", "Outcomes"),
)
# Set by the service when a record is written: the version's own "when" and "who" say it.
_STAMPS = ("placement", "recorded_at", "recorded_by")


def _on(name: str):
    """A row's name from one of its dates: "on 3 December 2026"."""

    def name_of(row) -> str:
        value = getattr(row, name)
        return f"{date_format(value, 'j F Y')}" if value else ""

    return name_of


def _attended(value) -> str:
    labels = dict(FormalReview.Attendee.choices)
    return "; ".join(str(labels.get(a, a)) for a in value)


def _ending_reason(value) -> str:
    return str(dict(Placement.EndReason.choices).get(value, value))


def _mark(row) -> str:
    return f"{date_format(row.date, 'j F Y')} ({Session(row.session).label.lower()})"


def _placement(pk: int) -> list[Source]:
    return [
        Source(Placement, {"id": pk}, "Placement", exclude=("referral", "created_at")),
        Source(
            PlacementSession,
            {"placement_id": pk},
            "Weekly session",
            name=lambda r: PlacementSession.Day(r.day).label,
            exclude=("placement",),
        ),
        Source(
            AgreementReview,
            {"placement_id": pk},
            "Review of the agreement",
            name=_on("held_on"),
            exclude=_STAMPS,
        ),
    ]


def _attendance(pk: int) -> list[Source]:
    return [
        # A correction changes the mark: who changed it, and from which code to which.
        Source(
            AttendanceMark,
            {"placement_id": pk},
            "Attendance mark",
            name=_mark,
            exclude=("placement", "entered_at"),
        ),
        Source(
            AbsenceNotification,
            {"placement_id": pk},
            "Absence notified",
            name=_on("date"),
            exclude=_STAMPS,
        ),
        Source(
            FollowUp,
            {"placement_id": pk},
            "Follow-up of an absence",
            name=_on("absence_date"),
            exclude=("placement", "opened_at"),
        ),
        Source(
            ParentContact,
            {"placement_id": pk},
            "Contact with parents about absence",
            name=_on("done_on"),
            exclude=_STAMPS,
        ),
        Source(
            Intervention,
            {"placement_id": pk},
            "Attendance intervention",
            name=_on("done_on"),
            exclude=_STAMPS,
        ),
    ]


def _monitoring(pk: int) -> list[Source]:
    return [
        Source(
            TermlyReport,
            {"placement_id": pk},
            "Termly report",
            name=_on("received_on"),
            exclude=_STAMPS,
        ),
        Source(Visit, {"placement_id": pk}, "Visit", name=_on("visited_on"), exclude=_STAMPS),
        Source(
            Incident,
            {"placement_id": pk},
            "Serious incident",
            name=_on("occurred_on"),
            exclude=_STAMPS,
        ),
        Source(
            FormalReview,
            {"placement_id": pk},
            "Formal review",
            name=_on("held_on"),
            exclude=_STAMPS,
            display={"attended": _attended},
        ),
        Source(
            ContinuationDecision,
            {"placement_id": pk},
            "Decision after three formal reviews",
            exclude=("placement", "decided_at"),
        ),
        Source(
            EarlyEnding,
            {"placement_id": pk},
            "Ended early for safeguarding concerns",
            exclude=_STAMPS,
        ),
    ]


def _progress(pk: int) -> list[Source]:
    objectives = PlanObjective.history.filter(placement_id=pk).values("id")
    return [
        Source(
            ObjectiveProgress,
            {"objective_id__in": objectives},
            "Progress check",
            name=_on("checked_on"),
            exclude=("recorded_at", "recorded_by"),
        ),
        Source(
            PastoralContact,
            {"placement_id": pk},
            "Pastoral contact",
            name=_on("contacted_on"),
            exclude=_STAMPS,
        ),
        Source(
            ExamArrangement,
            {"placement_id": pk},
            "Exam arrangements",
            name=lambda r: r.series,
            exclude=_STAMPS,
        ),
        Source(
            SendDocumentShare,
            {"placement_id": pk},
            "SEND document shared",
            exclude=_STAMPS,
            flag=Flag.SEND,
        ),
        Source(
            ProviderRecommendation,
            {"placement_id": pk},
            "Referral the provider recommends",
            exclude=_STAMPS,
            flag=Flag.SEND,
        ),
        Source(EhcpDate, {"placement_id": pk}, "Date of the EHCP", exclude=_STAMPS, flag=Flag.SEND),
        Source(
            EhcpAnnualReview,
            {"placement_id": pk},
            "EHCP annual review",
            exclude=_STAMPS,
            flag=Flag.SEND,
        ),
    ]


def _outcomes(pk: int) -> list[Source]:
    responses = ViewsResponse.history.filter(placement_id=pk).values("id")
    return [
        Source(
            ReintegrationMeeting, {"placement_id": pk}, "Reintegration meeting", exclude=_STAMPS
        ),
        Source(ReintegrationPlan, {"placement_id": pk}, "Reintegration plan", exclude=_STAMPS),
        Source(FinalReport, {"placement_id": pk}, "Provider's final report", exclude=_STAMPS),
        Source(PupilViews, {"placement_id": pk}, "Pupil's views on returning", exclude=_STAMPS),
        Source(
            Ending,
            {"placement_id": pk},
            "Ending",
            exclude=_STAMPS,
            display={"reason": _ending_reason},
        ),
        Source(
            ContinuedSupport,
            {"placement_id": pk},
            "Continued support",
            name=_on("given_on"),
            exclude=_STAMPS,
        ),
        Source(ReturnFollowUp, {"placement_id": pk}, "Follow-up after the return", exclude=_STAMPS),
        Source(Outcome, {"placement_id": pk}, "Outcome", exclude=_STAMPS),
        Source(
            ViewsResponse,
            {"placement_id": pk},
            "Pupil's view of the placement",
            name=_on("answered_on"),
            exclude=_STAMPS,
        ),
        Source(
            ViewsAnswer,
            {"response_id__in": responses},
            "Answer",
            name=lambda r: r.wording,
            exclude=("response", "question", "position"),
            display={"score": lambda v: f"{v}: {dict(SCALE).get(v, '')}"},
        ),
    ]


_BUILDERS = {
    "placement": _placement,
    "attendance": _attendance,
    "monitoring": _monitoring,
    "progress": _progress,
    "outcomes": _outcomes,
}


def placement_sources(placement_id: int, show: str, *, allowed: frozenset[Flag]) -> list[Source]:
    """The sources of the group `show` ("" or an unknown key: every group), without those
    wholly under a flag the viewer does not hold."""
    keys = [show] if show in _BUILDERS else list(_BUILDERS)
    sources = [s for key in keys for s in _BUILDERS[key](placement_id)]
    return [s for s in sources if s.flag is None or s.flag in allowed]

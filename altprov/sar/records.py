"""Everything the service holds about one pupil, as rows of text (X-1, subject access).

Each kind of record is one `Kind`: a model and the path from it to the pupil. A row holds every
stored field of the record in words: choices as their labels, dates as YYYY-MM-DD, yes/no, a
member of staff (or a provider's user) by name, any other linked record by its id. The history
of changes (simple_history) is read for every kind that keeps one, deleted records included (a
carer removed from the record is still in the history, and so in the export).

Nothing here redacts: `altprov.sar.redaction` decides what is left out and replaced.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models

from altprov.attendance.models import (
    AbsenceNotification,
    AttendanceMark,
    FollowUp,
    Intervention,
    ParentContact,
)
from altprov.chronology.models import ChronologyEntry
from altprov.evidence.models import EvidenceFile
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
from altprov.placements.models import (
    InformationShare,
    Placement,
    PlacementRecords,
    PlacementSession,
    PlanObjective,
)
from altprov.progress.models import (
    EhcpAnnualReview,
    EhcpDate,
    ExamArrangement,
    ObjectiveProgress,
    PastoralContact,
    ProviderRecommendation,
    SendDocumentShare,
)
from altprov.pupils.models import Carer, Pupil
from altprov.referrals.models import Agreement, Consultation, Referral, ReferralMeeting
from altprov.reviews.models import AgreementReview
from altprov.suspensions.models import Suspension

PLACEMENT = "placement__referral__pupil"


@dataclass(frozen=True)
class Kind:
    key: str  # the CSV's name, without ".csv"
    title: str
    model: type[models.Model]
    to_pupil: str  # the lookup from the model to the pupil
    # Fields that hold a person's name as free text (one a line where `lines`): listed for the
    # person making the export to keep or redact (alongside staff, who are linked records).
    name_fields: tuple[str, ...] = ()
    lines: bool = False


# One CSV per kind, in this order. The pupil and carers first, then the record as it grew.
KINDS: tuple[Kind, ...] = (
    Kind(
        "pupil",
        "Pupil",
        Pupil,
        "pk",
        ("la_caseworker_name", "social_worker_name", "virtual_school_head_name"),
    ),
    Kind("carers", "Parents and carers", Carer, "pupil"),
    Kind("chronology", "Chronology of support", ChronologyEntry, "pupil"),
    Kind("referrals", "Referrals", Referral, "pupil"),
    Kind("referral_consultations", "Views on referrals", Consultation, "referral__pupil"),
    Kind(
        "referral_meetings",
        "Meetings with parents",
        ReferralMeeting,
        "referral__pupil",
        ("attendees",),
        lines=True,
    ),
    Kind("referral_agreements", "Agreements with parents", Agreement, "referral__pupil"),
    Kind(
        "placements",
        "Placements",
        Placement,
        "referral__pupil",
        ("professionals_consulted",),
        lines=True,
    ),
    Kind("placement_sessions", "Weekly pattern", PlacementSession, PLACEMENT),
    Kind("placement_records", "Placement records", PlacementRecords, PLACEMENT),
    Kind("plan_objectives", "Plan: objectives", PlanObjective, PLACEMENT),
    Kind("objective_progress", "Plan: progress", ObjectiveProgress, "objective__" + PLACEMENT),
    Kind("information_shared", "Information shared", InformationShare, PLACEMENT),
    Kind("attendance_marks", "Attendance marks", AttendanceMark, PLACEMENT),
    Kind(
        "absence_notifications",
        "Absences notified",
        AbsenceNotification,
        PLACEMENT,
        ("notified_by",),
    ),
    Kind("absence_follow_ups", "Absence follow-ups", FollowUp, PLACEMENT),
    Kind("parent_contacts", "Contacts with parents", ParentContact, PLACEMENT),
    Kind("attendance_interventions", "Attendance interventions", Intervention, PLACEMENT),
    Kind("termly_reports", "Termly reports", TermlyReport, PLACEMENT, ("received_from",)),
    Kind(
        "agreement_reviews",
        "Agreement reviews",
        AgreementReview,
        PLACEMENT,
        ("attended",),
        lines=True,
    ),
    Kind("formal_reviews", "Formal reviews", FormalReview, PLACEMENT),
    Kind("continuation_decisions", "Continuation decisions", ContinuationDecision, PLACEMENT),
    Kind("visits", "Visits", Visit, PLACEMENT, ("visited_by",)),
    Kind("incidents", "Serious incidents", Incident, PLACEMENT, ("reported_by",)),
    Kind("early_endings", "Ended early for safeguarding", EarlyEnding, PLACEMENT),
    Kind("pastoral_contacts", "Pastoral contacts", PastoralContact, PLACEMENT),
    Kind("send_documents_shared", "SEND documents shared", SendDocumentShare, PLACEMENT),
    Kind(
        "provider_recommendations",
        "Provider's recommended referrals",
        ProviderRecommendation,
        PLACEMENT,
    ),
    Kind("ehcp_dates", "EHCP dates", EhcpDate, PLACEMENT),
    Kind("ehcp_annual_reviews", "EHCP annual reviews", EhcpAnnualReview, PLACEMENT),
    Kind("exam_arrangements", "Exam arrangements", ExamArrangement, PLACEMENT),
    Kind(
        "reintegration_meetings",
        "Reintegration meetings",
        ReintegrationMeeting,
        PLACEMENT,
        ("attended", "provider_representative"),
        lines=True,
    ),
    Kind("reintegration_plans", "Reintegration plans", ReintegrationPlan, PLACEMENT),
    Kind("final_reports", "Final reports", FinalReport, PLACEMENT),
    Kind("pupil_views", "The pupil's views", PupilViews, PLACEMENT),
    Kind("endings", "Endings", Ending, PLACEMENT),
    Kind("continued_support", "Continued support", ContinuedSupport, PLACEMENT, ("given_by",)),
    Kind("return_follow_ups", "Follow-up after the return", ReturnFollowUp, PLACEMENT),
    Kind("outcomes", "Outcomes", Outcome, PLACEMENT),
    Kind("questionnaires", "Questionnaires", ViewsResponse, PLACEMENT),
    Kind("questionnaire_answers", "Questionnaire answers", ViewsAnswer, "response__" + PLACEMENT),
    Kind("suspensions", "Suspensions", Suspension, "pupil"),
)
DOCUMENTS = Kind("documents", "Documents", EvidenceFile, "")


@dataclass
class Row:
    kind: Kind
    pk: int
    values: dict[str, str]  # field name -> text
    obj: models.Model | None = None


@dataclass
class Change:
    """One row of the history of changes."""

    kind: Kind
    pk: int
    at: dt.datetime
    by: str
    change: str  # Created, Changed, Deleted
    values: dict[str, str]  # field name -> text as it was after the change
    before: dict[str, str] | None = None  # as it was before, for a change


@dataclass
class PupilRecord:
    pupil: Pupil
    rows: dict[str, list[Row]] = field(default_factory=dict)  # kind key -> rows
    history: list[Change] = field(default_factory=list)
    documents: list[EvidenceFile] = field(default_factory=list)
    users: dict[int, models.Model] = field(default_factory=dict)  # every user named, by id


# The service's own count of a record's saves (`edit_version`, X-5: altprov/core/versions.py) is
# bookkeeping for refusing a stale save, not information about the pupil: not exported.
NOT_EXPORTED = frozenset({"edit_version"})


def columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in NOT_EXPORTED]


def heading(f: models.Field) -> str:
    if f.primary_key:
        return "Reference"
    text = str(f.verbose_name)
    return text[:1].upper() + text[1:]


def _is_user(f: models.Field) -> bool:
    return f.is_relation and f.related_model is get_user_model()


def in_words(obj, f: models.Field, users: dict) -> str:
    value = getattr(obj, f.attname)
    if value is None or value == "":
        return ""
    if f.is_relation:
        if _is_user(f):
            user = users.get(value)
            return str(user) if user is not None else str(value)
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(f, models.FileField):
        return value.name if hasattr(value, "name") else str(value)
    return str(value)


def _user_ids(objects, model) -> set[int]:
    ids = set()
    for f in columns(model):
        if _is_user(f):
            ids |= {getattr(o, f.attname) for o in objects}
    if hasattr(model, "history_user_id"):
        ids |= {o.history_user_id for o in objects}
    ids.discard(None)
    return ids


def _load_users(record: PupilRecord, ids: set[int]) -> None:
    missing = ids - set(record.users)
    if missing:
        record.users.update(get_user_model().objects.in_bulk(missing))


def _rows(record: PupilRecord, kind: Kind, objects: list) -> list[Row]:
    _load_users(record, _user_ids(objects, kind.model))
    fields = columns(kind.model)
    return [
        Row(kind, o.pk, {f.name: in_words(o, f, record.users) for f in fields}, o) for o in objects
    ]


def _target(kind: Kind, pupil: Pupil):
    """What the lookup to the pupil compares with: the pupil, or its id for the pupil itself."""
    return pupil.pk if kind.to_pupil == "pk" else pupil


def _history(record: PupilRecord, kind: Kind) -> list[Change]:
    """The history of every record of this kind of the pupil, deleted records included: each
    change with the record's values after it (and, for a change, before it)."""
    history = getattr(kind.model, "history", None)
    if history is None:
        return []
    lookup = "id" if kind.to_pupil == "pk" else kind.to_pupil
    historical = list(
        history.model.objects.filter(**{lookup: _target(kind, record.pupil)}).order_by(
            "id", "history_date", "history_id"
        )
    )
    _load_users(record, _user_ids(historical, history.model))
    fields = columns(kind.model)
    changes, previous = [], {}
    for h in historical:
        values = {f.name: in_words(h, f, record.users) for f in fields}
        user = record.users.get(h.history_user_id)
        change = {"+": "Created", "~": "Changed", "-": "Deleted"}.get(h.history_type, "Changed")
        changes.append(
            Change(
                kind,
                h.id,
                h.history_date,
                str(user) if user else "",
                change,
                values,
                previous.get(h.id),
            )
        )
        previous[h.id] = values
    return changes


def documents_of(pupil: Pupil) -> list[EvidenceFile]:
    """The files kept on the pupil's record (a provider's final report), every version."""
    linked = FinalReport.objects.filter(
        placement__referral__pupil=pupil, document__isnull=False
    ).values_list("document__lineage_id", "document_id")
    roots = {lineage or doc for lineage, doc in linked}
    if not roots:
        return []
    return list(
        EvidenceFile.objects.filter(
            models.Q(pk__in=roots) | models.Q(lineage_id__in=roots)
        ).order_by("pk")
    )


def record_of(pupil: Pupil) -> PupilRecord:
    """The pupil's whole record: a query or two per kind, whatever the number of rows."""
    record = PupilRecord(pupil)
    for kind in KINDS:
        objects = list(
            kind.model._default_manager.filter(**{kind.to_pupil: _target(kind, pupil)}).order_by(
                "pk"
            )
        )
        record.rows[kind.key] = _rows(record, kind, objects)
        record.history += _history(record, kind)
    record.documents = documents_of(pupil)
    record.rows[DOCUMENTS.key] = _rows(record, DOCUMENTS, record.documents)
    record.history.sort(key=lambda c: (c.at, c.kind.key, c.pk))
    return record

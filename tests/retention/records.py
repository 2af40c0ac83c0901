"""A pupil's whole record in the service, for the retention tests: rows of every kind, their
history (with a row deleted earlier whose versions remain) and an uploaded file with a later
version."""

import datetime as dt

from django.utils import timezone

from altprov.attendance.models import AttendanceMark
from altprov.chronology.models import ChronologyEntry
from altprov.evidence.services import evidence_store
from altprov.outcomes.models import FinalReport
from altprov.placements.models import Placement, PlacementSession
from altprov.referrals.models import Agreement, Referral
from altprov.sar.models import SubjectAccessExport
from tests.factories import make_carer, make_provider, pdf_upload


def full_record(pupil, by, *, provider=None):
    """A subject access export, carers (one changed, one removed), chronology with a correction, a referral with its
    agreement, a placement with a session, an attendance mark changed once and a final report
    whose document was replaced by a second version. Returns the evidence files."""
    SubjectAccessExport.objects.create(  # a subject access export made of the record
        pupil=pupil,
        school=pupil.school,
        made_by=by,
        names_listed=2,
        names_redacted=1,
        entries_listed=0,
        entries_redacted=0,
        documents_listed=1,
        documents_left_out=0,
    )
    carer = make_carer(pupil)
    carer.phone = "07700 900111"
    carer.save()
    make_carer(pupil, relationship="Father").delete()  # only its history remains
    entry = ChronologyEntry.objects.create(
        pupil=pupil,
        occurred_on=dt.date(2026, 10, 1),
        kind="note",
        summary="Met the family",
        recorded_by=by,
    )
    ChronologyEntry.objects.create(
        pupil=pupil,
        occurred_on=dt.date(2026, 10, 1),
        kind="note",
        summary="Met the family and the pupil",
        recorded_by=by,
        corrects=entry,
    )
    referral = Referral.objects.create(
        pupil=pupil,
        school=pupil.school,
        reasons=["wider_curriculum"],
        route="school_directed",
        created_by=by,
        submitted_at=timezone.now(),
        decision="approved",
        rationale="Needed",
        decided_at=timezone.now(),
    )
    Agreement.objects.create(
        referral=referral,
        responsibilities="x",
        contact_timescales="x",
        safeguarding_route="x",
        maximum_weeks=12,
        response="agreed",
        responded_on=dt.date(2026, 11, 2),
        recorded_by=by,
    )
    placement = Placement.objects.create(
        referral=referral,
        provider=provider or make_provider(pupil.school.trust),
        start_date=dt.date(2026, 11, 9),
        planned_end_date=dt.date(2027, 2, 1),
        created_by=by,
        exceptional_reasons="x",
        professionals_consulted="y",
        sole_provision=True,
        status=Placement.Status.ACTIVE,
        started_on=dt.date(2026, 11, 9),
    )
    PlacementSession.objects.create(
        placement=placement, day=0, starts_at=dt.time(9), ends_at=dt.time(15)
    )
    mark = AttendanceMark.objects.create(
        placement=placement, date=dt.date(2026, 11, 9), session="AM", code="/", entered_by=by
    )
    mark.code = "L"
    mark.save()
    first = evidence_store(
        upload=pdf_upload("final.pdf"), trust=pupil.school.trust, school=pupil.school, by=by
    )
    second = evidence_store(
        upload=pdf_upload("final-2.pdf"),
        trust=pupil.school.trust,
        school=pupil.school,
        by=by,
        replaces=first,
    )
    FinalReport.objects.create(
        placement=placement,
        received_on=dt.date(2026, 11, 20),
        attainment_and_progress="Good",
        attendance_record="Good",
        behaviour_change="Calmer",
        document=second,
        recorded_by=by,
    )
    return [first, second]

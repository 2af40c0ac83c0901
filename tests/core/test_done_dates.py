"""Issue 14, 2.1: a date that records something as done is today or earlier, at the model (so
every service refuses it) and in the start gate; dates of planned things stay open."""

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import signals

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.chronology.services import entry_add
from altprov.core.fields import DoneDateField, DoneDateTimeField, GovukDateField
from altprov.evidence.models import EvidenceFile
from altprov.placements import services
from altprov.placements.models import InformationShare, Placement, PlacementRecords
from altprov.placements.start_gate import preconditions, records_of
from altprov.providers.models import LetterOfComfort
from altprov.providers.services import letter_add
from altprov.referrals.models import Agreement, ReferralMeeting
from altprov.referrals.services import agreement_record, meeting_record
from tests.factories import make_carer, pdf_upload
from tests.placements.test_start_gate import START, TODAY, ready_placement

TOMORROW = TODAY + dt.timedelta(days=1)

# Every model date of something done. A new date field of a model must be placed here or in
# PLANNED, so nobody adds a "sent on" date that can be in the future.
DONE_FIELDS = {
    ("placements.Placement", "la_informed_on"),
    ("placements.PlacementRecords", "objectives_shared_on"),
    ("placements.PlacementRecords", "la_caseworker_informed_on"),
    ("placements.PlacementRecords", "notice_issued_on"),
    ("placements.InformationShare", "shared_on"),
    ("providers.OfstedInspection", "inspection_date"),
    ("providers.LetterOfComfort", "received_on"),
    ("chronology.ChronologyEntry", "occurred_on"),
    ("referrals.ReferralMeeting", "held_on"),
    ("referrals.Agreement", "responded_on"),
    ("pupils.Pupil", "date_of_birth"),
    ("pupils.Pupil", "needs_assessed_on"),
    ("provider_audits.ProviderAudit", "visit_at"),
    ("reviews.AgreementReview", "held_on"),
    ("attendance.AttendanceMark", "date"),
    ("attendance.AbsenceNotification", "date"),
    ("attendance.AbsenceNotification", "notified_at"),
    ("attendance.FollowUp", "absence_date"),
    ("attendance.FollowUp", "done_on"),
    ("attendance.ParentContact", "done_on"),
    ("attendance.Intervention", "done_on"),
    ("placements.Placement", "ended_on"),  # R-13.3 (added on main with placement_end)
    ("outcomes.ReintegrationMeeting", "held_on"),
    ("outcomes.FinalReport", "received_on"),
    ("outcomes.PupilViews", "discussed_on"),
    ("outcomes.Ending", "ended_on"),
    ("outcomes.Ending", "decided_on"),
    ("outcomes.ContinuedSupport", "given_on"),
    ("outcomes.ReturnFollowUp", "held_on"),
    ("outcomes.ViewsResponse", "answered_on"),
}
PLANNED = {
    ("placements.Placement", "start_date"),  # planned
    ("placements.Placement", "planned_end_date"),
    ("placements.Placement", "started_on"),  # the confirmed start, which may be next week
    ("providers.LetterOfComfort", "renewal_due"),
    ("provider_audits.AuditAction", "due_on"),
    ("organisations.RegistrationThresholdRule", "effective_from"),
    ("termdates.AcademicYear", "start"),
    ("termdates.AcademicYear", "end"),
    ("termdates.Term", "start"),
    ("termdates.Term", "half_term_break_start"),
    ("termdates.Term", "half_term_break_end"),
    ("termdates.Term", "end"),
    ("termdates.ClosureDay", "date"),
    ("attendance.WeeklyUpdate", "week"),  # the week's Monday, a label of the week
    ("attendance.DailyAttendance", "date"),  # counted from the marks' own dates, never entered
    ("budgets.Budget", "year_start"),  # the financial year's first and last days
    ("budgets.Budget", "year_end"),
    ("outcomes.ReintegrationPlan", "planned_return_on"),  # planned dates
    ("outcomes.ReintegrationPlan", "first_review_on"),
    ("outcomes.ReintegrationPlan", "second_review_on"),
}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_2_1_every_date_field_a_person_records_is_either_done_or_planned():
    done, other = set(), set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model._meta.app_label not in {
            "placements",
            "providers",
            "chronology",
            "referrals",
            "pupils",
            "provider_audits",
            "organisations",
            "termdates",
            "reviews",
            "attendance",
            "budgets",
            "outcomes",
        }:
            continue
        for field in model._meta.concrete_fields:
            key = (model._meta.label, field.name)
            if isinstance(field, DoneDateField | DoneDateTimeField):
                done.add(key)
            elif type(field).__name__ == "DateField":
                other.add(key)
    assert done == DONE_FIELDS
    assert other == PLANNED


@pytest.mark.parametrize(("label", "name"), sorted(DONE_FIELDS))
def test_2_1_each_model_date_of_something_done_refuses_tomorrow_and_takes_today(label, name):
    model = apps.get_model(label)
    field = model._meta.get_field(name)
    instance = model()
    tomorrow, today = TOMORROW, TODAY
    if isinstance(field, DoneDateTimeField):
        tomorrow = dt.datetime(2026, 11, 17, 9, 0, tzinfo=dt.UTC)
        today = dt.datetime(2026, 11, 16, 23, 0, tzinfo=dt.UTC)  # later today, London time
    setattr(instance, field.attname, tomorrow)
    with pytest.raises(ValidationError) as refused:
        signals.pre_save.send(sender=model, instance=instance, raw=False, update_fields=None)
    assert refused.value.message_dict == {
        name: [f"The {field.verbose_name} must be today or in the past"]
    }
    with pytest.raises(ValidationError):
        field.clean(tomorrow, instance)
    # A save that does not write the field does not look at it.
    signals.pre_save.send(sender=model, instance=instance, raw=False, update_fields={"pk"})
    for other in model._meta.concrete_fields:  # only this field set: the others are empty
        if other.name != name and isinstance(other, DoneDateField | DoneDateTimeField):
            setattr(instance, other.attname, None)
    setattr(instance, field.attname, today)
    signals.pre_save.send(sender=model, instance=instance, raw=False, update_fields=None)
    field.clean(today, instance)


def test_2_1_the_form_field_refuses_tomorrow_naming_the_field_and_takes_today():
    field = GovukDateField(label="Date the letter was sent", done=True)
    assert field.clean(["16", "11", "2026"]) == TODAY
    with pytest.raises(ValidationError) as refused:
        field.clean(["17", "11", "2026"])
    assert refused.value.messages == ["The date the letter was sent must be today or in the past"]
    planned = GovukDateField(label="Start date")
    assert planned.clean(["17", "11", "2026"]) == TOMORROW


def test_2_1_R9_1_the_notice_service_refuses_a_notice_sent_tomorrow(world):
    placement = ready_placement(world)
    PlacementRecords.objects.filter(placement=placement).update(notice_issued_on=None)
    with pytest.raises(ValidationError) as refused:
        services.notice_issue(
            placement=placement, on=TOMORROW, method="post", by=world.users[Role.AP_LEAD]
        )
    assert "The date the notice was sent must be today or in the past" in str(refused.value)
    assert PlacementRecords.objects.get(placement=placement).notice_issued_on is None
    services.notice_issue(
        placement=placement, on=TODAY, method="post", by=world.users[Role.AP_LEAD]
    )
    assert PlacementRecords.objects.get(placement=placement).notice_issued_on == TODAY


def test_2_1_R10_8_the_la_caseworker_cannot_be_told_tomorrow(world):
    placement = ready_placement(world, ehcp=True)
    sendco = world.users[Role.SENDCO]
    with pytest.raises(ValidationError, match="date the LA caseworker was told"):
        services.la_caseworker_informed(placement=placement, on=TOMORROW, by=sendco)
    assert PlacementRecords.objects.get(placement=placement).la_caseworker_informed_on == TODAY


def test_2_1_R11_objectives_and_information_cannot_be_shared_tomorrow(world):
    placement = ready_placement(world)
    records = records_of(placement)
    records.objectives_shared_on = TOMORROW
    with pytest.raises(ValidationError, match="date the objectives were shared"):
        services._records_save(records, world.users[Role.AP_LEAD])
    assert PlacementRecords.objects.get(placement=placement).objectives_shared_on == TODAY
    share = InformationShare(
        placement=placement,
        category="other",
        what="x",
        shared_on=TOMORROW,
        method="post",
        lawful_basis="public_task",
        shared_by=world.users[Role.AP_LEAD],
    )
    with pytest.raises(ValidationError, match="date shared must be today"):
        share.save()
    assert placement.information_shares.count() == 1


@pytest.mark.parametrize(
    ("field", "key"),
    [
        ("notice_issued_on", "notice"),
        ("objectives_shared_on", "objectives_shared"),
        ("la_caseworker_informed_on", "la_caseworker"),
    ],
)
def test_2_1_R7_4_the_start_gate_counts_no_date_after_today(world, field, key):
    """A date that reached the database some other way (an old row, a raw update) is not
    counted by the gate, and the start service refuses."""
    placement = ready_placement(world, ehcp=True)
    assert key not in [c.key for c in preconditions(placement, TODAY) if not c.met]
    PlacementRecords.objects.filter(placement=placement).update(**{field: TOMORROW})
    placement = Placement.objects.get(pk=placement.pk)
    assert key in [c.key for c in preconditions(placement, TODAY) if not c.met]
    assert key not in [c.key for c in preconditions(placement, TOMORROW) if not c.met]
    with pytest.raises(ValidationError):
        services.placement_start(placement=placement, by=world.users[Role.AP_LEAD], on=TODAY)
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.PLANNED


def test_2_1_R11_2_the_start_gate_counts_no_information_shared_after_today(world):
    placement = ready_placement(world)
    placement.information_shares.update(shared_on=TOMORROW)
    assert "information" in [c.key for c in preconditions(placement, TODAY) if not c.met]
    assert START > TOMORROW


def test_2_1_R7_2_R7_3_the_meeting_and_the_agreement_cannot_be_dated_tomorrow(world):
    from tests.placements.test_placement import agreed_referral

    referral = agreed_referral(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    make_carer(world.pupil_a1)
    ReferralMeeting.objects.filter(referral=referral).delete()
    Agreement.objects.filter(referral=referral).delete()
    referral.refresh_from_db()
    data = {
        "held_on": TOMORROW,
        "attendees": "Family",
        "reasons_explained": "Yes",
        "pupil_views": "Yes",
        "parent_views": "Yes",
    }
    with pytest.raises(ValidationError, match="date of the meeting must be today"):
        meeting_record(referral=referral, data=data, by=ap)
    assert not ReferralMeeting.objects.filter(referral=referral).exists()
    meeting_record(referral=referral, data={**data, "held_on": TODAY}, by=ap)
    referral.refresh_from_db()
    agreement = {
        "responsibilities": "x",
        "contact_timescales": "x",
        "safeguarding_route": "x",
        "maximum_weeks": 6,
        "response": "refused",
        "refusal_reason": "No",
        "responded_on": TOMORROW,
    }
    with pytest.raises(ValidationError, match="date of the response must be today"):
        agreement_record(referral=referral, data=agreement, by=ap)
    assert not Agreement.objects.filter(referral=referral).exists()
    assert not ChronologyEntry.objects.filter(pupil=world.pupil_a1, kind="parent_refusal").exists()


def test_2_1_R6_2_a_chronology_entry_cannot_have_happened_tomorrow(world):
    with pytest.raises(ValidationError, match="The date must be today or in the past"):
        entry_add(pupil=world.pupil_a1, kind="note", occurred_on=TOMORROW, summary="x", by=None)
    assert not ChronologyEntry.objects.filter(pupil=world.pupil_a1).exists()
    entry_add(pupil=world.pupil_a1, kind="note", occurred_on=TODAY, summary="x", by=None)
    assert ChronologyEntry.objects.filter(pupil=world.pupil_a1, occurred_on=TODAY).exists()


def test_2_1_R5_5_a_letter_received_tomorrow_is_refused_and_no_file_is_kept(world):
    from tests.factories import make_provider

    provider = make_provider(world.trust_a, "Letter Provider")
    kwargs = {
        "provider": provider,
        "signatory_name": "A",
        "signatory_role": "B",
        "renewal_due": None,
        "school": world.school_a1,
        "by": world.users[Role.AP_LEAD],
    }
    with pytest.raises(ValidationError, match="date received must be today"):
        letter_add(received_on=TOMORROW, upload=pdf_upload(), **kwargs)
    assert not LetterOfComfort.objects.filter(provider=provider).exists()
    assert not EvidenceFile.objects.exists()
    letter_add(received_on=TODAY, upload=pdf_upload(), **kwargs)
    assert LetterOfComfort.objects.get(provider=provider).received_on == TODAY

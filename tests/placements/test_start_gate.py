"""R-7.4 and R-7.5 (the start gate), R-9.1 (the written notice), R-6.4, R-10.4, R-10.8, R-11.1,
R-11.2, R-7.1: no placement starts until every precondition is met."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.placements import services
from altprov.placements.models import InformationShare, Placement, PlacementSession, PlanObjective
from altprov.placements.start_gate import notice_deadline, preconditions, records_of
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_letter, make_provider, make_pupil
from tests.placements.test_placement import agreed_referral

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 16)  # a Monday in the second half of the autumn term
START = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def ready_placement(world, *, unregistered=False, ehcp=False, cost="200"):
    ap, dsl, head = world.users[Role.AP_LEAD], world.users[Role.DSL], world.users[Role.HEADTEACHER]
    pupil = world.pupil_a1
    if ehcp:
        pupil.send_status = "ehcp"
        pupil.save()
    provider = make_provider(
        world.trust_a,
        "Gate Provider",
        registration_status="unregistered" if unregistered else "registered",
    )
    complete_audit(
        provider,
        world.school_a1,
        by=ap,
        dsl=dsl,
        sign_off_by=head,
        visit=TODAY - dt.timedelta(days=10),
    )
    make_letter(provider, ap, received_on=TODAY - dt.timedelta(days=5))
    referral = agreed_referral(world, pupil)
    placement = Placement.objects.create(
        referral=referral,
        provider=provider,
        start_date=START,
        planned_end_date=START + dt.timedelta(weeks=8),
        weekly_cost=Decimal(cost),
        dual_registered=not unregistered,
        created_by=ap,
        exceptional_reasons="None nearby",
        professionals_consulted="EP",
        sit_agreed_by=world.users[Role.SCHOOL_IMPROVEMENT] if unregistered else None,
        sit_agreed_at=timezone.now() if unregistered else None,
    )
    PlacementSession.objects.create(
        placement=placement, day=0, starts_at=dt.time(9), ends_at=dt.time(12)
    )
    PlacementSession.objects.create(
        placement=placement, day=2, starts_at=dt.time(9), ends_at=dt.time(12)
    )
    PlanObjective.objects.create(
        placement=placement,
        objective="Attend every session",
        timeframe="By February",
        measure="Register",
    )
    records = records_of(placement)
    records.assessment_and_monitoring = "Weekly report"
    records.baseline_attainment = "Working at grade 3"
    records.baseline_attendance = "78%"
    records.baseline_behaviour = "Three suspensions"
    records.ehcp_link = "Outcome 2 of the EHC plan" if ehcp else ""
    records.objectives_shared_on = TODAY
    records.pastoral_contact = world.users[Role.STAFF_MEMBER]
    records.contact_protocol = "Weekly call to the pupil"
    records.save()
    InformationShare.objects.create(
        placement=placement,
        category="attainment",
        what="Latest grades",
        shared_on=TODAY,
        method="secure_email",
        lawful_basis="public_task",
        shared_by=ap,
    )
    services.notice_issue(placement=placement, on=TODAY, method="post", by=ap)
    if ehcp:
        services.la_caseworker_informed(placement=placement, on=TODAY, by=world.users[Role.SENDCO])
    if unregistered or float(cost) > 500:
        services.trust_approve(placement=placement, by=world.users[Role.TRUST_EXECUTIVE])
    return placement


def unmet(placement):
    return [c.key for c in preconditions(placement, TODAY) if not c.met]


def test_R7_4_a_placement_with_every_precondition_met_starts_and_R7_5_records_attendance(world):
    placement = ready_placement(world)
    assert unmet(placement) == []
    client = signed_in_client(world.users[Role.AP_LEAD])
    page = client.get(f"/placements/{placement.pk}/").content.decode()
    assert page.count("Met") >= 8 and "Not met" not in page
    assert client.post(f"/placements/{placement.pk}/start/").status_code == 302
    placement.refresh_from_db()
    assert placement.status == "active" and placement.started_on == START
    assert placement.attendance_recording == "D"  # dual registered at a registered school
    assert ChronologyEntry.objects.filter(
        pupil=placement.pupil, automatic=True, summary__contains="Gate Provider"
    ).exists()


@pytest.mark.parametrize(
    "breaks, key",
    [
        (lambda p, r: p.provider.audits.update(suitable=False), "audit"),
        (
            lambda p, r: p.provider.letters.update(renewal_due=TODAY - dt.timedelta(days=1)),
            "letter",
        ),
        (
            lambda p, r: p.referral.agreement.__class__.objects.filter(
                pk=p.referral.agreement.pk
            ).update(response="refused"),
            "agreement",
        ),
        (lambda p, r: p.objectives.all().delete(), "plan"),
        (lambda p, r: setattr(r, "baseline_behaviour", "") or r.save(), "plan"),
        (lambda p, r: setattr(r, "objectives_shared_on", None) or r.save(), "objectives_shared"),
        (lambda p, r: setattr(r, "notice_issued_on", None) or r.save(), "notice"),
        (lambda p, r: setattr(r, "pastoral_contact", None) or r.save(), "pastoral"),
        (lambda p, r: p.information_shares.all().delete(), "information"),
    ],
)
def test_R7_4_each_precondition_failing_on_its_own_stops_the_start(world, breaks, key):
    placement = ready_placement(world)
    breaks(placement, records_of(placement))
    placement = Placement.objects.get(pk=placement.pk)
    assert unmet(placement) == [key]
    with pytest.raises(ValidationError):
        services.placement_start(placement=placement, by=world.users[Role.AP_LEAD])
    client = signed_in_client(world.users[Role.AP_LEAD])
    client.post(f"/placements/{placement.pk}/start/")
    placement.refresh_from_db()
    assert placement.status == "planned"
    assert "Not met" in client.get(f"/placements/{placement.pk}/").content.decode()


def test_R5_7_R5_8_R7_1_an_unregistered_placement_needs_the_sit_trust_approval_and_the_cap(world):
    placement = ready_placement(world, unregistered=True)
    assert unmet(placement) == []
    Placement.objects.filter(pk=placement.pk).update(sit_agreed_at=None)
    assert unmet(Placement.objects.get(pk=placement.pk)) == ["exceptional"]
    Placement.objects.filter(pk=placement.pk).update(sit_agreed_at=timezone.now())
    records = records_of(placement)
    records.trust_approved_at = None
    records.save()
    assert unmet(Placement.objects.get(pk=placement.pk)) == ["trust_approval"]
    services.trust_approve(placement=placement, by=world.users[Role.TRUST_EXECUTIVE])
    PlacementSession.objects.create(
        placement=placement, day=4, starts_at=dt.time(9), ends_at=dt.time(16)
    )
    assert unmet(Placement.objects.get(pk=placement.pk)) == ["hours_cap"]
    Placement.objects.filter(pk=placement.pk).update(status="planned")
    placement.sessions.filter(day=4).delete()
    services.placement_start(
        placement=Placement.objects.get(pk=placement.pk), by=world.users[Role.AP_LEAD]
    )
    assert Placement.objects.get(pk=placement.pk).attendance_recording == "B"


def test_R7_1_a_costly_placement_needs_trust_approval_given_by_a_trust_role(world):
    placement = ready_placement(world, cost="900")
    assert unmet(placement) == []
    records = records_of(placement)
    assert records.trust_approved_by == world.users[Role.TRUST_EXECUTIVE]
    records.trust_approved_at = None
    records.save()
    assert unmet(Placement.objects.get(pk=placement.pk)) == ["trust_approval"]
    assert (
        signed_in_client(world.users[Role.AP_LEAD])
        .post(f"/placements/{placement.pk}/trust-approval/")
        .status_code
        == 404
    )
    assert (
        signed_in_client(world.users[Role.SCHOOL_IMPROVEMENT])
        .post(f"/placements/{placement.pk}/trust-approval/")
        .status_code
        == 302
    )
    records = records_of(placement)
    assert records.trust_approved_by == world.users[Role.SCHOOL_IMPROVEMENT]
    assert records.trust_approved_at is not None
    assert unmet(Placement.objects.get(pk=placement.pk)) == []


def test_R10_8_for_a_pupil_with_an_ehcp_the_sendco_tells_the_la_caseworker(world):
    placement = ready_placement(world, ehcp=True)
    assert unmet(placement) == []
    records = records_of(placement)
    records.la_caseworker_informed_on = None
    records.ehcp_link = ""
    records.save()
    assert unmet(Placement.objects.get(pk=placement.pk)) == ["plan", "la_caseworker"]
    sendco = signed_in_client(world.users[Role.SENDCO])
    response = sendco.post(
        f"/placements/{placement.pk}/la-caseworker/",
        {"on_0": TODAY.day, "on_1": TODAY.month, "on_2": TODAY.year},
    )
    assert response.status_code == 302
    assert records_of(placement).la_caseworker_informed_by == world.users[Role.SENDCO]


def test_R9_1_the_notice_period_is_counted_in_school_days_across_a_half_term(world):
    placement = ready_placement(world)
    # A start on Mon 2 Nov 2026, after the half term (26 to 30 Oct): 2 school days before is Thu 22 Oct.
    placement.start_date = dt.date(2026, 11, 2)
    assert notice_deadline(placement) == dt.date(2026, 10, 22)
    # An INSET day on Thu 22 Oct is not a school day: the deadline moves to Wed 21 Oct.
    world.school_a1.closure_days.create(date=dt.date(2026, 10, 22), kind="inset")
    assert notice_deadline(placement) == dt.date(2026, 10, 21)
    settings = world.trust_a.settings
    settings.notice_school_days = 5
    settings.save()
    # 23, 21, 20, 19 and 16 October: five school days before the start.
    assert notice_deadline(placement) == dt.date(2026, 10, 16)


def test_R9_1_the_notice_cannot_be_issued_late_or_with_a_fact_missing(world):
    placement = ready_placement(world)
    records = records_of(placement)
    records.notice_issued_on = None
    records.pastoral_contact = None
    records.save()
    client = signed_in_client(world.users[Role.AP_LEAD])
    page = client.get(f"/placements/{placement.pk}/notice/").content.decode()
    assert "Missing" in page and "Monday 9:00 to 12:00" not in page
    response = client.post(
        f"/placements/{placement.pk}/notice/",
        {
            "sent_on_0": TODAY.day,
            "sent_on_1": TODAY.month,
            "sent_on_2": TODAY.year,
            "method": "post",
        },
    )
    assert (
        "The letter has no member of school staff giving your child pastoral support"
        in response.content.decode()
    )
    records.pastoral_contact = world.users[Role.STAFF_MEMBER]
    records.save()
    # Sent today for a start tomorrow: one school day's notice, two are needed. (A notice dated
    # after today is refused as a future date before the deadline is looked at.)
    placement.start_date = TODAY + dt.timedelta(days=1)
    placement.save()
    response = client.post(
        f"/placements/{placement.pk}/notice/",
        {
            "sent_on_0": TODAY.day,
            "sent_on_1": TODAY.month,
            "sent_on_2": TODAY.year,
            "method": "post",
        },
    )
    assert "The notice had to be sent by 13 November 2026" in response.content.decode()
    assert records_of(placement).notice_issued_on is None
    placement.start_date = START
    placement.save()
    assert (
        client.post(
            f"/placements/{placement.pk}/notice/",
            {
                "sent_on_0": TODAY.day,
                "sent_on_1": TODAY.month,
                "sent_on_2": TODAY.year,
                "method": "post",
            },
        ).status_code
        == 302
    )
    records = records_of(placement)
    assert records.notice_issued_on == TODAY and records.notice_method == "post"
    assert records.notice_issued_by == world.users[Role.AP_LEAD]


def test_R9_1_a_suspension_placement_needs_48_hours_notice(world):
    placement = ready_placement(world)
    placement.referral.route = "suspension"
    placement.referral.save()
    assert notice_deadline(placement) == START - dt.timedelta(days=2)


def test_R9_1_the_letter_states_every_fact_as_a_pdf(world):
    import io

    from pypdf import PdfReader

    placement = ready_placement(world)
    response = signed_in_client(world.users[Role.AP_LEAD]).get(
        f"/placements/{placement.pk}/notice.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    for fact in [
        "30 November 2026 to 25 January 2027",
        "Monday 09:00 to 12:00",
        "Wednesday: 3 hours",
        "3 Provider Street",
        "Pat Manager",
        "Staff member Person",
        "Gate Provider",
    ]:
        assert fact in text, fact


def test_R6_4_R10_4_R11_2_the_plan_pastoral_contact_and_information_are_recorded_through_pages(
    world,
):
    placement = ready_placement(world)
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert (
        client.post(
            f"/placements/{placement.pk}/plan/objectives/add/", {"objective": "Read daily"}
        ).status_code
        == 200
    )
    client.post(
        f"/placements/{placement.pk}/plan/objectives/add/",
        {"objective": "Read daily", "timeframe": "By Easter", "measure": "Reading age"},
    )
    assert placement.objectives.count() == 2
    response = client.post(
        f"/placements/{placement.pk}/pastoral-contact/",
        {"contact": world.users[Role.DSL].pk, "protocol": "Daily text"},
    )
    assert (
        response.status_code == 302
        and records_of(placement).pastoral_contact == world.users[Role.DSL]
    )
    outsider = client.post(
        f"/placements/{placement.pk}/pastoral-contact/",
        {"contact": world.outsider.pk, "protocol": "x"},
    )
    assert "Select a valid choice" in outsider.content.decode()
    response = client.post(
        f"/placements/{placement.pk}/information/add/",
        {
            "category": "send",
            "what": "EHCP",
            "shared_on_0": TODAY.day,
            "shared_on_1": TODAY.month,
            "shared_on_2": TODAY.year,
            "method": "secure_email",
            "lawful_basis": "public_task",
        },
    )
    assert response.status_code == 302 and placement.information_shares.count() == 2


def test_R7_5_a_pupil_not_dual_registered_is_recorded_as_b_and_only_a_school_can_dual_register(
    world,
):
    placement = ready_placement(world)
    Placement.objects.filter(pk=placement.pk).update(dual_registered=False)
    services.placement_start(
        placement=Placement.objects.get(pk=placement.pk), by=world.users[Role.AP_LEAD]
    )
    assert Placement.objects.get(pk=placement.pk).attendance_recording == "B"
    from tests.placements.test_placement import form

    referral = agreed_referral(world, make_pupil(world.school_a1))
    unregistered = make_provider(
        world.trust_a, "Unregistered Place", registration_status="unregistered"
    )
    response = signed_in_client(world.users[Role.AP_LEAD]).post(
        f"/referrals/{referral.pk}/placement/",
        form(
            unregistered, dual_registered="on", exceptional_reasons="x", professionals_consulted="y"
        ),
    )
    assert (
        "A pupil can be dual registered only at a provider that is a registered school"
        in response.content.decode()
    )


def test_R11_1_the_objectives_are_shared_with_the_provider_before_the_start(world):
    placement = ready_placement(world)
    records = records_of(placement)
    records.objectives_shared_on = None
    records.save()
    assert unmet(Placement.objects.get(pk=placement.pk)) == ["objectives_shared"]
    client = signed_in_client(world.users[Role.AP_LEAD])
    data = {
        "assessment_and_monitoring": records.assessment_and_monitoring,
        "baseline_attainment": records.baseline_attainment,
        "baseline_attendance": records.baseline_attendance,
        "baseline_behaviour": records.baseline_behaviour,
        "objectives_shared_on_0": TODAY.day,
        "objectives_shared_on_1": TODAY.month,
        "objectives_shared_on_2": TODAY.year,
    }
    assert client.post(f"/placements/{placement.pk}/plan/", data).status_code == 302
    assert unmet(Placement.objects.get(pk=placement.pk)) == []


def test_R7_3_review_dates_follow_the_trusts_interval_and_the_school_calendar(world):
    from altprov.placements.rules import review_due_dates

    placement = ready_placement(world)  # 30 Nov 2026 to 25 Jan 2027
    assert review_due_dates(placement) == [dt.date(2027, 1, 4)]  # spring half term 1 starts
    Placement.objects.filter(pk=placement.pk).update(planned_end_date=dt.date(2027, 5, 1))
    placement = Placement.objects.get(pk=placement.pk)
    assert review_due_dates(placement) == [
        dt.date(2027, 1, 4),
        dt.date(2027, 2, 22),
        dt.date(2027, 4, 12),
    ]
    settings = world.trust_a.settings
    settings.review_interval = "term"
    settings.save()
    assert review_due_dates(placement) == [dt.date(2027, 1, 4), dt.date(2027, 4, 12)]
    page = (
        signed_in_client(world.users[Role.AP_LEAD])
        .get(f"/placements/{placement.pk}/")
        .content.decode()
    )
    assert "Monday 4 January 2027" in page and "Monday 12 April 2027" in page


def test_R9_1_the_letter_is_also_a_page(world):
    placement = ready_placement(world)
    page = (
        signed_in_client(world.users[Role.AP_LEAD])
        .get(f"/placements/{placement.pk}/notice/letter/")
        .content.decode()
    )
    for fact in [
        "30 November 2026 to 25 January 2027",
        "Monday 09:00 to 12:00",
        "Pat Manager",
        "Staff member Person",
    ]:
        assert fact in page

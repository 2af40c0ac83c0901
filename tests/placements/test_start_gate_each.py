"""R-7.4: each precondition of the start gate on its own. A placement with every precondition met
(an unregistered provider and a pupil with an EHC plan, so that every precondition applies) is
broken in one way at a time: the start is then refused at the service and at the page, naming that
precondition and no other; unbroken, it starts."""

import datetime as dt
import html

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.placements import services
from altprov.placements.models import Placement, PlacementSession
from altprov.placements.start_gate import preconditions, records_of
from altprov.providers.suitability import start_of_day
from tests.conftest import signed_in_client
from tests.placements.test_start_gate import START, TODAY, ready_placement

pytestmark = pytest.mark.django_db

EVERY_KEY = [
    "audit",
    "letter",
    "decision",
    "agreement",
    "plan",
    "objectives_shared",
    "notice",
    "pastoral",
    "information",
    "trust_approval",
    "exceptional",
    "hours_cap",
    "la_caseworker",
]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def update(placement, **fields):
    Placement.objects.filter(pk=placement.pk).update(**fields)


def records(placement, **fields):
    r = records_of(placement)
    for name, value in fields.items():
        setattr(r, name, value)
    r.save()


def audits(placement, **fields):
    placement.provider.audits.update(**fields)


def agreement(placement, **fields):
    type(placement.referral.agreement).objects.filter(referral=placement.referral).update(**fields)


# One way of breaking each precondition, and every way for those with several parts.
BREAKS = {
    "audit: not suitable": ("audit", lambda p: audits(p, suitable=False)),
    "audit: not signed off": ("audit", lambda p: audits(p, signed_off_at=None)),
    "audit: out of date": (
        "audit",
        lambda p: audits(
            p, visit_at=start_of_day(TODAY - relativedelta(months=12) - dt.timedelta(days=1))
        ),
    ),
    "audit: none": ("audit", lambda p: p.provider.audits.all().delete()),
    "letter: expired yesterday": (
        "letter",
        lambda p: p.provider.letters.update(renewal_due=TODAY - dt.timedelta(days=1)),
    ),
    "letter: none": ("letter", lambda p: p.provider.letters.all().delete()),
    "decision: declined": (
        "decision",
        lambda p: type(p.referral).objects.filter(pk=p.referral.pk).update(decision="declined"),
    ),
    "decision: none": (
        "decision",
        lambda p: type(p.referral).objects.filter(pk=p.referral.pk).update(decision=""),
    ),
    "agreement: refused": ("agreement", lambda p: agreement(p, response="refused")),
    "agreement: none": ("agreement", lambda p: p.referral.agreement.delete()),
    "plan: no objective": ("plan", lambda p: p.objectives.all().delete()),
    "plan: no assessment and monitoring": (
        "plan",
        lambda p: records(p, assessment_and_monitoring="  "),
    ),
    "plan: no attainment baseline": ("plan", lambda p: records(p, baseline_attainment=" ")),
    "plan: no attendance baseline": ("plan", lambda p: records(p, baseline_attendance=" ")),
    "plan: no behaviour baseline": ("plan", lambda p: records(p, baseline_behaviour=" ")),
    "plan: no link to the EHC plan": ("plan", lambda p: records(p, ehcp_link=" ")),
    "objectives not shared": ("objectives_shared", lambda p: records(p, objectives_shared_on=None)),
    "notice: not sent": ("notice", lambda p: records(p, notice_issued_on=None)),
    # A notice cannot be recorded as sent on a day still to come: a placement starting today
    # with its notice sent today.
    "notice: sent on the start date": (
        "notice",
        lambda p: (update(p, start_date=TODAY), records(p, notice_issued_on=TODAY)),
    ),
    "pastoral: no contact": ("pastoral", lambda p: records(p, pastoral_contact=None)),
    "pastoral: no contact protocol": ("pastoral", lambda p: records(p, contact_protocol="  ")),
    "information: none shared": ("information", lambda p: p.information_shares.all().delete()),
    "trust approval: none": ("trust_approval", lambda p: records(p, trust_approved_at=None)),
    "exceptional: no reasons": ("exceptional", lambda p: update(p, exceptional_reasons=" ")),
    "exceptional: no professionals consulted": (
        "exceptional",
        lambda p: update(p, professionals_consulted=" "),
    ),
    "exceptional: no SIT agreement": ("exceptional", lambda p: update(p, sit_agreed_at=None)),
    "hours over the cap": (
        "hours_cap",
        lambda p: PlacementSession.objects.create(
            placement=p, day=4, starts_at=dt.time(9), ends_at=dt.time(15, 15)
        ),
    ),
    "LA caseworker not told": (
        "la_caseworker",
        lambda p: records(p, la_caseworker_informed_on=None),
    ),
}


@pytest.fixture
def ready(world):
    """A placement with every precondition applying and met."""
    placement = ready_placement(world, unregistered=True, ehcp=True)
    assert [c.key for c in preconditions(placement, TODAY)] == EVERY_KEY
    assert all(c.met for c in preconditions(placement, TODAY))
    return placement


@pytest.fixture(params=list(BREAKS), ids=list(BREAKS))
def broken(request, ready):
    key, breaks = BREAKS[request.param]
    breaks(Placement.objects.get(pk=ready.pk))
    return Placement.objects.get(pk=ready.pk), key


def text_of(placement, key):
    return next(c.text for c in preconditions(placement, TODAY) if c.key == key)


def test_R7_4_each_precondition_alone_is_refused_at_the_service(world, broken):
    placement, key = broken
    conditions = preconditions(placement, TODAY)
    assert [c.key for c in conditions if not c.met] == [key]
    with pytest.raises(ValidationError) as refused:
        services.placement_start(placement=placement, by=world.users[Role.AP_LEAD], on=TODAY)
    assert refused.value.messages == [text_of(placement, key)]
    placement.refresh_from_db()
    assert placement.status == "planned" and placement.started_on is None
    assert not ChronologyEntry.objects.filter(pupil=placement.pupil, automatic=True).exists()


def test_R7_4_each_precondition_alone_is_refused_at_the_page(world, broken):
    placement, key = broken
    client = signed_in_client(world.users[Role.AP_LEAD])
    response = client.post(f"/placements/{placement.pk}/start/")
    # The refusal re-shows the placement with an error summary listing what is still needed.
    assert response.status_code == 200
    summary = response.content.decode().split('govuk-error-summary__body">', 1)[1]
    refusal = html.unescape(summary.split("</div>", 1)[0])
    assert "Still needed:" in refusal
    assert text_of(placement, key) in refusal
    for other in preconditions(placement, TODAY):
        if other.key != key:
            assert other.text not in refusal
    placement.refresh_from_db()
    assert placement.status == "planned" and placement.started_on is None


def test_R7_4_with_every_precondition_met_the_service_starts_it_once(world, ready):
    ap = world.users[Role.AP_LEAD]
    started = services.placement_start(placement=ready, by=ap, on=TODAY)
    assert started.status == "active" and started.started_on == START
    assert Placement.objects.get(pk=ready.pk).status == "active"
    with pytest.raises(ValidationError, match="already started"):
        services.placement_start(placement=Placement.objects.get(pk=ready.pk), by=ap, on=TODAY)
    assert ChronologyEntry.objects.filter(pupil=ready.pupil, automatic=True).count() == 1


def test_R7_4_started_on_the_start_date_or_later_it_is_recorded_from_that_day(world, ready):
    later = START + dt.timedelta(days=3)
    # Confirmed on that day: the chronology entry it writes is of something done, so not ahead.
    with time_machine.travel(dt.datetime.combine(later, dt.time(10), tzinfo=dt.UTC), tick=False):
        started = services.placement_start(placement=ready, by=world.users[Role.AP_LEAD], on=later)
    assert started.started_on == later


def test_R7_4_with_every_precondition_met_the_page_starts_it_once(world, ready):
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.post(f"/placements/{ready.pk}/start/").status_code == 302
    ready.refresh_from_db()
    assert ready.status == "active" and ready.started_on == START
    client.post(f"/placements/{ready.pk}/start/")
    assert ChronologyEntry.objects.filter(pupil=ready.pupil, automatic=True).count() == 1


def test_R7_4_only_someone_who_may_make_referrals_at_the_school_can_start_it(world, ready):
    for user in (world.users[Role.STAFF_MEMBER], world.outsider):
        with pytest.raises(services.PermissionDenied):
            services.placement_start(placement=ready, by=user, on=TODAY)
        assert signed_in_client(user).post(f"/placements/{ready.pk}/start/").status_code == 404
    assert Placement.objects.get(pk=ready.pk).status == "planned"

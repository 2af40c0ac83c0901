"""Changes of state that happen once (issue 14, 1.5): each placement service re-reads the
placement under a row lock inside its transaction, so a second request (here: the same call with
the placement as it was read before the first one, as a request running at the same moment holds
it) is refused with a clear message and writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.core.locking import lock
from altprov.placements import services
from altprov.placements.models import Placement, PlacementRecords
from altprov.placements.start_gate import records_of
from tests.factories import make_trust
from tests.placements.test_start_gate import TODAY, frozen_today, ready_placement  # noqa: F401

pytestmark = pytest.mark.django_db


def as_read_before(placement) -> Placement:
    return Placement.objects.get(pk=placement.pk)


def writes(placement) -> tuple[int, int, int]:
    return (
        ChronologyEntry.objects.count(),
        Placement.history.filter(id=placement.pk).count(),
        PlacementRecords.history.filter(placement_id=placement.pk).count(),
    )


def test_R7_4_a_placement_starts_once_and_a_second_start_is_refused_writing_nothing(world):
    placement = ready_placement(world)
    second = as_read_before(placement)
    services.placement_start(placement=placement, by=world.users[Role.AP_LEAD])
    before = writes(placement)
    assert second.status == Placement.Status.PLANNED  # what a request at the same moment read
    with pytest.raises(ValidationError, match="The placement has already started"):
        services.placement_start(placement=second, by=world.users[Role.HEADTEACHER])
    assert writes(placement) == before
    assert ChronologyEntry.objects.filter(summary__startswith="Placement at").count() == 1
    assert second.status == Placement.Status.ACTIVE  # it was read afresh under the lock


def test_R5_7_the_sit_agrees_once(world):
    placement = ready_placement(world, unregistered=True)
    Placement.objects.filter(pk=placement.pk).update(sit_agreed_at=None, sit_agreed_by=None)
    first, second = as_read_before(placement), as_read_before(placement)
    sit = world.users[Role.SCHOOL_IMPROVEMENT]
    services.sit_agree(placement=first, by=sit)
    agreed_at = as_read_before(placement).sit_agreed_at
    before = writes(placement)
    with pytest.raises(ValidationError, match="already agreed"):
        services.sit_agree(placement=second, by=sit)
    assert writes(placement) == before
    assert as_read_before(placement).sit_agreed_at == agreed_at


def test_R7_1_the_trust_approves_once(world):
    placement = ready_placement(world, cost="900")
    approved = records_of(placement).trust_approved_at
    before = writes(placement)
    with pytest.raises(ValidationError, match="already been approved"):
        services.trust_approve(
            placement=as_read_before(placement), by=world.users[Role.SCHOOL_IMPROVEMENT]
        )
    assert writes(placement) == before
    records = records_of(placement)
    assert records.trust_approved_at == approved
    assert records.trust_approved_by == world.users[Role.TRUST_EXECUTIVE]


def test_R9_1_the_notice_is_issued_once(world):
    placement = ready_placement(world)
    before = writes(placement)
    with pytest.raises(ValidationError, match="already been issued"):
        services.notice_issue(
            placement=as_read_before(placement),
            on=TODAY - dt.timedelta(days=1),
            method="email",
            by=world.users[Role.HEADTEACHER],
        )
    assert writes(placement) == before
    records = records_of(placement)
    assert (records.notice_issued_on, records.notice_method) == (TODAY, "post")


def test_a_second_trust_approval_through_the_page_says_so_instead_of_failing(world):
    from tests.conftest import signed_in_client

    placement = ready_placement(world, cost="900")
    client = signed_in_client(world.users[Role.SCHOOL_IMPROVEMENT])
    response = client.post(f"/placements/{placement.pk}/trust-approval/", follow=True)
    assert "The placement has already been approved for the trust" in response.content.decode()
    assert records_of(placement).trust_approved_by == world.users[Role.TRUST_EXECUTIVE]


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_refused_outside_a_transaction():
    """`lock` outside `transaction.atomic` would hold nothing: it says so on every database."""
    trust = make_trust("Lock Trust")
    with pytest.raises(transaction.TransactionManagementError, match="transaction.atomic"):
        lock(trust)
    with transaction.atomic():
        assert lock(trust).name == "Lock Trust"

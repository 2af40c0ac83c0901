"""The duty engine's own rules, without computing any duty: who an item is for, which duties a
person's roles reach, and how a row names its pupil (issue 7)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from altprov.authz.permissions import Role
from altprov.core.duties import DueItem
from altprov.duties.engine import duties_for_roles, is_for, rows_for
from altprov.duties.table import DUTIES
from tests.factories import make_pupil

TODAY = dt.date(2026, 11, 3)
ME, SOMEONE = SimpleNamespace(pk=7), SimpleNamespace(pk=8)


def item(duty, *, owner_id=None, pupil_id=None, due=TODAY):
    return DueItem(
        duty=duty,
        school_id=1,
        due=due,
        subject_id=1,
        title="t",
        url="/x/",
        link_text="Act for {pupil}",
        pupil_id=pupil_id,
        owner_id=owner_id,
    )


def test_X4_an_owned_item_is_for_its_owner_alone_whatever_their_roles():
    step = item("audit_next_step", owner_id=ME.pk)
    assert is_for(step, ME, set())
    assert not is_for(step, SOMEONE, {Role.HEADTEACHER, Role.AP_LEAD, Role.DSL})


def test_X4_an_owned_duty_without_an_owner_goes_to_its_roles():
    step = item("audit_next_step")
    assert is_for(step, SOMEONE, {Role.DSL})
    assert not is_for(step, SOMEONE, {Role.SENDCO})


def test_X4_an_owner_on_a_duty_that_is_not_owned_does_not_narrow_it_to_them():
    review = item("agreement_review", owner_id=ME.pk)
    assert is_for(review, SOMEONE, {Role.AP_LEAD})
    assert not is_for(review, ME, {Role.SENDCO})


def test_X4_a_person_reaches_the_duties_of_their_roles_and_every_owned_duty():
    owned = {d.key for d in DUTIES if d.owned}
    assert owned == {"audit_next_step"}
    assert {d.key for d in duties_for_roles(set())} == owned
    assert {d.key for d in duties_for_roles({Role.TRUSTEE})} == owned
    assert {d.key for d in duties_for_roles({Role.SENDCO})} == owned | {"ehcp_annual_review"}
    every = {d.key for d in duties_for_roles({Role.HEADTEACHER, Role.AP_LEAD, Role.SENDCO})}
    assert (
        every
        == {d.key for d in DUTIES if set(d.who) & {Role.HEADTEACHER, Role.AP_LEAD, Role.SENDCO}}
        | owned
    )


@pytest.mark.django_db
def test_X4_a_row_names_its_pupil_or_says_the_pupil(world):
    pupil = make_pupil(world.school_a1, first_name="Rowan", last_name="Ashby")
    late = item("agreement_review", pupil_id=pupil.pk, due=TODAY - dt.timedelta(days=1))
    (with_pupil, without) = rows_for([late, item("reaudit")], TODAY)
    assert with_pupil.pupil == pupil and with_pupil.link_text == "Act for Rowan Ashby"
    assert with_pupil.overdue and with_pupil.duty.key == "agreement_review"
    assert without.pupil is None and without.link_text == "Act for the pupil"
    assert not without.overdue


@pytest.mark.django_db
def test_X2_a_trust_with_no_saved_settings_gets_its_own_defaults(world):
    from altprov.core.duties import DutyContext
    from altprov.organisations.models import TrustSettings

    TrustSettings.objects.filter(trust=world.trust_a).delete()
    ctx = DutyContext([world.school_a1, world.school_b1], dt.date(2026, 11, 5))
    defaults = ctx.settings(world.school_a1.pk)
    assert defaults.pk is None and defaults.trust_id == world.trust_a.pk
    assert defaults.review_interval == TrustSettings._meta.get_field("review_interval").default
    assert ctx.settings(world.school_b1.pk).trust_id == world.trust_b.pk

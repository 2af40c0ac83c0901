"""Which records hold safeguarding information, and so are kept longer (X-1,
altprov/retention/periods.py): each kind alone, only for the pupils asked about, and the trust's
own periods for each kind of record."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.monitoring.models import EarlyEnding
from altprov.organisations.services import settings_for
from altprov.pupils.models import Pupil
from altprov.retention.periods import due_pupils, safeguarding_pupil_ids
from tests.duties.helpers import attending
from tests.factories import make_pupil

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 2)


def entry(pupil, by, *, safeguarding):
    return ChronologyEntry.objects.create(
        pupil=pupil,
        occurred_on=DAY,
        kind="note",
        summary="A note",
        safeguarding=safeguarding,
        recorded_by=by,
    )


def test_X1_each_kind_of_safeguarding_information_alone_keeps_the_record_and_only_its_own(world):
    dsl = world.users[Role.DSL]
    school = world.school_a1
    plain = make_pupil(school)
    entry(plain, dsl, safeguarding=False)  # a chronology entry without safeguarding
    was = make_pupil(school, social_worker_name="Sam Worker")
    was.social_worker_name = ""
    was.save()  # an earlier version of the record held it
    in_chronology = make_pupil(school)
    entry(in_chronology, dsl, safeguarding=True)
    ended_early = make_pupil(school)
    placement = attending(world, ended_early)
    EarlyEnding.objects.create(
        placement=placement, ended_on=DAY, reason="Concerns", dsl_informed_on=DAY, recorded_by=dsl
    )
    cases = {
        "looked after": make_pupil(school, looked_after=True),
        "a social worker": make_pupil(school, social_worker_name="Sam Worker"),
        "another social worker": make_pupil(school, other_social_worker="Youth offending team"),
        "a virtual school head": make_pupil(school, virtual_school_head_name="Val Head"),
        "in an earlier version": was,
        "a safeguarding chronology entry": in_chronology,
        "a placement ended early": ended_early,
    }
    for what, pupil in cases.items():
        assert safeguarding_pupil_ids([pupil.pk, plain.pk]) == {pupil.pk}, what
        assert safeguarding_pupil_ids(iter([pupil.pk])) == {pupil.pk}, what
    assert safeguarding_pupil_ids([plain.pk]) == set()
    assert safeguarding_pupil_ids([]) == set()
    everyone = [p.pk for p in cases.values()] + [plain.pk]
    assert safeguarding_pupil_ids(everyone) == {p.pk for p in cases.values()}


def test_X1_the_trusts_own_safeguarding_period_and_only_the_pupils_asked_about(world):
    settings = settings_for(world.trust_a)
    settings.retention_years, settings.safeguarding_retention_years = 26, 30
    settings.save()
    kept = make_pupil(world.school_a1, date_of_birth=dt.date(1996, 3, 10), looked_after=True)
    plain = make_pupil(world.school_a1, date_of_birth=dt.date(2000, 3, 10))
    other = make_pupil(world.school_b1, date_of_birth=dt.date(1990, 1, 1))  # trust B: 25
    on = dt.date(2026, 3, 10)  # kept turns 30, plain turns 26
    due = {d.pupil_id: d for d in due_pupils(on)}
    assert set(due) == {kept.pk, plain.pk, other.pk}
    assert (due[kept.pk].years, due[kept.pk].safeguarding) == (30, True)
    assert (due[plain.pk].years, due[plain.pk].safeguarding) == (26, False)
    assert due[other.pk].years == 25
    assert not due_pupils(on - dt.timedelta(days=1), Pupil.objects.filter(pk=kept.pk))
    only = due_pupils(on, Pupil.objects.filter(school=world.school_a1))
    assert {d.pupil_id for d in only} == {kept.pk, plain.pk}

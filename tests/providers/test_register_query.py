"""R-5.1, R-5.6: the register's query on its own: search, filters and every sort, within one
trust."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.providers.selectors import register
from tests.factories import complete_audit, make_provider

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def three(world):
    ap = world.users[Role.AP_LEAD]
    people = {"by": ap, "dsl": world.users[Role.DSL], "sign_off_by": world.users[Role.HEADTEACHER]}
    a = make_provider(world.trust_a, "Alder", town="Zedford", urn="123456", key_stages=",KS3,")
    make_provider(
        world.trust_a, "Birch", town="Ayton", registration_status="unregistered", key_stages=",KS4,"
    )
    c = make_provider(world.trust_a, "Cedar", town="Mideham", urn="654321", key_stages=",KS3,KS4,")
    make_provider(world.trust_b, "Alder Elsewhere", town="Zedford", urn="111111")
    complete_audit(a, world.school_a1, visit=TODAY - dt.timedelta(days=40), **people)
    complete_audit(c, world.school_a1, visit=TODAY - dt.timedelta(days=5), suitable=False, **people)
    return world


def names(**kw):
    return [p.name for p in register(kw.pop("trust"), today=TODAY, **kw)]


def test_R5_1_the_register_searches_name_town_and_exact_urn_in_one_trust(three):
    trust = three.trust_a
    assert names(trust=trust) == ["Alder", "Birch", "Cedar"]
    assert names(trust=trust, search="alder") == ["Alder"]
    assert names(trust=trust, search="ayton") == ["Birch"]
    assert names(trust=trust, search="654321") == ["Cedar"]
    assert names(trust=trust, search="65432") == []
    assert names(trust=trust, registration="unregistered") == ["Birch"]
    assert names(trust=trust, key_stage="KS4") == ["Birch", "Cedar"]
    assert names(trust=trust, status="not_suitable") == ["Cedar"]
    assert names(trust=trust, in_use_school_id=three.school_a1.pk) == ["Alder", "Cedar"]
    assert names(trust=trust, in_use_school_id=three.school_a2.pk) == []


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("name", ["Alder", "Birch", "Cedar"]),
        ("-name", ["Cedar", "Birch", "Alder"]),
        ("town", ["Birch", "Cedar", "Alder"]),
        ("-town", ["Alder", "Cedar", "Birch"]),
        ("audit", ["Birch", "Alder", "Cedar"]),  # never audited first
        ("-audit", ["Cedar", "Alder", "Birch"]),  # never audited last
        ("status", ["Alder", "Birch", "Cedar"]),  # letter_missing, no_audit, not_suitable
        ("-status", ["Cedar", "Birch", "Alder"]),
        ("nonsense", ["Alder", "Birch", "Cedar"]),
    ],
)
def test_R5_1_the_register_sorts_by_each_column(three, sort, expected):
    assert names(trust=three.trust_a, sort=sort) == expected

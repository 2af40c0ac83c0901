"""R-10.9: what the school's report finds, read from the rules of the apps that own them: duties
overdue from the duty engine, and placements not meeting a condition (the provider's suitability,
the trust's hours cap with a non-default setting, a planned start passed)."""

import datetime as dt

from altprov.authz.permissions import Role
from altprov.organisations.services import settings_for
from altprov.placements.models import Placement
from altprov.reports import data
from altprov.reports.context import Period, ReportContext
from altprov.reports.sections import overdue_duties, placements_not_meeting
from tests.duties.helpers import audited_provider
from tests.factories import make_provider

from .helpers import placement

TODAY = dt.date.today()


def ctx_for(world, user=None):
    period = Period(dt.date(2026, 9, 1), TODAY, "")
    return ReportContext([world.school_a1], period, TODAY, user)


def test_R10_9_a_placement_at_a_suitable_provider_within_the_cap_meets_its_conditions(world):
    good = audited_provider(
        world,
        "Approved Centre",
        visit=dt.datetime.now() - dt.timedelta(days=30),
        letter_due=TODAY + dt.timedelta(days=100),
    )
    placement(world, world.school_a1, good, hours=12, start=TODAY - dt.timedelta(days=20))
    assert data.conditions_not_met(ctx_for(world)) == []


def test_R10_9_each_condition_alone_is_reported(world):
    settings = settings_for(world.trust_a)
    settings.unregistered_hours_cap = 10  # not the default 12
    settings.save()
    good = audited_provider(
        world,
        "Approved Farm",
        visit=dt.datetime.now() - dt.timedelta(days=30),
        letter_due=TODAY + dt.timedelta(days=100),
    )
    good.registration_status = "unregistered"
    good.urn = ""
    good.save()
    over = placement(world, world.school_a1, good, hours=11, first_name="Overcap")
    at_cap = placement(world, world.school_a1, good, hours=10, first_name="Atcap")
    unaudited = placement(world, world.school_a1, make_provider(world.trust_a), hours=10)
    late = placement(
        world,
        world.school_a1,
        good,
        hours=6,
        status=Placement.Status.PLANNED,
        start=TODAY - dt.timedelta(days=1),
    )
    on_time = placement(
        world, world.school_a1, good, hours=6, status=Placement.Status.PLANNED, start=TODAY
    )
    found = {f.pk: problems for f, problems in data.conditions_not_met(ctx_for(world))}
    assert found[over.pk] == [
        "11 hours a week at an unregistered provider, over the trust's cap of 10 (R-5.8)"
    ]
    assert at_cap.pk not in found and on_time.pk not in found
    assert found[unaudited.pk] == ["The provider's status is “No audit” (R-5.6, R-7.4)"]
    assert len(found[late.pk]) == 1 and "not started" in found[late.pk][0]
    table = placements_not_meeting(ctx_for(world))
    assert {r["pupil"] for r in table.rows} >= {"Overcap Counted"}


def test_R10_9_overdue_duties_come_from_the_duty_engine(world):
    provider = make_provider(world.trust_a)
    placement(world, world.school_a1, provider, start=TODAY - dt.timedelta(days=90))
    table = overdue_duties(ctx_for(world, world.users[Role.HEADTEACHER]))
    duties = {r["duty"] for r in table.rows}
    assert any("(R-7.3)" in d for d in duties)
    assert all(r["due"] < TODAY and r["days"] > 0 for r in table.rows)

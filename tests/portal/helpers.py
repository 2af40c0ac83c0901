"""A provider's world for the portal's report pages (issue 9): an attending placement of Alex
(School A1) at Provider A, a user of Provider A, a user of another provider, and a user of
Provider A who is switched off."""

import datetime as dt

import pytest
import time_machine

from tests.duties.helpers import attending
from tests.factories import make_provider, make_user

TODAY = dt.date(2026, 11, 3)  # the placements start on 5 October 2026; half term 26-30 October


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        yield


def provider_user(provider, name="Pat Provider", **fields):
    return make_user(full_name=name, provider=provider, **fields)


@pytest.fixture(name="portal")
def portal_world(world):
    world.provider = make_provider(world.trust_a, "Provider A Centre")
    world.other_provider = make_provider(world.trust_a, "Other Provider")
    world.placement = attending(world, world.pupil_a1, world.provider)
    world.pat = provider_user(world.provider, "Pat Provider")
    world.stranger = provider_user(world.other_provider, "Sam Stranger")
    world.switched_off = provider_user(world.provider, "Off Person", is_active=False)
    return world


def day(name: str, value: dt.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}

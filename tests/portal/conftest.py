import pytest
import time_machine

from . import scene as portal_scene


@pytest.fixture
def frozen():
    with time_machine.travel(portal_scene.NOW, tick=False):
        yield


@pytest.fixture
def portal(world, frozen):
    return portal_scene.build(world)


@pytest.fixture
def recorded(portal):
    portal_scene.what_the_school_recorded(portal)
    return portal


@pytest.fixture
def recorded_today(world):
    """The same scene at today's real date (for the staff matrix's objects, dated today)."""
    p = portal_scene.build(world)
    portal_scene.what_the_school_recorded(p)
    return p

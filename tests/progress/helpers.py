import datetime as dt

import pytest
import time_machine

from altprov.placements.models import PlanObjective
from tests.duties.helpers import attending

TODAY = dt.date(2026, 11, 3)


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        yield


def date_data(name: str, day: dt.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def placement_with_objectives(world, pupil=None, count=2):
    placement = attending(world, pupil or world.pupil_a1)
    for n in range(count):
        PlanObjective.objects.create(
            placement=placement,
            objective=f"Objective {n + 1}: attend every morning session",
            timeframe="By February half term",
            measure="Attendance marks",
        )
    return placement

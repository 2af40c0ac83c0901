import datetime as dt

import pytest
import time_machine

from altprov.duties.engine import due_items

TODAY = dt.date(2026, 11, 3)  # the placements start on 5 October 2026; half term 26-30 October


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        yield


def day(name: str, value: dt.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def items(world, duty: str, today: dt.date):
    return [i for i in due_items([world.school_a1], today, only_attention=False) if i.duty == duty]

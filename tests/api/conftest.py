import datetime as dt

import pytest
import time_machine
from django.core.cache import cache


@pytest.fixture(autouse=True)
def frozen():
    """Friday 6 November 2026, 4pm: in the autumn term of the test calendar."""
    with time_machine.travel(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The rate limit counts in the cache: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()

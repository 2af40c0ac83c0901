import datetime as dt

import pytest
import time_machine

from altprov.authz.permissions import Role
from altprov.duties.engine import due_items
from altprov.outcomes import services
from tests.duties.helpers import attending  # noqa: F401 (re-exported)

TODAY = dt.date(2026, 11, 16)  # a Monday; the placements start on 5 October 2026
START = dt.date(2026, 10, 5)


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC), tick=False):
        yield


def day(name: str, value: dt.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def items(world, duty: str, today: dt.date = TODAY, school=None):
    return [
        i
        for i in due_items([school or world.school_a1], today, only_attention=False)
        if i.duty == duty
    ]


# What each record before the return holds, as the service takes it and as the page posts it.
BEFORE = {
    "reintegration_meeting": {
        "held_on": dt.date(2026, 11, 10),
        "attended": "AP Lead, parent, provider's manager",
        "provider_representative": "Sam Provider, manager",
        "notes": "Agreed a phased return",
    },
    "reintegration_plan": {
        "attendance_objective": "Attend every morning session",
        "behaviour_objective": "No removals from lessons",
        "school_support": "Daily check-in with the pastoral lead",
        "planned_return_on": dt.date(2026, 12, 1),
        "first_review_on": dt.date(2026, 12, 15),
        "second_review_on": None,
    },
    "final_report": {
        "received_on": dt.date(2026, 11, 12),
        "attainment_and_progress": "Working at grade 4 in English",
        "attendance_record": "94% over the placement",
        "behaviour_change": "No incidents since October",
    },
    "pupil_views": {
        "discussed_on": dt.date(2026, 11, 13),
        "views": "I want to go back to my tutor group",
    },
}


def post_data(key: str) -> dict:
    data = {}
    for name, value in BEFORE[key].items():
        if isinstance(value, dt.date):
            data.update(day(name, value))
        elif value is not None:
            data[name] = value
    return data


def record_before(world, placement, *, skip: str = "") -> None:
    """Records everything before the return except `skip`."""
    ap = world.users[Role.AP_LEAD]
    for key, fields in BEFORE.items():
        if key != skip:
            services.before_return_save(placement=placement, key=key, by=ap, **fields)


def ended(world, pupil=None, *, on=TODAY, reintegrated=True, provider=None):
    """An attending placement ended on `on`: by reintegration (everything before the return
    recorded) or, otherwise, because the pupil left the school."""
    placement = attending(world, pupil or world.pupil_a1, provider)
    ap = world.users[Role.AP_LEAD]
    if reintegrated:
        record_before(world, placement)
        services.reintegrate(placement=placement, on=on, by=ap)
    else:
        services.end_placement(placement=placement, reason="left_school", on=on, by=ap)
    placement.refresh_from_db()
    return placement

"""A placement ends by reintegration only when everything before the return is recorded (R-13.1,
R-13.2). Declared once, like the start gate (`placements/start_gate.py`): the placement's page,
the reintegration page, the service and the tests read this table."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.authz.who import who_can
from altprov.core.returns import with_return


@dataclass(frozen=True)
class Before:
    """One thing recorded before the return: the related name of its record on the placement,
    what it is called, its requirement and policy section, and the page where it is recorded
    (a URL name taking the placement's id) with the permission needed there."""

    key: str
    text: str
    requirement: str
    url_name: str
    permission: Permission = Permission.RECORD_REINTEGRATION
    done_field: str = ""  # the date it was done, counted only once it has come


BEFORE_RETURN: tuple[Before, ...] = (
    Before(
        "reintegration_meeting",
        "The reintegration meeting with the provider",
        "R-13.1, policy 13",
        "outcomes:meeting",
        done_field="held_on",
    ),
    Before(
        "reintegration_plan",
        "The reintegration plan: objectives on return, the school's support and the dates",
        "R-13.1, policy 13",
        "outcomes:plan",
    ),
    Before(
        "final_report",
        "The provider's final report: attainment and progress, attendance and behaviour",
        "R-13.2, policy 13",
        "outcomes:final_report",
        done_field="received_on",
    ),
    Before(
        "pupil_views",
        "The pupil's views on returning",
        "R-13.2, policy 13",
        "outcomes:pupil_views",
        done_field="discussed_on",
    ),
)


@dataclass(frozen=True)
class Item:
    before: Before
    met: bool
    record: object = None
    url: str = ""  # where the person looking records it, with the way back
    waiting_for: str = ""  # who must act, when it is not for the person looking

    @property
    def status_text(self) -> str:
        if self.met:
            return "Recorded"
        return f"Waiting for {self.waiting_for}" if self.waiting_for else "Not yet recorded"


def _record(placement, before: Before):
    return getattr(placement, before.key, None)


def is_met(placement, before: Before, today: dt.date) -> bool:
    record = _record(placement, before)
    if record is None:
        return False
    day = getattr(record, before.done_field) if before.done_field else None
    return day is None or day <= today


def missing(placement, today: dt.date) -> list[Before]:
    """What is still needed before the placement can end by reintegration, in the table's order.
    The records are read from the placement (one query each, or none when selected with it)."""
    return [b for b in BEFORE_RETURN if not is_met(placement, b, today)]


def items(placement, user, today: dt.date, back: str) -> list[Item]:
    """Each thing before the return as the person looking can act on it: a link to where it is
    recorded (coming back to `back`), or who it waits for."""
    school = placement.referral.school
    result = []
    for b in BEFORE_RETURN:
        met = is_met(placement, b, today)
        record = _record(placement, b)
        if has_permission(user, b.permission, school=school):
            url = with_return(reverse(b.url_name, args=[placement.pk]), back)
            result.append(Item(b, met, record, url=url))
        else:
            result.append(Item(b, met, record, waiting_for=who_can((b.permission,))))
    return result

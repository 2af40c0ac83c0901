"""A placement's status as everyone sees it: one function, so the placements list, the placement
page, the referral's task list and any later dashboard say the same thing on the same day."""

import datetime as dt
from dataclasses import dataclass

from .models import Placement


@dataclass(frozen=True)
class PlacementStatus:
    key: str  # planned, starting, attending, ended: for code and tests, never shown
    label: str  # what the person reads
    colour: str  # the GOV.UK tag colour (govuk-tag--<colour>)


def placement_status(placement, today: dt.date) -> PlacementStatus:
    """Planned until it is started; once started, "Starts on <date>" until the confirmed start
    date (a start is confirmed ahead of the day), then "Attending"; "Ended" at the end."""
    if placement.status == Placement.Status.ENDED:
        return PlacementStatus("ended", "Ended", "grey")
    if placement.status == Placement.Status.ACTIVE:
        starts = placement.started_on or placement.start_date
        if starts > today:
            return PlacementStatus("starting", f"Starts on {starts:%-d %B %Y}", "turquoise")
        return PlacementStatus("attending", "Attending", "green")
    return PlacementStatus("planned", "Planned", "blue")

"""When a scheduled job runs: `Daily` (a local time, on chosen weekdays), `Monthly` (a local time
on a day of each month) and `Every` (a fixed interval). Each answers the latest slot at or before a moment; the scheduler enqueues a slot
once, if it is not older than the job's grace period."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

EVERY_DAY = frozenset(range(7))
MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(frozen=True)
class Daily:
    """At `at` ("HH:MM", the service's time zone: Europe/London) on `weekdays` (Monday is 0).
    Choose a time outside 01:00-02:00, which the clocks skip or repeat once a year."""

    at: str
    weekdays: frozenset[int] = EVERY_DAY

    def __post_init__(self):
        dt.time.fromisoformat(self.at)  # refuses a malformed time when the table is loaded
        if not self.weekdays or not set(self.weekdays) <= set(EVERY_DAY):
            raise ValueError(f"weekdays must be some of 0 (Monday) to 6, not {self.weekdays}")

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        at = dt.time.fromisoformat(self.at)
        for days_back in range(8):
            day = local.date() - dt.timedelta(days=days_back)
            slot = dt.datetime.combine(day, at, tzinfo=zone)
            if day.weekday() in self.weekdays and slot <= local:
                return slot.astimezone(dt.UTC)
        raise AssertionError("unreachable: some weekday in the last eight days matched")

    def __str__(self):
        days = (
            "every day"
            if self.weekdays == EVERY_DAY
            else (
                "Monday to Friday"
                if self.weekdays == MONDAY_TO_FRIDAY
                else "days " + ",".join(str(d) for d in sorted(self.weekdays))
            )
        )
        return f"{self.at} {settings.TIME_ZONE}, {days}"


@dataclass(frozen=True)
class Monthly:
    """At `at` ("HH:MM", the service's time zone) on day `day` (1 to 28, so every month has it)
    of each month."""

    day: int
    at: str

    def __post_init__(self):
        dt.time.fromisoformat(self.at)
        if not 1 <= self.day <= 28:
            raise ValueError(f"day must be 1 to 28 (every month has it), not {self.day}")

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        at = dt.time.fromisoformat(self.at)
        slot = dt.datetime.combine(local.date().replace(day=self.day), at, tzinfo=zone)
        if slot > local:  # not yet this month: the same day of the month before
            month_before = local.date().replace(day=1) - dt.timedelta(days=1)
            slot = dt.datetime.combine(month_before.replace(day=self.day), at, tzinfo=zone)
        return slot.astimezone(dt.UTC)

    def __str__(self):
        return f"{self.at} {settings.TIME_ZONE}, day {self.day} of each month"


@dataclass(frozen=True)
class Every:
    """Every `seconds`, on the multiples of the interval since the Unix epoch (UTC)."""

    seconds: int

    def __post_init__(self):
        if self.seconds < 10:
            raise ValueError("an interval of at least 10 seconds")

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        stamp = int(now.timestamp()) // self.seconds * self.seconds
        return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)

    def __str__(self):
        return f"every {self.seconds} seconds"

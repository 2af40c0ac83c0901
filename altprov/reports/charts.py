"""The reports' charts, drawn by the one chart helper (`core.charts.bar_chart`, which also draws
the placement's attendance): attendance per week and placements by status. Each is shown beside
a table of the same numbers; the description is its text alternative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.safestring import SafeString

from altprov.attendance.codes import Tally
from altprov.core.charts import bar_chart


def weekly_attendance(
    weeks: dict[dt.date, Tally], *, chart_id: str, whose: str, target: Decimal | None = None
) -> SafeString:
    plotted = [(w, t.percentage) for w, t in weeks.items() if t.percentage is not None]
    if not plotted:
        return SafeString("")
    lowest = min(plotted, key=lambda p: p[1])
    highest = max(plotted, key=lambda p: p[1])
    description = (
        f"Attendance in AP of {whose} in each of {len(plotted)} "
        f"week{'s' if len(plotted) != 1 else ''}, from the week beginning "
        f"{plotted[0][0]:%-d %B %Y} to the week beginning {plotted[-1][0]:%-d %B %Y}"
        + (f", against the target of {target}%" if target is not None else "")
        + f". Lowest {lowest[1]}% (week beginning {lowest[0]:%-d %B %Y}), highest {highest[1]}%"
        f" (week beginning {highest[0]:%-d %B %Y}). The table beside the chart gives the "
        "same numbers."
    )
    return bar_chart(
        [(f"{w:%-d %b}", pct) for w, pct in plotted],
        chart_id=chart_id,
        title="Attendance in AP per week",
        description=description,
        axis_label="Week beginning",
        unit="%",
        scale=100,
        target=target,
    )


def placements_by_status(counts: list[tuple[str, int]], *, chart_id: str) -> SafeString:
    if not any(n for _, n in counts):
        return SafeString("")
    description = (
        "Placements by status: "
        + ", ".join(f"{label} {n}" for label, n in counts)
        + ". The table beside the chart gives the same numbers for each school."
    )
    return bar_chart(
        counts,
        chart_id=chart_id,
        title="Placements by status",
        description=description,
        axis_label="Status",
    )


def spend_against_budget(
    points: list[tuple[str, Decimal]], *, chart_id: str, year: str, without: list[str]
) -> SafeString:
    """R-10.10: per school, what is spent and committed as a percentage of its approved budget;
    a bar past 100% is a school over its budget."""
    if not points:
        return SafeString("")
    description = (
        f"Spent and committed as a percentage of each school's approved AP budget, financial "
        f"year {year}: "
        + ", ".join(f"{name} {value}%" for name, value in points)
        + "."
        + (f" No approved budget: {', '.join(without)}." if without else "")
        + " The table beside the chart gives the amounts."
    )
    highest = max(float(v) for _, v in points)
    return bar_chart(
        points,
        chart_id=chart_id,
        title="Spent and committed against the approved budget",
        description=description,
        axis_label="School",
        unit="%",
        scale=100 if highest <= 100 else 100 * (int(highest // 100) + 1),
    )

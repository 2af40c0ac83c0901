"""The placement's weekly attendance as an accessible inline SVG (`core.charts.bar_chart`): a bar
per week, the school's target as a line, a title and a description. The page shows a table of
the same numbers beside it."""

from __future__ import annotations

from decimal import Decimal

from django.utils.safestring import SafeString

from altprov.core.charts import bar_chart


def weekly_chart(weeks, target: Decimal, *, chart_id: str = "attendance-chart") -> SafeString:
    """`weeks`: rows with `monday` and `percentage` (None where no session was possible)."""
    plotted = [w for w in weeks if w.percentage is not None]
    if not plotted:
        return SafeString("")
    below = [w for w in plotted if w.percentage < target]
    description = (
        f"Attendance in each of {len(plotted)} week{'s' if len(plotted) != 1 else ''}, from "
        f"{plotted[0].monday:%-d %B %Y} to the week beginning {plotted[-1].monday:%-d %B %Y}, "
        f"against the school's target of {target}%. "
        f"{len(below)} week{'s are' if len(below) != 1 else ' is'} below the target. "
        "The table beside the chart gives the same numbers."
    )
    return bar_chart(
        [(f"{w.monday:%-d %b}", w.percentage) for w in plotted],
        chart_id=chart_id,
        title="Attendance per week",
        description=description,
        axis_label="Week beginning",
        unit="%",
        scale=100,
        target=target,
    )

"""The placement's weekly attendance as an accessible inline SVG, drawn on the server (no
JavaScript): a bar per week, the school's target as a line, a title and a description. The
page shows a table of the same numbers beside it."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 40
BAR_COLOUR, LOW_COLOUR, TARGET_COLOUR, AXIS_COLOUR = "#1d70b8", "#d4351c", "#0b0c0c", "#505a5f"


def _y(pct: Decimal | float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(pct) / 100)


def weekly_chart(weeks, target: Decimal) -> SafeString:
    """`weeks`: rows with `monday` and `percentage` (None where no session was possible)."""
    plotted = [w for w in weeks if w.percentage is not None]
    if not plotted:
        return SafeString("")
    inner = WIDTH - LEFT - RIGHT
    step = inner / len(plotted)
    bar = max(min(step * 0.7, 48), 2)
    below = [w for w in plotted if w.percentage < target]
    description = (
        f"Attendance in each of {len(plotted)} week{'s' if len(plotted) != 1 else ''}, from "
        f"{plotted[0].monday:%-d %B %Y} to the week beginning {plotted[-1].monday:%-d %B %Y}, "
        f"against the school's target of {target}%. "
        f"{len(below)} week{'s are' if len(below) != 1 else ' is'} below the target. "
        "The table beside the chart gives the same numbers."
    )
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"/>'
        '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">{}%</text>',
        (
            (LEFT, WIDTH - RIGHT, _y(p), _y(p), LEFT - 6, _y(p) + 4, AXIS_COLOUR, p)
            for p in (0, 25, 50, 75, 100)
        ),
    )
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
        (
            (
                f"{LEFT + step * i + (step - bar) / 2:.1f}",
                f"{_y(w.percentage):.1f}",
                f"{bar:.1f}",
                f"{_y(0) - _y(w.percentage):.1f}",
                LOW_COLOUR if w.percentage < target else BAR_COLOUR,
                f"{LEFT + step * i + step / 2:.1f}",
                HEIGHT - BOTTOM + 16,
                AXIS_COLOUR,
                f"{w.monday:%-d %b}" if len(plotted) <= 16 or i % 2 == 0 else "",
            )
            for i, w in enumerate(plotted)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" aria-labelledby="attendance-chart-title attendance-chart-desc" '
        'class="app-attendance-chart" focusable="false">'
        '<title id="attendance-chart-title">Attendance per week</title>'
        '<desc id="attendance-chart-desc">{desc}</desc>'
        "{grid}{bars}"
        '<line x1="{l}" x2="{r}" y1="{ty}" y2="{ty}" stroke="{tc}" stroke-width="2" '
        'stroke-dasharray="6 4"/>'
        '<text x="{r}" y="{tly}" font-size="12" text-anchor="end" fill="{tc}">Target {t}%</text>'
        '<text x="{mid}" y="{bottom}" font-size="12" text-anchor="middle" fill="{ac}">'
        "Week beginning</text></svg>",
        w=WIDTH,
        h=HEIGHT,
        desc=description,
        grid=grid,
        bars=bars,
        l=LEFT,
        r=WIDTH - RIGHT,
        ty=f"{_y(target):.1f}",
        tly=f"{_y(target) - 4:.1f}",
        tc=TARGET_COLOUR,
        t=target,
        mid=LEFT + inner / 2,
        bottom=HEIGHT - 6,
        ac=AXIS_COLOUR,
    )

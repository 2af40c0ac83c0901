"""Bar charts as accessible inline SVG, drawn on the server (no JavaScript): a bar per point, an
optional target line, a title and a description (the text alternative). Every page that shows a
chart shows a table of the same numbers beside it. Used by the placement's attendance
(`attendance/chart.py`) and the reports (`reports/charts.py`)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 40
BAR_COLOUR, LOW_COLOUR, TARGET_COLOUR, AXIS_COLOUR = "#1d70b8", "#d4351c", "#0b0c0c", "#505a5f"


def _nice_top(maximum: float) -> float:
    """The top of the scale: 100 for percentages, else a round number at or above the largest."""
    if maximum <= 0:
        return 4
    for step in (4, 8, 20, 40, 80, 200, 400, 800, 2000, 4000, 8000, 20000):
        if maximum <= step:
            return step
    return maximum


def bar_chart(
    points: list[tuple[str, Decimal | int | float]],
    *,
    chart_id: str,
    title: str,
    description: str,
    axis_label: str = "",
    unit: str = "",
    scale: float | None = None,
    target: Decimal | None = None,
    target_label: str = "Target",
) -> SafeString:
    """`points`: (label under the bar, value). `scale` is the top of the axis (100 for
    percentages; otherwise a round number above the largest value). A bar below `target` is
    drawn in red. Nothing at all when there are no points."""
    if not points:
        return SafeString("")
    top = scale if scale is not None else _nice_top(max(float(v) for _, v in points))

    def y(value) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value) / top)

    inner = WIDTH - LEFT - RIGHT
    step = inner / len(points)
    bar = max(min(step * 0.7, 48), 2)
    ticks = [top * i / 4 for i in range(5)]
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"/>'
        '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">{}{}</text>',
        (
            (LEFT, WIDTH - RIGHT, y(t), y(t), LEFT - 6, y(t) + 4, AXIS_COLOUR, f"{t:g}", unit)
            for t in ticks
        ),
    )
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
        (
            (
                f"{LEFT + step * i + (step - bar) / 2:.1f}",
                f"{y(value):.1f}",
                f"{bar:.1f}",
                f"{y(0) - y(value):.1f}",
                LOW_COLOUR if target is not None and value < target else BAR_COLOUR,
                f"{LEFT + step * i + step / 2:.1f}",
                HEIGHT - BOTTOM + 16,
                AXIS_COLOUR,
                label if len(points) <= 16 or i % 2 == 0 else "",
            )
            for i, (label, value) in enumerate(points)
        ),
    )
    target_line = SafeString("")
    if target is not None:
        target_line = format_html(
            '<line x1="{l}" x2="{r}" y1="{ty}" y2="{ty}" stroke="{tc}" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
            '<text x="{r}" y="{tly}" font-size="12" text-anchor="end" fill="{tc}">{tl} {t}{u}'
            "</text>",
            l=LEFT,
            r=WIDTH - RIGHT,
            ty=f"{y(target):.1f}",
            tly=f"{y(target) - 4:.1f}",
            tc=TARGET_COLOUR,
            tl=target_label,
            t=target,
            u=unit,
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" aria-labelledby="{id}-title {id}-desc" '
        'class="app-chart" focusable="false">'
        '<title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>'
        "{grid}{bars}{target}"
        '<text x="{mid}" y="{bottom}" font-size="12" text-anchor="middle" fill="{ac}">'
        "{axis}</text></svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=description,
        grid=grid,
        bars=bars,
        target=target_line,
        mid=LEFT + inner / 2,
        bottom=HEIGHT - 6,
        ac=AXIS_COLOUR,
        axis=axis_label,
    )

"""What a report section is (R-10.9): a function `(ctx: ReportContext) -> Table` marked with the
key of its table. Shared by `sections.py` and `outcome_sections.py`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from .context import ReportContext
from .tables import Table

Section = Callable[[ReportContext], Table]


def section(key: str):
    """Names a section's table: the key its downloads use (`/reports/.../<key>.csv`), known
    without building the table, so a download builds only the table asked for."""

    def mark(fn):
        def build(ctx: ReportContext) -> Table:
            table = fn(ctx)
            table.key = key
            return table

        build.key = key
        build.__name__ = fn.__name__
        build.__doc__ = fn.__doc__
        return build

    return mark


def pct(tally):
    return tally.percentage if tally is not None else None


def rate(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a percentage to one decimal place; None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)

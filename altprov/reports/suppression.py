"""Small-number suppression for the reports trustees and local academy committees see (R-10.9).

A school's AP cohort is small, so a count of two pupils from one school at one provider can
identify them. The rule, applied to every count and rate of a governance table before it is shown
or exported:

1. **Primary**: a count from 1 to 4 is shown as "fewer than 5". Zero is shown: it identifies
   nobody.
2. **Secondary**: a table's counts form groups whose members add up: each row's parts and its
   row total, and each column's rows and the table's total row. Wherever exactly one member of a
   group is hidden, the figure could be worked out from the others, so one more member is hidden
   as "withheld": the smallest non-zero member still shown (a part or the total), or, if every
   member left is zero, the first of them. This is repeated until no group has exactly one
   hidden member, because hiding a figure in a row can leave its column with one.
3. **Rates**: a percentage worked out over 1 to 4 pupils is "withheld", since it describes those
   few pupils (an attendance of 100% over two pupils says both attended every session).

"withheld" says nothing about the size of the figure behind it; "fewer than 5" is always true.
"""

from __future__ import annotations

from .tables import Hidden, Table

FEWER_THAN_5 = Hidden("fewer than 5")
WITHHELD = Hidden("withheld")
SMALLEST_SHOWN = 5  # counts from 1 to SMALLEST_SHOWN - 1 are not shown
NOTE = (
    "“Fewer than 5” is a number from 1 to 4, not shown so that no pupil can be identified. "
    "“Withheld” is a figure not shown because it would let such a number be worked out from "
    "a total, or a rate over fewer than 5 pupils."
)


def is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < SMALLEST_SHOWN


def suppress(
    table: Table,
    *,
    counts: list[str],
    parts: list[str] | None = None,
    row_total: str | None = None,
    rates: dict[str, str] | None = None,
) -> Table:
    """Applies the rule to `table` in place and returns it. `counts` are every count column;
    `parts` those that add up to `row_total` along a row; the table's `total` row, when it has
    one, adds up each count column. `rates` maps a percentage column to the count column of
    the pupils it is worked out over."""
    rows = table.all_rows()
    values = {(i, k): row.get(k) for i, row in enumerate(rows) for k in counts}
    hidden: dict[tuple[int, str], Hidden] = {
        cell: FEWER_THAN_5 for cell, value in values.items() if is_small(value)
    }
    groups: list[list[tuple[int, str]]] = []
    if row_total and parts:
        groups += [[(i, k) for k in [*parts, row_total]] for i in range(len(rows))]
    if table.total is not None and len(rows) > 1:
        groups += [[(i, k) for i in range(len(rows))] for k in counts]
    changed = True
    while changed:
        changed = False
        for group in groups:
            members = [c for c in group if isinstance(values.get(c), int)]
            if sum(1 for c in members if c in hidden) != 1:
                continue
            shown = [c for c in members if c not in hidden]
            if not shown:
                continue
            nonzero = [c for c in shown if values[c]]
            pick = min(nonzero, key=lambda c: values[c]) if nonzero else shown[0]
            hidden[pick] = WITHHELD
            changed = True
    for (i, key), marker in hidden.items():
        rows[i][key] = marker
    for rate, base in (rates or {}).items():
        for i, row in enumerate(rows):
            if is_small(values.get((i, base))):
                row[rate] = WITHHELD
    if NOTE not in table.notes:
        table.notes.append(NOTE)
    return table

"""R-10.9: small numbers in the governance reports: every count from 1 to 4 is "fewer than 5",
and a figure that would let one be worked out from a total is withheld."""

from altprov.reports.suppression import FEWER_THAN_5, WITHHELD, suppress
from altprov.reports.tables import Column, Table


def table(rows, total=None):
    return Table(
        key="t",
        title="T",
        columns=[
            Column("school", "School"),
            *[Column(k, k, "number") for k in "ab"],
            Column("total", "Total", "number"),
        ],
        rows=[{"school": f"S{i}", **r} for i, r in enumerate(rows)],
        total={"school": "All", **total} if total else None,
    )


def run(t):
    return suppress(t, counts=["a", "b", "total"], parts=["a", "b"], row_total="total")


def test_R10_9_zero_and_five_are_shown_one_and_four_are_not():
    t = run(table([{"a": 0, "b": 5, "total": 5}]))
    assert t.rows[0] == {"school": "S0", "a": 0, "b": 5, "total": 5}
    for small in (1, 4):
        t = run(table([{"a": small, "b": 10, "total": small + 10}]))
        assert t.rows[0]["a"] is FEWER_THAN_5


def test_R10_9_one_small_cell_in_a_row_hides_another_figure_of_the_row():
    # a=3 with b=10 and total 13 shown would give a = 13 - 10
    t = run(table([{"a": 3, "b": 10, "total": 13}]))
    assert t.rows[0]["a"] is FEWER_THAN_5
    assert t.rows[0]["b"] is WITHHELD and t.rows[0]["total"] == 13


def test_R10_9_a_small_count_alone_in_its_row_hides_the_total_too():
    t = run(table([{"a": 3, "b": 0, "total": 3}]))
    assert t.rows[0]["a"] is FEWER_THAN_5 and t.rows[0]["total"] is FEWER_THAN_5


def test_R10_9_the_smallest_figure_is_withheld_and_a_column_is_protected_too():
    t = run(
        table(
            [{"a": 2, "b": 20, "total": 22}, {"a": 30, "b": 40, "total": 70}],
            total={"a": 32, "b": 60, "total": 92},
        )
    )
    # row 0: a small; b withheld. Column a: the total row's 32 - 30 would give 2, so one more
    # figure of column a (the smallest shown: 30) is withheld, and so on until every group is safe
    hidden = [(i, k) for i, r in enumerate(t.all_rows()) for k in "ab" if not isinstance(r[k], int)]
    assert (0, "a") in hidden and (0, "b") in hidden
    for k in ("a", "b", "total"):
        column = [r[k] for r in t.all_rows()]
        assert sum(1 for v in column if not isinstance(v, int)) != 1
    for r in t.all_rows():
        row = [r["a"], r["b"], r["total"]]
        assert sum(1 for v in row if not isinstance(v, int)) != 1


def test_R10_9_two_small_cells_in_a_row_need_nothing_more():
    t = run(table([{"a": 2, "b": 3, "total": 5}]))
    assert t.rows[0] == {"school": "S0", "a": FEWER_THAN_5, "b": FEWER_THAN_5, "total": 5}


def test_R10_9_a_rate_over_fewer_than_5_pupils_is_withheld():
    t = Table(
        key="r",
        title="R",
        columns=[Column("pupils", "Pupils", "number"), Column("pct", "Attendance", "percent")],
        rows=[{"pupils": 4, "pct": 100}, {"pupils": 5, "pct": 90}, {"pupils": 0, "pct": None}],
    )
    suppress(t, counts=["pupils"], rates={"pct": "pupils"})
    assert t.rows[0] == {"pupils": FEWER_THAN_5, "pct": WITHHELD}
    assert t.rows[1] == {"pupils": 5, "pct": 90}
    assert t.rows[2] == {"pupils": 0, "pct": None}

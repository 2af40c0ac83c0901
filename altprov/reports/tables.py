"""A report table (R-10.9): a title, typed columns and rows, shown as a GOV.UK table and exported
as CSV or XLSX from the same data, so the page and the downloads always agree.

A cell holds a plain value of its column's kind (text, number, percent, money, date), None for
"none", or a `Hidden` marker left by small-number suppression (`suppression.py`), which every
output writes as its words ("fewer than 5", "withheld"), never the number behind it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString
from openpyxl import Workbook
from openpyxl.styles import Font

KINDS = ("text", "number", "percent", "money", "date")


@dataclass(frozen=True)
class Hidden:
    """A number not shown: `text` is what every output says instead."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}")

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "percent", "money")


@dataclass
class Table:
    """`key` names the table in its view (the export URL takes it); `rows` are dicts by column
    key; `total` is an optional last row (shown in bold, exported last). `pupils` are the pupils
    whose names the table prints (their accessors already logged them when the rows were built;
    an export repeats the rows, so it is logged the same way). `chart` is an optional SVG shown
    beside the table, `notes` lines shown under it."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    total: dict | None = None
    notes: list[str] = field(default_factory=list)
    chart: SafeString | None = None
    empty: str = "None."

    def all_rows(self) -> list[dict]:
        return self.rows + ([self.total] if self.total is not None else [])

    def display_rows(self) -> list[list[tuple[Column, str]]]:
        return [[(c, display(row.get(c.key), c)) for c in self.columns] for row in self.rows]

    def body_html(self, links: dict[str, str] | None = None) -> SafeString:
        """The body's rows as GOV.UK table rows, every value escaped: what `_table.html` would
        write cell by cell with the template language, built here because a trust's report has
        thousands of cells and rendering them one template node at a time was a fifth of its
        time (issue 10, P2). `links` maps a row's first value to the page it links to."""
        rows = []
        for row in self.display_rows():
            cells = []
            for i, (column, value) in enumerate(row):
                if i == 0:
                    text = escape(value)
                    if links and value in links:
                        text = f'<a class="govuk-link" href="{escape(links[value])}">{text}</a>'
                    cells.append(f'<th scope="row" class="govuk-table__header">{text}</th>')
                else:
                    numeric = " govuk-table__cell--numeric" if column.numeric else ""
                    cells.append(f'<td class="govuk-table__cell{numeric}">{escape(value)}</td>')
            rows.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
        return SafeString("\n".join(rows))  # nosec B703  # every value above is escaped

    def display_total(self) -> list[tuple[Column, str]] | None:
        if self.total is None:
            return None
        return [(c, display(self.total.get(c.key), c)) for c in self.columns]


def display(value, column: Column) -> str:
    """The words a page and the CSV show for a cell."""
    if value is None:
        return "" if column.kind == "text" else "-"
    if isinstance(value, Hidden):
        return value.text
    if column.kind == "percent":
        return f"{value}%"
    if column.kind == "money":
        amount = Decimal(value)
        return f"{'-' if amount < 0 else ''}£{abs(amount):,.2f}"
    if column.kind == "date":
        return value.strftime("%-d %B %Y") if isinstance(value, dt.date) else str(value)
    if column.kind == "number" and isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _csv_value(value, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, Hidden):
        return value.text
    if column.kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if column.kind in ("percent", "money", "number"):
        return display(value, Column(column.key, column.label, "number"))
    return str(value)


def to_csv(table: Table) -> str:
    """A header row of labels, then a row per row; dates as YYYY-MM-DD, numbers bare."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.label for c in table.columns])
    for row in table.all_rows():
        writer.writerow([_csv_value(row.get(c.key), c) for c in table.columns])
    return out.getvalue()


NUMBER_FORMATS = {"percent": "0.0", "money": "£#,##0.00", "date": "d mmmm yyyy"}


def to_xlsx(table: Table) -> bytes:
    """One sheet: a bold header row, then typed cells (numbers as numbers, dates as dates)."""
    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31].replace("/", " ").replace(":", " ") or "Report"
    sheet.append([c.label for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.all_rows():
        values = []
        for c in table.columns:
            value = row.get(c.key)
            if isinstance(value, Hidden):
                value = value.text
            elif isinstance(value, Decimal):
                value = float(value)
            values.append(value)
        sheet.append(values)
        for c, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
            if c.kind in NUMBER_FORMATS and not isinstance(cell.value, str):
                cell.number_format = NUMBER_FORMATS[c.kind]
    for i, c in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, len(c.label) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

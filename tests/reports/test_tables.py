"""R-10.9: a report table is exportable as CSV and XLSX with the same figures as the page:
a header row, numbers and dates typed in XLSX, suppressed figures as their words."""

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from altprov.attendance.codes import Tally
from altprov.reports.charts import placements_by_status, weekly_attendance
from altprov.reports.suppression import FEWER_THAN_5, WITHHELD
from altprov.reports.tables import Column, Table, display, to_csv, to_xlsx


def sample() -> Table:
    return Table(
        key="sample",
        title="Sample: a table",
        columns=[
            Column("name", "Name"),
            Column("n", "Count", "number"),
            Column("pct", "Attendance", "percent"),
            Column("cost", "Cost", "money"),
            Column("day", "Day", "date"),
        ],
        rows=[
            {
                "name": "One",
                "n": 7,
                "pct": Decimal("92.5"),
                "cost": Decimal("1250.5"),
                "day": dt.date(2026, 9, 7),
            },
            {"name": "Two", "n": FEWER_THAN_5, "pct": WITHHELD, "cost": None, "day": None},
        ],
        total={"name": "All", "n": 9, "pct": None, "cost": Decimal("1250.5"), "day": None},
    )


def test_R10_9_the_page_shows_each_kind_in_words():
    t = sample()
    assert [v for _, v in t.display_rows()[0]] == [
        "One",
        "7",
        "92.5%",
        "£1,250.50",
        "7 September 2026",
    ]
    assert [v for _, v in t.display_rows()[1]] == ["Two", "fewer than 5", "withheld", "-", "-"]
    assert display(Decimal("12.50"), Column("h", "Hours", "number")) == "12.5"


def test_R10_9_csv_has_a_header_the_rows_and_the_total():
    rows = list(csv.reader(io.StringIO(to_csv(sample()))))
    assert rows == [
        ["Name", "Count", "Attendance", "Cost", "Day"],
        ["One", "7", "92.5", "1250.5", "2026-09-07"],
        ["Two", "fewer than 5", "withheld", "", ""],
        ["All", "9", "", "1250.5", ""],
    ]


def test_R10_9_xlsx_has_a_bold_header_and_typed_cells():
    sheet = load_workbook(io.BytesIO(to_xlsx(sample()))).active
    assert [c.value for c in sheet[1]] == ["Name", "Count", "Attendance", "Cost", "Day"]
    assert all(c.font.bold for c in sheet[1])
    one = sheet[2]
    assert one[1].value == 7 and one[2].value == 92.5 and one[3].value == 1250.5
    assert one[4].value == dt.datetime(2026, 9, 7) and one[4].is_date
    assert one[3].number_format == "£#,##0.00"
    two = sheet[3]
    assert two[1].value == "fewer than 5" and two[2].value == "withheld"
    assert sheet.max_row == 4 and sheet[4][0].value == "All"


def test_R10_9_charts_have_a_text_alternative_with_their_numbers():
    weeks = {
        dt.date(2026, 11, 2): Tally(attending=9, unauthorised=1),
        dt.date(2026, 11, 9): Tally(attending=5, unauthorised=5),
    }
    svg = str(weekly_attendance(weeks, chart_id="c", whose="the pupils", target=Decimal("90")))
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert "Attendance in AP per week" in svg
    assert "Lowest 50.0% (week beginning 9 November 2026), highest 90.0%" in svg
    assert "#d4351c" in svg  # the week below the target in red
    assert weekly_attendance({}, chart_id="c", whose="x") == ""
    status = str(placements_by_status([("Planned", 2), ("Attending", 7)], chart_id="s"))
    assert "Placements by status: Planned 2, Attending 7" in status
    assert placements_by_status([("Planned", 0)], chart_id="s") == ""


def test_the_body_is_written_as_govuk_rows_with_every_value_escaped():
    t = sample()
    t.rows[0]["name"] = "<b>One & Co</b>"
    html = str(t.body_html())
    rows = html.split("\n")
    assert len(rows) == 2
    assert rows[0] == (
        '<tr class="govuk-table__row">'
        '<th scope="row" class="govuk-table__header">&lt;b&gt;One &amp; Co&lt;/b&gt;</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">7</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">92.5%</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">£1,250.50</td>'
        '<td class="govuk-table__cell">7 September 2026</td></tr>'
    )
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">fewer than 5</td>' in rows[1]

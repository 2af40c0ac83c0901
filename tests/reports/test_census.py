"""R-7.6: the school census "AP placements arranged by schools": one row per placement open on
the census date (started on or before it, not ended before it), with the census's fields."""

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from altprov.authz.permissions import Role
from altprov.placements.models import Placement
from altprov.reports.census import census_table
from tests.factories import make_provider

from .helpers import placement

CENSUS = dt.date(2026, 11, 5)
DAY = dt.timedelta(days=1)


def boundary_scene(world):
    provider = make_provider(world.trust_a, "Census Provider", urn="123456")
    s = world.school_a1
    made = {
        "starts_on_the_date": placement(world, s, provider, start=CENSUS),
        "starts_the_day_after": placement(world, s, provider, start=CENSUS + DAY),
        "ended_the_day_before": placement(
            world, s, provider, start=CENSUS - 30 * DAY, status="ended", ended_on=CENSUS - DAY
        ),
        "ended_on_the_date": placement(
            world, s, provider, start=CENSUS - 30 * DAY, status="ended", ended_on=CENSUS
        ),
        "attending": placement(world, s, provider, start=CENSUS - 60 * DAY),
        "planned_never_started": placement(
            world, s, provider, start=CENSUS - 10 * DAY, status=Placement.Status.PLANNED
        ),
        "other_school": placement(world, world.school_a2, provider, start=CENSUS - 60 * DAY),
    }
    return made


def upns(table):
    return sorted(r["upn"] for r in table.rows)


def test_R7_6_the_rows_are_exactly_the_placements_open_on_the_census_date(world):
    made = boundary_scene(world)
    table = census_table(world.school_a1, CENSUS)
    expected = sorted(
        made[k].referral.pupil.upn for k in ("starts_on_the_date", "ended_on_the_date", "attending")
    )
    assert upns(table) == expected
    # the day before: the placement starting on the census date is not yet open; the one that
    # ended the day before still is
    before = census_table(world.school_a1, CENSUS - DAY)
    assert upns(before) == sorted(
        made[k].referral.pupil.upn
        for k in ("ended_the_day_before", "ended_on_the_date", "attending")
    )


def test_R7_6_each_row_carries_the_census_fields(world):
    s = world.school_a1
    with_urn = make_provider(world.trust_a, "Has URN", urn="111111", ukprn="10000001")
    with_ukprn = make_provider(world.trust_a, "Has UKPRN", urn="", ukprn="10000002")
    unregistered = make_provider(world.trust_a, "No number", registration_status="unregistered")
    a = placement(world, s, with_urn, start=CENSUS, hours=18, main_reason="Behaviour support")
    b = placement(world, s, with_ukprn, start=CENSUS, hours=Decimal("17.5"))
    c = placement(world, s, unregistered, start=CENSUS, hours=6, setting_type="OOT", sole=True)
    d = placement(
        world, s, unregistered, start=CENSUS - 9 * DAY, status="ended", ended_on=CENSUS, hours=4
    )
    rows = {r["upn"]: r for r in census_table(s, CENSUS).rows}
    ra, rb, rc, rd = (rows[p.referral.pupil.upn] for p in (a, b, c, d))
    assert (ra["urn"], ra["ukprn"], ra["setting_type"]) == ("111111", "", "")
    assert (rb["urn"], rb["ukprn"], rb["setting_type"]) == ("", "10000002", "")
    assert (rc["urn"], rc["ukprn"], rc["setting_type"]) == ("", "", "OOT")
    assert ra["entry"] == CENSUS and ra["leaving"] is None
    assert rd["entry"] == CENSUS - 9 * DAY and rd["leaving"] == CENSUS
    assert ra["reason"] == "Behaviour support"
    # no census reason recorded: the referral's first reason
    assert rb["reason"].startswith("A wider curriculum")
    # 18 hours is full-time, 17.5 is not; the pupil's only provision is full-time at 6 hours
    assert (ra["hours"], ra["pattern"]) == (18, "Full-time")
    assert (rb["hours"], rb["pattern"]) == (Decimal("17.5"), "Part-time")
    assert rc["pattern"] == "Full-time" and rd["pattern"] == "Part-time"


def test_R7_6_the_downloads_hold_the_same_rows(world, client_for):
    made = boundary_scene(world)
    client = client_for(world.users[Role.AP_LEAD])
    base = f"/reports/schools/{world.school_a1.pk}/census"
    response = client.get(f"{base}.csv?date={CENSUS}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == [
        "UPN",
        "Provider URN",
        "Provider UKPRN",
        "Setting type",
        "Entry date",
        "Leaving date",
        "Main reason",
        "Hours a week",
        "Full-time or part-time",
    ]
    attending = made["attending"].referral.pupil.upn
    row = next(line for line in lines if line[0] == attending)
    assert row[1] == "123456" and row[4] == "2026-09-06" and row[5] == ""
    assert len(lines) == 4
    book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx?date={CENSUS}").content))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "UPN" and len(values) == 4
    ended = next(v for v in values if v[0] == made["ended_on_the_date"].referral.pupil.upn)
    assert ended[4].date() == CENSUS - 30 * DAY and ended[5].date() == CENSUS
    assert isinstance(ended[7], int | float)


def test_R7_6_the_census_page_lists_upns_and_logs_the_pupils(world, client_for):
    from altprov.audit.models import AccessEvent

    made = boundary_scene(world)
    client = client_for(world.users[Role.HEADTEACHER])
    page = client.get(f"/reports/schools/{world.school_a1.pk}/census/?date={CENSUS}")
    text = page.content.decode()
    assert made["attending"].referral.pupil.upn in text
    assert made["starts_the_day_after"].referral.pupil.upn not in text
    event = AccessEvent.objects.latest("pk")
    assert set(event.pupils.values_list("pk", flat=True)) == {
        made[k].referral.pupil_id for k in ("starts_on_the_date", "ended_on_the_date", "attending")
    }
    bad = client.get(f"/reports/schools/{world.school_a1.pk}/census/?date=15-01-2027")
    assert "Enter the census date as year, month and day" in bad.content.decode()

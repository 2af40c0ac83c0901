"""The duty summary (issue 10, P2): the engine's counts per school, refreshed by the worker,
read by the trust's report (with its age), computed at once for a school that has none."""

import datetime as dt
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from altprov.authz.permissions import Role
from altprov.duties.engine import due_items, needs_attention
from altprov.duties.models import DutyCount, DutySummary
from altprov.duties.summary import as_at, refresh, refresh_all, summaries_for
from altprov.duties.tasks import refresh_duty_summaries
from tests.duties.bulk import attending_placements
from tests.duties.helpers import attending, audited_provider
from tests.factories import make_calendar, make_provider, make_school

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 3, 6, 15, tzinfo=dt.UTC)  # 06:15 in London (GMT in November)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def busy(world):
    """School A1 with an overdue review, a re-audit due soon and one due later; A2 with
    three overdue reviews."""
    attending(world, world.pupil_a1)  # first review date 2 November: overdue on the 3rd
    audited_provider(world, "Soon Centre", visit=TODAY - dt.timedelta(days=330))
    audited_provider(world, "Later Centre", visit=TODAY - dt.timedelta(days=30))
    attending_placements(
        [world.school_a2], 3, make_provider(world.trust_a), world.users[Role.AP_LEAD]
    )


def test_refresh_stores_what_the_engine_counts_per_school_duty_and_state(world):
    busy(world)
    schools = [world.school_a1, world.school_a2, world.school_b1]
    refresh(schools)
    expected = Counter()
    for item in due_items(schools, TODAY, only_attention=False):
        state = (
            "overdue"
            if item.overdue(TODAY)
            else "soon"
            if needs_attention(item, TODAY)
            else "later"
        )
        expected[(item.school_id, item.duty, state)] += 1
    stored = Counter()
    for c in DutyCount.objects.select_related("summary"):
        for state, n in (("overdue", c.overdue), ("soon", c.due_soon), ("later", c.later)):
            if n:
                stored[(c.summary.school_id, c.duty, state)] = n
    assert stored == expected and expected  # something was counted
    a1 = DutySummary.objects.get(school=world.school_a1)
    assert (a1.on, a1.refreshed_at) == (TODAY, NOW)
    assert a1.overdue == sum(
        n for (s, _, st), n in expected.items() if s == a1.school_id and st == "overdue"
    )
    assert DutySummary.objects.get(school=world.school_a2).overdue >= 3
    # a school with nothing due still has a summary (so it is not counted again on each view)
    b1 = DutySummary.objects.get(school=world.school_b1)
    assert (b1.overdue, b1.due_soon, b1.later, b1.counts.count()) == (0, 0, 0, 0)


def test_refresh_replaces_the_counts_and_refresh_all_covers_every_school(world):
    busy(world)
    refresh([world.school_a1])
    DutyCount.objects.create(summary_id=world.school_a1.pk, duty="made_up", overdue=9)
    with time_machine.travel(NOW + dt.timedelta(minutes=15), tick=False):
        assert refresh_all(batch=2) == 3  # three schools, in two batches
    assert not DutyCount.objects.filter(duty="made_up").exists()
    assert DutySummary.objects.count() == 3
    assert {s.refreshed_at for s in DutySummary.objects.all()} == {NOW + dt.timedelta(minutes=15)}


def test_the_duty_refresh_task_and_the_command_refresh_every_school(world, capsys):
    busy(world)
    assert refresh_duty_summaries.call() == 3
    assert DutySummary.objects.count() == 3
    DutySummary.objects.all().delete()
    call_command("refresh_summaries")
    assert DutySummary.objects.count() == 3
    assert "Refreshed the duties summary of 3 schools" in capsys.readouterr().out


def test_as_at_says_the_oldest_time_in_words(world):
    refresh([world.school_a1])
    refresh([world.school_a2], now=NOW - dt.timedelta(hours=1))
    summaries = DutySummary.objects.all()
    assert as_at(summaries) == "05:15 today"
    assert as_at(summaries, now=NOW + dt.timedelta(days=1)) == "05:15 yesterday"
    assert as_at(summaries, now=NOW + dt.timedelta(days=5)) == "05:15 on 3 November 2026"
    assert as_at([]) == ""


def _overdue_cell(client, world, school_name):
    rows = load_workbook(
        io.BytesIO(client.get(f"/reports/trust/{world.trust_a.pk}/schools.xlsx").content)
    ).active.iter_rows(values_only=True)
    header, *rows = list(rows)
    column = header.index("Duties overdue")
    return next(r for r in rows if r[0] == school_name)[column]


def test_the_trust_report_reads_the_summary_and_says_its_age(world, client_for):
    busy(world)
    client = client_for(world.users[Role.TRUST_EXECUTIVE])
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        refresh([world.school_a1, world.school_a2])
    counted = DutySummary.objects.get(school=world.school_a2).overdue
    page = client.get("/reports/trust/").content.decode()
    assert "Duties as at 04:15 today" in page
    # a new overdue placement is not in the page until the next refresh...
    attending_placements(
        [world.school_a2], 2, make_provider(world.trust_a), world.users[Role.AP_LEAD]
    )
    assert _overdue_cell(client, world, "School A2") == counted
    # ...while the school's own page is live
    head = client_for(world.users[Role.TRUST_EXECUTIVE])
    assert head.get(f"/due/schools/{world.school_a2.pk}/").status_code == 200
    refresh_all()
    live = sum(1 for i in due_items([world.school_a2], TODAY) if i.overdue(TODAY))
    assert live > counted
    assert _overdue_cell(client, world, "School A2") == live
    assert "Duties as at 06:15 today" in client.get("/reports/trust/").content.decode()


def test_a_school_without_a_summary_is_counted_at_once_and_saved(world, client_for):
    busy(world)
    refresh([world.school_a1])
    assert not DutySummary.objects.filter(school=world.school_a2).exists()
    client = client_for(world.users[Role.TRUST_EXECUTIVE])
    expected = sum(1 for i in due_items([world.school_a2], TODAY) if i.overdue(TODAY))
    assert expected >= 3
    assert _overdue_cell(client, world, "School A2") == expected
    assert DutySummary.objects.get(school=world.school_a2).overdue == expected


def test_summaries_for_counts_missing_schools_in_the_same_queries_whatever_their_number(world):
    def queries(schools):
        DutySummary.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            summaries_for(schools)
        return len(ctx.captured_queries)

    busy(world)
    one = queries([world.school_a1, world.school_a2])
    more = [make_school(world.trust_a) for _ in range(4)]
    for school in more:
        make_calendar(school)
    attending_placements(more, 5, make_provider(world.trust_a), world.users[Role.AP_LEAD])
    assert queries([world.school_a1, world.school_a2, *more]) == one
    with CaptureQueriesContext(connection) as ctx:
        summaries_for([world.school_a1, world.school_a2, *more])
    assert len(ctx.captured_queries) == 1  # all present: one read

"""Consumers of the duty engine: what needs your attention on the home page (by role, within the
school), the school's and the trust's "Overdue and due soon" pages (R-7.3, R-5.5, R-5.6)."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.accounts.services import recovery_codes_generate
from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from tests.conftest import signed_in_client
from tests.duties.bulk import attending_placements
from tests.duties.helpers import attending, audited_provider
from tests.factories import World, give_role, make_provider, make_pupil, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)  # the day after the first review date


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def home(user) -> str:
    recovery_codes_generate(user=user)
    return signed_in_client(user).get("/").content.decode()


REVIEW = "Review of the agreement and placement at"


def test_R7_3_the_overdue_review_is_shown_to_those_who_must_act_and_no_one_else(world):
    placement = attending(world, world.pupil_a1)
    for role in (Role.AP_LEAD, Role.HEADTEACHER):
        page = home(world.users[role])
        assert f"{REVIEW} {placement.provider.name}: overdue, due by 2 November 2026" in page
        assert "Record the review for Alex Ordinary" in page
        assert f"/placements/{placement.pk}/reviews/add/" in page
    for role in (Role.DSL, Role.ATTENDANCE_LEAD, Role.SENDCO, Role.TRUST_EXECUTIVE):
        assert REVIEW not in home(world.users[role])
    # An AP Lead of another school of the trust is not told of school A1's placements.
    other = make_user()
    give_role(other, Role.AP_LEAD, school=world.school_a2)
    assert REVIEW not in home(other)
    assert World.CANARY_A2 not in home(world.users[Role.AP_LEAD])


def test_R7_3_due_today_is_not_overdue_and_the_home_page_logs_the_pupil_shown(world):
    attending(world, world.pupil_a1)
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        page = home(world.users[Role.AP_LEAD])
    assert "placement at" in page and ": due by 2 November 2026" in page and "overdue" not in page
    event = AccessEvent.objects.get(what="home: what needs your attention")
    assert list(event.pupils.all()) == [world.pupil_a1]


def test_R7_3_an_attention_item_goes_to_the_current_school_only(world):
    attending(world, world.canary_a2)
    both = make_user()
    give_role(both, Role.AP_LEAD, school=world.school_a1)
    give_role(both, Role.AP_LEAD, school=world.school_a2)
    recovery_codes_generate(user=both)
    client = signed_in_client(both)
    assert REVIEW not in client.get("/").content.decode()  # working in School A1
    client.post("/switch-school/", {"school": world.school_a2.pk, "next": "/"})
    assert REVIEW in client.get("/").content.decode()


def test_R5_6_R5_5_renewals_go_to_the_providers_quality_assurers(world):
    audited_provider(
        world, "Renewal Place", visit=dt.date(2025, 12, 1), letter_due=dt.date(2026, 10, 30)
    )
    page = home(world.users[Role.DSL])
    assert "Re-audit of Renewal Place: due by 1 December 2026" in page
    assert "Letter of comfort from Renewal Place: overdue, due by 30 October 2026" in page
    assert "Renewal Place" not in home(world.users[Role.ATTENDANCE_LEAD])


def test_R5_4_R5_6_a_next_step_goes_to_its_owner(world):
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC)):
        audited_provider(world, "Steps Place", visit=dt.date(2026, 10, 1), next_steps="Fix it")
    # due 19 November: within 14 days from 5 November
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC), tick=False):
        assert "Next step from the audit of Steps Place" in home(world.users[Role.AP_LEAD])
        assert "Next step from the audit of Steps Place" not in home(world.users[Role.DSL])


def test_R7_3_the_school_page_lists_every_item_for_the_headteacher_and_ap_lead(world):
    placement = attending(world, world.pupil_a1)
    audited_provider(world, "Renewal Place", visit=dt.date(2025, 12, 1))
    url = f"/due/schools/{world.school_a1.pk}/"
    for role in (Role.HEADTEACHER, Role.AP_LEAD, Role.TRUST_EXECUTIVE):
        page = signed_in_client(world.users[role]).get(url).content.decode()
        assert "Overdue and due soon" in page
        assert f"{REVIEW} {placement.provider.name}" in page and "Alex Ordinary" in page
        assert "Re-audit of Renewal Place" in page
    for role in (Role.DSL, Role.ATTENDANCE_LEAD, Role.TRUSTEE):
        assert signed_in_client(world.users[role]).get(url).status_code == 404
    assert signed_in_client(world.outsider).get(url).status_code == 404
    other = f"/due/schools/{world.school_a2.pk}/"
    assert signed_in_client(world.users[Role.AP_LEAD]).get(other).status_code == 404


def test_R7_3_the_trust_page_shows_the_schools_side_by_side(world):
    attending(world, world.pupil_a1)
    attending(world, make_pupil(world.school_a1, first_name="Second", last_name="Pupil"))
    attending(world, world.canary_a2)
    attending(world, world.canary_a2, start=dt.date(2026, 11, 2))  # due 4 January: not yet
    page = signed_in_client(world.users[Role.TRUST_EXECUTIVE]).get("/due/trust/").content.decode()
    by_school, by_duty = (text_of(table) for table in page.split("<caption")[1:3])
    # Each placement's review and first visit (R-12.2: due 2 November too) and each
    # school's AP budget (none approved for the year, due 1 September) are overdue;
    # each school's attendance update for this week is due soon.
    assert (
        "School A1 5 1 2 overdue Agreement and placement review R-7.3 "
        "2 overdue Visit to the pupil at the provider R-12.2 "
        "1 overdue AP budget for the financial year (none approved) R-10.10"
    ) in by_school
    assert (
        "School A2 3 1 1 overdue Agreement and placement review R-7.3 "
        "1 overdue Visit to the pupil at the provider R-12.2 "
        "1 overdue AP budget for the financial year (none approved) R-10.10"
    ) in by_school
    # Each duty across the trust: overdue, due soon, schools with items overdue.
    assert "Agreement and placement review R-7.3 3 0 2" in by_duty
    weekly = "Weekly attendance update to the school's records and the AP Lead R-10.6"
    assert f"{weekly} 0 2 0" in by_duty
    assert "Provider re-audit R-5.6 0 0 0" in by_duty
    assert World.CANARY_A2 not in page and World.CANARY_SCHOOL_B1 not in page
    for role in (Role.HEADTEACHER, Role.TRUSTEE, Role.TRUST_ADMINISTRATOR):
        assert signed_in_client(world.users[role]).get("/due/trust/").status_code == 404
    assert signed_in_client(world.outsider).get("/due/trust/").content.count(b"overdue") == 0


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_due_pages_make_the_same_number_of_queries_for_1_and_many_placements(world):
    provider = make_provider(world.trust_a, "Bulk Place")
    attending_placements([world.school_a1], 1, provider, world.users[Role.AP_LEAD])
    ap = signed_in_client(world.users[Role.AP_LEAD])
    trust = signed_in_client(world.users[Role.TRUST_EXECUTIVE])
    school_url = f"/due/schools/{world.school_a1.pk}/"
    few = (queries_for(ap, school_url), queries_for(trust, "/due/trust/"), queries_for(ap, "/"))
    attending_placements(
        [world.school_a1, world.school_a2], 60, provider, world.users[Role.AP_LEAD]
    )
    many = (queries_for(ap, school_url), queries_for(trust, "/due/trust/"), queries_for(ap, "/"))
    assert few == many

"""R-10.9, R-10.10, R-13.3 (R-6.5): the outcomes, destinations and AP budgets in the school's,
the trust's and the governance reports, for a small known scene: in school A1 a placement
ended by reintegration with its outcome (back full time, attendance before 60.0%), another
ended because the pupil left (no outcome yet), both at Moorside Centre, and a budget of £800
approved with £1,100 spent and £400 committed."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.outcomes import services
from altprov.reports.context import Period, ReportContext
from altprov.reports.outcome_sections import (
    ap_budgets,
    governance_outcomes,
    policy_by_school,
    provider_outcomes,
    school_endings,
    school_outcomes,
)
from altprov.reports.sections import VIEWS
from altprov.reports.tables import Column, display
from tests.budgets.helpers import approved_budget
from tests.budgets.helpers import placement as costed_placement
from tests.factories import make_provider, make_pupil
from tests.outcomes.helpers import TODAY, ended, frozen  # noqa: F401
from tests.reports.test_views import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
PERIOD = Period(dt.date(2026, 9, 1), TODAY, "")


def ctx(world, *schools):
    return ReportContext(schools or [world.school_a1], PERIOD, TODAY)


@pytest.fixture
def scene(world):
    ap = world.users[Role.AP_LEAD]
    moorside = make_provider(world.trust_a, "Moorside Centre")
    world.back = ended(world, make_pupil(world.school_a1, first_name="Backqx"), provider=moorside)
    services.outcome_record(
        placement=world.back,
        by=ap,
        destination="school_full_time",
        progress_summary="x",
        pupil_assessment="y",
        attendance_before=Decimal("60.0"),
    )
    world.left = ended(
        world,
        make_pupil(world.school_a1, first_name="Leftqx"),
        reintegrated=False,
        provider=moorside,
    )
    approved_budget(world, "800.00", TODAY)
    # Every weekday at £500 a week from 2 to 20 November: 11 school days spent by 16 November,
    # 4 committed.
    costed_placement(
        world, dt.date(2026, 11, 2), dt.date(2026, 11, 20), status="active", provider=moorside
    )
    return world


def test_R13_3_R6_5_the_school_report_counts_endings_reasons_and_destinations(scene):
    row = school_outcomes(ctx(scene)).rows[0]
    assert (row["ended"], row["reintegrated"], row["rate"]) == (2, 1, Decimal("50.0"))
    assert row["before"] == Decimal("60.0")
    endings = {(r["group"], r["what"]): r["placements"] for r in school_endings(ctx(scene)).rows}
    assert endings[("Why the placement ended", "Returned to the school (reintegration)")] == 1
    assert endings[("Why the placement ended", "Left the school")] == 1
    assert endings[("Why the placement ended", "Moved to another provision")] == 0
    assert endings[("Destination", "Returned to the school full time")] == 1
    assert endings[("Destination", "No outcome recorded yet")] == 1
    assert school_endings(ctx(scene)).total["placements"] == 2


def test_R13_3_an_ending_outside_the_period_is_not_counted(scene):
    before = Period(dt.date(2026, 9, 1), TODAY - dt.timedelta(days=1), "")
    row = school_outcomes(ReportContext([scene.school_a1], before, TODAY)).rows[0]
    assert (row["ended"], row["reintegrated"], row["rate"]) == (0, 0, None)
    on_the_day = Period(TODAY, TODAY, "")
    assert (
        school_outcomes(ReportContext([scene.school_a1], on_the_day, TODAY)).rows[0]["ended"] == 2
    )


def test_R10_10_the_budget_shows_approved_spent_remaining_and_over_by(scene):
    table = ap_budgets(ctx(scene))
    (row,) = table.rows
    assert row["year"] == "2026 to 2027" and row["status"] == "Approved"
    assert (row["approved"], row["spent"], row["committed"]) == (
        Decimal("800.00"),
        Decimal("1100.00"),
        Decimal("400.00"),
    )
    assert row["remaining"] == Decimal("-700.00")
    assert row["over"] == "Over budget by £700.00"
    assert display(row["remaining"], Column("remaining", "Remaining", "money")) == "-£700.00"
    assert table.title == "AP budget, financial year 2026 to 2027"
    other = ap_budgets(ctx(scene, scene.school_a1, scene.school_a2))
    a2 = next(r for r in other.rows if r["school"] == "School A2")
    assert a2["approved"] is None and a2["status"] == "No budget proposed" and a2["over"] == ""
    assert "<svg" in other.chart and "School A1 187.5%" in other.chart
    assert "No approved budget: School A2" in other.chart


def test_R10_10_within_budget_says_nothing_is_over(scene):
    approved_budget(scene, "1500.00", TODAY)  # a new amount: exactly spent and committed
    (row,) = ap_budgets(ctx(scene)).rows
    assert row["remaining"] == Decimal("0.00") and row["over"] == ""


def test_R10_9_the_trust_sees_the_policy_and_the_providers_outcomes(scene):
    both = ctx(scene, scene.school_a1, scene.school_a2)
    policy = policy_by_school(both)
    a1 = next(r for r in policy.rows if r["school"] == "School A1")
    a2 = next(r for r in policy.rows if r["school"] == "School A2")
    assert (a1["ended"], a1["reintegrated"], a1["rate"], a1["before"]) == (
        2,
        1,
        Decimal("50.0"),
        Decimal("60.0"),
    )
    assert (a2["ended"], a2["rate"]) == (0, None)
    assert (policy.total["ended"], policy.total["rate"]) == (2, Decimal("50.0"))
    providers = provider_outcomes(both)
    assert providers.rows == [
        {"provider": "Moorside Centre", "ended": 2, "reintegrated": 1, "rate": Decimal("50.0")}
    ]


def test_R10_9_the_new_sections_are_in_their_reports():
    keys = {view: [s.key for s in sections] for view, sections in VIEWS.items()}
    assert {"outcomes", "endings", "budget"} <= set(keys["school"])
    assert {"policy-by-school", "outcomes-by-provider", "budget"} <= set(keys["trust"])
    assert {"outcomes", "budget"} <= set(keys["governance"])


def test_R10_9_R13_3_governance_outcomes_are_suppressed(scene):
    table = governance_outcomes(ctx(scene, scene.school_a1, scene.school_a2))
    a1 = next(r for r in table.rows if r["school"] == "School A1")
    # 2 ended, 1 back, 1 without an outcome: each from 1 to 4
    for key in ("ended", "reintegrated", "back", "none"):
        assert str(a1[key]) == "fewer than 5", key
    assert a1["elsewhere"] == 0
    assert str(table.total["ended"]) == "fewer than 5"


def test_R10_9_R13_3_governance_outcomes_secondary_suppression(scene):
    for i in range(4):
        ended(
            scene,
            make_pupil(scene.school_a1, first_name=f"Moreqx{i}"),
            reintegrated=False,
        )
    (row,) = governance_outcomes(ctx(scene)).rows
    # 6 ended: 1 back (hidden), 5 without an outcome, which would tell it: withheld
    assert row["ended"] == 6
    assert str(row["reintegrated"]) == "fewer than 5"
    assert str(row["back"]) == "fewer than 5"
    assert str(row["none"]) == "withheld"


def xlsx_rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_R10_9_R13_3_trustees_see_no_pupil_and_the_downloads_hold_the_tables(scene, client_for):
    trustee = client_for(scene.users[Role.TRUSTEE])
    before = AccessEvent.objects.count()
    page = trustee.get("/reports/governance/").content.decode()
    assert "Outcomes and destinations" in page and "AP budgets by school" in page
    outcomes_csv = trustee.get(
        f"/reports/governance/{scene.trust_a.pk}/outcomes.csv"
    ).content.decode()
    budget_csv = trustee.get(f"/reports/governance/{scene.trust_a.pk}/budget.csv").content.decode()
    outcomes_xlsx = xlsx_rows(trustee.get(f"/reports/governance/{scene.trust_a.pk}/outcomes.xlsx"))
    text = page + outcomes_csv + budget_csv + str(outcomes_xlsx)
    for name in ("Backqx", "Leftqx", scene.back.referral.pupil.upn):
        assert name not in text
    assert AccessEvent.objects.count() == before
    a1 = next(line for line in outcomes_csv.splitlines() if line.startswith("School A1"))
    assert a1.startswith("School A1,fewer than 5,fewer than 5,fewer than 5,0,0,0,fewer than 5")
    assert "School A1,2026 to 2027,800,Approved,1100,400,-700,Over budget by £700.00" in (
        budget_csv
    )
    header, *rows = outcomes_xlsx
    assert header[:3] == ("School", "Placements ended", "Returned to the school")
    assert next(r for r in rows if r[0] == "School A1")[1] == "fewer than 5"


def test_R10_9_R10_10_the_school_and_trust_downloads(scene, client_for):
    executive = client_for(scene.users[Role.TRUST_EXECUTIVE])
    school = scene.school_a1.pk
    endings = executive.get(f"/reports/schools/{school}/endings.csv").content.decode()
    assert "Why the placement ended,Left the school,1" in endings
    assert "Destination,Returned to the school full time,1" in endings
    outcomes = xlsx_rows(executive.get(f"/reports/schools/{school}/outcomes.xlsx"))
    assert outcomes[1][:3] == (2, 1, 50.0)
    providers = executive.get(
        f"/reports/trust/{scene.trust_a.pk}/outcomes-by-provider.csv"
    ).content.decode()
    assert "Moorside Centre,2,1,50" in providers
    budget = xlsx_rows(executive.get(f"/reports/trust/{scene.trust_a.pk}/budget.xlsx"))
    a1 = next(r for r in budget if r[0] == "School A1")
    assert a1[2] == 800.0 and a1[4] == 1100.0 and a1[5] == 400.0 and a1[6] == -700.0
    page = executive.get("/reports/trust/").content.decode()
    assert "Effectiveness of the policy by school" in page and "Outcomes by provider" in page
    assert "Spent and committed against the approved budget" in page
    school_page = executive.get(f"/reports/schools/{school}/").content.decode()
    assert "Over budget by £700.00" in school_page and "50.0%" in school_page


def test_R10_9_R13_3_the_lac_pdf_has_the_outcomes_suppressed_and_the_budget(scene, client_for):
    lac = client_for(scene.users[Role.LAC_MEMBER])
    text = pdf_text(lac.get(f"/reports/governance/schools/{scene.school_a1.pk}/termly.pdf"))
    assert "Outcomes and destinations" in text and "AP budget" in text
    words = " ".join(text.split())
    assert "£-" not in words and "-£700.00 Over budget by £700.00" in words
    assert "Backqx" not in text and "Leftqx" not in text

"""R-13.1 to R-13.3 and R-6.5 through Chromium: the AP Lead tries to end a placement by
reintegration and is told what is still needed, records the meeting, the plan, the final report
and the pupil's views from the task list, ends the placement, records the pupil's answers at the
end and the outcome, and reads the impact page. axe-core checks every page and the error states."""

import datetime as dt

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.outcomes.models import Outcome, ViewsResponse
from tests import factories
from tests.duties.helpers import attending

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, group, h1


def test_R13_1_R13_2_R13_3_R6_5_the_ap_lead_walks_reintegration_to_the_outcome(page, live_server):
    checks = Checks()
    w = factories.world()
    factories.make_calendar(w.school_a1, 2027)  # term dates to July 2028
    today = dt.date.today()
    start = today - dt.timedelta(days=60)
    placement = attending(w, w.pupil_a1, start=start, end=today + dt.timedelta(days=30))
    base = live_server.url
    detail = f"{base}/placements/{placement.pk}/"

    sign_in(page, live_server, w.users[Role.AP_LEAD])
    page.goto(detail)
    expect(page.locator("#reintegration-tasks")).to_contain_text("Not yet recorded")
    checks(page, "r13-placement-before-return")

    # Refused: everything before the return is still needed.
    page.get_by_role("link", name="End the placement: the pupil returns to school").click()
    expect(h1(page)).to_have_text("End the placement: the pupil returns to school")
    fill_date(page, "id_on", today)
    page.get_by_role("button", name="End the placement").click()
    refused = page.locator("#refused")
    expect(refused).to_contain_text("Still needed:")
    expect(refused.locator("li")).to_have_count(4)
    checks(page, "r13-return-refused")

    # The meeting, from the refusal's link; an empty form first.
    refused.get_by_role("link", name="The reintegration meeting with the provider").click()
    expect(h1(page)).to_have_text("Record the reintegration meeting with the provider")
    page.get_by_role("button", name="Save").click()
    expect_error_summary(page, "Enter the date of the meeting")
    checks(page, "r13-1-meeting-error")
    fill_date(page, "id_held_on", today)
    page.get_by_label("Who attended").fill("AP Lead, parent, provider's manager")
    page.get_by_label("The provider's representative").fill("Sam Provider, manager")
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("The reintegration meeting with the provider has been")
    checks(page, "r13-placement-with-meeting")

    page.locator("#reintegration-tasks").get_by_role("link", name="The reintegration plan").click()
    checks(page, "r13-1-plan-form")
    page.get_by_label("Objective on return for attendance").fill("Every morning session")
    page.get_by_label("Objective on return for behaviour").fill("No removals from lessons")
    page.get_by_label("The support the school will give").fill("Daily check-in")
    fill_date(page, "id_planned_return_on", today + dt.timedelta(days=1))
    fill_date(page, "id_first_review_on", today + dt.timedelta(days=21))
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("has been recorded")

    page.locator("#reintegration-tasks").get_by_role(
        "link", name="The provider's final report"
    ).click()
    checks(page, "r13-2-final-report-form")
    fill_date(page, "id_received_on", today)
    page.get_by_label("Academic attainment and progress").fill("Grade 4 in English")
    page.get_by_label("Attendance record").fill("94%")
    page.get_by_label("Evidence of a change in behaviour").fill("No incidents since October")
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("has been recorded")

    page.locator("#reintegration-tasks").get_by_role(
        "link", name="The pupil's views on returning"
    ).click()
    checks(page, "r13-2-pupil-views-form")
    fill_date(page, "id_discussed_on", today)
    page.get_by_label("The pupil's views on returning to school").fill("I want my tutor group")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#reintegration-tasks")).not_to_contain_text("Not yet recorded")

    page.get_by_role("link", name="End the placement: the pupil returns to school").click()
    fill_date(page, "id_on", today)
    page.get_by_role("button", name="End the placement").click()
    expect(banner(page)).to_contain_text("the pupil has returned to school")
    expect(page.locator("#ending")).to_contain_text("returned to the school (reintegration)")
    checks(page, "r13-placement-ended")

    # The pupil's answers at the end.
    page.get_by_role("link", name="Record the pupil's answers to the questionnaire").click()
    checks(page, "r6-5-questionnaire-form")
    group(page, "When is the pupil answering?").get_by_label("At the end").check()
    fill_date(page, "id_answered_on", today)
    for wording in ("I feel safe", "I get on with the staff", "I want to learn"):
        group(page, wording).get_by_label("4: Agree").check()
    page.get_by_role("button", name="Record the answers").click()
    expect_error_summary(page, "Select an answer to “I feel confident about returning to school”")
    checks(page, "r6-5-questionnaire-error")
    group(page, "I feel confident about returning to school").get_by_label(
        "5: Strongly agree"
    ).check()
    page.get_by_role("button", name="Record the answers").click()
    expect(banner(page)).to_contain_text("The pupil's answers have been recorded.")

    page.get_by_role("link", name="Record the outcome").click()
    checks(page, "r13-3-outcome-form")
    group(page, "Destination").get_by_label("Returned to the school full time").check()
    page.get_by_label("Summary of the pupil's progress").fill("Good progress in English")
    page.get_by_label("The pupil's own assessment of the placement").fill("It helped me")
    page.get_by_label("Attendance at school in the term before the placement (optional)").fill(
        "71.4"
    )
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("#outcome")).to_contain_text("Returned to the school full time")
    checks(page, "r13-3-placement-with-outcome")

    page.get_by_role("link", name="See the impact of the placement").click()
    expect(h1(page)).to_have_text("Impact of the placement")
    expect(page.locator("#mean-scores")).to_contain_text("4.3")
    expect(page.locator("#attendance")).to_contain_text("71.4%")
    checks(page, "r6-5-impact")

    assert Outcome.objects.get().destination == "school_full_time"
    assert ViewsResponse.objects.get().moment == "end"
    checks.assert_clean()

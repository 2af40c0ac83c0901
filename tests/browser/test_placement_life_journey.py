"""The whole life of a placement through Chromium, by the roles the policy names (issue 8): the
provider's audit confirmed by the DSL and signed off by the Headteacher (R-5.4), the referral put
to the Headteacher and decided (R-6.3, R-7.1), the meeting and agreement (R-7.2, R-7.3), the
placement made, the written notice and the start (R-9.1, R-7.4), a monitoring visit weeks later
(R-12.2), the return to school with everything R-13.1 and R-13.2 ask for, the outcome (R-13.3),
and the school's and the trust's reports counting the placement as ended in the period (R-10.9).
axe-core checks every page.

The clock is fixed (time_machine) at three moments, so the journey is the same whatever the day
it runs: the setup on Monday 2 November 2026, the visit and the return on Monday 7 December, the
reports on Friday 11 December. Steps another journey walks page by page (the answers of the audit:
test_audit_journey; the chronology, needs, plan, pastoral contact and information shared:
test_placement_journey) are set up through the services or the start-gate tests' builders, and
say so where they are."""

import datetime as dt

import time_machine
from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.chronology.services import entry_add
from altprov.outcomes.models import Outcome
from altprov.placements import services as placement_services
from altprov.placements.models import InformationShare, Placement, PlanObjective
from altprov.provider_audits.models import ProviderAudit
from altprov.referrals.models import Referral
from altprov.termdates.schooldays import SchoolCalendar
from tests import factories

from .conftest import sign_in
from .journey import Checks, banner, fill_date, group, h1, sign_in_page_name, sign_out
from .test_placement_journey import another_browser, gate_status

PROVIDER = "Brookside Skills Centre"
PUPIL = "Alex Ordinary"  # world()'s pupil of School A1
SETUP = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)  # the Monday after the autumn half term
RETURN = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)  # three weeks into the placement
REPORTS = dt.datetime(2026, 12, 11, 9, tzinfo=dt.UTC)  # the Friday after the return


def prepare_start_gate(placement, ap_lead, staff) -> None:
    """The plan, an objective, the pastoral contact and the information shared: walked page by
    page in test_placement_journey, set up here as the start-gate tests do."""
    today = dt.date.today()
    placement_services.records_update(
        placement=placement,
        values={
            "assessment_and_monitoring": "Weekly report from the provider",
            "baseline_attainment": "Working at grade 3",
            "baseline_attendance": "78%",
            "baseline_behaviour": "Three suspensions",
            "objectives_shared_on": today,
        },
        by=ap_lead,
    )
    PlanObjective.objects.create(
        placement=placement,
        objective="Attend every session",
        timeframe="By February",
        measure="The provider's register",
    )
    placement_services.pastoral_assign(
        placement=placement, contact=staff, protocol="A call every Friday", by=ap_lead
    )
    InformationShare.objects.create(
        placement=placement,
        category="attainment",
        what="Latest grades",
        shared_on=today,
        method="secure_email",
        lawful_basis="public_task",
        shared_by=ap_lead,
    )


def test_R5_4_R7_1_R7_4_R12_2_R13_1_R13_3_R10_9_the_whole_life_of_a_placement(
    page, browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    checks = Checks()
    base = live_server.url

    # --- 2 November: audit, referral, placement, notice, start ---------------------------
    with time_machine.travel(SETUP, tick=True):
        w = factories.world()
        school, pupil = w.school_a1, w.pupil_a1
        ap_lead, dsl, head = w.users[Role.AP_LEAD], w.users[Role.DSL], w.users[Role.HEADTEACHER]
        today = dt.date.today()
        provider = factories.make_provider(w.trust_a, PROVIDER)
        # Every section of Appendix 1 answered by the AP Lead (test_audit_journey walks them).
        factories.complete_audit(provider, school, by=ap_lead, visit=today - dt.timedelta(days=7))
        audit = ProviderAudit.objects.get(provider=provider, school=school)
        factories.make_letter(provider, ap_lead, received_on=today - dt.timedelta(days=3))
        # The pupil's record before a referral (test_placement_journey walks these pages).
        factories.make_carer(pupil, name="Pat Ordinary")
        pupil.needs_assessed_on = today - dt.timedelta(days=14)
        pupil.save()
        entry_add(
            pupil=pupil,
            kind=ChronologyEntry.Kind.INTERNAL_INTERVENTION,
            occurred_on=today - dt.timedelta(days=40),
            summary="Weekly mentoring",
            impact="Attendance rose from 71% to 78%",
            by=ap_lead,
        )
        start = SchoolCalendar.for_school(school).nth_school_day(today, 12)
        planned_end = start + dt.timedelta(weeks=10)

        # The AP Lead: the audit waits for the DSL; the referral goes to the Headteacher.
        sign_in(page, live_server, ap_lead, check=lambda p: checks(p, sign_in_page_name(p, "ap")))
        page.goto(f"{base}/audits/{audit.pk}/")
        expect(page.locator(".govuk-summary-list")).to_contain_text("Waiting for the DSL")
        checks(page, "life-audit-complete")

        page.goto(f"{base}/pupils/{pupil.pk}/refer/")
        expect(h1(page)).to_have_text("Refer to alternative provision")
        checks(page, "life-refer")
        group(page, "Why is the pupil being referred?").get_by_label(
            "Risk of exclusion, or one or more previous suspensions", exact=True
        ).check()
        group(page, "Route").get_by_label("School-directed off-site provision", exact=True).check()
        page.get_by_role("button", name="Start the referral").click()
        expect(banner(page)).to_contain_text("The referral has been started.")
        referral = Referral.objects.get(pupil=pupil)
        page.get_by_role("button", name="Put the referral to the Headteacher").click()
        expect(page.locator("#task-decision-status")).to_have_text("Waiting for the Headteacher")
        checks(page, "life-referral-submitted")

        # The DSL confirms the safeguarding section.
        with another_browser(browser) as dsl_page:
            sign_in(
                dsl_page, live_server, dsl, check=lambda p: checks(p, sign_in_page_name(p, "dsl"))
            )
            dsl_page.locator(".app-attention-list li").filter(
                has_text=f"Confirm the safeguarding section of the audit of {PROVIDER}"
            ).get_by_role("link", name="Open the audit").click()
            checks(dsl_page, "life-dsl-audit")
            dsl_page.get_by_role("button", name="Confirm the safeguarding section").click()
            expect(banner(dsl_page)).to_contain_text("You have confirmed the safeguarding section.")
            checks(dsl_page, "life-dsl-confirmed")

        # The Headteacher signs the audit off and approves the referral.
        with another_browser(browser) as head_page:
            sign_in(
                head_page,
                live_server,
                head,
                check=lambda p: checks(p, sign_in_page_name(p, "head")),
            )
            checks(head_page, "life-head-home")
            head_page.locator(".app-attention-list li").filter(
                has_text=f"Sign off the audit of {PROVIDER}"
            ).get_by_role("link", name="Open the audit").click()
            head_page.get_by_role("link", name="Sign off the audit").click()
            checks(head_page, "life-head-sign-off")
            head_page.get_by_role("button", name="Sign off", exact=True).click()
            expect(banner(head_page)).to_contain_text(
                f"You have signed off the audit: {PROVIDER} is suitable for use."
            )
            checks(head_page, "life-head-audit-signed-off")

            head_page.goto(f"{base}/")
            head_page.locator(".app-attention-list li").filter(
                has_text="A referral to alternative provision is waiting for your decision"
            ).get_by_role("link", name=f"Open the referral of {PUPIL}").click()
            head_page.get_by_role("link", name="The Headteacher's decision").click()
            checks(head_page, "life-head-decision")
            group(head_page, "Your decision").get_by_label(
                "Approved: the pupil is to be directed to alternative provision", exact=True
            ).check()
            head_page.get_by_label("Rationale").fill("Mentoring has not been enough")
            head_page.get_by_role("button", name="Record my decision").click()
            expect(head_page.locator("#task-decision-status")).to_have_text("Approved")
            checks(head_page, "life-head-decided")

        # The AP Lead: the meeting, the agreement, the placement, the notice and the start.
        page.reload()
        page.get_by_role("link", name="The referral meeting with the pupil and family").click()
        checks(page, "life-meeting")
        fill_date(page, "id_held_on", today)
        page.locator("#id_attendees").fill("AP Lead, Pat Ordinary (mother)")
        page.locator("#id_pupil_attended").check()
        page.locator("#id_reasons_explained").fill("The chronology was gone through together")
        page.locator("#id_pupil_views").fill("Alex would like the hands-on courses")
        page.locator("#id_parent_views").fill("Supportive")
        page.get_by_role("button", name="Save and return to the referral").click()
        expect(banner(page)).to_contain_text("The meeting has been recorded.")

        page.get_by_role("link", name="The agreement with the parents or carers").click()
        checks(page, "life-agreement")
        page.locator("#id_responsibilities").fill("School: plan. Provider: teaching and register")
        page.locator("#id_contact_timescales").fill("Weekly call from the pastoral contact")
        page.locator("#id_safeguarding_route").fill("The provider calls the DSL the same day")
        page.locator("#id_maximum_weeks").fill("12")
        group(page, "The parents' or carers' response").get_by_label("Agreed", exact=True).check()
        fill_date(page, "id_responded_on", today)
        page.get_by_role("button", name="Save and return to the referral").click()
        expect(page.locator("#task-agreement-status")).to_have_text("Agreed")
        checks(page, "life-referral-agreed")

        page.get_by_role("link", name="Make the placement").click()
        page.get_by_label(PROVIDER, exact=True).check()
        page.get_by_role("button", name="Continue").click()
        checks(page, "life-placement-form")
        fill_date(page, "id_start_date", start)
        fill_date(page, "id_planned_end_date", planned_end)
        page.get_by_label("Cost per week (£)").fill("200")
        for day in ("Monday", "Wednesday"):
            page.get_by_label(f"{day}: start time").fill("09:00")
            page.get_by_label(f"{day}: end time").fill("12:00")
        page.get_by_role("button", name="Make the placement").click()
        expect(banner(page)).to_contain_text("The placement has been made.")
        placement = referral.placements.get()
        expect(gate_status(page, "audit")).to_have_text("Met")
        checks(page, "life-placement-made")

        prepare_start_gate(placement, ap_lead, w.users[Role.STAFF_MEMBER])
        page.goto(f"{base}/placements/{placement.pk}/notice/")
        expect(h1(page)).to_have_text("Written notice to the parents or carers")
        checks(page, "life-notice")
        fill_date(page, "id_sent_on", today)
        group(page, "How was it sent?").get_by_label("Email", exact=True).check()
        page.get_by_role("button", name="Record that the notice was sent").click()
        expect(banner(page)).to_contain_text("Sending the written notice has been recorded.")
        page.get_by_role("button", name="Start the placement").click()
        expect(banner(page)).to_contain_text(
            f"The placement is confirmed to start on {start:%-d %B %Y}."
        )
        checks(page, "life-placement-started")
        sign_out(page)

    # --- 7 December: a visit, then the return to school and the outcome -------------------
    with time_machine.travel(RETURN, tick=True):
        today = dt.date.today()
        sign_in(page, live_server, ap_lead, check=lambda p: checks(p, sign_in_page_name(p, "ap2")))
        page.goto(f"{base}/placements/{placement.pk}/")
        expect(page.locator("#placement-status")).to_have_text("Attending")
        page.get_by_role("link", name="Record a visit").click()
        checks(page, "life-visit")
        fill_date(page, "id_visited_on", today)
        page.get_by_label("Who visited").fill("AP Lead")
        page.get_by_label("What was seen").fill("Alex in a practical maths lesson, on task")
        page.get_by_label("The pupil's view").fill("Likes the workshop")
        page.get_by_role("button", name="Record the visit").click()
        expect(banner(page)).to_contain_text("The visit has been recorded.")
        checks(page, "life-visit-recorded")

        tasks = page.locator("#reintegration-tasks")
        tasks.get_by_role("link", name="The reintegration meeting with the provider").click()
        checks(page, "life-reintegration-meeting")
        fill_date(page, "id_held_on", today)
        page.get_by_label("Who attended").fill("AP Lead, parent, provider's manager")
        page.get_by_label("The provider's representative").fill("Pat Manager")
        page.get_by_role("button", name="Save").click()
        expect(banner(page)).to_contain_text("The reintegration meeting with the provider has been")

        tasks.get_by_role("link", name="The reintegration plan").click()
        checks(page, "life-reintegration-plan")
        page.get_by_label("Objective on return for attendance").fill("Every morning session")
        page.get_by_label("Objective on return for behaviour").fill("No removals from lessons")
        page.get_by_label("The support the school will give").fill("Daily check-in")
        fill_date(page, "id_planned_return_on", today + dt.timedelta(days=1))
        fill_date(page, "id_first_review_on", today + dt.timedelta(days=21))
        page.get_by_role("button", name="Save").click()
        expect(banner(page)).to_contain_text("has been recorded")

        tasks.get_by_role("link", name="The provider's final report").click()
        checks(page, "life-final-report")
        fill_date(page, "id_received_on", today)
        page.get_by_label("Academic attainment and progress").fill("Grade 4 in maths")
        page.get_by_label("Attendance record").fill("94%")
        page.get_by_label("Evidence of a change in behaviour").fill("No incidents")
        page.get_by_role("button", name="Save").click()
        expect(banner(page)).to_contain_text("has been recorded")

        tasks.get_by_role("link", name="The pupil's views on returning").click()
        checks(page, "life-pupil-views")
        fill_date(page, "id_discussed_on", today)
        page.get_by_label("The pupil's views on returning to school").fill("I want my tutor group")
        page.get_by_role("button", name="Save").click()
        expect(tasks).not_to_contain_text("Not yet recorded")
        checks(page, "life-reintegration-ready")

        page.get_by_role("link", name="End the placement: the pupil returns to school").click()
        checks(page, "life-end")
        fill_date(page, "id_on", today)
        page.get_by_role("button", name="End the placement").click()
        expect(banner(page)).to_contain_text("the pupil has returned to school")
        expect(page.locator("#ending")).to_contain_text("returned to the school (reintegration)")
        checks(page, "life-ended")

        page.get_by_role("link", name="Record the outcome").click()
        checks(page, "life-outcome")
        group(page, "Destination").get_by_label("Returned to the school full time").check()
        page.get_by_label("Summary of the pupil's progress").fill("Good progress in maths")
        page.get_by_label("The pupil's own assessment of the placement").fill("It helped me")
        page.get_by_role("button", name="Record the outcome").click()
        expect(page.locator("#outcome")).to_contain_text("Returned to the school full time")
        checks(page, "life-outcome-recorded")
        sign_out(page)

    placement.refresh_from_db()
    assert (placement.started_on, placement.ended_on) == (start, RETURN.date())
    assert placement.end_reason == Placement.EndReason.REINTEGRATED
    assert Outcome.objects.get(placement=placement).destination == "school_full_time"

    # --- 11 December: the school's and the trust's reports, the school year so far --------
    with time_machine.travel(REPORTS, tick=True):
        sign_in(page, live_server, ap_lead, check=lambda p: checks(p, sign_in_page_name(p, "ap3")))
        page.get_by_role("link", name="Reports").click()
        expect(page).to_have_url(f"{base}/reports/schools/{school.pk}/")
        expect(page.locator("main")).to_contain_text("1 September 2026 to 11 December 2026")
        # Back at school: no longer in AP; the provider was used in the period.
        by_provider = page.get_by_role(
            "table", name="Pupils in AP on 11 December 2026, by provider"
        )
        expect(by_provider).to_have_count(0)
        expect(page.locator("main")).to_contain_text("No pupil is in AP on that day.")
        providers = page.get_by_role("table", name="Providers in use").get_by_role("row")
        expect(providers.filter(has_text=PROVIDER).get_by_role("cell")).to_have_text(
            ["Registered", "Approved", "", "0"]
        )
        checks(page, "life-school-report")

        # The period up to the Friday before the return: the pupil was in AP at the provider.
        page.get_by_text("Change the period").click()
        page.locator("#period-to").fill("2026-12-04")
        page.get_by_role("button", name="Show the period").click()
        by_provider = page.get_by_role("table", name="Pupils in AP on 4 December 2026, by provider")
        expect(
            by_provider.get_by_role("row").filter(has_text=PROVIDER).get_by_role("cell")
        ).to_have_text(["1", "6"])
        checks(page, "life-school-report-before-return")

        # The census on a day of the placement: entered on the start, left on the return.
        page.goto(f"{base}/reports/schools/{school.pk}/census/?date=2026-12-01")
        row = page.get_by_role("row").filter(has_text=pupil.upn)
        expect(row).to_contain_text(f"{start:%-d %B %Y}")
        expect(row).to_contain_text("7 December 2026")
        checks(page, "life-census")
        sign_out(page)

        trust_executive = w.users[Role.TRUST_EXECUTIVE]
        sign_in(
            page,
            live_server,
            trust_executive,
            check=lambda p: checks(p, sign_in_page_name(p, "trust")),
        )
        page.get_by_role("link", name="Reports").click()
        expect(page).to_have_url(f"{base}/reports/trust/")
        expect(h1(page)).to_have_text("AP report: the trust's schools")
        # By status: planned, starting soon, attending, ended, all.
        status = page.get_by_role("table", name="Placements by status").get_by_role("row")
        expect(status.filter(has_text="School A1").get_by_role("cell")).to_have_text(
            ["0", "0", "0", "1", "1"]
        )
        # Pupils in AP in the period, placements started, placements ended.
        effectiveness = page.get_by_role("table", name="Effectiveness of the policy per school")
        cells = effectiveness.get_by_role("row").filter(has_text="School A1").get_by_role("cell")
        for n in range(3):
            expect(cells.nth(n)).to_have_text("1")
        expect(page.locator("main")).not_to_contain_text(PUPIL)
        checks(page, "life-trust-report")
        sign_out(page)

    print(f"\n{checks.pages} pages checked")
    checks.assert_clean()

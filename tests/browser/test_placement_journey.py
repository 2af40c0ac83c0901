"""From a pupil imported from the MIS to a started placement, through Chromium, by the people the
policy names: R-6.1 (the import and the pupil record), R-6.2 (the chronology of support), R-6.3
(the referral goes to the Headteacher only when it is ready), R-7.1 (the Headteacher's decision),
R-7.2 (the meeting), R-7.3 (the agreement), R-9.1 (the written notice, as a PDF) and R-7.4 (no
placement starts until every precondition is met). axe-core checks every page and every error
state on the way, and each page is photographed."""

import datetime as dt
import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from altprov.authz.permissions import Role
from altprov.pupils.models import Pupil
from altprov.referrals.models import Referral
from altprov.termdates.schooldays import SchoolCalendar
from tests import factories

from .conftest import sign_in
from .journey import (
    Checks,
    another_browser,
    banner,
    expect_error_summary,
    fill_date,
    group,
    h1,
    sign_in_page_name,
)
from .placement_steps import (
    DECISION_ENTRY,
    GATE_KEYS,
    PROVIDER,
    PUPIL,
    STAFF_CONTACT,
    Timer,
    add_chronology_entry,
    gate_list,
    gate_status,
    import_pupils,
    pupils_csv,
)


def test_R6_1_R6_2_R6_3_R7_1_R7_2_R7_3_R9_1_R7_4_from_pupil_import_to_a_started_placement(
    page, browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    w = factories.world()
    school = w.school_a1
    factories.make_calendar(school, 2027)  # term dates to July 2028, for the notice deadline
    ap_lead, dsl, head = w.users[Role.AP_LEAD], w.users[Role.DSL], w.users[Role.HEADTEACHER]
    provider = factories.make_provider(w.trust_a, PROVIDER, manager_name="Morgan Manager")
    factories.complete_audit(provider, school, by=ap_lead, dsl=dsl, sign_off_by=head)
    factories.make_letter(provider, ap_lead)

    base = live_server.url
    today = dt.date.today()
    # A school day at least ten school days away, so that the written notice (two school days
    # before the start, by default) can be sent today.
    start = SchoolCalendar.for_school(school).nth_school_day(today, 12)
    planned_end = start + dt.timedelta(weeks=10)  # within the 12 weeks agreed
    csv_file = tmp_path / "pupils.csv"
    csv_file.write_bytes(pupils_csv(school))
    checks = Checks()
    timer = Timer()

    try:
        # --- 1. The AP Lead imports three pupils from the MIS (R-6.1) ---------------------
        import_pupils(page, checks, live_server, ap_lead, csv_file)
        pupil = Pupil.objects.get(school=school, first_name="Jordan", last_name="Importwell")
        expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/")
        expect(h1(page)).to_have_text(PUPIL)
        expect(page.locator("#send")).to_contain_text("No special educational needs")
        expect(page.locator("#carers")).to_be_visible()
        expect(page.get_by_role("heading", name="Pat Importwell")).to_be_visible()
        checks(page, "r6-1-pupil-record")
        timer.lap("import")

        # --- 2. Needs assessed, chronology, referral put to the Headteacher (R-6.2, R-6.3) -
        page.get_by_role("link", name="Change SEND details").click()
        expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/send/")
        expect(h1(page)).to_have_text("Change the SEND details")
        expect(
            group(page, "SEND status").get_by_label("No special educational needs", exact=True)
        ).to_be_checked()
        checks(page, "r6-3-send-edit")
        assessed = today - dt.timedelta(days=14)
        fill_date(page, "id_needs_assessed_on", assessed)
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/#send")
        expect(banner(page)).to_contain_text("SEND details have been saved.")
        expect(page.locator("#send")).to_contain_text(f"{assessed:%-d %B %Y}")
        checks(page, "r6-3-send-saved")

        # The pupil's page links neither to the chronology nor to a referral: go by address.
        page.goto(f"{base}/pupils/{pupil.pk}/chronology/")
        expect(h1(page)).to_have_text("Chronology of support")
        expect(page.get_by_text("Nothing recorded yet.")).to_be_visible()
        checks(page, "r6-2-chronology-empty")

        def intervention():
            fill_date(page, "id_occurred_on", today - dt.timedelta(days=60))
            page.get_by_label("What was the intervention?").fill("Weekly mentoring with the SENDCo")
            page.get_by_label("Details (optional)").fill("Six sessions over the half term")
            page.get_by_label("What was the impact?").fill(
                "Attendance rose from 71% to 78%; behaviour points unchanged"
            )

        def agency():
            fill_date(page, "id_occurred_on", today - dt.timedelta(days=30))
            page.get_by_label("What was the referral or work?").fill("Referral to early help")
            group(page, "Which agency?").get_by_label("Early help", exact=True).check()
            page.get_by_label("What was the impact?").fill("Family support worker assigned")

        add_chronology_entry(
            page, checks, base, pupil.pk, "Internal intervention", "intervention", intervention
        )
        add_chronology_entry(
            page,
            checks,
            base,
            pupil.pk,
            "External agency referral or work",
            "external-agency",
            agency,
        )
        expect(
            page.get_by_text(
                "1 internal intervention with its impact recorded, 1 external agency entry."
            )
        ).to_be_visible()
        expect(page.locator(".moj-timeline__item")).to_have_count(2)

        page.goto(f"{base}/pupils/{pupil.pk}/refer/")
        expect(h1(page)).to_have_text("Refer to alternative provision")
        checks(page, "r6-3-refer-start")

        # Error state: no reason and no route.
        page.get_by_role("button", name="Start the referral").click()
        expect_error_summary(
            page, "Select at least one reason for the referral", "Select the route"
        )
        checks(page, "r6-3-refer-start-errors")

        reasons = group(page, "Why is the pupil being referred?")
        reasons.get_by_label(
            "Risk of exclusion, or one or more previous suspensions", exact=True
        ).check()
        reasons.get_by_label(
            "Struggles to meet the academic and social demands of mainstream education",
            exact=True,
        ).check()
        group(page, "Route").get_by_label("School-directed off-site provision", exact=True).check()
        page.get_by_role("button", name="Start the referral").click()
        expect(page).to_have_url(re.compile(r"/referrals/\d+/$"))
        referral = Referral.objects.get(pupil=pupil)
        expect(page).to_have_url(f"{base}/referrals/{referral.pk}/")
        expect(banner(page)).to_contain_text("The referral has been started.")
        expect(h1(page)).to_have_text("Referral to alternative provision")
        for key in ("reasons", "chronology", "needs"):
            expect(page.locator(f"#condition-{key}-status")).to_have_text("Completed")
        # No additional needs, so neither the DSL nor the SENDCo has to be consulted.
        expect(page.locator("#condition-dsl-status")).to_have_count(0)
        expect(page.locator("#task-decision-status")).to_have_text("Cannot start yet")
        checks(page, "r6-3-referral-ready")

        page.get_by_role("button", name="Put the referral to the Headteacher").click()
        expect(banner(page)).to_contain_text("The referral has been put to the Headteacher.")
        expect(
            page.get_by_role("button", name="Put the referral to the Headteacher")
        ).to_have_count(0)
        expect(page.locator("main")).to_contain_text(
            f"Put to the Headteacher by {ap_lead.full_name}"
        )
        expect(page.locator("#task-decision-status")).to_have_text("Waiting for the Headteacher")
        # The AP Lead may not decide: the task is not a link for them.
        expect(page.get_by_role("link", name="The Headteacher's decision")).to_have_count(0)
        checks(page, "r6-3-referral-submitted")
        timer.lap("needs, chronology and referral")

        # --- 3. The Headteacher decides (R-7.1) -------------------------------------------
        with another_browser(browser) as head_page:
            sign_in(
                head_page,
                live_server,
                head,
                check=lambda p: checks(p, sign_in_page_name(p, "head")),
            )
            item = head_page.locator(".app-attention-list li").filter(
                has_text="A referral to alternative provision is waiting for your decision"
            )
            expect(item).to_have_count(1)
            checks(head_page, "r7-1-head-home")
            item.get_by_role("link", name=f"Open the referral of {PUPIL}").click()
            expect(head_page).to_have_url(f"{base}/referrals/{referral.pk}/")
            checks(head_page, "r7-1-head-referral")

            head_page.get_by_role("link", name="The Headteacher's decision").click()
            expect(head_page).to_have_url(f"{base}/referrals/{referral.pk}/decision/")
            expect(h1(head_page)).to_have_text("The Headteacher's decision")
            checks(head_page, "r7-1-decision")

            # Error state: a decision with no rationale.
            approved = group(head_page, "Your decision").get_by_label(
                "Approved: the pupil is to be directed to alternative provision", exact=True
            )
            approved.check()
            head_page.get_by_role("button", name="Record my decision").click()
            expect_error_summary(head_page, "Enter the rationale for your decision")
            expect(approved).to_be_checked()
            checks(head_page, "r7-1-decision-no-rationale")

            head_page.get_by_label("Rationale").fill(
                "Mentoring and early help have not been enough; a part-time placement with a "
                "clear plan to return"
            )
            head_page.get_by_role("button", name="Record my decision").click()
            expect(head_page).to_have_url(f"{base}/referrals/{referral.pk}/")
            expect(banner(head_page)).to_contain_text("Your decision has been recorded.")
            expect(head_page.locator("#task-decision-status")).to_have_text("Approved")
            expect(head_page.locator("main")).to_contain_text(f"Decided by {head.full_name}")
            checks(head_page, "r7-1-decision-recorded")
        timer.lap("decision")

        # --- 4. The AP Lead: meeting, agreement, placement, start gate (R-7.2 to) ---
        page.goto(f"{base}/referrals/{referral.pk}/")
        expect(page.locator("#task-decision-status")).to_have_text("Approved")
        expect(page.locator("#task-meeting-status")).to_have_text("Not yet")
        checks(page, "r7-2-referral-approved")

        page.get_by_role("link", name="The referral meeting with the pupil and family").click()
        expect(page).to_have_url(f"{base}/referrals/{referral.pk}/meeting/")
        expect(h1(page)).to_have_text("The referral meeting")
        checks(page, "r7-2-meeting")
        fill_date(page, "id_held_on", today)
        page.locator("#id_attendees").fill(
            f"{ap_lead.full_name}, AP Lead\n{head.full_name}, Headteacher\nPat Importwell, mother"
        )
        page.locator("#id_pupil_attended").check()
        page.locator("#id_parents_attended").check()
        page.locator("#id_reasons_explained").fill("The chronology was gone through together")
        page.locator("#id_pupil_views").fill("Jordan would like to try the hands-on courses")
        page.locator("#id_parent_views").fill("Supportive, wants regular updates")
        page.get_by_role("button", name="Save and return to the referral").click()
        expect(page).to_have_url(f"{base}/referrals/{referral.pk}/")
        expect(banner(page)).to_contain_text("The meeting has been recorded.")
        expect(page.locator("#task-meeting-status")).to_have_text("Completed")
        checks(page, "r7-2-meeting-recorded")

        page.get_by_role("link", name="The agreement with the parents or carers").click()
        expect(page).to_have_url(f"{base}/referrals/{referral.pk}/agreement/")
        expect(h1(page)).to_have_text("The agreement with the parents or carers")
        checks(page, "r7-3-agreement")
        page.locator("#id_responsibilities").fill(
            "School: plan and monitoring. Provider: teaching and daily register. Home: attendance"
        )
        page.locator("#id_contact_timescales").fill("Weekly call from the pastoral contact")
        page.locator("#id_safeguarding_route").fill(
            "The provider calls the school's DSL the same day"
        )
        page.locator("#id_maximum_weeks").fill("12")
        group(page, "The parents' or carers' response").get_by_label("Agreed", exact=True).check()
        fill_date(page, "id_responded_on", today)
        page.get_by_role("button", name="Save and return to the referral").click()
        expect(page).to_have_url(f"{base}/referrals/{referral.pk}/")
        expect(banner(page)).to_contain_text("The agreement has been recorded.")
        expect(page.locator("#task-agreement-status")).to_have_text("Agreed")
        expect(page.locator("main")).to_contain_text("12 weeks")
        checks(page, "r7-3-agreement-recorded")

        page.get_by_role("link", name="Make the placement").click()
        expect(page).to_have_url(f"{base}/referrals/{referral.pk}/placement/")
        expect(h1(page)).to_have_text("Which provider?")
        checks(page, "r7-4-placement-choose-provider")
        page.get_by_label(PROVIDER, exact=True).check()
        page.get_by_role("button", name="Continue").click()
        expect(h1(page)).to_have_text("Make the placement")
        checks(page, "r7-4-placement-form")

        fill_date(page, "id_start_date", start)
        fill_date(page, "id_planned_end_date", planned_end)
        page.get_by_label("Cost per week (£)").fill("200")
        page.get_by_label("Monday: start time").fill("09:00")
        page.get_by_label("Monday: end time").fill("08:00")  # error state: before the start
        page.get_by_label("Wednesday: start time").fill("09:00")
        page.get_by_label("Wednesday: end time").fill("12:00")
        page.get_by_role("button", name="Make the placement").click()
        expect_error_summary(page, "The Monday end time must be after its start time")
        expect(page.get_by_label("Wednesday: end time")).to_have_value("12:00")
        checks(page, "r7-4-placement-form-end-before-start")

        page.get_by_label("Monday: end time").fill("12:00")
        page.get_by_role("button", name="Make the placement").click()
        expect(page).to_have_url(re.compile(r"/placements/\d+/$"))
        placement = referral.placements.get()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/")
        expect(banner(page)).to_contain_text("The placement has been made.")
        expect(h1(page)).to_have_text(f"Placement at {PROVIDER}")
        details = page.locator(".govuk-summary-list").first
        expect(details).to_contain_text("Monday 09:00 to 12:00")
        expect(details).to_contain_text("Wednesday 09:00 to 12:00")
        expect(details).to_contain_text("6 hours: part-time")
        expect(details).to_contain_text("£200.00")
        expect(page.locator("#placement-status")).to_have_text("Planned")
        for key in ("audit", "letter", "agreement"):
            expect(gate_status(page, key)).to_have_text("Met")
        for key in ("plan", "objectives_shared", "notice", "pastoral", "information"):
            expect(gate_status(page, key)).to_have_text("Not met")
        # £200 a week at a registered provider needs no trust approval.
        expect(gate_status(page, "trust_approval")).to_have_count(0)
        expect(page.locator("#start-hint")).to_have_text(
            "Starting is refused until everything still needed is done."
        )
        checks(page, "r7-4-placement-not-ready")

        # The service refuses to start it.
        page.get_by_role("button", name="Start the placement").click()
        refusal = page.locator(".govuk-error-summary").filter(
            has_text="The placement cannot start yet"
        )
        expect(refusal).to_contain_text("Still needed:")
        expect(refusal.get_by_role("link", name="The personalised plan is complete")).to_have_count(
            1
        )
        expect(
            refusal.get_by_role(
                "link", name="A pastoral contact is assigned, with a contact protocol"
            )
        ).to_have_count(1)
        expect(page.locator("#placement-status")).to_have_text("Planned")
        checks(page, "r7-4-start-refused")
        timer.lap("meeting, agreement, placement")

        # The personalised plan, from the task list of the start gate.
        back = f"?next=%2Fplacements%2F{placement.pk}%2F"
        gate_list(page).get_by_role("link", name="The personalised plan is complete").click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/plan/{back}")
        expect(h1(page)).to_have_text("The personalised plan")
        checks(page, "r6-4-plan")
        page.get_by_label("Arrangements for assessment and monitoring progress").fill(
            "Weekly progress report from the provider; half-termly review meeting"
        )
        page.get_by_label("Baseline: attainment").fill("Working at grade 3 in English and maths")
        page.get_by_label("Baseline: attendance").fill("78% this half term")
        page.get_by_label("Baseline: behaviour").fill("Four suspensions this year")
        fill_date(page, "id_objectives_shared_on", today)
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/")
        expect(banner(page)).to_contain_text("The personalised plan has been saved.")
        expect(gate_status(page, "objectives_shared")).to_have_text("Met")
        expect(gate_status(page, "plan")).to_have_text("Not met")
        expect(page.locator("#gate-plan-hint")).to_contain_text("at least one objective")
        checks(page, "r6-4-plan-saved")

        page.get_by_role("link", name="Add an objective").click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/plan/objectives/add/")
        expect(h1(page)).to_have_text("Add an objective to the plan")
        checks(page, "r6-4-objective")
        page.get_by_label("Objective for improvement or attainment").fill(
            "Attend every session at the provider"
        )
        page.get_by_label("Timeframe").fill("By the February half term")
        page.get_by_label("How it will be measured").fill("The provider's daily register")
        page.get_by_role("button", name="Add objective").click()
        expect(banner(page)).to_contain_text("The objective has been added to the plan.")
        expect(gate_status(page, "plan")).to_have_text("Met")
        expect(page.get_by_role("table", name="Objectives")).to_contain_text(
            "Attend every session at the provider"
        )
        checks(page, "r6-4-objective-added")

        # The written notice cannot be recorded while a fact of the letter is missing.
        notice_task = "The parents or carers have been notified in writing before the start"
        gate_list(page).get_by_role("link", name=notice_task).click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/notice/{back}")
        expect(h1(page)).to_have_text("Written notice to the parents or carers")
        expect(page.locator(".govuk-tag--red")).to_have_text("Missing")
        expect(page.locator(".govuk-warning-text")).to_contain_text(
            "The notice cannot be issued yet"
        )
        checks(page, "r9-1-notice-missing-fact")
        fill_date(page, "id_sent_on", today)
        group(page, "How was it sent?").get_by_label("Email", exact=True).check()
        page.get_by_role("button", name="Record that the notice was sent").click()
        expect_error_summary(
            page, "The letter has no member of school staff giving your child pastoral support"
        )
        checks(page, "r9-1-notice-missing-fact-error")
        page.locator(".govuk-back-link").click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/")

        # The pastoral contact.
        gate_list(page).get_by_role(
            "link", name="A pastoral contact is assigned, with a contact protocol"
        ).click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/pastoral-contact/{back}")
        expect(h1(page)).to_have_text("Assign the pastoral contact")
        checks(page, "r10-4-pastoral")
        page.get_by_label("Pastoral contact").select_option(label=f"{STAFF_CONTACT} (Staff member)")
        page.get_by_label("Contact protocol").fill(
            "A call to Jordan every Friday and to the provider every Monday"
        )
        page.get_by_role("button", name="Save").click()
        expect(banner(page)).to_contain_text("The pastoral contact has been assigned.")
        expect(gate_status(page, "pastoral")).to_have_text("Met")
        checks(page, "r10-4-pastoral-assigned")

        # The information shared with the provider.
        gate_list(page).get_by_role(
            "link", name="The information shared with the provider is recorded"
        ).click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/information/add/{back}")
        expect(h1(page)).to_have_text("Record information shared with the provider")
        checks(page, "r11-2-information")
        group(page, "What kind of information?").get_by_label("Attainment data", exact=True).check()
        page.get_by_label("What was shared").fill("Latest assessment grades and reading age")
        fill_date(page, "id_shared_on", today)
        group(page, "How").get_by_label("Secure email", exact=True).check()
        group(page, "Lawful basis").get_by_label(
            "Public task (UK GDPR article 6(1)(e))", exact=True
        ).check()
        page.get_by_role("button", name="Record", exact=True).click()
        expect(banner(page)).to_contain_text("The sharing of information has been recorded.")
        expect(gate_status(page, "information")).to_have_text("Met")
        checks(page, "r11-2-information-recorded")

        # The written notice: the letter as a PDF, then recorded as sent today.
        gate_list(page).get_by_role("link", name=notice_task).click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/notice/{back}")
        expect(page.locator(".govuk-tag--red")).to_have_count(0)
        expect(page.locator(".govuk-warning-text")).to_have_count(0)
        expect(page.locator("main")).to_contain_text(f"for a start on {start:%-d %B %Y}")
        facts = page.locator(".govuk-summary-list")
        expect(facts).to_contain_text(STAFF_CONTACT)
        expect(facts).to_contain_text("Monday 09:00 to 12:00; Wednesday 09:00 to 12:00")
        expect(facts).to_contain_text("Morgan Manager")
        checks(page, "r9-1-notice")

        pdf_link = page.get_by_role("link", name="Open the letter as a PDF")
        response = page.request.get(base + pdf_link.get_attribute("href"))
        assert response.ok, response.status
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body.startswith(b"%PDF")
        text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(body)).pages)
        text = " ".join(text.split())
        assert PROVIDER in text, text
        assert PUPIL in text, text
        assert STAFF_CONTACT in text, text

        fill_date(page, "id_sent_on", today)
        group(page, "How was it sent?").get_by_label("Email", exact=True).check()
        page.get_by_role("button", name="Record that the notice was sent").click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/")
        expect(banner(page)).to_contain_text("Sending the written notice has been recorded.")
        for key in GATE_KEYS:
            expect(gate_status(page, key)).to_have_text("Met")
        expect(page.locator("#start-hint")).to_have_count(0)
        checks(page, "r7-4-placement-ready")

        page.get_by_role("button", name="Start the placement").click()
        expect(page).to_have_url(f"{base}/placements/{placement.pk}/")
        expect(banner(page)).to_contain_text(
            f"The placement is confirmed to start on {start:%-d %B %Y}. Jordan is recorded as "
            "B: approved educational activity at the home school from then."
        )
        expect(page.locator(".govuk-summary-list").first).to_contain_text(
            f"Starts on {start:%-d %B %Y}"
        )
        expect(page.locator(".govuk-inset-text")).to_contain_text(
            f"Confirmed to start on {start:%-d %B %Y}"
        )
        expect(page.get_by_role("button", name="Start the placement")).to_have_count(0)
        checks(page, "r7-4-placement-started")
        timer.lap("start gate")

        # --- 5. The chronology shows the decision and the start, written by the service ---
        page.goto(f"{base}/pupils/{pupil.pk}/chronology/")
        entries = page.locator(".moj-timeline__item")
        expect(entries).to_have_count(4)
        decision = entries.filter(has_text=DECISION_ENTRY)
        expect(decision).to_have_count(1)
        expect(decision).to_contain_text("recorded by AltProv")
        expect(decision).to_contain_text("Mentoring and early help have not been enough")
        started = entries.filter(
            has_text=f"Placement at {PROVIDER} confirmed to start on {start:%-d %B %Y}"
        )
        expect(started).to_have_count(1)
        expect(started).to_contain_text("recorded by AltProv")
        expect(started).to_contain_text("Attendance recorded as B: approved educational activity")
        checks(page, "r6-2-chronology-after-start")
        timer.lap("chronology")
    finally:
        # Whatever stopped the journey, report every accessibility problem met before it.
        print(f"\n{checks.pages} pages checked; {timer.report()}")
        if checks.violations:
            print("\n\n".join(checks.violations))

    checks.assert_clean()

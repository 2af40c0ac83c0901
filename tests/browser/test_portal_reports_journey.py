"""Issue 9 through Chromium: the AP Lead asks the provider to answer a section of the audit; a
provider user signs in, sends the termly report (after a refused form, nothing typed lost),
reports a serious incident and answers the audit section; the AP Lead then sees each of them.
axe-core checks every page (R-12.1, R-12.3, R-5.3)."""

import datetime as dt

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.monitoring.models import Incident, TermlyReport
from altprov.provider_audits import services as audits
from altprov.provider_audits.models import SelfAssessmentRequest
from tests import factories
from tests.duties.helpers import attending

from .conftest import sign_in
from .journey import Checks, another_browser, banner, expect_error_summary, fill_date, group, h1


def test_R12_1_R12_3_R5_3_a_provider_reports_and_the_ap_lead_sees_it(page, live_server, browser):
    checks = Checks()
    w = factories.world()
    factories.make_calendar(w.school_a1, 2027)  # term dates to July 2028
    today = dt.date.today()
    provider = factories.make_provider(w.trust_a, "Provider A Centre")
    placement = attending(
        w,
        w.pupil_a1,
        provider,
        start=today - dt.timedelta(days=20),
        end=today + dt.timedelta(days=200),
    )
    pat = factories.make_user(full_name="Pat Provider", provider=provider)
    ap_lead = w.users[Role.AP_LEAD]
    audit, _ = audits.audit_start(provider=provider, school=w.school_a1, by=ap_lead)
    base = live_server.url

    # --- The AP Lead asks the provider to answer a section before the visit -------------------
    sign_in(page, live_server, ap_lead, check=lambda p: checks(p, "ap-sign-in"))
    page.goto(f"{base}/audits/{audit.pk}/")
    checks(page, "issue9-audit-overview")
    page.get_by_role("link", name="Ask the provider to answer sections of the audit").click()
    expect(h1(page)).to_have_text("Ask the provider to answer sections of the audit")
    page.get_by_role("button", name="Send the request").click()
    expect_error_summary(page, "Select the sections the provider should complete")
    checks(page, "issue9-ask-provider-error")
    group(page, "Which sections should the provider answer?").get_by_label(
        "3. Transition procedures"
    ).check()
    page.get_by_role("button", name="Send the request").click()
    expect(banner(page)).to_contain_text("Provider A Centre has been asked to answer")
    expect(page.locator("#self-assessments")).to_contain_text("Waiting for the provider")
    checks(page, "issue9-audit-overview-asked")

    # --- The provider user reports and answers ---------------------------------------------------
    with another_browser(browser) as prov:
        sign_in(prov, live_server, pat, check=lambda p: checks(p, "provider-sign-in"))
        prov.goto(f"{base}/portal/placements/{placement.pk}/reports/")
        expect(h1(prov)).to_have_text("Reports and incidents")
        expect(prov.locator("main")).to_contain_text("Due by")
        checks(prov, "r12-1-portal-reports")
        prov.get_by_role("link", name="Send the termly report").click()
        expect(h1(prov)).to_have_text("Send the termly report")
        checks(prov, "r12-1-portal-report-form")
        prov.get_by_label("Academic progress").fill("Working at grade 4 in English")
        prov.get_by_label("Behaviour").fill("Settled after the first week")
        prov.get_by_role("button", name="Send the report").click()
        expect_error_summary(prov, "Enter the pupil's welfare this term")
        expect(prov.get_by_label("Academic progress")).to_have_value(
            "Working at grade 4 in English"
        )
        checks(prov, "r12-1-portal-report-form-error")
        prov.get_by_label("Welfare").fill("Happy, eats lunch with the group")
        prov.get_by_role("button", name="Send the report").click()
        expect(banner(prov)).to_contain_text("Your termly report has been sent to School A1")
        expect(prov.locator("#portal-termly-reports")).to_contain_text("Pat Provider")
        checks(prov, "r12-1-portal-report-sent")

        prov.get_by_role("link", name="Report a serious incident").click()
        expect(h1(prov)).to_have_text("Report a serious incident")
        checks(prov, "r12-3-portal-incident-form")
        fill_date(prov, "id_occurred_on", today)
        prov.get_by_label("What happened").fill("Threw a chair in the workshop")
        prov.get_by_label("Action you have taken").fill("Sent home; parents called")
        prov.get_by_role("button", name="Report the incident").click()
        expect(banner(prov)).to_contain_text("The serious incident has been reported to School A1")
        expect(prov.locator("#portal-incidents")).to_contain_text("Threw a chair in the workshop")
        checks(prov, "r12-3-portal-incident-reported")

        prov.goto(f"{base}/portal/requests/")
        expect(h1(prov)).to_have_text("Requests from schools")
        checks(prov, "r5-3-portal-requests")
        prov.get_by_role("link", name="School A1: audit sections to complete").click()
        expect(h1(prov)).to_have_text("Answer the audit sections")
        checks(prov, "r5-3-portal-request-form")
        prov.get_by_label("What are the AP's induction arrangements?").fill("A half-day visit")
        prov.get_by_role("button", name="Send your answers to the school").click()
        expect_error_summary(
            prov, "Answer 'Does the AP offer taster sessions/pupil visits?' before sending"
        )
        checks(prov, "r5-3-portal-request-form-error")
        prov.get_by_label("Does the AP offer taster sessions/pupil visits?").fill("Yes, two days")
        prov.get_by_label(
            "What is the process for transition from AP back into mainstream education?"
        ).fill("Reviewed every six weeks with the school")
        prov.get_by_role("button", name="Send your answers to the school").click()
        expect(banner(prov)).to_contain_text("Your answers have been sent to School A1")
        expect(prov.locator("#sent-requests")).to_contain_text("School A1")
        checks(prov, "r5-3-portal-requests-sent")
    assert TermlyReport.objects.get().submitted_by == pat
    assert Incident.objects.get().recorded_by == pat
    assert not SelfAssessmentRequest.objects.get().is_open

    # --- The AP Lead sees each of them -----------------------------------------------------------
    page.goto(f"{base}/")
    item = page.locator(".app-attention-list li").filter(
        has_text="Decision on a serious incident at Provider A Centre"
    )
    expect(item).to_have_count(1)
    checks(page, "r12-3-ap-lead-home")
    page.goto(f"{base}/placements/{placement.pk}/")
    expect(page.locator("#termly-reports")).to_contain_text(
        "Submitted by Pat Provider (Provider A Centre) through the provider portal"
    )
    expect(page.locator("#incidents")).to_contain_text(
        "Reported by Pat Provider (Provider A Centre) through the provider portal"
    )
    checks(page, "r12-1-r12-3-placement-page")
    page.goto(f"{base}/audits/{audit.pk}/transition/")
    expect(page.locator("#provider-answers")).to_contain_text("A half-day visit")
    checks(page, "r5-3-section-with-provider-answers")
    page.get_by_role("button", name="Copy the provider's answers into empty findings").click()
    expect(banner(page)).to_contain_text("3 of the provider's answers copied")
    expect(page.locator("#id_transition__induction__findings")).to_have_value("A half-day visit")
    checks(page, "r5-3-section-copied")
    checks.assert_clean()

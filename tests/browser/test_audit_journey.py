"""R-5.3 (the audit and risk assessment, Appendix 1, as a task list) and R-5.4 (the DSL confirms
the safeguarding section, the Headteacher signs it off), driven through Chromium by three people
in turn, with axe-core checking every page and error state on the way."""

import datetime as dt
import re
import struct
import zlib

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.provider_audits.appendix import (
    AUDIT_SECTIONS,
    POLICY_DOCUMENTS,
    SECTIONS,
    UNREGISTERED_QUESTIONS,
)
from altprov.provider_audits.models import AuditPerson, ProviderAudit
from tests import factories

from .conftest import sign_in
from .journey import (
    Checks,
    banner,
    expect_error_summary,
    fill_date,
    group,
    h1,
    sign_in_page_name,
    sign_out,
)

PROVIDER = "Riverside Learning Hub"
FINDINGS = "Answer/findings (please include evidence)"
SAVE_AND_RETURN = "Save and return to the task list"
NEXT_STEP = "Send the school the staff safeguarding training log"


def minimal_png() -> bytes:
    """A real 1x1 PNG: signature, IHDR, IDAT and IEND, with the right CRCs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")  # filter byte, one black pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def minimal_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def expect_task_list(page, completed: int, total: int) -> None:
    expect(h1(page)).to_have_text(f"Audit and risk assessment: {PROVIDER}")
    expect(page.get_by_text(f"You have completed {completed} of {total} sections.")).to_be_visible()


def save_section(page, checks, section_key: str, title: str, completed: int, total: int) -> None:
    page.get_by_role("button", name=SAVE_AND_RETURN).click()
    expect(banner(page)).to_contain_text(f"'{title}' has been saved.")
    expect_task_list(page, completed, total)
    expect(page.locator(f"#task-{section_key}-status")).to_have_text("Completed")
    checks(page, f"r5-3-task-list-after-{section_key}")


def open_section(page, checks, section_key: str, title: str, index: int) -> None:
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/audits/\d+/{section_key}/$"))
    expect(h1(page)).to_have_text(title)
    expect(page.locator(".govuk-caption-l")).to_have_text(f"{PROVIDER}: section {index}")
    checks(page, f"r5-3-section-{section_key}")


def test_R5_3_R5_4_ap_lead_completes_an_audit_dsl_confirms_and_headteacher_signs_off(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    w = factories.world()
    provider = factories.make_provider(w.trust_a, PROVIDER, registration_status="unregistered")
    ap_lead, dsl, head = w.users[Role.AP_LEAD], w.users[Role.DSL], w.users[Role.HEADTEACHER]
    base = live_server.url
    today = dt.date.today()
    pdf_file = tmp_path / "safeguarding-policy.pdf"
    pdf_file.write_bytes(minimal_pdf())
    png_file = tmp_path / "policies-noticeboard.png"
    png_file.write_bytes(minimal_png())
    letter_file = tmp_path / "letter-of-comfort.pdf"
    letter_file.write_bytes(minimal_pdf())
    index = {s.key: n for n, s in enumerate(SECTIONS, start=1)}
    checks = Checks()

    try:
        # --- The AP Lead ------------------------------------------------------------------
        sign_in(page, live_server, ap_lead, check=lambda p: checks(p, sign_in_page_name(p, "r5-3")))
        expect(h1(page)).to_have_text("What needs your attention")
        checks(page, "r5-3-ap-lead-home")

        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Providers").click()
        expect(page).to_have_url(f"{base}/providers/")
        expect(h1(page)).to_have_text("Provider register")
        checks(page, "r5-3-provider-register")

        page.get_by_role("link", name=PROVIDER, exact=True).click()
        expect(page).to_have_url(f"{base}/providers/{provider.pk}/")
        expect(h1(page)).to_have_text(PROVIDER)
        expect(page.locator(".app-status")).to_have_text("No audit")
        checks(page, "r5-3-provider-before-audit")

        page.get_by_role("button", name="Start or continue School A1's audit").click()
        audit = ProviderAudit.objects.get(provider=provider, school=w.school_a1)
        expect(page).to_have_url(f"{base}/audits/{audit.pk}/")
        expect(banner(page)).to_contain_text("Version 1 of the audit has been started.")
        # Without a next step the "Next steps" section is not needed, so it is not counted.
        total = len(SECTIONS) - 1
        expect_task_list(page, 0, total)
        expect(page.get_by_role("link", name="Unregistered providers only")).to_be_visible()
        expect(page.get_by_role("button", name="Confirm the safeguarding section")).to_have_count(0)
        expect(page.get_by_role("link", name="Sign off the audit")).to_have_count(0)
        checks(page, "r5-3-task-list-new")

        # Visit details, with one error first: 31 February.
        open_section(page, checks, "visit", "Visit details", index["visit"])
        fill_date(page, "id_visit_date", (31, 2, today.year - 1))
        page.locator("#id_visit_time").fill("10:30")
        page.get_by_role("button", name="Save the date and time").click()
        expect_error_summary(page, "The date of visit to AP must be a real date, like 5 9 2026")
        expect(page.locator("#id_visit_date_0")).to_have_value("31")
        checks(page, "r5-3-visit-invalid-date")

        visit_day = today - dt.timedelta(days=7)
        fill_date(page, "id_visit_date", visit_day)
        page.locator("#id_visit_time").fill("10:30")
        page.get_by_role("button", name="Save the date and time").click()
        expect(banner(page)).to_contain_text("The date and time of the visit have been saved.")
        expect(page.locator(".govuk-error-summary")).to_have_count(0)
        checks(page, "r5-3-visit-saved")

        people = [
            (AuditPerson.Kind.VISIT, "Vi Visitor", "AP Lead"),
            (AuditPerson.Kind.COMPLETED_BY, "Cam Completer", "Deputy Headteacher"),
        ]
        for n, (kind, name, role) in enumerate(people):
            page.get_by_role("link", name="Add a person").click()
            expect(h1(page)).to_have_text("Add a person to the audit")
            if n == 0:
                checks(page, "r5-3-person-add")
                page.get_by_role("button", name="Add person").click()
                expect_error_summary(
                    page,
                    "Select whether they were on the visit or completed the audit",
                    "Enter their name",
                    "Enter their role",
                )
                checks(page, "r5-3-person-add-errors")
            group(page, "Who are you adding?").get_by_label(kind.label, exact=True).check()
            page.get_by_label("Name", exact=True).fill(name)
            page.get_by_label("Role", exact=True).fill(role)
            page.get_by_role("button", name="Add person").click()
            expect(banner(page)).to_contain_text(f"{name} has been added.")
            expect(page.get_by_role("cell", name=f"{name}, {role}")).to_be_visible()
            expect(page.get_by_role("cell", name=kind.label, exact=True)).to_be_visible()
            checks(page, f"r5-3-visit-person-{n + 1}")

        page.get_by_role("link", name="Return to the task list").click()
        completed = 1
        expect_task_list(page, completed, total)
        expect(page.locator("#task-visit-status")).to_have_text("Completed")
        checks(page, "r5-3-task-list-after-visit")

        # Checks undertaken on provider's registration status: prefilled from the register.
        title = SECTIONS[index["registration"] - 1].title
        open_section(page, checks, "registration", title, index["registration"])
        registration = group(page, "Status of registration")
        expect(registration.get_by_label("Unregistered", exact=True)).to_be_checked()
        expect(page.get_by_label("DfE number", exact=True)).to_have_value("n/a")
        group(page, "Is the provider on the LA providers list").get_by_label(
            "No", exact=True
        ).check()
        completed += 1
        save_section(page, checks, "registration", title, completed, total)

        # Provision profile.
        open_section(page, checks, "profile", "Provision profile", index["profile"])
        page.get_by_label("Number of pupil places available").fill("12")
        key_stages = group(page, "Key stages available")
        key_stages.get_by_label("Key stage 3", exact=True).check()
        key_stages.get_by_label("Key stage 4", exact=True).check()
        for legend, answer in (
            ("Does the provision offer places to adults over the age of 18", "No"),
            ("Does the provision offer English and maths at GCSE", "Yes"),
            ("Does the provision offer five or more subjects at GCSE", "No"),
            ("Is the provision a registered exam centre", "No"),
        ):
            group(page, legend).get_by_label(answer, exact=True).check()
        completed += 1
        save_section(page, checks, "profile", "Provision profile", completed, total)

        # Provision documentation: all eleven seen, the first with an uploaded PDF.
        open_section(page, checks, "documents", "Provision documentation", index["documents"])
        for n, (key, text) in enumerate(POLICY_DOCUMENTS):
            document = group(page, text)
            document.get_by_label("Yes, seen", exact=True).check()
            if n == 0:
                document.get_by_label("Or upload it (optional)").set_input_files(pdf_file)
        expect(page.locator(f"#id_{POLICY_DOCUMENTS[0][0]}__upload")).to_have_value(
            re.compile(r"safeguarding-policy\.pdf$")
        )
        completed += 1
        save_section(page, checks, "documents", "Provision documentation", completed, total)

        # Unregistered providers only: seven answers and the provider's own counts.
        title = "Unregistered providers only"
        open_section(page, checks, "unregistered", title, index["unregistered"])
        for question in UNREGISTERED_QUESTIONS:
            page.get_by_label(question.text, exact=True).fill(f"Discussed: {question.key}")
        for label, number in (
            ("Full-time pupils of compulsory school age, from every school and local authority", 3),
            ("Of them, looked after", 0),
            ("Of them, with an EHC plan", 0),
            ("Of them, with special educational needs but no EHC plan", 0),
        ):
            page.get_by_label(label, exact=True).fill(str(number))
        completed += 1
        save_section(page, checks, "unregistered", title, completed, total)

        # The four sections of questions. Safeguarding has a next step and a PNG as evidence.
        for section in AUDIT_SECTIONS:
            open_section(page, checks, section.key, section.title, index[section.key])
            for n, question in enumerate(section.questions):
                fieldset = group(page, question.text)
                fieldset.get_by_label(FINDINGS).fill(f"Seen on the visit: {question.key}")
                if section.key == "safeguarding" and n == 0:
                    fieldset.get_by_label("Upload evidence (optional)").set_input_files(png_file)
                if section.key == "safeguarding" and n == 1:
                    fieldset.get_by_label("Concern", exact=True).fill("Two records were missing")
                    fieldset.get_by_label("Next steps", exact=True).fill(NEXT_STEP)
            if section.key == "safeguarding":
                # The next step brings in the "Next steps" section, counted from now on.
                total += 1
            completed += 1
            save_section(page, checks, section.key, section.title, completed, total)

        expect(page.locator("#task-next_steps-status")).to_have_text("Incomplete")

        # Next steps: an owner and a due date.
        title = "Next steps: owners and due dates"
        open_section(page, checks, "next_steps", title, index["next_steps"])
        action = group(page, NEXT_STEP)
        action.get_by_label("Owner").select_option(label=f"{ap_lead.full_name} (AP Lead)")
        due = today + dt.timedelta(days=30)
        due_date = action.get_by_role("group", name="Due date")
        due_date.get_by_label("Day").fill(str(due.day))
        due_date.get_by_label("Month").fill(str(due.month))
        due_date.get_by_label("Year").fill(str(due.year))
        completed += 1
        save_section(page, checks, "next_steps", title, completed, total)

        # Audit outcomes: the School Improvement Team discussion is required for unregistered.
        open_section(page, checks, "outcome", "Audit outcomes", index["outcome"])
        group(page, "Is this AP considered suitable for use?").get_by_label(
            "Yes", exact=True
        ).check()
        page.get_by_label("Please summarise the reason for your judgement").fill(
            "Safe and well run; one record to follow up"
        )
        page.get_by_label("Please summarise here, discussions around decision making").fill(
            "Agreed with the School Improvement Team on the visit day"
        )
        completed += 1
        save_section(page, checks, "outcome", "Audit outcomes", completed, total)

        assert completed == total == len(SECTIONS)
        for section in SECTIONS:
            expect(page.locator(f"#task-{section.key}-status")).to_have_text("Completed")
        # The AP Lead neither confirms safeguarding nor signs off.
        expect(page.get_by_role("button", name="Confirm the safeguarding section")).to_have_count(0)
        expect(page.get_by_role("link", name="Sign off the audit")).to_have_count(0)
        expect(page.locator(".govuk-summary-list")).to_contain_text("Waiting for the DSL")
        checks(page, "r5-3-task-list-complete")

        sign_out(page)
        checks(page, "r5-3-ap-lead-signed-out")

        # --- The DSL ----------------------------------------------------------------------
        sign_in(page, live_server, dsl, check=lambda p: checks(p, sign_in_page_name(p, "r5-4-dsl")))
        item = page.locator(".app-attention-list li").filter(
            has_text=f"Confirm the safeguarding section of the audit of {PROVIDER}"
        )
        expect(item).to_have_count(1)
        checks(page, "r5-4-dsl-home")
        item.get_by_role("link", name="Open the audit").click()
        expect(page).to_have_url(f"{base}/audits/{audit.pk}/")
        expect(page.get_by_role("link", name="Sign off the audit")).to_have_count(0)
        checks(page, "r5-4-dsl-audit")

        page.get_by_role("button", name="Confirm the safeguarding section").click()
        expect(banner(page)).to_contain_text("You have confirmed the safeguarding section.")
        expect(page.get_by_role("button", name="Confirm the safeguarding section")).to_have_count(0)
        expect(page.locator(".govuk-summary-list")).to_contain_text(f"Confirmed by {dsl.full_name}")
        checks(page, "r5-4-dsl-confirmed")
        sign_out(page)

        # --- The Headteacher --------------------------------------------------------------
        sign_in(
            page, live_server, head, check=lambda p: checks(p, sign_in_page_name(p, "r5-4-head"))
        )
        item = page.locator(".app-attention-list li").filter(
            has_text=f"Sign off the audit of {PROVIDER}"
        )
        expect(item).to_have_count(1)
        checks(page, "r5-4-head-home")
        item.get_by_role("link", name="Open the audit").click()
        expect(page).to_have_url(f"{base}/audits/{audit.pk}/")
        expect(page.locator(".govuk-summary-list")).to_contain_text("Ready to sign off")
        checks(page, "r5-4-head-audit")

        page.get_by_role("link", name="Sign off the audit").click()
        expect(page).to_have_url(f"{base}/audits/{audit.pk}/sign-off/")
        expect(h1(page)).to_have_text(f"Sign off the audit of {PROVIDER}")
        expect(page.locator("main")).to_contain_text("the provider is suitable for use")
        checks(page, "r5-4-sign-off-confirm")

        page.get_by_role("button", name="Sign off", exact=True).click()
        expect(page).to_have_url(f"{base}/audits/{audit.pk}/")
        expect(banner(page)).to_contain_text(
            f"You have signed off the audit: {PROVIDER} is suitable for use."
        )
        # Read-only now: no task list, and Appendix 1 in its own layout.
        expect(page.locator(".govuk-task-list")).to_have_count(0)
        expect(page.locator(".govuk-inset-text")).to_contain_text(f"Signed off by {head.full_name}")
        document = page.locator(".app-audit-document")
        safeguarding = document.locator("table").filter(
            has=page.locator("caption", has_text="1. Safeguarding")
        )
        expect(safeguarding).to_have_count(1)
        expect(safeguarding).to_contain_text("Seen on the visit: annual_training")
        expect(safeguarding).to_contain_text("Two records were missing")
        expect(safeguarding).to_contain_text(NEXT_STEP)
        expect(safeguarding.get_by_role("link", name=f"Evidence: {png_file.name}")).to_be_visible()
        for caption in [s.title for s in AUDIT_SECTIONS] + [
            "Provision documentation",
            "Unregistered providers only",
            "Audit outcomes",
            "Next steps tracked",
        ]:
            expect(document.locator("caption", has_text=caption)).to_have_count(1)
        expect(document.get_by_role("link", name=pdf_file.name)).to_be_visible()
        expect(document).to_contain_text("Discussed: legal_requirements")
        expect(document).to_contain_text("Vi Visitor (AP Lead)")
        expect(document).to_contain_text("Cam Completer (Deputy Headteacher)")
        expect(document).to_contain_text("Agreed with the School Improvement Team")
        checks(page, "r5-4-signed-off-audit")

        # The audit as a PDF, fetched with the Headteacher's session.
        pdf_link = page.get_by_role("link", name=re.compile("^Download the audit as a PDF"))
        response = page.request.get(base + pdf_link.get_attribute("href"))
        assert response.ok, response.status
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")

        # The provider's status: signed off, but no letter of comfort yet.
        page.locator(".govuk-back-link").click()
        expect(page).to_have_url(f"{base}/providers/{provider.pk}/")
        expect(page.locator(".app-status")).to_have_text("Letter of comfort missing")
        audits = page.get_by_role("table", name="Audits")
        expect(audits).to_contain_text("Suitable")
        checks(page, "r5-4-provider-letter-missing")

        page.get_by_role("link", name="Record a letter of comfort").click()
        expect(page).to_have_url(f"{base}/providers/{provider.pk}/letters-of-comfort/add/")
        expect(h1(page)).to_have_text("Record a letter of comfort")
        checks(page, "r5-5-letter-add")
        page.get_by_role("button", name="Save").click()
        expect_error_summary(
            page,
            "Enter the date the letter was received",
            "Enter the name of the person who signed the letter",
            "Enter the role of the person who signed the letter",
            "Select the letter of comfort to upload",
        )
        checks(page, "r5-5-letter-add-errors")

        fill_date(page, "id_received_on", today - dt.timedelta(days=3))
        page.get_by_label("Name of the person who signed it").fill("Lee Signer")
        page.get_by_label("Their role at the provider").fill("Director")
        page.get_by_label("Upload the letter").set_input_files(letter_file)
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(f"{base}/providers/{provider.pk}/")
        expect(banner(page)).to_contain_text("The letter of comfort has been recorded.")
        # The next step is still open, so the status says so.
        expect(page.locator(".app-status")).to_have_text("Approved with open actions")
        expect(page.get_by_role("table", name="Letters of comfort")).to_contain_text(
            "Lee Signer, Director"
        )
        expect(page.locator("main")).to_contain_text(NEXT_STEP)
        checks(page, "r5-4-provider-approved-with-open-actions")
    finally:
        # Whatever stopped the journey, report every accessibility problem met before it.
        if checks.violations:
            print("\n\n".join(checks.violations))

    checks.assert_clean()

"""X-5 (signing in with a password and a second factor) and R-10.1 (what each role reaches),
driven through Chromium, with axe-core checking every page on the way."""

import base64
import datetime as dt
import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.termdates.models import AcademicYear
from tests import factories

from .conftest import assert_accessible, current_code, screenshot, sign_in, wrong_code
from .journey import banner, expect_error_summary, h1, sign_out

SIGN_IN = re.compile(r"/sign-in/$")


def check(page, name: str) -> None:
    """axe on the page as it is, and a full-page screenshot for a human to look at."""
    screenshot(page, name)
    assert_accessible(page, name)


def test_X5_staff_member_signs_in_with_password_and_totp_switches_school_and_signs_out(
    page, live_server
):
    w = factories.world()
    lead = factories.make_user(full_name="Two Schools Lead")
    factories.give_role(lead, Role.AP_LEAD, school=w.school_a1)
    factories.give_role(lead, Role.AP_LEAD, school=w.school_a2)

    sign_in(page, live_server, lead)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(h1(page)).to_have_text("What needs your attention")
    expect(page.locator(".govuk-caption-l")).to_have_text("School A1")
    check(page, "x5-ap-lead-home")

    switcher = page.get_by_label("School you are working in")
    expect(switcher).to_have_id("school-switcher")
    expect(switcher.locator("option")).to_have_text(["School A1", "School A2"])
    switcher.select_option(label="School A2")
    page.get_by_role("button", name="Switch school").click()

    expect(h1(page)).to_have_text("What needs your attention")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("You are now working in School A2.")
    expect(page.locator(".govuk-caption-l")).to_have_text("School A2")
    expect(page.locator("#school-switcher")).to_have_value(str(w.school_a2.pk))
    check(page, "x5-ap-lead-switched-school")

    sign_out(page)
    expect(h1(page)).to_have_text("Sign in to AltProv")
    check(page, "x5-signed-out")

    # Signed out for real: the home page sends them back to sign in.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_X5_first_sign_in_sets_up_the_authenticator_app_and_shows_recovery_codes(page, live_server):
    w = factories.world()
    newcomer = factories.make_user(full_name="New Starter", verified_device=False)
    factories.give_role(newcomer, Role.AP_LEAD, school=w.school_a1)

    page.goto(f"{live_server.url}/sign-in/")
    page.locator("#id_email").fill(newcomer.email)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/sign-in/set-up-authenticator/")
    expect(h1(page)).to_have_text("Set up your authenticator app")
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    secret_text = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})*", secret_text), secret_text
    key = base64.b32decode(secret_text.replace(" ", ""))
    # The page shows the key of the device waiting for confirmation, not some other one.
    assert key == TOTPDevice.objects.get(user=newcomer, confirmed=False).bin_key
    check(page, "x5-enrol")

    page.locator("#id_code").fill(wrong_code(key))
    page.get_by_role("button", name="Continue").click()
    expect(h1(page)).to_have_text("Set up your authenticator app")
    expect_error_summary(page, "The code is not right")
    expect(page.locator("#id_code-error, .govuk-error-message")).to_contain_text(
        "The code is not right"
    )
    check(page, "x5-enrol-wrong-code")

    # django-otp throttles for a second after a wrong code, as a person retyping would wait.
    page.wait_for_timeout(1100)
    page.locator("#id_code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/sign-in/recovery-codes/")
    expect(h1(page)).to_have_text("Save your recovery codes")
    codes = page.locator(".app-recovery-codes li")
    expect(codes).to_have_count(10)
    for text in codes.all_inner_texts():
        assert re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", text.strip()), text
    check(page, "x5-recovery-codes")

    page.get_by_role("link", name="I have saved my codes").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(h1(page)).to_have_text("What needs your attention")
    check(page, "x5-enrolled-home")
    assert TOTPDevice.objects.filter(user=newcomer, confirmed=True).count() == 1


def test_X5_sign_in_with_nothing_entered_shows_accessible_errors(page, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(SIGN_IN)
    expect_error_summary(page, "Enter your email address", "Enter your password")
    summary = page.locator(".govuk-error-summary")
    # The summary takes focus so a screen reader hears the problem first, and links to fields.
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.locator("#id_password")).to_be_focused()
    check(page, "x5-sign-in-empty")


def test_X5_wrong_password_error_is_accessible(page, live_server):
    w = factories.world()
    user = w.users[Role.HEADTEACHER]
    page.goto(f"{live_server.url}/sign-in/")
    page.locator("#id_email").fill(user.email)
    page.locator("#id_password").fill("not-the-password-at-all")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(SIGN_IN)
    expect_error_summary(page, "Enter a correct email address and password")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    screenshot(page, "x5-sign-in-wrong-password")
    assert_accessible(page, "x5-sign-in-wrong-password")
    # Beyond axe: no field shows an empty error message ("Error:" and nothing else).
    messages = page.locator(".govuk-error-message").all_inner_texts()
    assert all(m.replace("Error:", "").strip() for m in messages), messages


def test_X5_wrong_code_error_is_accessible_and_the_right_code_then_signs_in(page, live_server):
    w = factories.world()
    user = w.users[Role.DSL]
    page.goto(f"{live_server.url}/sign-in/")
    page.locator("#id_email").fill(user.email)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code/$"))

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.locator("#id_code").fill(wrong_code(device.bin_key))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code/$"))
    expect_error_summary(page, "The code is not right or has expired")
    expect(page.locator(".govuk-error-message")).to_contain_text(
        "The code is not right or has expired"
    )
    expect(page.locator("#id_code")).to_have_attribute("aria-invalid", "true")
    check(page, "x5-code-wrong")

    page.wait_for_timeout(1100)  # django-otp's throttle after a wrong code
    page.locator("#id_code").fill(current_code(device))
    page.get_by_role("button", name="Sign in").click()
    expect(h1(page)).to_have_text("What needs your attention")


def test_R10_1_every_page_a_trust_administrator_and_a_headteacher_reach_is_accessible(
    page, live_server
):
    w = factories.world()
    # A year with no terms yet, so the term dates page offers "Add a term".
    AcademicYear.objects.create(
        school=w.school_a1, start=dt.date(2027, 9, 1), end=dt.date(2028, 8, 31)
    )
    admin = w.users[Role.TRUST_ADMINISTRATOR]
    base = live_server.url

    sign_in(page, live_server, admin)
    expect(h1(page)).to_have_text("What needs your attention")
    check(page, "r10-admin-home")

    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link")).to_have_text(
        [
            "Home",
            "Providers",
            "Schools",
            "Staff",
            "GIAS checks",
            "API tokens",
            "Trust settings",
            "Access log",
        ]
    )

    # Schools
    nav.get_by_role("link", name="Schools").click()
    expect(page).to_have_url(f"{base}/trust/schools/")
    expect(h1(page)).to_have_text("Schools")
    check(page, "r10-admin-schools")

    page.get_by_role("link", name="Add a school").click()
    expect(page).to_have_url(f"{base}/trust/schools/add/")
    expect(h1(page)).to_have_text("Add a school")
    check(page, "r10-admin-school-add")
    page.get_by_role("button", name="Add school").click()
    expect_error_summary(page)
    check(page, "r10-admin-school-add-errors")

    page.goto(f"{base}/trust/schools/")
    page.get_by_role("link", name="School A1", exact=True).click()
    expect(page).to_have_url(f"{base}/trust/schools/{w.school_a1.pk}/")
    expect(h1(page)).to_have_text("School A1")
    check(page, "r10-admin-school-detail")

    page.get_by_role("link", name="See and change term dates").click()
    expect(page).to_have_url(f"{base}/trust/schools/{w.school_a1.pk}/term-dates/")
    expect(h1(page)).to_have_text("Term dates")
    check(page, "r10-admin-term-dates")

    page.get_by_role("link", name="Add a term to 2027 to 2028").click()
    expect(h1(page)).to_have_text("Add a term to 2027 to 2028")
    check(page, "r10-admin-term-add")
    page.get_by_role("button", name="Add term").click()
    expect_error_summary(page)
    check(page, "r10-admin-term-add-errors")

    page.goto(f"{base}/trust/schools/{w.school_a1.pk}/term-dates/")
    page.get_by_role("link", name="Add an INSET or closure day").click()
    expect(page).to_have_url(f"{base}/trust/schools/{w.school_a1.pk}/term-dates/closures/add/")
    expect(h1(page)).to_have_text("Add an INSET or closure day")
    check(page, "r10-admin-closure-add")

    # Trust settings
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Trust settings").click()
    expect(page).to_have_url(f"{base}/trust/settings/")
    expect(h1(page)).to_have_text("Trust settings")
    check(page, "r10-admin-trust-settings")

    page.get_by_role("link", name="Change the trust settings").click()
    expect(page).to_have_url(f"{base}/trust/settings/edit/")
    check(page, "r10-admin-trust-settings-edit")

    page.goto(f"{base}/trust/settings/")
    page.get_by_role("link", name="Change Education Act 1996 test").click()
    expect(page).to_have_url(re.compile(r"/trust/settings/threshold-rules/\d+/edit/$"))
    check(page, "r10-admin-threshold-rule-edit")

    # Staff
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Staff").click()
    expect(page).to_have_url(f"{base}/trust/staff/")
    expect(h1(page)).to_have_text("Staff")
    check(page, "r10-admin-staff")

    page.get_by_role("link", name="Add a member of staff").click()
    expect(page).to_have_url(f"{base}/trust/staff/add/")
    expect(h1(page)).to_have_text("Add a member of staff")
    check(page, "r10-admin-staff-add")
    page.get_by_role("button", name="Send the invitation").click()
    expect_error_summary(page)
    check(page, "r10-admin-staff-add-errors")
    # Adding by email offers the role: it waits for the person to accept it (issue 14, 1.1).
    head = w.users[Role.HEADTEACHER]
    page.get_by_label("Full name").fill("Headteacher Person")
    page.get_by_label("Work email address").fill(head.email)
    page.get_by_label("Role").select_option(label="Trustee")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page).to_have_url(f"{base}/trust/staff/")
    expect(banner(page)).to_contain_text(f"We have emailed {head.email} an invitation")
    expect(page.get_by_role("heading", name="Invited: waiting for them to accept")).to_be_visible()
    check(page, "r10-admin-staff-invited")

    page.goto(f"{base}/trust/staff/")
    page.get_by_role("link", name="Headteacher Person").click()
    expect(page).to_have_url(f"{base}/trust/staff/{w.users[Role.HEADTEACHER].pk}/")
    expect(h1(page)).to_have_text("Headteacher Person")
    check(page, "r10-admin-staff-detail")

    # Access log, account and the accessibility statement
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Access log").click()
    expect(page).to_have_url(f"{base}/access-log/")
    expect(h1(page)).to_have_text("Access log")
    check(page, "r10-admin-access-log")

    # GIAS registration checks of the trust's providers: no import here
    nav.get_by_role("link", name="GIAS checks").click()
    expect(page).to_have_url(f"{base}/trust/gias/")
    expect(h1(page)).to_have_text("Registration checks against GIAS")
    expect(page.locator("input[type='file']")).to_have_count(0)
    check(page, "r5-2-gias")

    page.locator("header").get_by_role("link", name=admin.full_name).click()
    expect(page).to_have_url(f"{base}/account/")
    expect(h1(page)).to_have_text("Your account")
    check(page, "r10-admin-account")

    page.get_by_role("link", name="Accessibility statement").click()
    expect(page).to_have_url(f"{base}/accessibility/")
    expect(h1(page)).to_have_text("Accessibility statement for AltProv")
    check(page, "r10-accessibility-statement")

    sign_out(page)

    # A headteacher: the role offered to them, the pupil list and a pupil's record.
    sign_in(page, live_server, head)
    page.get_by_role("link", name="Accept or decline the role Trustee").click()
    expect(page).to_have_url(f"{base}/account/invitations/")
    expect(h1(page)).to_have_text("Roles offered to you")
    check(page, "r10-head-invitations")
    page.get_by_role("button", name="Decline the role Trustee").click()
    expect(banner(page)).to_contain_text("You have declined the role")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Pupils").click()
    expect(page).to_have_url(f"{base}/pupils/")
    expect(h1(page)).to_have_text("Pupils")
    expect(page.get_by_text(w.CANARY_A2)).to_have_count(0)
    check(page, "r10-head-pupils")

    page.get_by_role("link", name="Ordinary, Alex").click()
    expect(page).to_have_url(f"{base}/pupils/{w.pupil_a1.pk}/")
    check(page, "r10-head-pupil-detail")


def test_R5_2_the_service_administrator_imports_the_gias_register(page, live_server, tmp_path):
    """The one role outside every trust: its navigation, the import page, a refused file (too
    few establishments) and a good one, each checked with axe."""
    from altprov.gias.services import gias_import
    from tests.gias.helpers import csv_text, register, row

    w = factories.world()
    gias_import(
        file=register(*[row(100_000 + i, f"School {i}") for i in range(10)]),
        file_name="edubasealldata20261101.csv",
        by=None,
    )
    base = live_server.url
    sign_in(page, live_server, w.users[Role.SERVICE_ADMINISTRATOR])
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link")).to_have_text(["Home", "GIAS register"])
    check(page, "r5-2-service-home")

    nav.get_by_role("link", name="GIAS register").click()
    expect(page).to_have_url(f"{base}/service/gias/")
    expect(h1(page)).to_have_text("The GIAS register")
    check(page, "r5-2-gias-import")

    page.get_by_role("button", name="Import and check providers").click()
    expect_error_summary(page, "Select the GIAS establishment file")
    check(page, "r5-2-gias-import-error")

    short = tmp_path / "edubasealldata20261201.csv"
    short.write_text(csv_text([row(100_000), row(100_001)]))
    page.get_by_label("GIAS establishment file").set_input_files(short)
    page.get_by_role("button", name="Import and check providers").click()
    expect_error_summary(
        page, "would remove 8 of the 10 establishments in the register, more than half"
    )
    check(page, "r5-2-gias-import-too-short")

    full = tmp_path / "edubasealldata20261215.csv"
    full.write_text(csv_text([row(100_000 + i, f"School {i}") for i in range(12)]))
    page.get_by_label("GIAS establishment file").set_input_files(full)
    page.get_by_role("button", name="Import and check providers").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Imported 12 establishments from edubasealldata20261215.csv."
    )
    expect(page.locator("table")).to_contain_text("edubasealldata20261215.csv")
    check(page, "r5-2-gias-imported")
    sign_out(page)

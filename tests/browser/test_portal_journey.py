"""Issue 9 through Chromium: the AP Lead invites a provider's manager from the provider's page;
the manager sets up their account from the emailed link (password, authenticator, recovery
codes: X-5), sees today's sessions across schools, enters a week of attendance and today's marks
(R-10.6), and tells the school about an absence this afternoon; then the AP Lead sees the marks
the provider entered and the follow-up the notification started. axe on every page visited.

The clock is Thursday 5 November 2026, 10:00 (ticking), a school day of the demo calendar."""

import base64
import datetime as dt
import re

import time_machine
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import expect

from altprov.attendance.models import AbsenceNotification, AttendanceMark, FollowUp
from altprov.authz.permissions import Role
from tests import factories
from tests.portal import scene as portal_scene

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, group, h1, sign_out

MONDAY = portal_scene.MONDAY
DAYS = [MONDAY + dt.timedelta(days=i) for i in range(4)]  # Monday to today, Thursday


def test_R10_6_X5_a_provider_sets_up_enters_a_week_and_notifies_an_absence(page, live_server):
    checks = Checks()
    base = live_server.url
    with time_machine.travel(portal_scene.NOW, tick=True) as clock:
        w = factories.world()
        p = portal_scene.build(w)
        portal_scene.what_the_school_recorded(p)
        ap_lead = w.users[Role.AP_LEAD]

        # --- The AP Lead invites the provider's manager (X-5) ----------------------------
        sign_in(page, live_server, ap_lead)
        page.goto(f"{base}/providers/{p.provider.pk}/")
        expect(page.get_by_role("heading", name="Provider portal users")).to_be_visible()
        checks(page, "x5-provider-page-portal-users")
        page.get_by_role("link", name="Invite a member of the provider's staff").click()
        expect(h1(page)).to_have_text("Invite a member of the provider's staff")
        checks(page, "x5-invite")
        page.get_by_role("button", name="Send the invitation").click()
        expect_error_summary(page, "Enter their full name", "Enter their work email address")
        checks(page, "x5-invite-errors")
        page.locator("#id_full_name").fill("Morgan Manager")
        page.locator("#id_email").fill("morgan@moorside.example.org")
        page.get_by_role("button", name="Send the invitation").click()
        expect(banner(page)).to_contain_text("We have emailed morgan@moorside.example.org")
        expect(page.get_by_role("cell", name="Not set up yet")).to_be_visible()
        checks(page, "x5-invited")
        sign_out(page)

        # --- The manager sets up their account from the link -----------------------------
        (message,) = mail.outbox
        link = re.search(r"https?://\S+/account/set-up/\S+", message.body).group(0)
        page.goto(base + link[link.index("/account/") :])
        expect(h1(page)).to_have_text("Choose your password")
        checks(page, "x5-portal-choose-password")
        page.locator("#id_new_password").fill("a-much-better-secret-77")
        page.locator("#id_confirm_password").fill("a-much-better-secret-77")
        page.get_by_role("button", name="Continue").click()
        expect(h1(page)).to_have_text("Set up your authenticator app")
        checks(page, "x5-portal-enrol")
        key = base64.b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
        page.locator("#id_code").fill(f"{totp(key):06d}")
        page.get_by_role("button", name="Continue").click()
        expect(h1(page)).to_have_text("Save your recovery codes")
        checks(page, "x5-portal-recovery-codes")
        page.get_by_role("link", name="I have saved my codes").click()

        # --- Today across schools, then the placement ------------------------------------
        expect(page).to_have_url(f"{base}/portal/")
        expect(h1(page)).to_have_text("Today, Thursday 5 November 2026")
        today = page.get_by_role("table", name="Today's sessions, from every school")
        expect(today).to_contain_text("Alex O.")
        expect(today).to_contain_text("School A2")
        checks(page, "r10-6-portal-today")
        page.get_by_role("link", name=re.compile(r"^Alex O\.\s*,\s*School A1$")).click()
        expect(h1(page)).to_have_text("Alex O.")
        expect(page.locator("main")).to_contain_text("Read for 20 minutes a day")
        expect(page.locator("main")).to_contain_text("Asthma: inhaler in bag")
        checks(page, "r11-2-portal-placement")

        # --- A week of attendance, Monday to this morning (R-10.6) -------------------------
        page.get_by_role("link", name="Enter this week's attendance").click()
        expect(h1(page)).to_have_text("Attendance for the week beginning Monday 2 November 2026")
        checks(page, "r10-6-portal-week")
        cell = f"#m-{p.alex.pk}-{{}}-{{}}"
        page.select_option(cell.format(DAYS[0].isoformat(), "AM"), "\\")  # the afternoon's mark
        page.get_by_role("button", name="Save the week's marks").click()
        expect_error_summary(page, "Alex O., Monday 2 November morning: \\ is the afternoon's")
        checks(page, "r10-6-portal-week-error")
        for day in DAYS:
            page.select_option(cell.format(day.isoformat(), "AM"), "/")
            if day != DAYS[-1]:
                page.select_option(cell.format(day.isoformat(), "PM"), "\\")
        page.get_by_role("button", name="Save the week's marks").click()
        expect(banner(page)).to_contain_text("7 marks added")
        checks(page, "r10-6-portal-week-saved")

        # --- Today's marks across schools --------------------------------------------------
        page.get_by_role("link", name="Enter today's marks").click()
        expect(h1(page)).to_have_text("Today's marks, Thursday 5 November 2026")
        checks(page, "r10-6-portal-today-entry")
        page.select_option(f"#m-{p.sam.pk}-{DAYS[-1].isoformat()}-AM", "L")
        page.get_by_role("button", name="Save today's marks").click()
        expect(banner(page)).to_contain_text("1 mark added")

        # --- The absence this afternoon ---------------------------------------------------
        page.get_by_role("link", name=re.compile(r"^Alex O\.\s*,\s*School A1$")).click()
        page.get_by_role("link", name="Tell the school about an absence today").click()
        expect(h1(page)).to_have_text("Tell the school about an absence today")
        checks(page, "r10-6-portal-absence")
        page.get_by_role("button", name="Tell the school").click()
        expect_error_summary(page, "Select the sessions the pupil is missing today")
        checks(page, "r10-6-portal-absence-error")
        group(page, "Which sessions is the pupil missing today?").get_by_label(
            "Afternoon", exact=True
        ).check()
        page.locator("#id_reason").fill("Hospital appointment, carer phoned")
        page.get_by_role("button", name="Tell the school").click()
        expect(banner(page)).to_contain_text("School A1 has been told that Alex O. is absent")
        checks(page, "r10-6-portal-absence-told")
        sign_out(page)

        manager = p.provider.portal_users.get(email="morgan@moorside.example.org")
        assert AttendanceMark.objects.filter(entered_by=manager).count() == 8
        assert AbsenceNotification.objects.get().recorded_by == manager

        # --- The AP Lead sees who entered the marks, and the follow-up ---------------------
        clock.shift(dt.timedelta(minutes=1))  # a fresh code: the one used at 10:00 is spent
        sign_in(page, live_server, ap_lead)
        page.goto(f"{base}/attendance/schools/{w.school_a1.pk}/week/?week={MONDAY.isoformat()}")
        expect(page.locator("main")).to_contain_text("(provider)")
        expect(page.locator(f"{cell.format(DAYS[0].isoformat(), 'AM')}")).to_have_value("/")
        checks(page, "r10-6-school-sees-provider-marks")
        page.goto(f"{base}/placements/{p.alex.pk}/attendance/")
        expect(page.locator("main")).to_contain_text("Hospital appointment, carer phoned")
        expect(page.locator("main")).to_contain_text("Morgan Manager")
        expect(page.get_by_role("link", name=re.compile("Record the follow-up"))).to_be_visible()
        checks(page, "r10-6-school-sees-follow-up")
        assert FollowUp.objects.get().placement == p.alex
    checks.assert_clean()

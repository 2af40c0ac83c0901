"""What a new user met on the placement pages (issue 14, section 2), through Chromium with axe on
every page: only the chosen provider's sites, a start gate that says what is still needed and
who must act, steps that come back to the gate after saving (and ignore an unsafe return address),
and the same status in the placements list as on the placement's page."""

import datetime as dt
import re
from decimal import Decimal

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.placements.models import Placement, PlacementSession
from altprov.providers.models import ProviderSite
from tests import factories
from tests.placements.test_placement import agreed_referral

from .conftest import sign_in
from .journey import Checks, banner, expect_error_summary, fill_date, group, h1, sign_in_page_name

NORTH, SOUTH = "North Learning Centre", "South Learning Centre"
LETTER = "The provider's letter of comfort is in date"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_placement_form_offers_only_the_chosen_providers_sites(page, live_server):
    w = factories.world()
    ap_lead = w.users[Role.AP_LEAD]
    north = factories.make_provider(w.trust_a, NORTH)
    south = factories.make_provider(w.trust_a, SOUTH)
    for provider, street in ((north, "1 North Road"), (south, "9 South Street")):
        ProviderSite.objects.create(
            provider=provider,
            name="Main site",
            address_line_1=street,
            town="Town",
            postcode="T1 1TT",
        )
    referral = agreed_referral(w, w.pupil_a1)
    base = live_server.url
    checks = Checks()
    sign_in(page, live_server, ap_lead, check=lambda p: checks(p, sign_in_page_name(p, "sites")))

    page.goto(f"{base}/referrals/{referral.pk}/")
    page.get_by_role("link", name="Make the placement").click()
    expect(h1(page)).to_have_text("Which provider?")
    expect(page.locator("main")).not_to_contain_text("Main site")
    checks(page, "sites-choose-provider")
    page.get_by_role("button", name="Continue").click()
    expect_error_summary(page, "Choose the provider")
    checks(page, "sites-choose-provider-error")

    page.get_by_label(NORTH, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(h1(page)).to_have_text("Make the placement")
    sites = group(page, f"Where at {NORTH} will the pupil be taught?").locator("label")
    expect(sites).to_have_text(
        [
            "The provider's main address: 3 Provider Street, Provtown, ZZ2 2BB",
            "Main site: 1 North Road, Town, T1 1TT",
        ]
    )
    expect(page.locator("main")).not_to_contain_text("9 South Street")
    checks(page, "sites-north-only")

    # Back to the first page to change the provider.
    page.get_by_role("link", name="Change the provider").click()
    expect(h1(page)).to_have_text("Which provider?")
    page.get_by_label(SOUTH, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("Main site: 9 South Street, Town, T1 1TT")
    expect(page.locator("main")).not_to_contain_text("1 North Road")
    checks(page, "sites-south-only")
    checks.assert_clean()


def placement_with_an_expired_letter(w) -> Placement:
    """A costly placement (trust approval needed) at a provider whose letter ran out yesterday."""
    ap_lead, dsl, head = w.users[Role.AP_LEAD], w.users[Role.DSL], w.users[Role.HEADTEACHER]
    today = dt.date.today()
    provider = factories.make_provider(w.trust_a, NORTH)
    factories.complete_audit(provider, w.school_a1, by=ap_lead, dsl=dsl, sign_off_by=head)
    factories.make_letter(
        provider,
        ap_lead,
        received_on=today - dt.timedelta(days=400),
        renewal_due=today - dt.timedelta(days=1),
    )
    placement = Placement.objects.create(
        referral=agreed_referral(w, w.pupil_a1),
        provider=provider,
        start_date=today + dt.timedelta(days=21),
        planned_end_date=today + dt.timedelta(days=63),
        weekly_cost=Decimal("900"),
        created_by=ap_lead,
    )
    PlacementSession.objects.create(
        placement=placement, day=0, starts_at=dt.time(9), ends_at=dt.time(12)
    )
    return placement


def test_R7_4_the_gate_says_what_is_still_needed_and_its_steps_return_to_it(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    w = factories.world()
    placement = placement_with_an_expired_letter(w)
    gate = f"{live_server.url}/placements/{placement.pk}/"
    checks = Checks()
    sign_in(
        page,
        live_server,
        w.users[Role.AP_LEAD],
        check=lambda p: checks(p, sign_in_page_name(p, "gate")),
    )

    page.goto(gate)
    still = page.locator("#still-needed")
    expect(still).to_contain_text("Still needed:")
    expect(still.get_by_role("link", name=LETTER)).to_have_count(1)
    # Trust approval is not the AP Lead's: it says who it waits for, and is not a link.
    expect(page.locator("#gate-trust_approval-status")).to_have_text(
        "Waiting for the Trust Executive or School Improvement Team"
    )
    expect(page.get_by_role("link", name="The trust has approved the placement")).to_have_count(0)
    expect(still).to_contain_text(
        "The trust has approved the placement: waiting for the Trust Executive or School "
        "Improvement Team"
    )
    checks(page, "gate-still-needed")

    # The refusal reads as what is missing, each item linked to where it is done.
    page.get_by_role("button", name="Start the placement").click()
    refusal = page.locator(".govuk-error-summary")
    expect(refusal).to_contain_text("The placement cannot start yet")
    expect(refusal).to_contain_text("Still needed:")
    expect(refusal.get_by_role("link", name=LETTER)).to_have_count(1)
    expect(page.locator("#placement-status")).to_have_text("Planned")
    checks(page, "gate-refused")

    # Recording the letter from the gate comes back to the gate.
    refusal.get_by_role("link", name=LETTER).click()
    expect(h1(page)).to_have_text("Record a letter of comfort")
    expect(page.locator(".govuk-back-link")).to_have_attribute(
        "href", f"/placements/{placement.pk}/"
    )
    checks(page, "gate-letter-form")
    today = dt.date.today()
    fill_date(page, "id_received_on", today)
    page.get_by_label("Name of the person who signed it").fill("Lee Signer")
    page.get_by_label("Their role at the provider").fill("Director")
    page.get_by_label("Upload the letter").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(gate)
    expect(banner(page)).to_contain_text("The letter of comfort has been recorded.")
    expect(page.locator("#gate-letter-status")).to_have_text("Met")
    expect(page.locator("#still-needed").get_by_role("link", name=LETTER)).to_have_count(0)
    checks(page, "gate-letter-recorded")

    # An unsafe return address is ignored: the page goes back to its usual place.
    provider = placement.provider
    page.goto(
        f"{live_server.url}/providers/{provider.pk}/letters-of-comfort/add/?next=https://evil.example/"
    )
    expect(page.locator('a[href*="evil"]')).to_have_count(0)
    expect(page.get_by_role("link", name="Cancel")).to_have_attribute(
        "href", f"/providers/{provider.pk}/"
    )
    expect(page.locator('input[name="next"]')).to_have_count(0)
    checks(page, "gate-letter-form-unsafe-return")
    page.goto(f"{live_server.url}/providers/{provider.pk}/?next=//evil.example")
    expect(page.locator(".govuk-back-link")).to_have_attribute("href", "/providers/")
    checks.assert_clean()


def test_the_placements_list_shows_the_status_the_placement_page_shows(page, live_server):
    w = factories.world()
    placement = placement_with_an_expired_letter(w)
    start = placement.start_date
    # Confirmed to start in three weeks (as the start service records it).
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.ACTIVE, started_on=start, attendance_recording="B"
    )
    checks = Checks()
    sign_in(
        page,
        live_server,
        w.users[Role.AP_LEAD],
        check=lambda p: checks(p, sign_in_page_name(p, "list")),
    )
    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    on_page = page.locator("#placement-status")
    expect(on_page).to_have_text(f"Starts on {start:%-d %B %Y}")
    checks(page, "status-page")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Placements").click()
    expect(h1(page)).to_have_text("Placements")
    expect(page.locator(f"#placement-{placement.pk}-status")).to_have_text(
        f"Starts on {start:%-d %B %Y}"
    )
    expect(page.get_by_role("table")).not_to_contain_text("Attending")
    checks(page, "status-list")
    page.goto(f"{live_server.url}/referrals/{placement.referral_id}/")
    expect(page.locator("#task-placement-status")).to_have_text(
        re.compile(f"Starts on {start:%-d %B %Y}")
    )
    checks(page, "status-referral")
    checks.assert_clean()

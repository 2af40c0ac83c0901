"""The steps and helpers of the journey from a pupil imported from the MIS to a started placement
(tests/browser/test_placement_journey.py): the MIS export it imports, the start gate's list, the
chronology form, a timer of its laps, and its first step."""

import time

from playwright.sync_api import expect

from altprov.pupils.upn import make_upn
from tests import factories

from .conftest import sign_in
from .journey import banner, expect_error_summary, group, h1, sign_in_page_name

PROVIDER = "Northgate Learning Centre"
# The three pupils of the MIS export: (legal forename, legal surname, serial of the UPN).
IMPORTED = [("Jordan", "Importwell", 1), ("Sam", "Csvsmith", 2), ("Riley", "Misfield", 3)]
PUPIL = "Jordan Importwell"
STAFF_CONTACT = "Staff member Person"  # world(): one user per role, named after it
DECISION_ENTRY = "Headteacher's decision on the referral to alternative provision: approved"
GATE_KEYS = [
    "audit",
    "letter",
    "agreement",
    "plan",
    "objectives_shared",
    "notice",
    "pastoral",
    "information",
]


class Timer:
    def __init__(self):
        self.started = self.last = time.monotonic()
        self.laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps.append((name, now - self.last))
        self.last = now

    def report(self) -> str:
        laps = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in self.laps)
        return f"journey {time.monotonic() - self.started:.1f}s ({laps})"


def gate_list(page):
    """The start gate's task list (its links also appear under "Still needed:")."""
    return page.locator("ul.govuk-task-list")


def gate_status(page, key: str):
    return page.locator(f"#gate-{key}-status")


def pupils_csv(school) -> bytes:
    """A SIMS-style export of three pupils, with the documented columns and valid UPNs."""
    born = factories.born_aged(13)
    lines = [
        "UPN,Legal surname,Legal forename,Date of birth,NC year,SEN status,Looked after,"
        "Contact 1 name,Contact 1 relationship,Contact 1 phone,Contact 1 email,"
        "Contact 1 parental responsibility"
    ]
    for forename, surname, serial in IMPORTED:
        upn = make_upn(801, school.pk % 10000, 2025, serial)
        lines.append(
            f"{upn},{surname},{forename},{born:%d/%m/%Y},9,N,N,"
            f"Pat {surname},Mother,07700 900 98{serial},pat.{surname.lower()}@example.org,Y"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def add_chronology_entry(page, checks, base, pupil_id, kind_label, name, fill) -> None:
    page.get_by_role("link", name="Add to the chronology").click()
    expect(page).to_have_url(f"{base}/pupils/{pupil_id}/chronology/add/")
    expect(h1(page)).to_have_text("Add to the chronology")
    checks(page, f"r6-2-chronology-choose-{name}")
    group(page, "What are you recording?").get_by_label(kind_label, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(h1(page)).to_have_text(kind_label)
    checks(page, f"r6-2-chronology-add-{name}")
    fill()
    page.get_by_role("button", name="Add to the chronology").click()
    expect(page).to_have_url(f"{base}/pupils/{pupil_id}/chronology/")
    expect(banner(page)).to_contain_text("The entry has been added.")
    checks(page, f"r6-2-chronology-after-{name}")


def import_pupils(page, checks, live_server, ap_lead, csv_file) -> None:
    """Step 1 of the journey: the AP Lead signs in and imports three pupils from the MIS (R-6.1),
    an error state first, then opens the first pupil's record."""
    base = live_server.url
    sign_in(page, live_server, ap_lead, check=lambda p: checks(p, sign_in_page_name(p, "ap")))
    expect(h1(page)).to_have_text("What needs your attention")
    checks(page, "r6-1-ap-lead-home")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Pupils").click()
    expect(page).to_have_url(f"{base}/pupils/")
    expect(page.locator("caption")).to_have_text("1 pupil")
    checks(page, "r6-1-pupil-list-before")

    page.get_by_role("link", name="Import pupils from your MIS").click()
    expect(page).to_have_url(f"{base}/pupils/import/")
    expect(h1(page)).to_have_text("Import pupils from your MIS")
    checks(page, "r6-1-import")

    # Error state: no file chosen.
    page.get_by_role("button", name="Import pupils").click()
    expect_error_summary(page, "Select the CSV file of pupils")
    checks(page, "r6-1-import-no-file")

    page.get_by_label("Upload the CSV file").set_input_files(csv_file)
    page.get_by_role("button", name="Import pupils").click()
    expect(page).to_have_url(f"{base}/pupils/import/")
    expect(banner(page)).to_contain_text(
        "pupils.csv has been imported: 3 added, 0 updated, 0 unchanged."
    )
    checks(page, "r6-1-import-result")

    page.locator(".govuk-back-link").click()
    expect(page).to_have_url(f"{base}/pupils/")
    expect(page.locator("caption")).to_have_text("4 pupils")
    for forename, surname, _ in IMPORTED:
        expect(page.get_by_role("link", name=f"{surname}, {forename}")).to_be_visible()
    checks(page, "r6-1-pupil-list-after")

    page.get_by_role("link", name="Importwell, Jordan").click()

"""X-1, retention through Chromium: the DSL is told records are past their retention period,
opens the school's list, checks one record and confirms its deletion; the list then shows the
deletion by its reference. axe-core checks every page."""

import datetime as dt

from playwright.sync_api import expect

from altprov.authz.permissions import Role
from altprov.pupils.models import Pupil
from altprov.retention.services import list_due
from tests import factories

from .conftest import sign_in
from .journey import Checks, banner, h1


def test_X1_the_dsl_confirms_the_deletion_of_a_record_past_its_retention_period(page, live_server):
    checks = Checks()
    w = factories.world()
    today = dt.date.today()
    pupil = factories.make_pupil(
        w.school_a1, first_name="Olivia", last_name="Formerpupil", date_of_birth=dt.date(1995, 1, 9)
    )
    factories.make_carer(pupil)
    list_due(today)
    base = live_server.url

    sign_in(page, live_server, w.users[Role.DSL])
    item = page.locator(".app-attention-list li").filter(has_text="past the retention period")
    expect(item).to_have_count(1)
    checks(page, "x1-retention-home")
    item.get_by_role("link", name="See the records due for deletion").click()
    expect(page).to_have_url(f"{base}/retention/schools/{w.school_a1.pk}/")
    expect(h1(page)).to_have_text("Records due for deletion")
    expect(page.locator("main")).to_contain_text("Formerpupil, Olivia")
    checks(page, "x1-retention-list")

    page.get_by_role("link", name="Check and delete the record of Formerpupil, Olivia").click()
    expect(h1(page)).to_have_text("Delete the record of Olivia Formerpupil?")
    expect(page.locator("main")).to_contain_text("Carers: 1")
    checks(page, "x1-retention-confirm")
    page.get_by_role("button", name="Delete the record").click()
    expect(page).to_have_url(f"{base}/retention/schools/{w.school_a1.pk}/")
    expect(banner(page)).to_contain_text("The record has been deleted")
    expect(page.locator("main")).to_contain_text("No record of the school is due for deletion.")
    expect(page.locator("main")).to_contain_text("RD-")
    checks(page, "x1-retention-deleted")
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    checks.assert_clean()

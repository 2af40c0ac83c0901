"""R-5.2: the service administrator's page for importing the national GIAS register, and the trust
administrator's page of their own providers' checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.gias.models import Establishment, GiasImport, RegistrationCheck
from altprov.gias.selectors import latest_check
from altprov.gias.services import checks_run, gias_import

from .helpers import csv_text, make_provider, register, row

pytestmark = pytest.mark.django_db

URL = "/trust/gias/"  # the trust's checks
IMPORT_URL = "/service/gias/"  # the national register: service administrator only
RUN_CHECKS_URL = "/trust/gias/check/"
GOOD = csv_text(
    [
        row(140001, "Bright Futures School"),
        row(140002, "Old Mill School", **{"EstablishmentStatus (name)": "Closed"}),
        row(140003, "Riverside Pupil Referral Unit"),
    ]
)


def upload(content, name="edubasealldata20261101.csv"):
    if isinstance(content, str):
        content = content.encode("cp1252")
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def admin(world, client_for):
    return client_for(world.users[Role.TRUST_ADMINISTRATOR])


@pytest.fixture
def service(world, client_for):
    return client_for(world.users[Role.SERVICE_ADMINISTRATOR])


@pytest.fixture
def providers(world):
    return {
        "fine": make_provider(world.trust_a, "Bright Futures", urn="140001"),
        "closed": make_provider(world.trust_a, "Old Mill", urn="140002"),
        "b": make_provider(world.trust_b, "Canary Provider Bzqx", urn="140003"),
    }


def test_R5_2_the_import_page_offers_a_csv_upload_and_says_nothing_is_imported_yet(
    service, providers
):
    response = service.get(IMPORT_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "No GIAS file has been imported yet." in content
    assert 'enctype="multipart/form-data"' in content
    assert 'type="file"' in content and 'accept=".csv,text/csv"' in content
    assert "govuk-file-upload" in content
    # The service administrator belongs to no trust and sees no trust's providers.
    assert "Bright Futures" not in content and "Canary Provider Bzqx" not in content
    assert 'href="/service/gias/"' in content  # "GIAS register" in the navigation


def test_R5_2_the_checks_page_lists_the_trusts_providers_and_offers_no_import(admin, providers):
    content = admin.get(URL).content.decode()
    assert "No GIAS file has been imported yet." in content
    assert "Bright Futures" in content and "Not checked against GIAS yet" in content
    assert "Canary Provider Bzqx" not in content
    assert 'type="file"' not in content and IMPORT_URL not in content


def test_R5_2_the_service_administrator_imports_and_every_trust_sees_its_checks(
    world, service, admin, providers
):
    response = service.post(IMPORT_URL, {"file": upload(GOOD)})
    assert response.status_code == 302 and response["Location"] == IMPORT_URL
    page = service.get(IMPORT_URL).content.decode()
    # Counts are of every trust's providers, with no provider named.
    assert (
        "Imported 3 establishments from edubasealldata20261101.csv. "
        "3 providers of every trust checked: 2 flagged."
    ) in page
    assert "Bright Futures" not in page and "Canary Provider Bzqx" not in page
    assert "edubasealldata20261101.csv" in page and "Service administrator Person" in page
    assert Establishment.objects.count() == 3
    gias = GiasImport.objects.get()
    assert gias.encoding == "utf-8" and gias.imported_by == world.users[Role.SERVICE_ADMINISTRATOR]
    assert (gias.providers_checked, gias.providers_flagged, gias.removed) == (3, 2, 0)
    # The trust administrator sees their own providers' checks, naming the import.
    page = admin.get(URL).content.decode()
    assert "1 November 2026" in page  # the date of the extract, from the file name
    assert "govuk-tag--red" in page and "Registration does not match" in page
    assert "Its establishment is closed in GIAS" in page
    assert "Matches GIAS" in page
    assert "2 providers, 1 flagged" in page
    assert "Canary Provider Bzqx" not in page
    assert latest_check(providers["b"]).outcome == "other_establishment"
    assert latest_check(providers["closed"]).gias_import == gias
    # Each check names the import it came from, on the checks page and the provider's page.
    when = timezone.localtime(gias.imported_at)
    named = f"edubasealldata20261101.csv (3 establishments, imported {when.day} {when:%B %Y})"
    assert page.count(f"against {named}") == 2
    provider_page = admin.get(f"/providers/{providers['closed'].pk}/").content.decode()
    assert f"The register used: {named}." in provider_page


def test_R5_2_a_trust_administrator_cannot_import_the_national_register(admin, providers):
    """The register is shared by every trust: no trust role may replace it (404, as every
    refusal), and the attempt changes nothing."""
    gias_import(file=upload(GOOD), file_name="edubasealldata20261101.csv", by=None)
    before = list(Establishment.objects.values_list("pk", "urn", "name"))
    assert admin.get(IMPORT_URL).status_code == 404
    two_rows = csv_text([row(150001, "Crafted One"), row(150002, "Crafted Two")])
    assert admin.post(IMPORT_URL, {"file": upload(two_rows)}).status_code == 404
    assert admin.post(URL, {"file": upload(two_rows)}).status_code == 405  # the old import URL
    assert list(Establishment.objects.values_list("pk", "urn", "name")) == before
    assert GiasImport.objects.count() == 1
    assert "GIAS register" not in admin.get(URL).content.decode()


def test_R5_2_a_two_row_file_against_a_big_register_is_refused_and_changes_nothing(
    service, providers
):
    big = [row(300_000 + i, f"School {i}") for i in range(1_000)] + [
        row(140001, "Bright Futures School")
    ]
    first = gias_import(file=upload(csv_text(big)), file_name="edubasealldata20261101.csv", by=None)
    register_before = list(Establishment.objects.values_list("pk", "urn", "name"))
    checks_before = RegistrationCheck.objects.count()
    two_rows = csv_text([row(140001, "Bright Futures School"), row(140002, "Old Mill School")])
    response = service.post(IMPORT_URL, {"file": upload(two_rows, "edubasealldata20261201.csv")})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content and "govuk-error-summary" in content
    assert (
        '<a href="#id_file">The file has 2 establishments: importing it would remove 1,000 of the '
        "1,001 establishments in the register, more than half, so nothing was imported."
    ) in content
    assert list(Establishment.objects.values_list("pk", "urn", "name")) == register_before
    assert list(GiasImport.objects.all()) == [first]
    assert RegistrationCheck.objects.count() == checks_before


def test_R5_2_a_malformed_file_is_refused_with_the_line_in_the_error_summary(service, providers):
    gias_import(file=register(row(100001)), file_name="first.csv", by=None)
    bad = GOOD.replace("31-08", "xx").replace(
        "Riverside Pupil Referral Unit,Other independent school,Independent schools,Open,01-09-2010",
        "Riverside Pupil Referral Unit,Other independent school,Independent schools,Open,31-02-2021",
    )
    response = service.post(IMPORT_URL, {"file": upload(bad)})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content
    assert "govuk-error-summary" in content
    assert '<a href="#id_file">Line 4: the OpenDate 31-02-2021 is not a real date</a>' in content
    assert "govuk-file-upload--error" in content
    assert list(Establishment.objects.values_list("urn", flat=True)) == [100001]
    assert GiasImport.objects.count() == 1


@pytest.mark.parametrize(
    "file, message",
    [
        (None, "Select the GIAS establishment file"),
        (upload(b"", "gias.csv"), "The selected GIAS establishment file is empty"),
        (upload(GOOD, "gias.txt"), "The selected GIAS establishment file must be a CSV file"),
        (
            upload(b"PK\x03\x04" + b"\x00" * 100, "edubasealldata20261101.csv"),
            "The selected GIAS establishment file is a spreadsheet",
        ),
        (
            upload(b"%PDF-1.7\n\x00\x00binary", "gias.csv"),
            "The selected GIAS establishment file must be a CSV file: its content is not "
            "comma-separated text",
        ),
    ],
    ids=["no file", "empty", "not .csv", "spreadsheet", "binary"],
)
def test_R5_2_a_file_that_is_not_a_csv_is_refused_naming_the_field(service, file, message):
    data = {}
    if file is not None:
        file.seek(0)  # the parameters are made once: a second run (mutmut's) reads them again
        data["file"] = file
    content = service.post(IMPORT_URL, data).content.decode()
    assert f'<a href="#id_file">{message}' in content
    assert not GiasImport.objects.exists()


def test_R5_2_a_file_over_200MB_is_refused(service, monkeypatch):
    monkeypatch.setattr("altprov.gias.forms.MAX_UPLOAD_BYTES", 10)
    content = service.post(IMPORT_URL, {"file": upload(GOOD)}).content.decode()
    assert "The selected GIAS establishment file must be smaller than 200MB" in content
    assert not GiasImport.objects.exists()


def test_R5_2_X5_a_trust_administrator_of_another_trust_sees_only_their_own_providers(
    world, client_for, providers
):
    gias_import(file=upload(GOOD), file_name="edubasealldata20261101.csv", by=None)
    content = client_for(world.outsider).get(URL).content.decode()
    assert "Canary Provider Bzqx" in content
    assert "Its URN belongs to another establishment" in content
    assert "Bright Futures" not in content and "Old Mill" not in content
    assert "1 provider, 1 flagged" in content


def test_R5_2_X5_a_headteacher_finds_no_such_page(world, client_for):
    client = client_for(world.users[Role.HEADTEACHER])
    assert client.get(URL).status_code == 404
    assert client.get(IMPORT_URL).status_code == 404
    assert client.post(IMPORT_URL, {"file": upload(GOOD)}).status_code == 404
    assert client.post(RUN_CHECKS_URL).status_code == 404
    assert not GiasImport.objects.exists()


def test_R5_2_check_providers_again_checks_this_trusts_providers(admin, providers):
    response = admin.post(RUN_CHECKS_URL)
    assert response.status_code == 302
    assert "There is no GIAS register to check against yet" in admin.get(URL).content.decode()
    assert not RegistrationCheck.objects.exists()
    gias_import(file=upload(GOOD), file_name="edubasealldata20261101.csv", by=None)
    admin.post(RUN_CHECKS_URL)
    assert "2 providers checked against GIAS: 1 flagged." in admin.get(URL).content.decode()
    assert RegistrationCheck.objects.filter(provider=providers["fine"]).count() == 2
    assert RegistrationCheck.objects.filter(provider=providers["b"]).count() == 1
    assert admin.get(RUN_CHECKS_URL).status_code == 405


def test_R5_2_the_providers_table_is_paginated(world, admin):
    for i in range(55):
        make_provider(world.trust_a, f"Provider {i:02}")
    first = admin.get(URL).content.decode()
    assert "Provider 49" in first and "Provider 50" not in first
    assert "govuk-pagination" in first
    second = admin.get(URL + "?page=2").content.decode()
    assert "Provider 50" in second and "Provider 00" not in second


@pytest.mark.parametrize("count", [1, 30])
def test_R5_2_the_page_makes_the_same_number_of_queries_whatever_the_number_of_providers(
    world, admin, count, django_assert_num_queries
):
    for i in range(count):
        make_provider(world.trust_a, f"Provider {i}", urn="140001" if i % 2 else "")
    gias_import(file=upload(GOOD), file_name="edubasealldata20261101.csv", by=None)
    admin.get(URL)  # warm the session
    with django_assert_num_queries(QUERIES_IMPORT_PAGE):
        admin.get(URL)


QUERIES_IMPORT_PAGE = 8  # issue 10 cut the overheads and counts the page with its rows


def test_R5_2_the_provider_page_include_shows_the_latest_check(world):
    provider = make_provider(world.trust_a, "Old Mill", urn="140002")
    assert "Not checked against GIAS yet" in render_to_string(
        "gias/_provider_check.html", {"check": None}
    )
    gias_import(file=upload(GOOD), file_name="edubasealldata20261101.csv", by=None)
    html = render_to_string("gias/_provider_check.html", {"check": latest_check(provider)})
    assert "Checked against GIAS on " in html
    gias = GiasImport.objects.get()
    when = timezone.localtime(gias.imported_at)
    # The check names the import it came from: its file, its size and its date.
    assert (
        f"The register used: edubasealldata20261101.csv (3 establishments, imported "
        f"{when.day} {when:%B %Y})."
    ) in html
    assert ": Its establishment is closed in GIAS" in html
    assert "Registration does not match" in html and "govuk-tag--red" in html
    assert "Old Mill School" in html and "Other independent school" in html
    assert "Closed" in html
    fine = make_provider(world.trust_a, "Bright Futures", urn="140001")
    checks_run(trust=world.trust_a)
    html = render_to_string("gias/_provider_check.html", {"check": latest_check(fine)})
    assert "Matches GIAS" in html and "Registration does not match" not in html

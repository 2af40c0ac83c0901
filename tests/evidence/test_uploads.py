"""X-5: every upload goes through one check (altprov/evidence/uploads.py): PDFs with JavaScript,
embedded files, launch actions or rich media are refused, and every file is scanned by clamd
when it is configured (here a fake clamd on a Unix socket), at the service and on the page."""

import io
import logging
import re
from pathlib import Path

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from altprov.attendance.forms import ImportForm as MarksImportForm
from altprov.authz.permissions import Role
from altprov.evidence import antivirus, pdf_content
from altprov.evidence.forms import EvidenceField
from altprov.evidence.models import EvidenceFile
from altprov.evidence.services import evidence_store
from altprov.evidence.uploads import CSV, check_upload
from altprov.gias.forms import GiasImportForm
from altprov.provider_audits import services as audits
from altprov.pupils.forms import ImportForm as PupilsImportForm
from tests.conftest import signed_in_client
from tests.factories import make_provider

from . import pdfs
from .conftest import EICAR

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
JAVASCRIPT = (
    "The selected file contains JavaScript, which is not allowed: save it again as a plain PDF"
)
UNREADABLE = "The selected file could not be checked"
VIRUS = "The selected file contains a virus and cannot be uploaded"
NOT_SCANNED = "The selected file could not be checked for viruses at the moment. Try again later"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(data: bytes, name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(data: bytes, name: str = "evidence.pdf", **kwargs) -> str | None:
    try:
        check_upload(upload(data, name), **kwargs)
    except ValidationError as error:
        return error.messages[0]
    return None


# PDFs with active content --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "JS_OPEN_ACTION",
        "JS_INDIRECT",
        "JS_ESCAPED_NAME",
        "JS_IN_PAGE_ACTIONS",
        "JS_NAME_TREE",
        "JS_IN_OBJECT_STREAM",
        "JS_IN_HEX_AND_FLATE_OBJECT_STREAM",
        "JS_IN_ASCII85_OBJECT_STREAM",
        "JS_AFTER_A_PERCENT_IN_A_STRING",
        "HIDDEN_BY_A_STRAY_PARENTHESIS",
    ],
)
def test_X5_a_pdf_with_javascript_is_refused_with_a_message_that_says_what_to_do(name):
    assert refusal(getattr(pdfs, name)) == JAVASCRIPT


@pytest.mark.parametrize(
    "name, message",
    [
        ("EMBEDDED_FILE", "contains embedded files, which are not allowed"),
        ("EMBEDDED_FILE_IN_OBJECT_STREAM", "contains embedded files, which are not allowed"),
        ("LAUNCH", "contains an action that opens other programs, which is not allowed"),
        ("RICH_MEDIA", "contains embedded media such as video or Flash, which is not allowed"),
    ],
)
def test_X5_a_pdf_with_embedded_files_a_launch_action_or_rich_media_is_refused(name, message):
    assert refusal(getattr(pdfs, name)) == f"The selected file {message}" + (
        ": save it again as a plain PDF without attachments"
        if "embedded files" in message
        else ": save it again as a plain PDF"
    )


@pytest.mark.parametrize(
    "name",
    ["OBJECT_STREAM_WITH_OTHER_FILTER", "DAMAGED_OBJECT_STREAM", "HIDDEN_BY_A_FAKE_STREAM"],
)
def test_X5_a_pdf_whose_hidden_parts_cannot_be_read_is_refused_not_let_through(name):
    assert refusal(getattr(pdfs, name)).startswith(UNREADABLE)


def test_X5_an_object_stream_that_inflates_past_the_limit_is_refused(monkeypatch):
    assert refusal(pdfs.PLAIN_OBJECT_STREAM) is None
    monkeypatch.setattr(pdf_content, "DECODED_LIMIT", 8)
    assert refusal(pdfs.PLAIN_OBJECT_STREAM).startswith(UNREADABLE)


@pytest.mark.parametrize(
    "name", ["PLAIN", "OPEN_AT_FIRST_PAGE", "THE_WORD_IN_TEXT", "PLAIN_OBJECT_STREAM"]
)
def test_X5_a_plain_pdf_is_accepted(name):
    assert refusal(getattr(pdfs, name)) is None


def made_by_pypdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_X5_pdfs_a_pdf_library_makes_with_javascript_or_attachments_are_refused():
    with_script = made_by_pypdf(lambda w: w.add_open_action(JavaScript("app.alert('Hello');")))
    with_attachment = made_by_pypdf(lambda w: w.add_attachment("notes.txt", b"Hello"))
    assert refusal(with_script) == JAVASCRIPT
    assert refusal(with_attachment).startswith("The selected file contains embedded files")
    assert refusal(made_by_pypdf(lambda w: None)) is None


def test_X5_a_pdf_the_service_itself_makes_is_accepted():
    """WeasyPrint (the audit and termly reports) compresses objects into object streams."""
    made = weasyprint.HTML(string="<h1>Audit</h1><p>Moorside Centre</p>").write_pdf()
    assert b"/ObjStm" in made
    assert refusal(made) is None


def test_X5_a_pdf_with_javascript_is_refused_by_the_service_and_nothing_is_kept(world, media):
    with pytest.raises(ValidationError, match="contains JavaScript"):
        evidence_store(
            upload=upload(pdfs.JS_IN_OBJECT_STREAM),
            trust=world.trust_a,
            school=world.school_a1,
            by=world.users[Role.AP_LEAD],
        )
    assert not EvidenceFile.objects.exists()
    assert not any(path.is_file() for path in Path(media).rglob("*"))


def audit_page(world):
    provider = make_provider(world.trust_a, "Moorside Centre", registration_status="unregistered")
    audit, _ = audits.audit_start(
        provider=provider, school=world.school_a1, by=world.users[Role.AP_LEAD]
    )
    return signed_in_client(world.users[Role.AP_LEAD]), f"/audits/{audit.pk}/safeguarding/"


def field_error(content: str) -> str:
    """The first GOV.UK error message under a field, without its hidden "Error:" prefix."""
    found = re.search(
        r'class="govuk-error-message"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>'
        r"(.*?)</(?:span|p)>",
        content,
        re.S,
    )
    assert found, "no field error on the page"
    return " ".join(found.group(1).split())


def test_X5_a_pdf_with_javascript_is_refused_on_the_page_with_a_field_error(world):
    client, url = audit_page(world)
    response = client.post(url, {"safeguarding__observations__upload": upload(pdfs.JS_OPEN_ACTION)})
    assert response.status_code == 200  # the page again, with the error
    content = response.content.decode()
    assert field_error(content) == JAVASCRIPT
    assert "govuk-error-summary" in content
    assert not EvidenceFile.objects.exists()


# The virus scan --------------------------------------------------------------------------------


def test_X5_a_clean_file_is_scanned_once_and_stored(world, clamd):
    client, url = audit_page(world)
    response = client.post(url, {"safeguarding__observations__upload": upload(pdfs.PLAIN)})
    assert response.status_code == 302
    assert clamd.scanned == [pdfs.PLAIN]  # checked by the form and the service, scanned once
    assert EvidenceFile.objects.count() == 1


def test_X5_a_file_with_a_virus_is_refused_on_the_page_and_nothing_is_kept(world, clamd, media):
    client, url = audit_page(world)
    infected = pdfs.pdf(b"", b"% " + EICAR + b"\n")
    response = client.post(url, {"safeguarding__observations__upload": upload(infected)})
    assert response.status_code == 200  # the page again, with the error
    assert field_error(response.content.decode()) == VIRUS
    assert clamd.scanned == [infected]
    assert not EvidenceFile.objects.exists()
    assert not any(path.is_file() for path in Path(media).rglob("*"))


def test_X5_a_file_with_a_virus_is_refused_by_the_service(world, clamd, caplog):
    png = b"\x89PNG\r\n\x1a\n" + EICAR
    with caplog.at_level(logging.WARNING, logger="altprov.evidence.uploads"):
        with pytest.raises(ValidationError, match=VIRUS):
            evidence_store(
                upload=upload(png, "photo.png"),
                trust=world.trust_a,
                school=world.school_a1,
                by=world.users[Role.AP_LEAD],
            )
    assert "Eicar-Test-Signature" in caplog.text
    assert not EvidenceFile.objects.exists()


def test_X5_a_large_file_reaches_clamd_whole_in_chunks(clamd):
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 1024  # four 64 KB chunks and a bit
    assert refusal(data, "photo.png") is None
    assert clamd.scanned == [data]


@pytest.mark.parametrize(
    "form_class, name, data",
    [
        (PupilsImportForm, "pupils.csv", b"UPN,Surname\n"),
        (MarksImportForm, "marks.csv", b"UPN,Date,Session,Code\n"),
        (GiasImportForm, "edubasealldata.csv", b"URN,EstablishmentName\n"),
    ],
    ids=["pupils", "attendance marks", "GIAS"],
)
def test_X5_the_csv_imports_are_scanned_too(clamd, form_class, name, data):
    clean = form_class(data={}, files={"file": upload(data, name)})
    assert clean.is_valid(), clean.errors
    infected = form_class(data={}, files={"file": upload(data + EICAR + b"\n", name)})
    assert not infected.is_valid()
    assert infected.errors["file"][0].endswith("contains a virus and cannot be uploaded")
    assert len(clamd.scanned) == 2


def test_X5_an_upload_is_refused_when_clamd_is_configured_but_does_not_answer(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-such.sock")
    assert refusal(pdfs.PLAIN) == NOT_SCANNED
    assert refusal(b"UPN\n", "pupils.csv", kind=CSV, max_bytes=1024) == NOT_SCANNED


@pytest.mark.parametrize(
    "answer", [b"INSTREAM size limit exceeded. ERROR", b"", b"stream: something else"]
)
def test_X5_an_upload_is_refused_when_clamd_answers_with_an_error(clamd, answer):
    clamd.answer_with = answer
    assert refusal(pdfs.PLAIN) == NOT_SCANNED


def test_X5_without_clamd_uploads_go_through_with_one_warning_per_process(
    settings, monkeypatch, caplog
):
    settings.CLAMD_SOCKET = ""
    monkeypatch.setattr(antivirus, "_warned_unconfigured", False)
    with caplog.at_level(logging.WARNING, logger="altprov.evidence.antivirus"):
        assert refusal(pdfs.PLAIN) is None
        assert refusal(b"GIF89a" + EICAR, "a.gif") is None
    warnings = [r for r in caplog.records if "not scanned for viruses" in r.getMessage()]
    assert len(warnings) == 1
    assert "ALTPROV_CLAMD_SOCKET" in warnings[0].getMessage()


def test_X5_the_evidence_field_uses_the_one_check(clamd):
    field = EvidenceField()
    with pytest.raises(ValidationError, match=VIRUS):
        field.clean(upload(b"GIF89a" + EICAR, "a.gif"))
    with pytest.raises(ValidationError, match="contains JavaScript"):
        field.clean(upload(pdfs.JS_OPEN_ACTION))


def test_X5_every_file_field_goes_through_the_one_check():
    """Every form or model with a file field, listed: a new one must call check_upload (through
    EvidenceField, or in its clean method) and be added here with a test above."""
    found = set()
    for path in (ROOT / "altprov").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"\b(forms|models)\.(FileField|ImageField)\(|EvidenceField\(", text):
            relative = str(path.relative_to(ROOT))
            found.add(relative)
            if "EvidenceField(" not in text and relative != "altprov/evidence/models.py":
                assert "check_upload(" in text, f"{relative} has a file field without check_upload"
    assert found == {
        "altprov/attendance/forms.py",
        "altprov/pupils/forms.py",
        "altprov/gias/forms.py",
        "altprov/providers/forms.py",
        "altprov/provider_audits/forms.py",
        "altprov/outcomes/forms.py",
        "altprov/evidence/forms.py",  # EvidenceField itself
        "altprov/evidence/models.py",  # EvidenceFile, stored only by evidence_store
    }

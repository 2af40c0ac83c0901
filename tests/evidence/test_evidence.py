"""Evidence files: served under a name whose extension matches the type their content was checked
as, always as an attachment with that type and nosniff; a replaced file stays as an earlier
version, listed and downloadable by the same people, so no uploaded file is left unreachable."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from altprov.authz.permissions import Role
from altprov.evidence.models import EvidenceFile
from altprov.evidence.services import evidence_store
from altprov.provider_audits import services
from tests.conftest import signed_in_client
from tests.factories import make_provider, pdf_upload

pytestmark = pytest.mark.django_db

KEY = "safeguarding.observations"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def audit(world):
    provider = make_provider(world.trust_a, "Moorside Centre")
    audit, _ = services.audit_start(
        provider=provider, school=world.school_a1, by=world.users[Role.AP_LEAD]
    )
    return audit


def upload_answer(world, audit, upload, key=KEY):
    services.answers_save(
        audit=audit,
        answers={key: {"findings": "Seen", "upload": upload}},
        school=world.school_a1,
        by=world.users[Role.AP_LEAD],
    )
    return audit.answers.get(key=key).evidence


def body(response) -> bytes:
    return b"".join(response.streaming_content)


EDITORS = (Role.AP_LEAD, Role.DSL, Role.HEADTEACHER)


def listing(client, role, audit, section="safeguarding") -> str:
    """Where the role sees the audit's files: editors on the section's page, readers in the
    read-only audit."""
    url = f"/audits/{audit.pk}/{section}/" if role in EDITORS else f"/audits/{audit.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "name, content, served, content_type",
    [
        ("report.html", pdf_upload().read(), "report.pdf", "application/pdf"),
        ("report.PDF", pdf_upload().read(), "report.PDF", "application/pdf"),
        ("photo.jpg", PNG, "photo.png", "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "photo.jpeg", "image/jpeg"),
        ("no extension", PNG, "no extension.png", "image/png"),
        ("page.svg", b"GIF89a" + b"\x00" * 20, "page.gif", "image/gif"),
    ],
)
def test_evidence_is_served_under_a_name_matching_its_checked_type(
    world, audit, name, content, served, content_type
):
    evidence = upload_answer(world, audit, SimpleUploadedFile(name, content, "text/html"))
    assert evidence.original_name == name  # what was uploaded is kept as it was
    response = signed_in_client(world.users[Role.AP_LEAD]).get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; ")
    assert f'filename="{served}"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == content
    for role in (Role.AP_LEAD, Role.TRUST_EXECUTIVE):
        page = listing(signed_in_client(world.users[role]), role, audit)
        assert f">{served}</a>" in page or f">Evidence: {served}</a>" in page
        assert f">{name}</a>" not in page or name == served


def test_replacing_evidence_keeps_the_earlier_version_listed_and_served_to_the_same_people(
    world, audit, client_for
):
    first = upload_answer(world, audit, pdf_upload("policy-2025.pdf"))
    second = upload_answer(world, audit, pdf_upload("policy-2026.pdf", size=10))
    third = upload_answer(world, audit, SimpleUploadedFile("site-photo.png", PNG))
    assert (second.replaces, third.replaces) == (first, second)
    assert {first.lineage_root_id, second.lineage_root_id, third.lineage_root_id} == {first.pk}
    assert EvidenceFile.objects.count() == 3

    for role in (*EDITORS, Role.TRUST_EXECUTIVE, Role.TRUST_SAFEGUARDING_LEAD):
        client = client_for(world.users[role])
        page = listing(client, role, audit)
        assert f'href="/evidence/{third.pk}/">' in page and "site-photo.png</a>" in page, role
        assert "Earlier versions: " in page
        assert page.index(f'href="/evidence/{second.pk}/">policy-2026.pdf, uploaded ') < page.index(
            f'href="/evidence/{first.pk}/">policy-2025.pdf, uploaded '
        )  # newest first
        for version in (first, second, third):
            response = client.get(f"/evidence/{version.pk}/")
            assert response.status_code == 200, (role, version)
            assert body(response) == Path(version.file.path).read_bytes()

    # Those who may not see the audit see none of its versions.
    for user in (world.users[Role.SENDCO], world.users[Role.TRUSTEE], world.outsider):
        client = client_for(user)
        for version in (first, second, third):
            assert client.get(f"/evidence/{version.pk}/").status_code == 404


def test_replacing_a_policy_document_keeps_the_earlier_version(world, audit, client_for):
    def save(upload):
        services.documents_save(
            audit=audit,
            answers={"single_central_record": {"answer": "seen", "link": "", "upload": upload}},
            school=world.school_a1,
            by=world.users[Role.AP_LEAD],
        )
        return audit.documents.get(key="single_central_record").evidence

    first, second = save(pdf_upload("scr-old.pdf")), save(pdf_upload("scr-new.pdf"))
    assert second.replaces == first
    client = client_for(world.users[Role.DSL])
    page = listing(client, Role.DSL, audit, section="documents")
    assert ">scr-new.pdf</a>" in page and ">scr-old.pdf, uploaded " in page
    assert client.get(f"/evidence/{first.pk}/").status_code == 200


def test_no_uploaded_file_is_left_on_disk_out_of_reach(world, audit, media, client_for):
    """Every file under MEDIA_ROOT after uploads and replacements is an evidence row that the
    audit's readers can download."""
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        upload_answer(world, audit, pdf_upload(name))
    upload_answer(world, audit, pdf_upload("other.pdf"), key="safeguarding.policies_in_place")
    on_disk = {p.relative_to(media).as_posix() for p in Path(media).rglob("*") if p.is_file()}
    stored = {e.file.name: e for e in EvidenceFile.objects.all()}
    assert len(on_disk) == 4
    assert on_disk == set(stored), "files on disk with no evidence row"
    client = client_for(world.users[Role.AP_LEAD])
    for evidence in stored.values():
        assert client.get(f"/evidence/{evidence.pk}/").status_code == 200, evidence.file.name


def test_a_file_stored_on_its_own_is_reachable_by_nobody(world):
    """The rule the download view keeps: a file is served only through what it belongs to."""
    loose = evidence_store(
        upload=pdf_upload(), trust=world.trust_a, school=None, by=world.users[Role.AP_LEAD]
    )
    client = signed_in_client(world.users[Role.AP_LEAD])
    assert client.get(f"/evidence/{loose.pk}/").status_code == 404


def test_a_file_whose_row_cannot_be_saved_is_not_left_on_disk(world, media, monkeypatch):
    def fail(self, *args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(EvidenceFile, "save", fail)
    with pytest.raises(RuntimeError):
        evidence_store(
            upload=pdf_upload(), trust=world.trust_a, school=None, by=world.users[Role.AP_LEAD]
        )
    assert not [p for p in Path(media).rglob("*") if p.is_file()]

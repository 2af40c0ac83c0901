"""R-5.3 and R-5.4: the Appendix 1 audit, section by section, with DSL confirmation and
Headteacher sign-off; signed-off audits are read-only and a new audit is a new version."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from altprov.authz.permissions import Role
from altprov.evidence.models import EvidenceFile
from altprov.provider_audits import services
from altprov.provider_audits.appendix import POLICY_DOCUMENTS, SECTIONS
from altprov.provider_audits.models import AuditAction, ProviderAudit
from altprov.provider_audits.progress import AuditSnapshot, progress
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_provider, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    world.provider = make_provider(
        world.trust_a, "Moorside Centre", registration_status="unregistered"
    )
    world.ap = world.users[Role.AP_LEAD]
    world.dsl = world.users[Role.DSL]
    world.head = world.users[Role.HEADTEACHER]
    return world


def start(client, provider):
    response = client.post(f"/providers/{provider.pk}/audits/start/")
    audit = ProviderAudit.objects.filter(provider=provider).order_by("-version").first()
    assert response["Location"] == f"/audits/{audit.pk}/"
    return audit


def test_R5_3_the_task_list_shows_every_section_of_appendix_1_in_order(scene):
    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    page = client.get(f"/audits/{audit.pk}/").content.decode()
    positions = [page.index(s.title.replace("'", "&#x27;")) for s in SECTIONS]
    assert positions == sorted(positions)
    assert "You have completed 0 of 10 sections" in page  # next steps not needed yet
    # A first audit starts from the register's details.
    assert audit.registration_status == "unregistered" and audit.dfe_number == "n/a"


def test_R5_3_the_unregistered_section_is_only_for_unregistered_providers(scene):
    registered = make_provider(scene.trust_a, "Registered Place")
    client = signed_in_client(scene.ap)
    audit = start(client, registered)
    assert client.get(f"/audits/{audit.pk}/unregistered/").status_code == 404
    assert "Not needed" in client.get(f"/audits/{audit.pk}/").content.decode()


def test_R5_3_visit_details_and_people_are_saved(scene):
    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    url = f"/audits/{audit.pk}/visit/"
    bad = client.post(
        url,
        {"visit_date_0": "31", "visit_date_1": "2", "visit_date_2": "2026", "visit_time": "25:00"},
    )
    assert "must be a real date" in bad.content.decode()
    ok = client.post(
        url,
        {"visit_date_0": "2", "visit_date_1": "11", "visit_date_2": "2026", "visit_time": "2:15pm"},
    )
    assert ok.status_code == 302
    audit.refresh_from_db()
    assert audit.visit_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-11-02 14:15"
    client.post(
        f"/audits/{audit.pk}/people/add/",
        {"kind": "visit", "name": "Jo Visitor", "role": "AP Lead"},
    )
    client.post(
        f"/audits/{audit.pk}/people/add/",
        {"kind": "completed_by", "name": "Jo Visitor", "role": "AP Lead"},
    )
    assert progress(AuditSnapshot(audit))[0].status == "completed"


def test_R5_3_a_question_section_saves_findings_evidence_concerns_and_next_steps(scene):
    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    data = {}
    for q in [
        "policies_in_place",
        "annual_training",
        "safeguarding_audit",
        "pastoral_support",
        "who_to_speak_to",
        "observations",
        "external_agencies",
    ]:
        data[f"safeguarding__{q}__findings"] = f"Findings for {q}"
    data["safeguarding__annual_training__concern"] = "Two staff overdue"
    data["safeguarding__annual_training__next_steps"] = "Ask for the training log"
    data["safeguarding__policies_in_place__upload"] = pdf_upload("policy.pdf")
    response = client.post(f"/audits/{audit.pk}/safeguarding/", data)
    assert response.status_code == 302
    answer = audit.answers.get(key="safeguarding.annual_training")
    assert answer.concern == "Two staff overdue"
    evidence = audit.answers.get(key="safeguarding.policies_in_place").evidence
    assert evidence.content_type == "application/pdf" and evidence.original_name == "policy.pdf"
    action = AuditAction.objects.get(audit=audit)
    assert (
        action.description == "Ask for the training log"
        and action.question_key == "safeguarding.annual_training"
    )


def test_R5_3_evidence_is_checked_by_its_content_not_its_name(scene):
    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    fake = SimpleUploadedFile(
        "policy.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf"
    )
    response = client.post(
        f"/audits/{audit.pk}/safeguarding/", {"safeguarding__policies_in_place__upload": fake}
    )
    content = response.content.decode()
    assert "The selected file must be a PDF, Word (.docx or .doc), PNG, JPEG or GIF" in content
    assert 'href="#id_safeguarding__policies_in_place__upload"' in content
    assert not audit.answers.exists()


def test_R5_3_a_word_document_and_an_image_are_accepted(scene):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("policy.docx", buffer.getvalue())
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    data = {
        "safeguarding__policies_in_place__upload": docx,
        "safeguarding__observations__upload": png,
    }
    assert client.post(f"/audits/{audit.pk}/safeguarding/", data).status_code == 302
    kinds = set(audit.answers.values_list("evidence__extension", flat=True))
    assert kinds == {".docx", ".png"}


def test_R5_3_a_file_over_the_size_limit_is_refused(scene, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    response = client.post(
        f"/audits/{audit.pk}/safeguarding/",
        {"safeguarding__observations__upload": pdf_upload(size=4096)},
    )
    assert "The selected file must be smaller than" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_R5_3_the_eleven_policy_documents_are_answered_with_links_or_uploads(scene):
    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    data = {f"{key}__answer": "seen" for key, _ in POLICY_DOCUMENTS}
    data["complaints__answer"] = "no"
    data["send_policy__link"] = "https://moorside.example.org/send.pdf"
    data["single_central_record__upload"] = pdf_upload("scr.pdf")
    assert client.post(f"/audits/{audit.pk}/documents/", data).status_code == 302
    assert audit.documents.count() == 11
    assert audit.documents.get(key="complaints").answer == "no"
    assert audit.documents.get(key="single_central_record").evidence.original_name == "scr.pdf"


def test_R5_4_the_dsl_confirms_safeguarding_then_the_headteacher_signs_off(scene):
    audit = complete_audit(scene.provider, scene.school_a1, by=scene.ap)
    with pytest.raises(PermissionDenied):
        services.safeguarding_confirm(audit=audit, by=scene.ap)
    head = signed_in_client(scene.head)
    response = head.post(f"/audits/{audit.pk}/sign-off/")
    assert response.status_code == 400
    assert "The DSL must confirm the safeguarding section" in response.content.decode()
    dsl = signed_in_client(scene.dsl)
    assert dsl.post(f"/audits/{audit.pk}/confirm-safeguarding/").status_code == 302
    audit.refresh_from_db()
    assert audit.dsl_confirmed_by == scene.dsl
    assert dsl.get(f"/audits/{audit.pk}/sign-off/").status_code == 404  # not the DSL's to sign
    assert head.post(f"/audits/{audit.pk}/sign-off/").status_code == 302
    audit.refresh_from_db()
    assert audit.signed_off_by == scene.head and audit.is_signed_off


def test_R5_4_changing_the_safeguarding_answers_withdraws_the_dsls_confirmation(scene):
    audit = complete_audit(scene.provider, scene.school_a1, by=scene.ap, dsl=scene.dsl)
    assert audit.dsl_confirmed_at is not None
    services.answers_save(
        audit=audit,
        answers={"safeguarding.observations": {"findings": "Changed after confirmation"}},
        school=scene.school_a1,
        by=scene.ap,
    )
    audit.refresh_from_db()
    assert audit.dsl_confirmed_at is None
    services.answers_save(
        audit=audit,
        answers={"quality.curriculum": {"findings": "Other section"}},
        school=scene.school_a1,
        by=scene.ap,
    )


def test_R5_4_sign_off_needs_every_section_and_an_owner_for_every_next_step(scene):
    audit = complete_audit(
        scene.provider, scene.school_a1, by=scene.ap, dsl=scene.dsl, next_steps="Fix it"
    )
    AuditAction.objects.filter(audit=audit).update(owner=None)
    with pytest.raises(ValidationError) as error:
        services.sign_off(audit=audit, by=scene.head)
    assert "Next steps: owners and due dates" in str(error.value)
    audit.outcome_reason = ""
    audit.save()
    with pytest.raises(ValidationError, match="the reason for your judgement"):
        services.sign_off(audit=audit, by=scene.head)


def test_R5_4_a_signed_off_audit_is_read_only(scene):
    audit = complete_audit(
        scene.provider, scene.school_a1, by=scene.ap, dsl=scene.dsl, sign_off_by=scene.head
    )
    client = signed_in_client(scene.ap)
    response = client.post(
        f"/audits/{audit.pk}/safeguarding/", {"safeguarding__observations__findings": "Changed"}
    )
    assert response["Location"] == f"/audits/{audit.pk}/"
    assert audit.answers.get(key="safeguarding.observations").findings == "Seen"
    with pytest.raises(services.AuditLocked):
        services.answers_save(audit=audit, answers={}, school=scene.school_a1, by=scene.ap)
    page = client.get(f"/audits/{audit.pk}/").content.decode()
    assert (
        "cannot be changed" in page
        and "1. Safeguarding" in page
        and "Question/Consideration" in page
    )


def test_R5_4_a_new_audit_is_a_new_version_and_the_earlier_ones_are_kept(scene):
    first = complete_audit(
        scene.provider, scene.school_a1, by=scene.ap, dsl=scene.dsl, sign_off_by=scene.head
    )
    client = signed_in_client(scene.ap)
    second = start(client, scene.provider)
    assert second.pk != first.pk and second.version == 2
    assert second.answers.get(key="safeguarding.observations").findings == "Seen"  # carried over
    assert second.dsl_confirmed_at is None and second.signed_off_at is None
    assert start(client, scene.provider).pk == second.pk  # one audit in progress at a time
    assert ProviderAudit.objects.filter(provider=scene.provider).count() == 2
    first.refresh_from_db()
    assert first.is_signed_off


def test_R5_6_next_steps_are_tracked_to_done_with_an_owner_and_a_due_date(scene):
    audit = complete_audit(
        scene.provider, scene.school_a1, by=scene.ap, next_steps="Check the fire exits"
    )
    action = audit.actions.get()
    client = signed_in_client(scene.ap)
    response = client.post(
        f"/audits/{audit.pk}/next_steps/",
        {
            f"a{action.pk}__owner": scene.dsl.pk,
            f"a{action.pk}__due_0": "1",
            f"a{action.pk}__due_1": "2",
            f"a{action.pk}__due_2": "2027",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == scene.dsl and str(action.due_on) == "2027-02-01"
    services.safeguarding_confirm(audit=audit, by=scene.dsl)
    services.sign_off(audit=audit, by=scene.head)
    assert "Check the fire exits" in client.get(f"/providers/{scene.provider.pk}/").content.decode()
    assert client.post(f"/audits/actions/{action.pk}/done/", {"note": ""}).status_code == 200
    assert (
        client.post(f"/audits/actions/{action.pk}/done/", {"note": "All clear"}).status_code == 302
    )
    action.refresh_from_db()
    assert action.is_done and action.done_by == scene.ap


def test_R5_3_the_completed_audit_renders_as_a_pdf_in_the_layout_of_appendix_1(scene):
    from pypdf import PdfReader

    audit = complete_audit(
        scene.provider, scene.school_a1, by=scene.ap, dsl=scene.dsl, sign_off_by=scene.head
    )
    response = signed_in_client(scene.head).get(f"/audits/{audit.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "Appendix 1: Use of Alternative Provision: Audit and Risk Assessment",
        "Moorside Centre",
        "Checks undertaken on provider's registration status",
        "Provision Profile",
        "Provision documentation",
        "Unregistered providers only",
        "1. Safeguarding",
        "2. Quality of Education",
        "3. Transition procedures",
        "4. Communication and Information Sharing",
        "Audit outcomes",
        "Is this AP considered suitable for use?",
    ]:
        assert expected in text, expected


def test_R10_2_audits_and_their_evidence_are_not_reachable_from_other_schools_or_trusts(scene):
    from tests.factories import give_role, make_user

    client = signed_in_client(scene.ap)
    audit = start(client, scene.provider)
    client.post(
        f"/audits/{audit.pk}/safeguarding/",
        {"safeguarding__observations__upload": pdf_upload("secret.pdf")},
    )
    evidence = audit.answers.get(key="safeguarding.observations").evidence
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 200
    assert (
        signed_in_client(scene.users[Role.TRUST_SAFEGUARDING_LEAD])
        .get(f"/evidence/{evidence.pk}/")
        .status_code
        == 200
    )
    dsl_a2 = make_user()
    give_role(dsl_a2, Role.DSL, school=scene.school_a2)
    for outsider in (
        dsl_a2,
        scene.outsider,
        scene.users[Role.ATTENDANCE_LEAD],
        scene.users[Role.TRUSTEE],
    ):
        other = signed_in_client(outsider)
        assert other.get(f"/evidence/{evidence.pk}/").status_code == 404
        assert other.get(f"/audits/{audit.pk}/").status_code == 404
        assert other.get(f"/audits/{audit.pk}/pdf/").status_code == 404


def test_R5_7_an_unregistered_providers_audit_records_the_school_improvement_teams_involvement(
    scene,
):
    audit = complete_audit(scene.provider, scene.school_a1, by=scene.ap, dsl=scene.dsl)
    audit.sit_discussion = ""
    audit.save()
    with pytest.raises(ValidationError, match="the discussion with the School Improvement Team"):
        services.sign_off(audit=audit, by=scene.head)
    # The School Improvement Team works on the audit with the school (policy 5).
    sit = signed_in_client(scene.users[Role.SCHOOL_IMPROVEMENT])
    response = sit.post(
        f"/audits/{audit.pk}/outcome/",
        {
            "suitable": "yes",
            "outcome_reason": "Seen",
            "sit_discussion": "SIT agreed: only option locally",
        },
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.sit_discussion == "SIT agreed: only option locally"
    services.sign_off(audit=audit, by=scene.head)


def test_R5_7_a_registered_providers_audit_does_not_need_the_sit_discussion(scene):
    registered = make_provider(scene.trust_a, "Registered Place")
    audit = complete_audit(registered, scene.school_a1, by=scene.ap, dsl=scene.dsl)
    audit.sit_discussion = ""
    audit.save()
    services.sign_off(audit=audit, by=scene.head)
    audit.refresh_from_db()
    assert audit.is_signed_off and audit.signed_off_by == scene.head

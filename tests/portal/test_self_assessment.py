"""R-5.3 and R-5.4 with issue 9: a school's audit editor asks the provider to answer chosen
sections of the Appendix 1 audit before the visit; the provider answers in the portal, apart from
the school's answers; the school sees them beside its own form, may copy them in, and still
decides and signs off. X-4: the email names no pupil and links to sign in."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.provider_audits import services
from altprov.provider_audits.models import AuditAnswer, SelfAssessmentRequest
from tests.conftest import signed_in_client
from tests.factories import give_role, make_user

from .helpers import portal_world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(portal):
    audit, _ = services.audit_start(
        provider=portal.provider, school=portal.school_a1, by=portal.users[Role.AP_LEAD]
    )
    portal.audit = audit
    return audit


def ask(portal, audit, sections=("transition",)):
    return services.self_assessment_request(
        audit=audit, sections=list(sections), by=portal.users[Role.AP_LEAD]
    )


TRANSITION = {
    "transition.induction": "A half-day visit with a parent",
    "transition.tasters": "Yes, two taster days",
    "transition.return_to_mainstream": "Reviewed every six weeks with the school",
}


def test_R5_3_the_ap_lead_asks_and_the_providers_users_are_emailed_X4(
    portal, audit, django_capture_on_commit_callbacks
):
    client = signed_in_client(portal.users[Role.AP_LEAD])
    page = client.get(f"/audits/{audit.pk}/").content.decode()
    assert "Ask the provider to answer sections of the audit" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/audits/{audit.pk}/ask-the-provider/",
            {"sections": ["transition", "communication"]},
            follow=True,
        )
    request = SelfAssessmentRequest.objects.get(audit=audit)
    assert request.sections == ["transition", "communication"]
    assert request.requested_by == portal.users[Role.AP_LEAD] and request.is_open
    page = response.content.decode()
    assert "Provider A Centre has been asked to answer the sections. Its 1 user has been sent" in (
        page
    )
    assert "Waiting for the provider" in page
    assert "Ask the provider to answer sections of the audit" not in page  # not asked twice
    [message] = mail.outbox
    assert message.to == [portal.pat.email]  # not the switched-off user, not another provider
    assert "School A1" in message.subject
    assert "3. Transition procedures" in message.body
    assert "/portal/requests/" in message.body
    assert "Alex" not in message.body and "Ordinary" not in message.body


def test_R5_3_a_request_names_at_least_one_question_section(portal, audit):
    for sections in ([], ["visit"], ["transition", "nonsense"]):
        with pytest.raises(ValidationError):
            ask(portal, audit, sections)
    page = (
        signed_in_client(portal.users[Role.AP_LEAD])
        .post(f"/audits/{audit.pk}/ask-the-provider/", {})
        .content.decode()
    )
    assert "Select the sections the provider should complete" in page
    assert not SelfAssessmentRequest.objects.exists()


def test_R5_3_nothing_is_asked_twice_while_a_request_is_open(portal, audit):
    ask(portal, audit)
    with pytest.raises(ValidationError) as error:
        ask(portal, audit, ["quality"])
    assert "has already been asked" in error.value.messages[0]
    page = (
        signed_in_client(portal.users[Role.AP_LEAD])
        .post(f"/audits/{audit.pk}/ask-the-provider/", {"sections": ["quality"]})
        .content.decode()
    )
    assert "has already been asked to complete sections of this audit" in page
    assert SelfAssessmentRequest.objects.count() == 1


def test_R5_3_only_an_audit_editor_of_the_audits_school_asks(portal, audit):
    with pytest.raises(PermissionDenied):
        services.self_assessment_request(
            audit=audit, sections=["transition"], by=portal.users[Role.ATTENDANCE_LEAD]
        )
    other_head = make_user(full_name="Other Head")
    give_role(other_head, Role.HEADTEACHER, school=portal.school_a2)
    for who in (portal.users[Role.ATTENDANCE_LEAD], other_head, portal.pat):
        client = signed_in_client(who)
        url = f"/audits/{audit.pk}/ask-the-provider/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"sections": ["transition"]}).status_code == 404
    assert not SelfAssessmentRequest.objects.exists()


def test_R5_3_a_signed_off_audit_asks_nothing(portal, audit):
    request = ask(portal, audit)
    audit.signed_off_at = timezone.now()
    audit.signed_off_by = portal.users[Role.HEADTEACHER]
    audit.save()
    with pytest.raises(ValidationError):
        ask(portal, audit, ["quality"])
    with pytest.raises(ValidationError):
        services.self_assessment_save(request=request, answers=TRANSITION, by=portal.pat, send=True)
    client = signed_in_client(portal.pat)
    assert client.get(f"/portal/requests/{request.pk}/").status_code == 404
    assert "School A1" not in client.get("/portal/requests/").content.decode()


def test_R5_3_the_provider_answers_apart_from_the_schools_answers(portal, audit):
    request = ask(portal, audit)
    client = signed_in_client(portal.pat)
    page = client.get("/portal/requests/").content.decode()
    assert "School A1: audit sections to complete" in page
    page = client.get(f"/portal/requests/{request.pk}/").content.decode()
    assert "Does the AP offer taster sessions/pupil visits?" in page
    assert "How does the AP track pupil attendance?" not in page  # a section not asked for
    fields = {k.replace(".", "__"): v for k, v in TRANSITION.items()}
    # Saved as a draft: the school does not see it yet.
    client.post(
        f"/portal/requests/{request.pk}/",
        {**fields, "transition__tasters": "", "action": "save"},
    )
    assert request.answers.count() == 2
    school = signed_in_client(portal.users[Role.AP_LEAD])
    assert "A half-day visit" not in school.get(f"/audits/{audit.pk}/transition/").content.decode()
    # Sent with a question unanswered: refused, naming the question.
    page = client.post(
        f"/portal/requests/{request.pk}/",
        {**fields, "transition__tasters": "", "action": "send"},
    ).content.decode()
    assert (
        "Answer &#x27;Does the AP offer taster sessions/pupil visits?&#x27; before sending" in page
    )
    request.refresh_from_db()
    assert request.is_open
    response = client.post(
        f"/portal/requests/{request.pk}/", {**fields, "action": "send"}, follow=True
    )
    assert "Your answers have been sent to School A1" in response.content.decode()
    request.refresh_from_db()
    assert not request.is_open and request.submitted_by == portal.pat
    assert not AuditAnswer.objects.filter(audit=audit).exists()  # never the school's answers
    page = client.get(f"/portal/requests/{request.pk}/").content.decode()
    assert "Sent by Pat Provider" in page and "Yes, two taster days" in page
    with pytest.raises(ValidationError):
        services.self_assessment_save(request=request, answers=TRANSITION, by=portal.pat, send=True)


def test_R5_4_the_school_sees_the_answers_copies_them_and_still_decides(portal, audit):
    request = ask(portal, audit)
    services.self_assessment_save(request=request, answers=TRANSITION, by=portal.pat, send=True)
    AuditAnswer.objects.create(audit=audit, key="transition.tasters", findings="Our own finding")
    school = signed_in_client(portal.users[Role.AP_LEAD])
    page = school.get(f"/audits/{audit.pk}/transition/").content.decode()
    assert "The provider&#x27;s answers" in page or "The provider's answers" in page
    assert "A half-day visit with a parent" in page
    assert (
        "Answered</strong> by Pat Provider" in school.get(f"/audits/{audit.pk}/").content.decode()
    )
    response = school.post(f"/audits/{audit.pk}/transition/copy-provider-answers/", follow=True)
    assert "2 of the provider&#x27;s answers copied" in response.content.decode()
    findings = dict(AuditAnswer.objects.filter(audit=audit).values_list("key", "findings"))
    assert findings == {
        "transition.induction": "A half-day visit with a parent",
        "transition.tasters": "Our own finding",  # the school's own words are kept
        "transition.return_to_mainstream": "Reviewed every six weeks with the school",
    }
    audit.refresh_from_db()
    assert audit.signed_off_at is None  # the provider's answers sign nothing off
    # The provider's answers for a section never asked about: nothing shown, nothing copied.
    assert "provider-answers" not in school.get(f"/audits/{audit.pk}/quality/").content.decode()
    assert services.self_assessment_copy(audit=audit, section="quality", by=portal.pat) == 0


def test_R5_3_another_provider_or_a_switched_off_user_sees_nothing(portal, audit):
    request = ask(portal, audit)
    for who in (portal.stranger, portal.switched_off):
        with pytest.raises(PermissionDenied):
            services.self_assessment_save(request=request, answers=TRANSITION, by=who, send=True)
    client = signed_in_client(portal.stranger)
    assert "School A1" not in client.get("/portal/requests/").content.decode()
    assert client.get(f"/portal/requests/{request.pk}/").status_code == 404
    fields = {k.replace(".", "__"): v for k, v in TRANSITION.items()}
    assert (
        client.post(f"/portal/requests/{request.pk}/", {**fields, "action": "send"}).status_code
        == 404
    )
    staff = signed_in_client(portal.users[Role.AP_LEAD])
    assert staff.get(f"/portal/requests/{request.pk}/").status_code == 404
    request.refresh_from_db()
    assert request.is_open and not request.answers.exists()


def test_R5_3_a_question_not_asked_is_refused(portal, audit):
    request = ask(portal, audit)
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            request=request, answers={"quality.curriculum": "x"}, by=portal.pat, send=False
        )


def test_R5_3_X4_a_provider_with_no_users_is_asked_without_an_email(
    portal, django_capture_on_commit_callbacks
):
    audit, _ = services.audit_start(
        provider=portal.other_provider, school=portal.school_a1, by=portal.users[Role.AP_LEAD]
    )
    portal.stranger.is_active = False
    portal.stranger.save()
    client = signed_in_client(portal.users[Role.AP_LEAD])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/audits/{audit.pk}/ask-the-provider/", {"sections": ["quality"]}, follow=True
        )
    assert "No one at Other Provider has an account on AltProv yet, so no email was sent" in (
        response.content.decode()
    )
    assert mail.outbox == []
    assert SelfAssessmentRequest.objects.get(audit=audit).is_open

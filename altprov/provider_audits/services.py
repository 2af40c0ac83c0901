"""Writes to audits (R-5.3, R-5.4). A signed-off audit is read-only: every write goes through
`_editable`, so no page can change one."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.locking import lock, lock_copy
from altprov.core.versions import check_version
from altprov.evidence.services import evidence_store
from altprov.providers.models import Provider
from altprov.providers.ofsted import describe, summary

from .appendix import ALL_QUESTIONS, QUESTION_SECTIONS, SECTIONS_BY_KEY, question_key
from .models import (
    AuditAction,
    AuditAnswer,
    AuditDocument,
    AuditPerson,
    ProviderAudit,
    SelfAssessmentAnswer,
    SelfAssessmentRequest,
)
from .progress import AuditSnapshot, section_progress, sign_off_blockers


class AuditLocked(ValidationError):
    pass


def _editable(audit: ProviderAudit, *, reread: bool = True, based_on: int | None = None) -> None:
    """Refuses any change to a signed-off audit. It locks the audit's row and checks it as
    committed, so no change slips in while the Headteacher signs it off. `reread=False` leaves
    the object as it is (a form has already put its changes on it) and checks a fresh copy.
    A change based on version `based_on` of the audit is refused (`StaleVersion`) when the audit
    has moved on since (X-5)."""
    current = lock(audit) if reread else lock_copy(audit)
    if current.is_signed_off:
        raise AuditLocked(
            "This audit has been signed off and cannot be changed. Start a new audit."
        )
    check_version(current, based_on, locked=True)
    audit.edit_version = current.edit_version


def _moved_on(audit: ProviderAudit, by) -> None:
    """A section kept in the audit's own tables (documents, answers, next steps) was saved: the
    audit's version moves on, so a form open on the old version is refused (X-5)."""
    audit._history_user = by
    audit.save(update_fields=[])


COPIED_FIELDS = [
    "registration_status",
    "on_la_list",
    "dfe_number",
    "ofsted_inspection_date",
    "ofsted_grading",
    "ofsted_safeguarding",
    "pupil_places",
    "key_stages",
    "adults_over_18",
    "gcse_english_maths",
    "gcse_five_or_more",
    "exam_centre",
    "exam_centre_number",
]


@transaction.atomic
def audit_start(*, provider: Provider, school, by) -> tuple[ProviderAudit, bool]:
    """The school's audit in progress for this provider, or a new version. A new version starts
    from the school's last signed-off audit (answers, people and documents, not the sign-offs), or
    from the register's details for a first audit. Returns (audit, created). The provider's row
    is locked first, so two requests at once find or make one draft, not two."""
    lock(provider)
    draft = ProviderAudit.objects.filter(
        provider=provider, school=school, signed_off_at__isnull=True
    ).first()
    if draft is not None:
        return draft, False
    previous = (
        ProviderAudit.objects.filter(provider=provider, school=school, signed_off_at__isnull=False)
        .order_by("-version")
        .first()
    )
    version = (
        ProviderAudit.objects.filter(provider=provider, school=school).aggregate(v=Max("version"))[
            "v"
        ]
        or 0
    ) + 1
    audit = ProviderAudit(provider=provider, school=school, version=version, created_by=by)
    if previous is not None:
        for name in COPIED_FIELDS + [
            "reported_full_time_pupils",
            "reported_full_time_looked_after",
            "reported_full_time_ehcp",
            "reported_full_time_sen_support",
        ]:
            setattr(audit, name, getattr(previous, name))
    else:
        latest_inspection = provider.inspections.first()
        audit.registration_status = provider.registration_status
        audit.on_la_list = provider.on_la_list
        audit.dfe_number = provider.urn if not provider.is_unregistered else "n/a"
        if provider.is_unregistered:
            audit.ofsted_inspection_date = audit.ofsted_grading = audit.ofsted_safeguarding = "n/a"
        elif latest_inspection is not None:
            audit.ofsted_inspection_date = f"{latest_inspection.inspection_date:%-d %B %Y}"
            audit.ofsted_grading = summary(latest_inspection)
            audit.ofsted_safeguarding = dict(describe(latest_inspection))["Safeguarding"]
        for name in [
            "pupil_places",
            "key_stages",
            "adults_over_18",
            "gcse_english_maths",
            "gcse_five_or_more",
            "exam_centre",
            "exam_centre_number",
        ]:
            setattr(audit, name, getattr(provider, name))
    audit._history_user = by
    audit.save()
    if previous is not None:
        AuditPerson.objects.bulk_create(
            AuditPerson(audit=audit, kind=p.kind, name=p.name, role=p.role)
            for p in previous.people.all()
        )
        AuditDocument.objects.bulk_create(
            AuditDocument(audit=audit, key=d.key, answer=d.answer, link=d.link, evidence=d.evidence)
            for d in previous.documents.all()
        )
        AuditAnswer.objects.bulk_create(
            AuditAnswer(
                audit=audit,
                key=a.key,
                findings=a.findings,
                concern=a.concern,
                next_steps=a.next_steps,
                evidence=a.evidence,
            )
            for a in previous.answers.all()
        )
        _sync_actions(audit)
    return audit, True


@transaction.atomic
def audit_fields_save(
    *, audit: ProviderAudit, form, by, based_on: int | None = None
) -> ProviderAudit:
    _editable(audit, reread=False, based_on=based_on)
    form.instance._history_user = by
    return form.save()


@transaction.atomic
def visit_save(*, audit: ProviderAudit, visit_at, by, based_on: int | None = None) -> ProviderAudit:
    _editable(audit, based_on=based_on)
    audit.visit_at = visit_at
    audit._history_user = by
    audit.save(update_fields=["visit_at"])
    return audit


@transaction.atomic
def person_add(
    *, audit: ProviderAudit, kind: str, name: str, role: str, by, based_on: int | None = None
) -> AuditPerson:
    """The people are kept with the audit: adding one moves the audit's version on, and an
    addition based on an old version is refused, so two people adding the same colleague at once
    do not list them twice (X-5)."""
    _editable(audit, based_on=based_on)
    _moved_on(audit, by)
    person = AuditPerson(audit=audit, kind=kind, name=name, role=role)
    person._history_user = by
    person.save()
    return person


@transaction.atomic
def person_remove(*, person: AuditPerson, by) -> None:
    """Not checked against a version: a person is never changed, only added or removed, so there
    is nothing of anyone's to lose (one already removed is a 404). It moves the audit's version
    on, so a visit form open meanwhile is refused and shows the removal (X-5)."""
    audit = person.audit
    _editable(audit)
    _moved_on(audit, by)
    person._history_user = by
    person.delete()


@transaction.atomic
def documents_save(
    *, audit: ProviderAudit, answers: dict, school, by, based_on: int | None = None
) -> None:
    """answers: key -> {"answer", "link", "upload"} for the eleven policy documents."""
    _editable(audit, based_on=based_on)
    _moved_on(audit, by)
    for key, values in answers.items():
        document, _ = AuditDocument.objects.get_or_create(audit=audit, key=key)
        document.answer = values["answer"]
        document.link = values["link"]
        if values.get("upload"):
            document.evidence = evidence_store(
                upload=values["upload"],
                trust=audit.provider.trust,
                school=school,
                by=by,
                replaces=document.evidence,
            )
        document._history_user = by
        document.save()


@transaction.atomic
def answers_save(
    *, audit: ProviderAudit, answers: dict, school, by, based_on: int | None = None
) -> None:
    """answers: question key -> {"findings", "concern", "next_steps", "upload"}. Saving the
    safeguarding section again withdraws the DSL's confirmation: they confirm what is there."""
    _editable(audit, based_on=based_on)
    _moved_on(audit, by)
    changed_safeguarding = False
    existing = {a.key: a for a in audit.answers.all()}
    for key, values in answers.items():
        answer = existing.get(key)
        if answer is None:
            if not values.get("upload") and not any(
                values.get(n) for n in ("findings", "concern", "next_steps")
            ):
                continue  # nothing to record for a question left blank
            answer = AuditAnswer(audit=audit, key=key)
        before = (answer.findings, answer.concern, answer.next_steps, answer.evidence_id)
        for name in ("findings", "concern", "next_steps"):
            if name in values:
                setattr(answer, name, values[name])
        if values.get("upload"):
            answer.evidence = evidence_store(
                upload=values["upload"],
                trust=audit.provider.trust,
                school=school,
                by=by,
                replaces=answer.evidence,
            )
        if answer.pk is None or before != (
            answer.findings,
            answer.concern,
            answer.next_steps,
            answer.evidence_id,
        ):
            changed_safeguarding |= key.startswith("safeguarding.")
            answer._history_user = by
            answer.save()
    if changed_safeguarding and audit.dsl_confirmed_at is not None:
        audit.dsl_confirmed_at = None
        audit.dsl_confirmed_by = None
        audit._history_user = by
        audit.save(update_fields=["dsl_confirmed_at", "dsl_confirmed_by"])
    _sync_actions(audit)


def _sync_actions(audit: ProviderAudit) -> None:
    """One tracked action for each question with next steps (R-5.6)."""
    wanted = {
        a.key: a.next_steps.strip()
        for a in audit.answers.all()
        if a.key in ALL_QUESTIONS and a.next_steps.strip()
    }
    existing = {a.question_key: a for a in audit.actions.all()}
    for key, action in existing.items():
        if key not in wanted and not action.is_done:
            action.delete()
    for key, description in wanted.items():
        action = existing.get(key)
        if action is None:
            AuditAction.objects.create(audit=audit, question_key=key, description=description)
        elif action.description != description and not action.is_done:
            action.description = description
            action.save(update_fields=["description"])


@transaction.atomic
def action_plan_save(*, audit: ProviderAudit, plans: dict, by, based_on: int | None = None) -> None:
    """plans: action id -> (owner, due date)."""
    _editable(audit, based_on=based_on)
    _moved_on(audit, by)
    for action in audit.actions.all():
        if action.pk in plans:
            action.owner, action.due_on = plans[action.pk]
            action._history_user = by
            action.save()


@transaction.atomic
def safeguarding_confirm(*, audit: ProviderAudit, by) -> None:
    """The DSL confirms the safeguarding section (policy 10.5, R-5.4)."""
    _editable(audit)
    if not has_permission(by, Permission.CONFIRM_AUDIT_SAFEGUARDING, school=audit.school):
        raise PermissionDenied
    if audit.dsl_confirmed_at is not None:
        raise ValidationError("The safeguarding section has already been confirmed")
    snapshot = AuditSnapshot(audit)
    progress = section_progress(snapshot, SECTIONS_BY_KEY["safeguarding"])
    if progress.missing:
        raise ValidationError(
            "Complete the safeguarding section before confirming it: " + ", ".join(progress.missing)
        )
    audit.dsl_confirmed_by = by
    audit.dsl_confirmed_at = timezone.now()
    audit._history_user = by
    audit.save(update_fields=["dsl_confirmed_by", "dsl_confirmed_at"])


@transaction.atomic
def sign_off(*, audit: ProviderAudit, by) -> None:
    """The Headteacher signs the audit off (policy 10.3, R-5.4). Then it is read-only."""
    _editable(audit)
    if not has_permission(by, Permission.SIGN_OFF_AUDITS, school=audit.school):
        raise PermissionDenied
    blockers = sign_off_blockers(AuditSnapshot(audit))
    if blockers:
        raise ValidationError(blockers)
    audit.signed_off_by = by
    audit.signed_off_at = timezone.now()
    audit._history_user = by
    audit.save(update_fields=["signed_off_by", "signed_off_at"])


@transaction.atomic
def action_done(*, action: AuditAction, note: str, by) -> None:
    lock(action)
    if action.is_done:
        raise ValidationError("This action is already done")
    action.done_at = timezone.now()
    action.done_by = by
    action.done_note = note
    action._history_user = by
    action.save()


# The provider's self-assessment (issue 9, R-5.3) ----------------------------------------------


@transaction.atomic
def self_assessment_request(*, audit: ProviderAudit, sections: list[str], by):
    """A school's audit editor asks the provider to answer chosen question sections of the audit
    before the visit, while the audit is a draft. One open request per audit (nothing asked
    twice). The provider's active users are told by email (X-4: no pupil names, a link)."""
    _editable(audit)
    if not has_permission(by, Permission.EDIT_AUDITS, school=audit.school):
        raise PermissionDenied
    chosen = [key for key in QUESTION_SECTIONS if key in set(sections)]
    if not chosen or len(chosen) != len(set(sections)):
        raise ValidationError({"sections": "Select the sections the provider should complete"})
    if audit.self_assessment_requests.filter(submitted_at__isnull=True).exists():
        raise ValidationError(
            f"{audit.provider.name} has already been asked to complete sections of this audit "
            "and has not sent them yet."
        )
    request = SelfAssessmentRequest(audit=audit, sections=chosen, requested_by=by)
    request._history_user = by
    request.save()
    recipients = list(
        get_user_model()
        .objects.filter(provider=audit.provider, is_active=True)
        .values_list("email", flat=True)
    )
    request.emailed = len(recipients)
    if recipients:
        transaction.on_commit(lambda: _self_assessment_email(request, recipients))
    return request


def _self_assessment_email(request: SelfAssessmentRequest, recipients: list[str]) -> None:
    """X-4: names the school and the sections, never a pupil; the link asks them to sign in."""
    audit = request.audit
    link = settings.SERVICE_BASE_URL.rstrip("/") + reverse("portal:requests")
    titles = "\n".join(f"- {QUESTION_SECTIONS[key].title}" for key in request.sections)
    send_mail(
        subject=f"{audit.school.name} asks you to complete part of its audit on AltProv",
        message=(
            f"{audit.school.name} is auditing {audit.provider.name} before a visit and asks you "
            f"to answer these sections of the audit yourselves:\n\n{titles}\n\n"
            f"Sign in to AltProv to answer them:\n\n{link}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def requested_questions(request: SelfAssessmentRequest):
    """(section, [(key, question)]) for each section asked for, in the appendix's order."""
    return [
        (
            QUESTION_SECTIONS[k],
            [(question_key(QUESTION_SECTIONS[k], q), q) for q in QUESTION_SECTIONS[k].questions],
        )
        for k in request.sections
    ]


@transaction.atomic
def self_assessment_save(*, request: SelfAssessmentRequest, answers: dict, by, send: bool):
    """The provider user's answers (question key -> text), kept apart from the school's. With
    `send`, every question asked must have an answer; the request then closes. Refused once sent,
    once the audit is signed off, and for anyone but an active user of the audited provider."""
    audit = request.audit
    if not by.is_active or by.provider_id is None or by.provider_id != audit.provider_id:
        raise PermissionDenied
    _editable(audit)
    request = lock(request)
    if not request.is_open:
        raise ValidationError("These answers have already been sent to the school.")
    asked = [key for _, keys in requested_questions(request) for key, _ in keys]
    unknown = set(answers) - set(asked)
    if unknown:
        raise ValidationError(f"These questions were not asked: {', '.join(sorted(unknown))}")
    existing = {a.key: a for a in request.answers.all()}
    for key in asked:
        if key not in answers:
            continue
        text = answers[key].strip()
        answer = existing.get(key)
        if answer is None and not text:
            continue
        if answer is None:
            answer = SelfAssessmentAnswer(request=request, key=key)
        elif answer.answer == text:
            continue
        answer.answer, answer.answered_by = text, by
        answer._history_user = by
        answer.save()
        existing[key] = answer
    if send:
        unanswered = [k for k in asked if not getattr(existing.get(k), "answer", "")]
        if unanswered:
            raise ValidationError(
                {k: f"Answer '{ALL_QUESTIONS[k][1].text}' before sending" for k in unanswered}
            )
        request.submitted_by, request.submitted_at = by, timezone.now()
        request._history_user = by
        request.save(update_fields=["submitted_by", "submitted_at"])
    return request


def provider_answers(audit: ProviderAudit) -> dict:
    """Question key -> the provider's answer, from the requests it has sent (the latest wins)."""
    rows = SelfAssessmentAnswer.objects.filter(
        request__audit=audit, request__submitted_at__isnull=False
    ).order_by("request__submitted_at", "pk")
    return {a.key: a for a in rows if a.answer}


def self_assessment_copy(*, audit: ProviderAudit, section: str, by) -> int:
    """Copies the provider's answers of a section into the school's findings where the school has
    written none; the school's own words are never replaced. Returns how many were copied."""
    definition = QUESTION_SECTIONS[section]
    theirs = provider_answers(audit)
    ours = {a.key: a for a in audit.answers.all()}
    copy = {}
    for question in definition.questions:
        key = question_key(definition, question)
        if key in theirs and not (ours.get(key) and ours[key].findings.strip()):
            copy[key] = {"findings": theirs[key].answer}
    if copy:
        answers_save(audit=audit, answers=copy, school=audit.school, by=by)
    return len(copy)

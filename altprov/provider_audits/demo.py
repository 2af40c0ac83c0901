"""A completed audit, for the demo trust and for tests: every section of Appendix 1 answered
with plain placeholder findings, then (optionally) confirmed by the DSL and signed off."""

import datetime as dt

from django.utils import timezone

from . import services
from .appendix import AUDIT_SECTIONS, POLICY_DOCUMENTS, UNREGISTERED_QUESTIONS, question_key
from .models import AuditAction, AuditDocument, AuditPerson


def audit_completed(
    provider,
    school,
    *,
    by,
    visit: dt.date | None = None,
    suitable: bool = True,
    next_steps: str = "",
    sign_off_by=None,
    dsl=None,
    reported_full_time: int | None = None,
    reported_looked_after: int = 0,
    reported_ehcp: int = 0,
    reported_sen_support: int = 0,
):
    """An audit with every section of Appendix 1 answered (and, given the DSL and Headteacher,
    confirmed and signed off), written through the services."""
    audit, _ = services.audit_start(provider=provider, school=school, by=by)
    visit = visit or dt.date.today() - dt.timedelta(days=7)
    audit.visit_at = timezone.make_aware(dt.datetime.combine(visit, dt.time(10, 30)))
    audit.registration_status = provider.registration_status
    audit.on_la_list = "yes"
    audit.dfe_number = audit.dfe_number or "n/a"
    audit.ofsted_inspection_date = audit.ofsted_inspection_date or "n/a"
    audit.ofsted_grading = audit.ofsted_grading or "n/a"
    audit.ofsted_safeguarding = audit.ofsted_safeguarding or "n/a"
    audit.pupil_places = 20
    audit.key_stages = ",KS3,KS4,"
    audit.adults_over_18 = "no"
    audit.gcse_english_maths = "yes"
    audit.gcse_five_or_more = "no"
    audit.exam_centre = "no"
    audit.suitable = suitable
    audit.outcome_reason = "Seen and checked"
    audit.sit_discussion = "Discussed with the School Improvement Team"
    if provider.is_unregistered:
        audit.reported_full_time_pupils = reported_full_time or 0
        audit.reported_full_time_looked_after = reported_looked_after
        audit.reported_full_time_ehcp = reported_ehcp
        audit.reported_full_time_sen_support = reported_sen_support
    audit._history_user = by
    audit.save()
    AuditPerson.objects.get_or_create(audit=audit, kind="visit", name="Vi Visitor", role="AP Lead")
    AuditPerson.objects.get_or_create(
        audit=audit, kind="completed_by", name="Vi Visitor", role="AP Lead"
    )
    for key, _ in POLICY_DOCUMENTS:
        AuditDocument.objects.update_or_create(audit=audit, key=key, defaults={"answer": "seen"})
    answers = {
        question_key(s, q): {"findings": "Seen", "concern": "", "next_steps": ""}
        for s in AUDIT_SECTIONS
        for q in s.questions
    }
    if next_steps:
        answers["quality.curriculum"]["next_steps"] = next_steps
    answers.update(
        {f"unregistered.{q.key}": {"findings": "Answered"} for q in UNREGISTERED_QUESTIONS}
    )
    services.answers_save(audit=audit, answers=answers, school=school, by=by)
    for action in AuditAction.objects.filter(audit=audit):  # saved, so the history has it
        action.owner, action.due_on = by, dt.date.today() + dt.timedelta(days=30)
        action._history_user = by
        action.save(update_fields=["owner", "due_on"])
    if dsl is not None:
        services.safeguarding_confirm(audit=audit, by=dsl)
    if sign_off_by is not None:
        services.sign_off(audit=audit, by=sign_off_by)
    audit.refresh_from_db()
    return audit

"""Changes of state that happen once (issue 14, 1.5): the DSL's confirmation, the Headteacher's
sign-off and an action done re-read their record under a row lock inside their transaction, so a
second request (the same call with the record as it was read before the first one) is refused
with a clear message and writes nothing; nothing changes a signed-off audit, and two requests to
start an audit make one draft."""

import pytest
from django.core.exceptions import ValidationError

from altprov.provider_audits import services
from altprov.provider_audits.models import AuditAction, AuditAnswer, ProviderAudit
from tests.factories import complete_audit
from tests.provider_audits.test_audit import scene  # noqa: F401

pytestmark = pytest.mark.django_db


def as_read_before(audit) -> ProviderAudit:
    return ProviderAudit.objects.get(pk=audit.pk)


def history(audit) -> int:
    return ProviderAudit.history.filter(id=audit.pk).count()


def test_R5_4_the_dsl_confirms_the_safeguarding_section_once(scene):  # noqa: F811
    audit = complete_audit(scene.provider, scene.school_a1, by=scene.ap)
    second = as_read_before(audit)
    services.safeguarding_confirm(audit=audit, by=scene.dsl)
    confirmed_at, before = as_read_before(audit).dsl_confirmed_at, history(audit)
    with pytest.raises(ValidationError, match="already been confirmed"):
        services.safeguarding_confirm(audit=second, by=scene.dsl)
    assert history(audit) == before and as_read_before(audit).dsl_confirmed_at == confirmed_at


def test_R5_4_the_headteacher_signs_off_once_and_then_nothing_changes_the_audit(scene):  # noqa: F811
    audit = complete_audit(scene.provider, scene.school_a1, by=scene.ap, dsl=scene.dsl)
    second, editor = as_read_before(audit), as_read_before(audit)
    services.sign_off(audit=audit, by=scene.head)
    signed_at, before = as_read_before(audit).signed_off_at, history(audit)
    with pytest.raises(services.AuditLocked):
        services.sign_off(audit=second, by=scene.head)
    answers = AuditAnswer.objects.filter(audit=audit).count()
    with pytest.raises(services.AuditLocked):  # a change begun before the sign-off
        services.answers_save(
            audit=editor,
            answers={"safeguarding.policies_in_place": {"findings": "Changed after sign-off"}},
            school=scene.school_a1,
            by=scene.ap,
        )
    with pytest.raises(services.AuditLocked):
        services.person_add(audit=editor, kind="school", name="Late", role="Visitor", by=scene.ap)
    assert history(audit) == before and as_read_before(audit).signed_off_at == signed_at
    assert AuditAnswer.objects.filter(audit=audit).count() == answers
    assert not audit.people.filter(name="Late").exists()


def test_R5_6_an_action_is_marked_done_once(scene):  # noqa: F811
    audit = complete_audit(
        scene.provider,
        scene.school_a1,
        by=scene.ap,
        dsl=scene.dsl,
        sign_off_by=scene.head,
        next_steps="Check the fire exits",
    )
    action = audit.actions.get()
    second = AuditAction.objects.get(pk=action.pk)
    services.action_done(action=action, note="All clear", by=scene.ap)
    before = AuditAction.history.filter(id=action.pk).count()
    with pytest.raises(ValidationError, match="already done"):
        services.action_done(action=second, note="Again", by=scene.dsl)
    assert AuditAction.history.filter(id=action.pk).count() == before
    stored = AuditAction.objects.get(pk=action.pk)
    assert (stored.done_note, stored.done_by) == ("All clear", scene.ap)


def test_R5_4_starting_an_audit_twice_finds_the_one_draft(scene):  # noqa: F811
    first, created = services.audit_start(
        provider=scene.provider, school=scene.school_a1, by=scene.ap
    )
    again, created_again = services.audit_start(
        provider=scene.provider, school=scene.school_a1, by=scene.ap
    )
    assert created and not created_again and again.pk == first.pk
    assert ProviderAudit.objects.filter(provider=scene.provider).count() == 1

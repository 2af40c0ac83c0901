"""Audit next steps for the duty engine (R-5.4, R-5.6): every open next step of a signed-off
audit is due on its due date, for its owner to do and mark as done."""

from collections.abc import Iterator

from altprov.core.duties import DueItem, DutyContext, url_maker

from .models import AuditAction


def next_steps_due(ctx: DutyContext) -> Iterator[DueItem]:
    actions = (
        AuditAction.objects.filter(
            audit__school_id__in=ctx.school_ids,
            audit__signed_off_at__isnull=False,
            done_at__isnull=True,
            due_on__isnull=False,
        )
        .select_related("audit__provider")
        .order_by("due_on", "pk")
    )
    url = url_maker("provider_audits:action_done")
    for action in actions:
        yield DueItem(
            duty="audit_next_step",
            school_id=action.audit.school_id,
            due=action.due_on,
            subject_id=action.pk,
            title=f"Next step from the audit of {action.audit.provider.name}",
            url=url(action.pk),
            link_text=f"Mark the next step for {action.audit.provider.name} as done",
            owner_id=action.owner_id,
            link_hidden=f": {action.description[:80]}",
        )

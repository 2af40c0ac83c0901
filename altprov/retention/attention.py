"""Records past their retention period waiting for the DSL's confirmation (X-1)."""

from django.urls import reverse

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.attention import AttentionItem, attention_source
from altprov.organisations.selectors import current_school

from .models import DueForDeletion


@attention_source
def records_due_for_deletion(request) -> list[AttentionItem]:
    school = current_school(request)
    if school is None or not has_permission(
        request.user, Permission.CONFIRM_RETENTION_DELETIONS, school=school
    ):
        return []
    count = DueForDeletion.objects.filter(school=school).count()
    if not count:
        return []
    records = "1 pupil's record is" if count == 1 else f"{count} pupils' records are"
    return [
        AttentionItem(
            title=f"{records} past the retention period",
            detail="Check each one and confirm its deletion.",
            url=reverse("retention:due", args=[school.pk]),
            link_text="See the records due for deletion",
        )
    ]

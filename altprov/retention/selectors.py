"""Reads of the retention list, scoped to the schools where the user is the DSL (X-1)."""

from django.http import Http404

from altprov.authz.checks import school_ids_with
from altprov.authz.permissions import Permission

from .models import DueForDeletion


def due_for(user, due_id) -> DueForDeletion:
    """A listed record of a school where the user may confirm deletions; otherwise not found."""
    schools = school_ids_with(user, Permission.CONFIRM_RETENTION_DELETIONS)
    try:
        return DueForDeletion.objects.select_related("pupil", "school").get(
            pk=due_id, school_id__in=schools
        )
    except (DueForDeletion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

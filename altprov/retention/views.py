"""Retention (X-1): the school's records past their retention period, for its DSL, and the
confirmation that deletes one."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from altprov.audit.access import shows_pupils
from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Permission
from altprov.core.step_up import step_up_required
from altprov.organisations.selectors import school_for

from . import services
from .models import DueForDeletion
from .record import record_of
from .selectors import due_for

RECENT_DELETIONS = 20


@shows_pupils("records due for deletion")
def due_list(request, school_id: int):
    school = school_for(request.user, school_id, Permission.CONFIRM_RETENTION_DELETIONS)
    rows = list(DueForDeletion.objects.filter(school=school).select_related("pupil"))
    deletions = list(
        AccessEvent.objects.filter(school=school, what=services.TOMBSTONE)
        .select_related("user")
        .order_by("-at")[:RECENT_DELETIONS]
    )
    return render(
        request,
        "retention/due.html",
        {"school": school, "rows": rows, "deletions": deletions, "today": dt.date.today()},
    )


@step_up_required
@shows_pupils("deletion of a record past its retention period")
def confirm(request, due_id: int):
    due = due_for(request.user, due_id)
    if request.method == "POST":
        # Nothing here prints the pupil's name: once deleted, the access log could not name them.
        try:
            deleted = services.confirm_deletion(due=due, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"The record has been deleted: {deleted.rows} rows, {deleted.history_rows} "
                f"earlier versions and {deleted.files} files. The access log keeps its reference, "
                f"{deleted.reference}, with no name.",
            )
        return redirect("retention:due", school_id=due.school_id)
    record = record_of(due.pupil)
    return render(
        request,
        "retention/confirm.html",
        {
            "due": due,
            "pupil": due.pupil,
            "counts": sorted(record.counts().items()),
            "history_rows": record.history_count(),
        },
    )

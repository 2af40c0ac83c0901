"""Subject access requests (X-1): a short journey from the pupil's page for the DSL and the
Headteacher of the pupil's school. (1) What may need redacting, with checkboxes; (2) check your
answers; (3) the ZIP, made in memory after a fresh second-factor code, logged in the access log
and recorded (who, when, and how much was redacted, as counts). Everyone else gets 404 on every
step, as for a pupil out of scope."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from altprov.audit.access import shows_pupils
from altprov.audit.shown import pupil_shown
from altprov.core.step_up import step_up_required

from . import export, services
from .forms import RedactionForm
from .records import record_of
from .redaction import DOCUMENTS, ENTRIES, NAMES, Redaction, default_choice, items_of
from .selectors import pupil_to_export

GROUPS = (
    (NAMES, "Names of other people"),
    (ENTRIES, "Safeguarding entries"),
    (DOCUMENTS, "Documents"),
)


def _session_key(pupil) -> str:
    return f"altprov_sar_{pupil.pk}"


def chosen_redactions(request, pupil, items) -> set[str] | None:
    """The items to redact: those the person ticked, and any item listed since (a safeguarding
    entry recorded after they chose) as its default. None before they have chosen."""
    choice = request.session.get(_session_key(pupil))
    if not isinstance(choice, dict):
        return None
    listed, redact = set(choice.get("listed", [])), set(choice.get("redact", []))
    return {
        i.key for i in items if i.key in redact or (i.key not in listed and i.redact_by_default)
    }


def _grouped(items, redact: set[str]):
    return [
        {
            "key": key,
            "title": title,
            "redacted": [i for i in items if i.group == key and i.key in redact],
            "kept": [i for i in items if i.group == key and i.key not in redact],
        }
        for key, title in GROUPS
    ]


@shows_pupils("subject access request: what to redact")
def redaction(request, pupil_id: int):
    pupil = pupil_to_export(request.user, pupil_id)
    items = items_of(record_of(pupil))
    chosen = chosen_redactions(request, pupil, items)
    initial = sorted(chosen) if chosen is not None else default_choice(items)
    form = RedactionForm(
        request.POST if request.method == "POST" else None, items=items, initial={"redact": initial}
    )
    if request.method == "POST" and form.is_valid():
        request.session[_session_key(pupil)] = {
            "listed": [i.key for i in items],
            "redact": form.cleaned_data["redact"],
        }
        return redirect("sar:check", pupil_id=pupil.pk)
    pupil_shown(pupil)
    return render(
        request,
        "sar/redaction.html",
        {
            "pupil": pupil,
            "form": form,
            "groups": form.groups(GROUPS),
            "first_key": items[0].key if items else "",
        },
    )


@shows_pupils("subject access request: check your answers")
def check(request, pupil_id: int):
    pupil = pupil_to_export(request.user, pupil_id)
    items = items_of(record_of(pupil))
    redact = chosen_redactions(request, pupil, items)
    if redact is None:
        return redirect("sar:redaction", pupil_id=pupil.pk)
    pupil_shown(pupil)
    return render(
        request,
        "sar/check.html",
        {"pupil": pupil, "groups": _grouped(items, redact), "any_items": bool(items)},
    )


@require_POST
@step_up_required(form_page=lambda pupil_id: reverse("sar:check", args=[pupil_id]))
@shows_pupils("subject access export")
def download(request, pupil_id: int):
    pupil = pupil_to_export(request.user, pupil_id)
    record = record_of(pupil)
    redact = chosen_redactions(request, pupil, items_of(record))
    if redact is None:
        return redirect("sar:redaction", pupil_id=pupil.pk)
    redaction = Redaction(record, redact)
    content = export.export_zip(redaction, made_by=request.user, request=request)
    services.export_recorded(redaction=redaction, by=request.user)
    pupil_shown(pupil)
    response = HttpResponse(content, content_type="application/zip")
    name = f"subject-access-{pupil.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response

"""Recording the monitoring of an attending placement (R-12.1 to R-12.5). Each page is a form
about one placement; a refusal is 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.placements.status import placement_status
from altprov.placements.views import placement_for

from . import selectors, services
from .forms import (
    ContinuationForm,
    DecisionForm,
    EarlyEndForm,
    FormalReviewForm,
    IncidentForm,
    ReportForm,
    VisitForm,
)
from .models import Incident


def _attending(request, placement_id: int, permission: Permission):
    placement = placement_for(request, placement_id)
    if placement_status(placement, timezone.localdate()).key != "attending" or not has_permission(
        request.user, permission, school=placement.referral.school
    ):
        raise Http404
    return placement


def _page(request, placement, form, *, record, done: str, title: str, submit: str, intro=""):
    """The form page: on a valid POST, `record(cleaned_data)` saves and the placement page opens
    with `done`; a refusal from the service shows on the form with nothing typed lost."""
    if request.method == "POST" and form.is_valid():
        try:
            record(form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages[0])
        else:
            messages.success(request, done() if callable(done) else done)
            return redirect(reverse("placements:detail", args=[placement.pk]) + "#monitoring")
    return form_page(
        request,
        form,
        title=title,
        caption=f"{placement.pupil.full_name} at {placement.provider.name}",
        submit=submit,
        cancel_url=reverse("placements:detail", args=[placement.pk]) + "#monitoring",
        intro=intro,
    )


def _data(request):
    return request.POST if request.method == "POST" else None


@shows_pupils("placement: termly report")
def report_add(request, placement_id: int):
    """R-12.1"""
    placement = _attending(request, placement_id, Permission.RECORD_MONITORING)
    return _page(
        request,
        placement,
        ReportForm(_data(request), placement=placement),
        record=lambda d: services.report_record(placement=placement, by=request.user, **d),
        done=lambda: "The termly report has been recorded. " + selectors.report_due_text(placement),
        title="Record the provider's termly report",
        submit="Record the report",
        intro=selectors.report_due_text(placement),
    )


@shows_pupils("placement: visit")
def visit_add(request, placement_id: int):
    """R-12.2"""
    placement = _attending(request, placement_id, Permission.RECORD_MONITORING)
    return _page(
        request,
        placement,
        VisitForm(_data(request), placement=placement),
        record=lambda d: services.visit_record(placement=placement, by=request.user, **d),
        done=lambda: "The visit has been recorded. " + selectors.visit_due_text(placement),
        title="Record a visit to the pupil at the provider",
        submit="Record the visit",
        intro=selectors.visit_due_text(placement),
    )


@shows_pupils("placement: serious incident")
def incident_add(request, placement_id: int):
    """R-12.3"""
    placement = _attending(request, placement_id, Permission.RECORD_MONITORING)
    return _page(
        request,
        placement,
        IncidentForm(_data(request), placement=placement),
        record=lambda d: services.incident_record(placement=placement, by=request.user, **d),
        done="The serious incident has been recorded. The AP Lead and the Headteacher are asked "
        "for their decisions.",
        title="Record a serious incident reported by the provider",
        submit="Record the incident",
        intro="The provider contacts the school after a serious behaviour incident (policy 12).",
    )


# the decision each role records, and the permission it needs.
DECISION_PERMISSION = {
    "ap_lead": Permission.RECORD_AP_LEAD_DECISIONS,
    "headteacher": Permission.RECORD_HEADTEACHER_DECISIONS,
}


@shows_pupils("placement: incident decision")
def incident_decide(request, incident_id: int, who: str):
    """R-12.3: the AP Lead's or the Headteacher's decision, each once."""
    permission = DECISION_PERMISSION.get(who)
    if permission is None:
        raise Http404
    try:
        incident = (
            Incident.objects.filter(
                placement__referral__school_id__in=school_ids_with(request.user, permission)
            )
            .select_related("placement__referral__pupil", "placement__provider")
            .get(pk=incident_id)
        )
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    text_field, _, at_field, title = services.DECIDERS[who]
    if getattr(incident, at_field) is not None:
        raise Http404
    placement = incident.placement
    label = f"The decision of {title}"
    return _page(
        request,
        placement,
        DecisionForm(_data(request), label=label),
        record=lambda d: services.incident_decide(
            incident=incident, who=who, decision=d["decision"], by=request.user
        ),
        done=f"The decision of {title} has been recorded.",
        title=f"Record the decision of {title} on the serious incident",
        submit="Record the decision",
        intro=f"Incident on {incident.occurred_on:%-d %B %Y}: {incident.what_happened} "
        f"Action taken by the provider: {incident.provider_action}",
    )


@shows_pupils("placement: formal review")
def formal_review_add(request, placement_id: int):
    """R-12.4"""
    placement = _attending(request, placement_id, Permission.RECORD_MONITORING)
    return _page(
        request,
        placement,
        FormalReviewForm(_data(request), placement=placement),
        record=lambda d: services.formal_review_record(placement=placement, by=request.user, **d),
        done="The formal review has been recorded.",
        title="Record a formal review meeting",
        submit="Record the formal review",
        intro="A pupil not making satisfactory progress has a formal review meeting. After three "
        "in a row with no improvement, the Headteacher decides whether the placement continues "
        "(R-12.4).",
    )


@shows_pupils("placement: continue or end")
def continuation_decide(request, placement_id: int):
    """R-12.4: only while a decision is waiting."""
    placement = _attending(request, placement_id, Permission.RECORD_HEADTEACHER_DECISIONS)
    if services.pending_review(placement) is None:
        raise Http404
    return _page(
        request,
        placement,
        ContinuationForm(_data(request)),
        record=lambda d: services.continuation_decide(placement=placement, by=request.user, **d),
        done="The decision has been recorded.",
        title="Decide whether the placement continues or ends",
        submit="Record the decision",
        intro="The pupil's progress has not improved following three formal review meetings "
        "(R-12.4). If the placement continues, three more formal reviews without improvement ask "
        "for a decision again.",
    )


@shows_pupils("placement: end for safeguarding")
def early_end(request, placement_id: int):
    """R-12.5"""
    placement = _attending(request, placement_id, Permission.END_PLACEMENTS_FOR_SAFEGUARDING)
    return _page(
        request,
        placement,
        EarlyEndForm(_data(request), placement=placement),
        record=lambda d: services.early_end(placement=placement, by=request.user, **d),
        done="The placement has ended. The ending is in the pupil's chronology.",
        title="End the placement early for safeguarding concerns",
        submit="End the placement",
        intro="The placement ends at once and cannot be restarted. Record the date the DSL was "
        "informed (R-12.5).",
    )

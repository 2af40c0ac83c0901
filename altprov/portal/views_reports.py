"""What a provider submits besides attendance (issue 9): the termly report (R-12.1), serious
incidents (R-12.3) and the audit self-assessment a school asked for (R-5.3). Every read goes
through the portal's selectors: anything outside the user's provider is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from altprov.audit.access import shows_pupils
from altprov.core.pages import form_page
from altprov.monitoring import services as monitoring
from altprov.monitoring.selectors import report_window
from altprov.placements.status import placement_status
from altprov.provider_audits import services as audits

from .forms_reports import PortalIncidentForm, PortalReportForm, SelfAssessmentForm
from .selectors import portal_placement, provider_for
from .services_reports import portal_request, portal_requests


def _attending(request, placement_id: int):
    placement = portal_placement(request.user, placement_id)
    attending = placement_status(placement, timezone.localdate()).key == "attending"
    return placement, attending


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages[0])


@shows_pupils("provider portal: reports and incidents")
def placement_reports(request, placement_id: int):
    placement = portal_placement(request.user, placement_id)
    return render(request, "portal/reports/placement.html", {"placement": placement})


@shows_pupils("provider portal: termly report")
def report_add(request, placement_id: int):
    """R-12.1: the provider's termly report, against the due date of the duty engine's rule."""
    placement, attending = _attending(request, placement_id)
    back = reverse("portal:placement_reports", args=[placement.pk])
    window = report_window(placement) if attending else None
    if not attending or window["due"] is None or not window["open"]:
        return render(
            request,
            "portal/reports/report_closed.html",
            {"placement": placement, "attending": attending, "window": window, "back": back},
        )
    form = PortalReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            monitoring.report_submit(placement=placement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, f"Your termly report has been sent to {placement.referral.school.name}."
            )
            return redirect(back)
    late = " It is late." if window["due"] < timezone.localdate() else ""
    return form_page(
        request,
        form,
        title="Send the termly report",
        caption=f"{placement.referral.pupil.provider_name}, {placement.referral.school.name}",
        intro=f"Due by {window['due']:%A %-d %B %Y}.{late} The school receives it as soon as "
        "you send it.",
        submit="Send the report",
        cancel_url=back,
        back_url=back,
    )


@shows_pupils("provider portal: serious incident")
def incident_add(request, placement_id: int):
    """R-12.3: a serious incident, which reaches the AP Lead and the Headteacher at once."""
    placement, attending = _attending(request, placement_id)
    if not attending:
        raise Http404
    back = reverse("portal:placement_reports", args=[placement.pk])
    form = PortalIncidentForm(
        request.POST if request.method == "POST" else None, placement=placement
    )
    if request.method == "POST" and form.is_valid():
        try:
            monitoring.incident_submit(placement=placement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                f"The serious incident has been reported to {placement.referral.school.name}.",
            )
            return redirect(back)
    return form_page(
        request,
        form,
        title="Report a serious incident",
        caption=f"{placement.referral.pupil.provider_name}, {placement.referral.school.name}",
        intro="The school's AP Lead and Headteacher are asked to decide on it at once.",
        submit="Report the incident",
        cancel_url=back,
        back_url=back,
    )


def requests_list(request):
    """Requests from schools: the audit sections schools have asked this provider to answer."""
    provider = provider_for(request.user)
    rows = portal_requests(request.user)
    return render(
        request,
        "portal/reports/requests.html",
        {
            "provider": provider,
            "open": [r for r in rows if r.is_open],
            "sent": [r for r in rows if not r.is_open],
        },
    )


def request_answer(request, request_id: int):
    """The provider's own answers to the sections asked for, saved as they go and sent once."""
    asked = portal_request(request.user, request_id)
    answers = {a.key: a for a in asked.answers.all()}
    questions = audits.requested_questions(asked)
    if not asked.is_open:
        return render(
            request,
            "portal/reports/request_sent.html",
            {
                "asked": asked,
                "rows": [
                    (section, [(q, answers.get(key)) for key, q in keyed])
                    for section, keyed in questions
                ],
            },
        )
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" else None, questions=questions, answers=answers
    )
    if request.method == "POST" and form.is_valid():
        send = request.POST.get("action") == "send"
        try:
            audits.self_assessment_save(
                request=asked, answers=form.answers(), by=request.user, send=send
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_service_errors(error.message_dict)
            else:
                form.add_error(None, error.messages[0])
        else:
            school = asked.audit.school.name
            messages.success(
                request,
                f"Your answers have been sent to {school}."
                if send
                else "Your answers have been saved. Send them when they are complete.",
            )
            if send:
                return redirect("portal:requests")
            return redirect("portal:request", asked.pk)
    return render(
        request,
        "portal/reports/request.html",
        {"asked": asked, "form": form, "questions": questions},
        status=400 if request.method == "POST" else 200,
    )

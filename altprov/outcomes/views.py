"""Reintegration, endings and outcomes (R-13.1 to R-13.3, R-6.5). Each page is about one
placement of the user's school (or the trust's questions); a refusal is 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.returns import back_to
from altprov.organisations.selectors import trust_for
from altprov.placements.status import placement_status
from altprov.placements.views import placement_for

from . import selectors, services
from .forms import (
    EndForm,
    FinalReportForm,
    FollowUpForm,
    MeetingForm,
    OutcomeForm,
    PlanForm,
    PupilViewsForm,
    QuestionForm,
    ReintegrateForm,
    SupportForm,
    ViewsForm,
)
from .gate import BEFORE_RETURN
from .models import ReturnFollowUp, ViewQuestion

SECTION = "#reintegration"


def _placement(
    request, placement_id: int, *, state: str, permission=Permission.RECORD_REINTEGRATION
):
    """The placement of the user's school, in `state` ("attending", "ended", "reintegrated"),
    for someone who may record there; otherwise not found."""
    placement = placement_for(request, placement_id)
    key = placement_status(placement, timezone.localdate()).key
    ok_state = {
        "attending": key == "attending",
        "ended": placement.status == "ended",
        "reintegrated": placement.status == "ended" and placement.end_reason == "reintegrated",
        "answering": key == "attending" or placement.status == "ended",
    }[state]
    if not ok_state or not has_permission(
        request.user, permission, school=placement.referral.school
    ):
        raise Http404
    return placement


def _detail(placement) -> str:
    return reverse("placements:detail", args=[placement.pk]) + SECTION


def _page(request, placement, form, *, record, done, title, submit, intro="", multipart=False):
    """On a valid POST, `record(form)` saves and the placement's page (or the page the user came
    from) opens with `done`; a refusal from the service shows on the form with nothing lost."""
    if request.method == "POST" and form.is_valid():
        try:
            record(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, done)
            return redirect(back_to(request, _detail(placement)))
    return form_page(
        request,
        form,
        title=title,
        caption=f"{placement.pupil.full_name} at {placement.provider.name}",
        submit=submit,
        cancel_url=_detail(placement),
        back_url=_detail(placement),
        intro=intro,
        multipart=multipart,
    )


def _data(request):
    return request.POST if request.method == "POST" else None


def _initial(record, form_class) -> dict:
    if record is None:
        return {}
    return {name: getattr(record, name) for name in form_class.base_fields if hasattr(record, name)}


BEFORE_FORMS = {
    "reintegration_meeting": (
        MeetingForm,
        "Record the reintegration meeting with the provider",
        "The AP Lead (or the Headteacher) meets the provider to develop the reintegration plan "
        "(R-13.1).",
    ),
    "reintegration_plan": (
        PlanForm,
        "Record the reintegration plan",
        "The plan is based on the pupil's needs, the final report and the pupil's views: "
        "objectives on return, the school's support and the dates (R-13.1).",
    ),
    "final_report": (
        FinalReportForm,
        "Record the provider's final report",
        "Before reintegration the AP Lead obtains a final report on the pupil's achievements "
        "during the placement (R-13.2).",
    ),
    "pupil_views": (
        PupilViewsForm,
        "Record the pupil's views on returning",
        "The AP Lead records the pupil's views with the pupil (R-13.2).",
    ),
}


def _before_return(request, placement_id: int, key: str):
    placement = _placement(request, placement_id, state="attending")
    form_class, title, intro = BEFORE_FORMS[key]
    record = getattr(placement, key, None)
    files = request.FILES if request.method == "POST" else None
    initial = {k: v for k, v in _initial(record, form_class).items() if k != "document"}
    form = form_class(_data(request), files, placement=placement, initial=initial)
    text = next(b.text for b in BEFORE_RETURN if b.key == key).split(":")[0]
    return _page(
        request,
        placement,
        form,
        record=lambda f: services.before_return_save(
            placement=placement, key=key, by=request.user, **f.cleaned_data
        ),
        done=f"{text} has been recorded.",
        title=title,
        submit="Save",
        intro=intro,
        multipart="document" in form_class.base_fields,
    )


@shows_pupils("placement: reintegration meeting")
def meeting(request, placement_id: int):
    """R-13.1"""
    return _before_return(request, placement_id, "reintegration_meeting")


@shows_pupils("placement: reintegration plan")
def plan(request, placement_id: int):
    """R-13.1"""
    return _before_return(request, placement_id, "reintegration_plan")


@shows_pupils("placement: final report")
def final_report(request, placement_id: int):
    """R-13.2"""
    return _before_return(request, placement_id, "final_report")


@shows_pupils("placement: pupil's views on returning")
def pupil_views(request, placement_id: int):
    """R-13.2"""
    return _before_return(request, placement_id, "pupil_views")


@shows_pupils("placement: return to school")
def reintegrate(request, placement_id: int):
    """R-13.1 to R-13.3: ending by reintegration, refused with "Still needed:" until everything
    before the return is recorded."""
    placement = _placement(request, placement_id, state="attending")
    form = ReintegrateForm(_data(request), placement=placement)
    still_needed = []
    if request.method == "POST" and form.is_valid():
        try:
            services.reintegrate(placement=placement, on=form.cleaned_data["on"], by=request.user)
        except ValidationError as error:
            if error.code == "still_needed":
                keys = error.params["missing"]
                still_needed = [b for b in BEFORE_RETURN if b.key in keys]
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                "The placement has ended: the pupil has returned to school. Record their "
                "continued support and, once known, the outcome.",
            )
            return redirect(_detail(placement))
    context = selectors.section_of(placement, request.user)
    return render(
        request,
        "outcomes/reintegrate.html",
        {
            **context,
            "form": form,
            "refused": still_needed,
            "back_url": _detail(placement),
        },
    )


@shows_pupils("placement: end")
def end(request, placement_id: int):
    """R-13.3: an ending other than reintegration, safeguarding or lack of progress."""
    placement = _placement(request, placement_id, state="attending")
    return _page(
        request,
        placement,
        EndForm(_data(request), placement=placement),
        record=lambda f: services.end_placement(
            placement=placement,
            reason=f.cleaned_data["reason"],
            on=f.cleaned_data["on"],
            detail=f.cleaned_data.get("detail") or "",
            decided_on=f.cleaned_data.get("decided_on"),
            by=request.user,
        ),
        done="The placement has ended. Record its outcome and destination.",
        title="End the placement for another reason",
        submit="End the placement",
        intro="For a return to school, use the reintegration page; for safeguarding concerns or "
        "lack of progress, the monitoring section. The placement cannot be restarted.",
    )


@shows_pupils("placement: continued support")
def support_add(request, placement_id: int):
    """R-13.3"""
    placement = _placement(request, placement_id, state="ended")
    return _page(
        request,
        placement,
        SupportForm(_data(request), placement=placement),
        record=lambda f: services.support_add(
            placement=placement, by=request.user, **f.cleaned_data
        ),
        done="The support has been recorded.",
        title="Record continued support after the placement",
        submit="Record the support",
        intro="Pupils who have returned to school are supported in line with their needs "
        "(policy 13).",
    )


@shows_pupils("placement: follow-up after return")
def follow_up(request, placement_id: int):
    """R-13.3: once, for a pupil who returned to school."""
    placement = _placement(request, placement_id, state="reintegrated")
    if ReturnFollowUp.objects.filter(placement=placement).exists():
        raise Http404
    return _page(
        request,
        placement,
        FollowUpForm(_data(request), placement=placement),
        record=lambda f: services.follow_up_record(
            placement=placement, by=request.user, **f.cleaned_data
        ),
        done="The follow-up has been recorded.",
        title="Record the follow-up after the first half term back",
        submit="Record the follow-up",
        intro="How the return is going, and the pupil's attendance at school since (R-13.3).",
    )


@shows_pupils("placement: outcome")
def outcome(request, placement_id: int):
    """R-13.3, R-6.5: once, after the placement ended."""
    placement = _placement(request, placement_id, state="ended")
    if hasattr(placement, "outcome"):
        raise Http404
    return _page(
        request,
        placement,
        OutcomeForm(_data(request)),
        record=lambda f: services.outcome_record(
            placement=placement, by=request.user, **f.cleaned_data
        ),
        done="The outcome has been recorded.",
        title="Record the outcome of the placement",
        submit="Record the outcome",
        intro="Full records of every placement are kept: progress, achievements, the destination "
        "and the pupil's own assessment (R-6.5). The outcome is recorded once.",
    )


@shows_pupils("placement: pupil's questionnaire")
def views_add(request, placement_id: int):
    """R-6.5: the pupil's answers to the trust's questions."""
    placement = _placement(request, placement_id, state="answering")
    questions = services.questions_for(placement.referral.school.trust)
    if not questions:
        raise Http404
    form = ViewsForm(
        _data(request),
        placement=placement,
        questions=questions,
        reviews=selectors.reviews_of(placement),
    )
    return _page(
        request,
        placement,
        form,
        record=lambda f: services.views_record(
            placement=placement,
            by=request.user,
            moment=f.cleaned_data["moment"],
            answered_on=f.cleaned_data["answered_on"],
            scores=f.scores(),
            **f.review_objects(),
        ),
        done="The pupil's answers have been recorded.",
        title="Record the pupil's answers to the questionnaire",
        submit="Record the answers",
        intro="Ask the pupil each question: 1 is strongly disagree and 5 strongly agree. Ask at "
        "the start, at each review and at the end (R-6.5).",
    )


@shows_pupils("placement: impact")
def impact(request, placement_id: int):
    """R-6.5, R-13.3: the pupil's view and attendance before, during and after."""
    placement = placement_for(request, placement_id)
    return render(request, "outcomes/impact.html", selectors.impact_of(placement))


# The trust's questions (R-6.5) -----------------------------------------------------------------


def questions(request):
    trust = trust_for(request, Permission.MANAGE_PUPIL_VIEW_QUESTIONS)
    return render(
        request,
        "outcomes/questions.html",
        {
            "trust": trust,
            "questions": ViewQuestion.objects.filter(trust=trust).order_by("position", "pk"),
        },
    )


def question_edit(request, question_id: int | None = None):
    trust = trust_for(request, Permission.MANAGE_PUPIL_VIEW_QUESTIONS)
    question = get_object_or_404(ViewQuestion, pk=question_id, trust=trust) if question_id else None
    initial = (
        {
            "wording": question.wording,
            "position": question.position,
            "active": "yes" if question.active else "no",
        }
        if question
        else {"position": (ViewQuestion.objects.filter(trust=trust).count() + 1)}
    )
    form = QuestionForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.question_save(trust=trust, by=request.user, question=question, **form.cleaned_data)
        messages.success(
            request,
            "The question has been saved. Answers already given keep the wording they answered.",
        )
        return redirect("outcomes:questions")
    return form_page(
        request,
        form,
        title="Change a question" if question else "Add a question",
        caption=f"{trust.name}: the pupil's view of their placement",
        submit="Save the question",
        cancel_url=reverse("outcomes:questions"),
        back_url=reverse("outcomes:questions"),
    )

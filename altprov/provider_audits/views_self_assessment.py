"""The school's side of the provider's self-assessment (issue 9, R-5.3): an audit editor asks the
provider to answer chosen sections before the visit, and copies the answers in if they wish.
The school still decides and signs off (R-5.4)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from altprov.core.pages import form_page

from . import services
from .appendix import QUESTION_SECTIONS
from .forms import SelfAssessmentRequestForm
from .views import _editable_audit


def self_assessment_request(request, audit_id: int):
    audit, locked = _editable_audit(request, audit_id)
    if locked:
        return locked
    form = SelfAssessmentRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.self_assessment_request(
                audit=audit, sections=form.cleaned_data["sections"], by=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages[0])
        else:
            told = (
                f"Its {asked.emailed} user{'s have' if asked.emailed != 1 else ' has'} been sent "
                "an email."
                if asked.emailed
                else f"No one at {audit.provider.name} has an account on AltProv yet, so no "
                "email was sent: they see the request once they have one."
            )
            messages.success(
                request, f"{audit.provider.name} has been asked to answer the sections. {told}"
            )
            return redirect("provider_audits:overview", audit_id=audit.pk)
    back = reverse("provider_audits:overview", args=[audit.pk])
    return form_page(
        request,
        form,
        title="Ask the provider to answer sections of the audit",
        caption=f"{audit.provider.name}: audit by {audit.school.name}",
        submit="Send the request",
        cancel_url=back,
        back_url=back,
    )


@require_POST
def self_assessment_copy(request, audit_id: int, section: str):
    audit, locked = _editable_audit(request, audit_id)
    if locked:
        return locked
    if section not in QUESTION_SECTIONS:
        raise Http404
    copied = services.self_assessment_copy(audit=audit, section=section, by=request.user)
    if copied:
        messages.success(
            request,
            f"{copied} of the provider's answer{'s' if copied != 1 else ''} copied into your "
            "findings. Check and change them as you need: the audit is yours to decide.",
        )
    else:
        messages.info(
            request,
            "Nothing was copied: every question already has your findings, or the "
            "provider has not answered it.",
        )
    return redirect("provider_audits:section", audit_id=audit.pk, section=section)

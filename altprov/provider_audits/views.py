"""The audit and risk assessment (Appendix 1) as a GOV.UK task list, one section per page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST
from weasyprint import HTML

from altprov.authz.checks import has_permission
from altprov.authz.fields import staff_of
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.versions import StaleVersion, changes_since, refuse
from altprov.organisations.selectors import current_school
from altprov.providers.selectors import provider_for

from . import selectors, services
from .appendix import (
    POLICY_DOCUMENTS,
    QUESTION_SECTIONS,
    SECTIONS,
    SECTIONS_BY_KEY,
    UNREGISTERED_QUESTIONS,
)
from .forms import (
    ActionDoneForm,
    ActionPlanForm,
    DocumentsForm,
    OutcomeForm,
    PersonForm,
    ProfileForm,
    QuestionsForm,
    RegistrationForm,
    UnregisteredForm,
    VisitForm,
)
from .models import AuditAction, AuditAnswer, AuditDocument, AuditPerson
from .progress import (
    COMPLETED,
    NOT_NEEDED,
    AuditSnapshot,
    audit_state,
    progress,
    sign_off_blockers,
)


@require_POST
def audit_start(request, provider_id: int):
    provider = provider_for(request.user, provider_id)
    school = current_school(request)
    if (
        school is None
        or school.trust_id != provider.trust_id
        or not has_permission(request.user, Permission.EDIT_AUDITS, school=school)
    ):
        raise Http404
    audit, created = services.audit_start(provider=provider, school=school, by=request.user)
    if created:
        messages.success(request, f"Version {audit.version} of the audit has been started.")
    return redirect("provider_audits:overview", audit_id=audit.pk)


def _editable_audit(request, audit_id):
    audit = selectors.audit_for(request.user, audit_id, Permission.EDIT_AUDITS)
    if audit.is_signed_off:
        messages.warning(request, "This audit has been signed off and cannot be changed.")
        return audit, redirect("provider_audits:overview", audit_id=audit.pk)
    return audit, None


def document_context(audit) -> dict:
    """Everything the read-only audit and its PDF show, in the appendix's order."""
    snapshot = AuditSnapshot(audit)
    return {
        "audit": audit,
        "snapshot": snapshot,
        "visit_people": [p for p in snapshot.people if p.kind == AuditPerson.Kind.VISIT],
        "completed_by": [p for p in snapshot.people if p.kind == AuditPerson.Kind.COMPLETED_BY],
        "documents": [(text, snapshot.documents.get(key)) for key, text in POLICY_DOCUMENTS],
        "unregistered": [
            (q, snapshot.answer(f"unregistered.{q.key}")) for q in UNREGISTERED_QUESTIONS
        ],
        "sections": [
            (section, [(q, snapshot.answer(f"{section.key}.{q.key}")) for q in section.questions])
            for section in QUESTION_SECTIONS.values()
        ],
        "actions": snapshot.actions,
        "key_stages": ", ".join(audit.key_stage_list),
    }


def audit_overview(request, audit_id: int):
    audit = selectors.audit_for(request.user, audit_id)
    user = request.user
    snapshot = AuditSnapshot(audit)
    sections = progress(snapshot)
    can_edit = not audit.is_signed_off and has_permission(
        user, Permission.EDIT_AUDITS, school=audit.school
    )
    counted = [p for p in sections if p.status != NOT_NEEDED]
    context = {
        "audit": audit,
        "sections": sections,
        "completed": sum(1 for p in counted if p.status == COMPLETED),
        "total": len(counted),
        "can_edit": can_edit,
        "can_confirm": not audit.is_signed_off
        and audit.dsl_confirmed_at is None
        and has_permission(user, Permission.CONFIRM_AUDIT_SAFEGUARDING, school=audit.school),
        "can_sign_off": not audit.is_signed_off
        and has_permission(user, Permission.SIGN_OFF_AUDITS, school=audit.school),
        "blockers": sign_off_blockers(snapshot),
        "state": audit_state(snapshot, sections),
        "safeguarding_done": next(p for p in sections if p.section.key == "safeguarding").status
        == COMPLETED,
        "versions": selectors.audits_for(user)
        .filter(provider=audit.provider, school=audit.school)
        .order_by("-version"),
    }
    # Issue 9: what the provider has been asked to answer itself, and whether it has.
    asked = list(audit.self_assessment_requests.select_related("requested_by", "submitted_by"))
    context["self_assessments"] = [
        (r, ", ".join(QUESTION_SECTIONS[k].title for k in r.sections)) for r in asked
    ]
    context["can_ask_provider"] = can_edit and not any(r.is_open for r in asked)
    if audit.is_signed_off or not can_edit:
        context.update(document_context(audit))
    return render(request, "provider_audits/overview.html", context)


def audit_section(request, audit_id: int, section: str):
    audit, locked = _editable_audit(request, audit_id)
    if locked:
        return locked
    definition = SECTIONS_BY_KEY.get(section)
    if definition is None or (definition.unregistered_only and not audit.for_unregistered):
        raise Http404
    if section == "visit":
        return _visit(request, audit)
    snapshot = AuditSnapshot(audit)
    data, files = (
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    school = audit.school
    version = audit.edit_version
    if section == "registration":
        form = RegistrationForm(data, instance=audit, version=version)
    elif section == "profile":
        form = ProfileForm(data, instance=audit, version=version)
    elif section == "documents":
        form = DocumentsForm(data, files, documents=snapshot.documents, version=version)
    elif section == "unregistered":
        form = UnregisteredForm(data, instance=audit, answers=snapshot.answers, version=version)
    elif section in QUESTION_SECTIONS:
        form = QuestionsForm(
            data, files, section=definition, answers=snapshot.answers, version=version
        )
    elif section == "next_steps":
        owners = staff_of(school)
        form = ActionPlanForm(data, actions=snapshot.actions, owners=owners, version=version)
    else:
        form = OutcomeForm(data, instance=audit, version=version)
    changes = None
    if request.method == "POST" and form.is_valid() and not form.has_changed():
        # Nothing entered or changed: nothing is written and no success is claimed (issue 14).
        messages.info(request, f"Nothing was saved: '{definition.title}' had no new answers.")
        return redirect("provider_audits:overview", audit_id=audit.pk)
    if request.method == "POST" and form.is_valid():
        by, based_on = request.user, form.based_on()
        try:
            if section in ("registration", "profile", "outcome"):
                services.audit_fields_save(audit=audit, form=form, by=by, based_on=based_on)
            elif section == "documents":
                services.documents_save(
                    audit=audit, answers=form.answers(), school=school, by=by, based_on=based_on
                )
            elif section == "unregistered":
                services.audit_fields_save(audit=audit, form=form, by=by, based_on=based_on)
                services.answers_save(audit=audit, answers=form.answers(), school=school, by=by)
            elif section in QUESTION_SECTIONS:
                services.answers_save(
                    audit=audit, answers=form.answers(), school=school, by=by, based_on=based_on
                )
            else:
                services.action_plan_save(audit=audit, plans=form.plans(), by=by, based_on=based_on)
        except services.AuditLocked as error:  # signed off since the page was read
            messages.error(request, error.messages[0])
            return redirect("provider_audits:overview", audit_id=audit.pk)
        except StaleVersion as error:  # changed by someone else since the page was read
            refuse(form, error)
            changes = _changes(error)
        else:
            messages.success(request, f"'{definition.title}' has been saved.")
            return redirect("provider_audits:overview", audit_id=audit.pk)
    return render(
        request,
        "provider_audits/section.html",
        {
            "audit": audit,
            "section": definition,
            "form": form,
            "multipart": section == "documents" or section in QUESTION_SECTIONS,
            "uploaded": snapshot.uploaded_in(definition),
            "index": SECTIONS.index(definition) + 1,
            "provider_answers": _provider_answers(audit, definition),
            "changes": changes,
        },
    )


def _changes(error: StaleVersion) -> list:
    """What changed in the audit, and in its people, documents, answers and next steps, since
    the version the refused form was based on (an audit holds no pupil's data)."""
    audit = error.record
    parent = ("audit",)
    return changes_since(
        audit,
        error.based_on,
        excluded=("provider", "school"),
        children=(
            ("Person", AuditPerson.history.filter(audit_id=audit.pk), parent),
            ("Policy document", AuditDocument.history.filter(audit_id=audit.pk), parent),
            ("Answer", AuditAnswer.history.filter(audit_id=audit.pk), parent),
            ("Next step", AuditAction.history.filter(audit_id=audit.pk), parent),
        ),
    )


def _provider_answers(audit, definition) -> list:
    """Issue 9: the provider's own answers to this section's questions, shown beside the school's
    form (question, answer or None); empty when the provider was never asked about it."""
    if definition.key not in QUESTION_SECTIONS:
        return []
    theirs = services.provider_answers(audit)
    rows = [(q, theirs.get(f"{definition.key}.{q.key}")) for q in definition.questions]
    return rows if any(a for _, a in rows) else []


def _visit(request, audit):
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        initial={
            "visit_date": audit.visit_at.date() if audit.visit_at else None,
            "visit_time": f"{audit.visit_at:%H:%M}" if audit.visit_at else "",
        },
        version=audit.edit_version,
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_save(
                audit=audit, visit_at=form.visit_at(), by=request.user, based_on=form.based_on()
            )
        except services.AuditLocked as error:  # signed off since the page was read
            messages.error(request, error.messages[0])
            return redirect("provider_audits:overview", audit_id=audit.pk)
        except StaleVersion as error:  # changed by someone else since the page was read
            refuse(form, error)
            changes = _changes(error)
        else:
            messages.success(request, "The date and time of the visit have been saved.")
            return redirect("provider_audits:section", audit_id=audit.pk, section="visit")
    return render(
        request,
        "provider_audits/visit.html",
        {
            "audit": audit,
            "section": SECTIONS_BY_KEY["visit"],
            "form": form,
            "people": audit.people.all(),
            "changes": changes,
        },
    )


def person_add(request, audit_id: int):
    audit, locked = _editable_audit(request, audit_id)
    if locked:
        return locked
    form = PersonForm(
        request.POST if request.method == "POST" else None, version=audit.edit_version
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_add(
                audit=audit,
                by=request.user,
                based_on=form.based_on(),
                **{name: form.cleaned_data[name] for name in ("kind", "name", "role")},
            )
        except services.AuditLocked as error:  # signed off since the page was read
            messages.error(request, error.messages[0])
            return redirect("provider_audits:overview", audit_id=audit.pk)
        except StaleVersion as error:  # someone else changed the audit since
            refuse(form, error)
            changes = _changes(error)
        else:
            messages.success(request, f"{person.name} has been added.")
            return redirect("provider_audits:section", audit_id=audit.pk, section="visit")
    return form_page(
        request,
        form,
        title="Add a person to the audit",
        caption=str(audit.provider),
        submit="Add person",
        cancel_url=reverse("provider_audits:section", args=[audit.pk, "visit"]),
        changes=changes,
    )


@require_POST
def person_remove(request, audit_id: int, person_id: int):
    audit, locked = _editable_audit(request, audit_id)
    if locked:
        return locked
    person = get_object_or_404(AuditPerson, pk=person_id, audit=audit)
    services.person_remove(person=person, by=request.user)
    messages.success(request, f"{person.name} has been removed.")
    return redirect("provider_audits:section", audit_id=audit.pk, section="visit")


@require_POST
def confirm_safeguarding(request, audit_id: int):
    audit = selectors.audit_for(request.user, audit_id, Permission.CONFIRM_AUDIT_SAFEGUARDING)
    try:
        services.safeguarding_confirm(audit=audit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have confirmed the safeguarding section.")
    return redirect("provider_audits:overview", audit_id=audit.pk)


def sign_off(request, audit_id: int):
    audit = selectors.audit_for(request.user, audit_id, Permission.SIGN_OFF_AUDITS)
    if audit.is_signed_off:
        return redirect("provider_audits:overview", audit_id=audit.pk)
    blockers = sign_off_blockers(AuditSnapshot(audit))
    if request.method == "POST" and not blockers:
        try:
            services.sign_off(audit=audit, by=request.user)
        except ValidationError as error:  # signed off or changed since the page was read
            messages.error(request, " ".join(error.messages))
            return redirect("provider_audits:overview", audit_id=audit.pk)
        verdict = "suitable" if audit.suitable else "not suitable"
        messages.success(
            request, f"You have signed off the audit: {audit.provider} is {verdict} for use."
        )
        return redirect("provider_audits:overview", audit_id=audit.pk)
    return render(
        request,
        "provider_audits/sign_off.html",
        {"audit": audit, "blockers": blockers},
        status=400 if request.method == "POST" else 200,
    )


def audit_pdf(request, audit_id: int):
    """The audit in the layout of Appendix 1, for the provider file and for inspectors."""
    audit = selectors.audit_for(request.user, audit_id)
    html = render_to_string("provider_audits/pdf.html", document_context(audit), request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"audit-{audit.provider.name}-v{audit.version}".lower().replace(" ", "-")
    response["Content-Disposition"] = (
        f'inline; filename="{"".join(c for c in name if c.isalnum() or c in "-")}.pdf"'
    )
    return response


def action_done(request, action_id: int):
    action = selectors.action_for(request.user, action_id)
    form = ActionDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_done(action=action, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "The action has been marked as done.")
            return redirect("providers:detail", provider_id=action.audit.provider_id)
    return form_page(
        request,
        form,
        title="Mark an action as done",
        caption=action.description[:120],
        submit="Mark as done",
        cancel_url=reverse("providers:detail", args=[action.audit.provider_id]),
    )

"""Staff and roles, for trust administrators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.events import latest_security_events
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.paginator import OnePagePaginator
from altprov.core.step_up import step_up_required
from altprov.organisations.selectors import trust_for

from . import selectors, services
from .forms import RoleForm, StaffAddForm

PAGE_SIZE = 50


def _apply(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def staff_list(request):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    search = request.GET.get("q", "").strip()[:100]
    page = OnePagePaginator(selectors.staff_of(trust, search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "staff/list.html",
        {
            "trust": trust,
            "page_obj": page,
            "invitations": selectors.invitations_waiting(trust),
            "search": search,
            "query": f"q={search}" if search else "",
        },
    )


@step_up_required
def staff_add(request):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    form = StaffAddForm(trust, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.staff_add(
                trust=trust,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                role=data["role"],
                school=data["school"],
                by=request.user,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            # The same words whether or not the address already had an account.
            messages.success(
                request,
                f"We have emailed {invitation.email} an invitation to be {invitation}. "
                "The role starts when they accept it.",
            )
            return redirect("staff:list")
    return form_page(
        request,
        form,
        title="Add a member of staff",
        caption=trust.name,
        submit="Send the invitation",
        cancel_url=reverse("staff:list"),
    )


def staff_detail(request, user_id: int):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    person = selectors.staff_member(trust, user_id)
    return render(
        request,
        "staff/detail.html",
        {
            "trust": trust,
            "person": person,
            "has_password": person.has_usable_password(),
            "has_authenticator": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            # Only for an account the trust manages: one also used elsewhere is not its to watch.
            "sign_in_changes": [] if person.shared else latest_security_events(person),
        },
    )


@step_up_required
def role_add(request, user_id: int):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    person = selectors.staff_member(trust, user_id)
    form = RoleForm(trust, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.role_assign(
                trust=trust,
                user=person,
                role=form.cleaned_data["role"],
                school=form.cleaned_data["school"],
                by=request.user,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, f"{person} is now {assignment}.")
            return redirect("staff:detail", user_id=person.pk)
    return form_page(
        request,
        form,
        title=f"Give {person} a role",
        caption=person.email,
        submit="Give role",
        cancel_url=reverse("staff:detail", args=[person.pk]),
    )


@step_up_required
def role_remove(request, user_id: int, assignment_id: int):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    person = selectors.staff_member(trust, user_id)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("school", "trust"),
        pk=assignment_id,
        user=person,
        trust=trust,
    )
    error = None
    if request.method == "POST":
        try:
            services.role_remove(trust=trust, assignment=assignment, by=request.user)
        except ValidationError as e:
            error = e.messages[0]
        else:
            messages.success(request, f"{person} is no longer {assignment}.")
            return redirect("staff:detail", user_id=person.pk)
    return render(
        request,
        "staff/role_remove.html",
        {"person": person, "assignment": assignment, "error": error},
        status=400 if error else 200,
    )


@require_POST
@step_up_required(form_page=lambda user_id: reverse("staff:detail", args=[user_id]))
def set_up_link_send(request, user_id: int):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    person = selectors.staff_member(trust, user_id)
    if person.shared:
        raise Http404
    try:
        services.set_up_link_send(trust=trust, user=person, by=request.user)
    except ValidationError as error:
        messages.warning(request, f"{person}: {error.messages[0]}")
    else:
        messages.success(request, f"We have emailed {person} a new link to set up their account.")
    return redirect("staff:detail", user_id=person.pk)


@step_up_required
def sign_in_reset(request, user_id: int):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    person = selectors.staff_member(trust, user_id)
    if person.shared:
        # The account also holds a role in another trust: not this trust's to reset.
        return render(
            request,
            "staff/sign_in_reset.html",
            {"person": person, "error": services.SIGN_IN_SHARED},
            status=400 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        services.sign_in_reset(trust=trust, user=person, by=request.user)
        messages.success(
            request,
            f"{person} has been signed out everywhere. We have emailed them a link to choose a new "
            "password and set up their second factor again.",
        )
        return redirect("staff:detail", user_id=person.pk)
    return render(request, "staff/sign_in_reset.html", {"person": person})


@require_POST
@step_up_required(form_page=lambda invitation_id: reverse("staff:list"))
def invitation_withdraw(request, invitation_id: int):
    trust = trust_for(request, Permission.MANAGE_STAFF)
    invitation = selectors.invitation_of_trust(trust, invitation_id)
    services.invitation_withdraw(trust=trust, invitation=invitation, by=request.user)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("staff:list")

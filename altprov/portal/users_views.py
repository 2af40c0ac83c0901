"""X-5: the provider's portal users, managed from the provider's page by a trust administrator or
the AP Lead of a school that uses the provider (`services.may_manage_users`): invite by name and
email, and switch off. Anyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from altprov.accounts.models import User
from altprov.core.pages import form_page
from altprov.core.step_up import step_up_required

from . import services
from .forms import InviteForm, apply_error


def _back(provider) -> str:
    return reverse("providers:detail", args=[provider.pk]) + "#portal-users"


@step_up_required
def invite(request, provider_id: int):
    provider = services.managed_provider(request.user, provider_id)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.provider_user_invite(provider=provider, by=request.user, **data)
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                f"We have emailed {user.email} a link to set up their account for the "
                f"provider portal of {provider.name}.",
            )
            return redirect(_back(provider))
    return form_page(
        request,
        form,
        title="Invite a member of the provider's staff",
        caption=provider.name,
        intro=(
            "They will see the pupils placed with the provider from every school, and only what "
            "the provider needs to know. They set a password and a second factor from the link."
        ),
        submit="Send the invitation",
        cancel_url=_back(provider),
        back_url=_back(provider),
    )


@step_up_required
def switch_off(request, provider_id: int, user_id: int):
    provider = services.managed_provider(request.user, provider_id)
    person = get_object_or_404(User, pk=user_id, provider=provider, is_active=True)
    if request.method == "POST":
        try:
            services.provider_user_switch_off(provider=provider, user_id=person.pk, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{person.full_name} can no longer use the provider portal.")
        return redirect(_back(provider))
    return render(request, "portal/switch_off.html", {"provider": provider, "person": person})

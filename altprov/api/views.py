"""The trust administrator's pages for API clients (issue 9): list, create (the token is shown
once, on the page the creation answers with), see, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.step_up import step_up_required
from altprov.organisations.selectors import trust_for

from . import services
from .forms import ApiClientForm
from .models import ApiClient


def _client(trust, client_id: int) -> ApiClient:
    return get_object_or_404(
        ApiClient.objects.select_related("school", "trust", "created_by", "revoked_by"),
        pk=client_id,
        trust=trust,
    )


def client_list(request):
    trust = trust_for(request, Permission.MANAGE_API_CLIENTS)
    clients = ApiClient.objects.filter(trust=trust).select_related(
        "school", "trust", "created_by", "revoked_by"
    )
    today = timezone.localdate()
    return render(
        request,
        "api/clients.html",
        {"trust": trust, "clients": [(c, c.state(today)) for c in clients]},
    )


@step_up_required
def client_add(request):
    trust = trust_for(request, Permission.MANAGE_API_CLIENTS)
    form = ApiClientForm(trust, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, token = services.client_create(
                trust=trust,
                name=data["name"],
                school=data["school"],
                access=data["access"],
                expires_on=data["expires_on"],
                by=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                for e in errors:
                    form.add_error(field, e)
        else:
            # Shown here once: the token is not stored, only its hash. Not cached anywhere.
            response = render(
                request,
                "api/client_created.html",
                {"trust": trust, "client": client, "token": token},
            )
            response["Cache-Control"] = "no-store"
            return response
    return form_page(
        request,
        form,
        title="Create an API token",
        caption=trust.name,
        submit="Create the token",
        cancel_url=reverse("api_clients:list"),
        intro="The token lets another system, such as a school's MIS, read and write through "
        "the API what its school (or the trust) holds. You will see it once.",
    )


def client_detail(request, client_id: int):
    trust = trust_for(request, Permission.MANAGE_API_CLIENTS)
    client = _client(trust, client_id)
    history = client.history.select_related("history_user").order_by("history_date")
    return render(
        request,
        "api/client_detail.html",
        {
            "trust": trust,
            "client": client,
            "state": client.state(timezone.localdate()),
            "history": history,
        },
    )


@step_up_required
def client_revoke(request, client_id: int):
    trust = trust_for(request, Permission.MANAGE_API_CLIENTS)
    client = _client(trust, client_id)
    error = None
    if request.method == "POST":
        try:
            services.client_revoke(client=client, by=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, f"The token of {client.name} is revoked: it no longer works.")
            return redirect("api_clients:detail", client_id=client.pk)
    return render(
        request,
        "api/client_revoke.html",
        {"trust": trust, "client": client, "error": error},
        status=400 if error else 200,
    )

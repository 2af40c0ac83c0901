"""The invited person's side of a role invitation: they see the roles offered to them and accept
or decline each one, signed in as themselves (R-10.1, X-5)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from altprov.core.sessions import privilege_changed

from . import selectors, services


def invitation_list(request):
    if request.method == "POST":
        invitation = selectors.invitation_for(request.user, request.POST.get("invitation"))
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.invitation_accept(invitation=invitation, by=request.user)
                privilege_changed(request)  # the session may now do more
                messages.success(request, f"You are now {invitation}.")
            elif answer == "decline":
                services.invitation_decline(invitation=invitation, by=request.user)
                messages.success(request, f"You have declined the role {invitation}.")
            else:
                raise Http404
        except ValidationError as error:
            messages.warning(request, error.messages[0])
        return redirect("invitations:list")
    return render(
        request,
        "staff/invitations.html",
        {"invitations": selectors.invitations_for(request.user)},
    )

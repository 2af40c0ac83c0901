"""Passkey pages and the ceremonies' JSON endpoints (X-5, issue 11 item 5; altprov/accounts/
passkeys.py says what a passkey is here).

A passkey at the code step of signing in or on the step-up page counts exactly as a code: the
session gets a new id (`privilege_changed`), the second factor is proven for step-up
(`second_factor_proven`), a failed assertion counts towards the same lockout as a wrong password
or code (accounts/lockout.py) and success clears it. A person adds a passkey, or removes one,
only within 15 minutes of a code or passkey (`@step_up_required`; the registration endpoints
check the same). Nobody signs in with a passkey alone: the password comes first.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from altprov.core.returns import safe_path
from altprov.core.sessions import privilege_changed
from altprov.core.step_up import second_factor_is_fresh, second_factor_proven, step_up_required

from . import lockout, passkeys
from .forms import PasskeyNameForm
from .views import NEXT, safe_next

NOT_ACCEPTED = "The passkey was not accepted. Try again, or enter a code instead."
STEP_UP_AGAIN = (
    "Nothing was saved. More than 15 minutes have passed since you last entered a code: "
    "start adding the passkey again."
)


def _locked_out_json(request) -> JsonResponse:
    """The locked-out answer the passkey script shows. The lockout itself is recorded (axes);
    the request's flag is lowered so that AxesMiddleware does not swap this JSON for the HTML
    locked-out page, which the script could not read."""
    request.axes_locked_out = False
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return JsonResponse(
        {
            "detail": f"You have tried too many times. Wait {minutes} minutes, then sign in again.",
            "code": "locked_out",
        },
        status=429,
    )


class StepUpNeeded(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = STEP_UP_AGAIN
    default_code = "step_up_needed"


# --- Using a passkey: the code step of signing in, and the step-up page ------------------------


class _SignedInOnly:
    """The password step comes first: without it, the sign-in page (no passwordless sign-in).
    A locked-out person is signed out, as at the code step."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("accounts:sign_in")
        if lockout.is_locked_out(request, request.user):
            logout(request)
            return _locked_out_json(request)
        return super().dispatch(request, *args, **kwargs)


class PasskeySignInBegin(_SignedInOnly, BeginCredentialAuthenticationView):
    """The challenge, and the person's own passkeys as the only ones allowed."""


class PasskeySignInComplete(_SignedInOnly, CompleteCredentialAuthenticationView):
    def handle_exception(self, exc):
        if not isinstance(exc, exceptions.OTPWebAuthnApiError):
            raise exc
        # Anything refused (a wrong signature, another person's passkey, a replayed or missing
        # challenge) counts as a wrong code.
        if lockout.second_factor_failed(self.request, self.request.user):
            logout(self.request)
            return _locked_out_json(self.request)
        return JsonResponse({"detail": NOT_ACCEPTED, "code": exc.code}, status=exc.status_code)

    def complete_auth(self, device) -> None:
        request = self.request
        otp_login(request, device)
        lockout.sign_in_completed(request, request.user)
        second_factor_proven(request)
        privilege_changed(request)  # the same as after a code

    def get_success_url(self) -> str:
        # The step-up page's ?next= (a path on this site), else where the sign-in was going.
        return (
            safe_path(self.request.GET.get("next"))
            or safe_next(self.request, self.request.session.pop(NEXT, None))
            or reverse("core:home")
        )


# --- Adding a passkey -------------------------------------------------------------------------


class _FreshSecondFactor:
    def check_can_register(self):
        if not second_factor_is_fresh(self.request):
            raise StepUpNeeded()


class PasskeyRegisterBegin(_FreshSecondFactor, BeginCredentialRegistrationView):
    """The challenge for a new passkey (the person's existing passkeys are excluded)."""


class PasskeyRegisterComplete(_FreshSecondFactor, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        name = self.request.session.get(passkeys.PENDING_NAME) or passkeys.DEFAULT_NAME
        response = super().post(*args, **kwargs)  # a refusal raises: the name is kept for a retry
        messages.success(self.request, f"Your passkey ‘{name}’ is added.")
        return response


@step_up_required
def passkey_add(request):
    """First page: the name the passkey will have in the list."""
    form = PasskeyNameForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        request.session[passkeys.PENDING_NAME] = form.cleaned_data["name"]
        return redirect("accounts:passkey_create")
    return render(request, "accounts/passkey_add.html", {"form": form})


@step_up_required
def passkey_create(request):
    """Second page: the button that asks the browser to make the passkey."""
    name = request.session.get(passkeys.PENDING_NAME)
    if not name:
        return redirect("accounts:passkey_add")
    return render(
        request,
        "accounts/passkey_create.html",
        {
            "name": name,
            "usable_here": passkeys.usable_here(request),
            "rp_id": settings.OTP_WEBAUTHN_RP_ID,
            "passkey_settings": passkeys.script_settings(request),
        },
    )


@step_up_required
def passkey_remove(request, passkey_id: int):
    passkey = passkeys.passkey_of(request.user, passkey_id)
    if request.method == "POST":
        # The passkey that proved this session's second factor: once it is gone, django-otp no
        # longer counts the session as verified, so the person enters a code to carry on.
        in_use = getattr(request.user.otp_device, "persistent_id", None) == passkey.persistent_id
        name = passkeys.passkey_remove(user=request.user, passkey_id=passkey.pk)
        if in_use:
            messages.success(
                request,
                f"Your passkey ‘{name}’ is removed. You used it to sign in, so enter a code "
                "from your authenticator app to carry on.",
            )
            return redirect("accounts:second_factor")
        messages.success(request, f"Your passkey ‘{name}’ is removed.")
        return redirect("accounts:account")
    return render(request, "accounts/passkey_remove.html", {"passkey": passkey})

"""Signing in with a password and a second factor, setting up an account, signing out (X-5)."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from altprov.authz.checks import assignments_of
from altprov.authz.permissions import ROLES, Role
from altprov.core.sessions import privilege_changed
from altprov.core.step_up import second_factor_proven, step_up_required

from . import lockout, passkeys, services
from .demo import current_demo_code
from .events import latest_security_events
from .forms import ChoosePasswordForm, CodeForm, EnrolForm, SignInForm
from .middleware import start_session
from .models import User

NEXT = "altprov_next"


def safe_next(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _after_second_factor(request):
    return redirect(safe_next(request, request.session.pop(NEXT, None)) or "core:home")


def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("core:home")
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            email=form.cleaned_data["email"].lower(),
            password=form.cleaned_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None:
            # One message whether or not an account has this email address.
            form.add_error("email", "Enter a correct email address and password")
        else:
            next_url = safe_next(request, request.GET.get("next"))
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            privilege_changed(request)
            start_session(request)
            if next_url:
                request.session[NEXT] = next_url
            if services.has_authenticator(user):
                return redirect("accounts:second_factor")
            return redirect("accounts:enrol")
    return render(request, "accounts/sign_in.html", {"form": form})


def locked_out(request, credentials=None, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def second_factor(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:sign_in")
    if user.is_verified():
        return redirect("core:home")
    if not services.has_authenticator(user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and lockout.is_locked_out(request, user):
        logout(request)
        return locked_out(request)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is None:
            if lockout.second_factor_failed(request, user):
                logout(request)
                return locked_out(request)
            form.add_error("code", "The code is not right or has expired. Try the newest code.")
        else:
            otp_login(request, device)
            lockout.sign_in_completed(request, user)
            second_factor_proven(request)
            privilege_changed(request)  # the TOTP code or a recovery code
            if device.persistent_id.startswith("otp_static"):
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left. "
                    "Set up new recovery codes from your account page if you are running low.",
                )
            return _after_second_factor(request)
    demo_code = None
    if settings.DEMO_MODE:
        demo_code = current_demo_code(user)
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "demo_code": demo_code,
            "passkey_settings": passkeys.offered(request, user),
        },
    )


def enrol(request):
    """First sign-in: set up an authenticator app (QR code and the secret as text)."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:sign_in")
    if services.has_authenticator(user) and not user.is_verified():
        return redirect("accounts:second_factor")
    if services.has_authenticator(user):
        return redirect("core:home")
    device = services.totp_device_for_enrolment(user)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(user=user, device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            lockout.sign_in_completed(request, user)
            second_factor_proven(request)
            privilege_changed(request)
            request.session["altprov_new_recovery_codes"] = services.recovery_codes_generate(
                user=user
            )
            return redirect("accounts:recovery_codes")
        form.add_error("code", "The code is not right. Check the time on your phone and try again.")
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, title="QR code for your authenticator app"),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


def recovery_codes(request):
    codes = request.session.pop("altprov_new_recovery_codes", None)
    if not request.user.is_authenticated:
        return redirect("accounts:sign_in")
    if not codes:
        return redirect("accounts:account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
@step_up_required(form_page=lambda: reverse("accounts:account"))
def recovery_codes_new(request):
    request.session["altprov_new_recovery_codes"] = services.recovery_codes_generate(
        user=request.user
    )
    return redirect("accounts:recovery_codes")


def set_up(request, uidb64: str, token: str):
    """The link from the set-up email: choose a password, then the second factor."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/set_up_link_invalid.html", status=404)
    form = ChoosePasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user.set_password(form.cleaned_data["new_password"])
        user.save(update_fields=["password"])
        if request.user.is_authenticated:
            logout(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        privilege_changed(request)
        start_session(request)
        messages.success(request, "Your password is set. Now set up your second factor.")
        return redirect("accounts:enrol")
    return render(request, "accounts/set_up.html", {"form": form, "set_up_user": user})


def account(request):
    roles = [(ROLES[Role(a.role)].label, a.where) for a in assignments_of(request.user)]
    return render(
        request,
        "accounts/account.html",
        {
            "roles": roles,
            "recovery_codes_left": services.recovery_codes_left(request.user),
            "passkeys": passkeys.passkeys_of(request.user),
            "passkeys_usable_here": passkeys.usable_here(request),
            "rp_id": settings.OTP_WEBAUTHN_RP_ID,
            "sign_in_changes": latest_security_events(request.user),
        },
    )


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")


@require_POST
def sign_out_everywhere(request):
    services.sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, "You have signed out on every device and browser.")
    return redirect(reverse("accounts:sign_in"))

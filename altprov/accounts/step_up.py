"""The step-up page (X-5, issue 11 item 2): "Enter a code from your authenticator app to
continue", before an export of pupil data or a sensitive change (altprov/core/step_up.py).

It takes an authenticator code or a recovery code (which is used up), or a passkey
(passkey_views.py), counts a wrong code towards
the same lockout as signing in, gives the session a new id, and goes back to the page asked for:
a path on this site only."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render

from altprov.core.returns import safe_path
from altprov.core.sessions import privilege_changed
from altprov.core.step_up import STEP_UP_MAX_AGE, second_factor_is_fresh, second_factor_proven

from . import lockout, passkeys, services
from .demo import current_demo_code
from .forms import CodeForm
from .views import locked_out


def step_up(request):
    user = request.user
    next_path = safe_path(request.GET.get("next")) or "/"
    if request.method != "POST" and second_factor_is_fresh(request):
        return redirect(next_path)
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
            lockout.sign_in_completed(request, user)
            second_factor_proven(request)
            privilege_changed(request)
            if device.persistent_id.startswith("otp_static"):
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left. "
                    "Set up new recovery codes from your account page if you are running low.",
                )
            return redirect(next_path)
    return render(
        request,
        "accounts/step_up.html",
        {
            "form": form,
            "minutes": STEP_UP_MAX_AGE // 60,
            "cancel_url": "/",
            "demo_code": current_demo_code(user),  # None but in demo mode (`make run`)
            "passkey_settings": passkeys.offered(request, user),
        },
    )

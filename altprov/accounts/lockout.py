"""One lockout for every step of signing in (X-5, issue 14 item 1.8).

django-axes counts failures per email address and IP address. A wrong password, a wrong
authenticator code and a wrong recovery code all count towards the same counter, and the locked
out page is the same whichever step it was and whether or not the account exists. The counter
is cleared only when the whole sign-in succeeds (both steps), so a known password cannot be used
to start again with a fresh count of code guesses.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed


def _credentials(user) -> dict:
    # The same key the sign-in form gives axes (AXES_USERNAME_FORM_FIELD): the email, lower case.
    return {"email": user.email.lower()}


def is_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def second_factor_failed(request, user) -> bool:
    """Counts a wrong code. Returns whether this email and IP address are now locked out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False)) or is_locked_out(request, user)


def sign_in_completed(request, user) -> None:
    """Both steps passed: the failures counted for this email and IP address are cleared."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.reset_attempts(
        ip_address=request.axes_ip_address, username=_credentials(user)["email"]
    )

"""The signed-in user and the second-factor device that verified them, in one query (issue 10, P1).

Django's AuthenticationMiddleware reads the user (one query) and django-otp's OTPMiddleware then
reads the device named in the session (another), on every request. `UserAndDeviceMiddleware`
takes django-otp's place: when the session names an authenticator app (a TOTP device, which is
how most sessions pass the second factor: not one that used a recovery code or a passkey) it reads the
device with its user in one query and applies the same checks as Django and django-otp: the
session's backend is configured, the user is the session's and is active, the session's hash
matches the user's password hash, and the device is the user's and confirmed. Anything else (no
device, a recovery code's device, a passkey, a hash that matches only an old secret key) goes the usual way,
two queries, so Django and django-otp make every decision they would have made.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.middleware import get_user
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_PREFIX = "otp_totp.totpdevice/"


def _totp_user(request):
    """The session's user, read through its confirmed TOTP device, or None to go the usual way."""
    session = request.session
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) or ""
    backend_path = session.get(BACKEND_SESSION_KEY)
    if not persistent_id.startswith(TOTP_PREFIX) or SESSION_KEY not in session:
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    try:
        device_id = int(persistent_id.removeprefix(TOTP_PREFIX))
        user_id = int(session[SESSION_KEY])
    except (TypeError, ValueError):
        return None
    device = (
        TOTPDevice.objects.select_related("user")
        .filter(pk=device_id, user_id=user_id, confirmed=True)
        .first()
    )
    if device is None:
        return None
    user = device.user
    backend = load_backend(backend_path)
    can_authenticate = getattr(backend, "user_can_authenticate", None)
    if can_authenticate is not None and not can_authenticate(user):
        return None
    session_hash = session.get(HASH_SESSION_KEY)
    if not session_hash or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return None
    return user, device


class UserAndDeviceMiddleware(OTPMiddleware):
    """In place of django-otp's OTPMiddleware, after Django's AuthenticationMiddleware."""

    def _install_lazy_accessors(self, request):
        super()._install_lazy_accessors(request)
        if getattr(request, "user", None) is not None:
            request.user = SimpleLazyObject(lambda: self._user_and_device(request))

    def _user_and_device(self, request):
        found = _totp_user(request)
        if found is None:
            return self._verify_user_sync(request, get_user(request))
        user, device = found
        request._cached_user = user  # what Django's get_user(request) returns from now on
        self._init_user_fields(user)
        user.otp_device = device
        return user

"""Passkeys (WebAuthn) as a second factor beside the authenticator app (X-5, issue 11 item 5).

django-otp-webauthn does the ceremonies (py_webauthn checks each signature, challenge, origin and
relying party id); a passkey is one more django-otp device, so a session that used one is
"verified" exactly as after a code. This module holds what AltProv decides around it: the
relying party (settings.WEBAUTHN_RP_ID and the allowed origins), the passkey's name, the list
and removal of a person's own passkeys, and the settings the package's script reads.

The views that run the ceremonies are in passkey_views.py; the sign-in and step-up rules a
passkey shares with a code (new session id, second factor proven, the same lockout) are there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.http.request import split_domain_port
from django.middleware.csrf import get_token
from django.urls import reverse
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from .events import Kind, security_event_record
from .models import User

# The name the person chose on the first page of "Add a passkey", kept in the session until the
# ceremony completes.
PENDING_NAME = "altprov_passkey_name"
DEFAULT_NAME = "Passkey"
NAME_MAX_LENGTH = 64  # django-otp's Device.name


def usable_here(request) -> bool:
    """Whether this page's host is the relying party id (or a subdomain of it): a browser refuses
    a passkey ceremony anywhere else (at http://127.0.0.1:8000 in the demo, say)."""
    domain, _ = split_domain_port(request.get_host())
    rp_id = settings.OTP_WEBAUTHN_RP_ID
    return bool(rp_id) and (domain == rp_id or domain.endswith("." + rp_id))


class PasskeyHelper(WebAuthnHelper):
    """The package's helper (OTP_WEBAUTHN_HELPER_CLASS) with AltProv's origins and names."""

    def get_allowed_origins(self) -> list[str]:
        origins = list(super().get_allowed_origins())
        # Development, the tests and the demo run on any port (the browser tests' live server
        # picks one): there the page's own origin counts too, when its host is the relying
        # party id. Production accepts only ALTPROV_WEBAUTHN_ORIGINS (or https://<rp id>).
        if settings.DEVELOPMENT and usable_here(self.request):
            origins.append(f"{self.request.scheme}://{self.request.get_host()}")
        return origins

    def register_complete(self, user, state: dict, data: dict):
        # The passkey, its attestation and the record of its adding, together.
        with transaction.atomic():
            device = super().register_complete(user, state, data)
            security_event_record(user=user, kind=Kind.PASSKEY_ADDED, by=user, detail=device.name)
        return device

    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = self.request.session.pop(PENDING_NAME, "") or DEFAULT_NAME
        return device


def script_settings(request) -> dict:
    """What the package's script reads from the page (its `otp_webauthn_config`)."""
    return {
        "autocompleteLoginFieldSelector": None,
        # No field matches: the script takes the page's own ?next= (the step-up page's), and
        # the sign-in's destination is in the session (the school switcher's "next" is not it).
        "nextFieldSelector": "input[name='passkey_next']",
        "csrfToken": get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey_sign_in_begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey_sign_in_complete"),
        "beginRegistrationUrl": reverse("accounts:passkey_register_begin"),
        "completeRegistrationUrl": reverse("accounts:passkey_register_complete"),
    }


def passkeys_of(user: User):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def has_passkey(user: User) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def passkey_of(user: User, passkey_id: int) -> WebAuthnCredential:
    """One of the person's own passkeys; anyone else's is not found."""
    passkey = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).first()
    if passkey is None:
        raise Http404("No such passkey")
    return passkey


@transaction.atomic
def passkey_remove(*, user: User, passkey_id: int) -> str:
    """Removes one of the person's passkeys (its attestation goes with it). Returns its name."""
    passkey = passkey_of(user, passkey_id)
    name = passkey.name
    passkey.delete()
    security_event_record(user=user, kind=Kind.PASSKEY_REMOVED, by=user, detail=name)
    return name


def passkeys_remove_all(user: User, *, by: User) -> None:
    """For a sign-in reset: the passkeys go with the authenticator app and recovery codes."""
    stored = WebAuthnCredential.objects.filter(user=user)
    for name in stored.filter(confirmed=True).values_list("name", flat=True):
        security_event_record(user=user, kind=Kind.PASSKEY_REMOVED, by=by, detail=name)
    stored.delete()


def offered(request, user: User) -> dict | None:
    """The script's settings when the code step or step-up page offers "Use a passkey instead":
    the person has a passkey and the page is at the relying party's host. Else None."""
    if usable_here(request) and has_passkey(user):
        return script_settings(request)
    return None

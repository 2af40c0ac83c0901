"""Accounts: creating staff, set-up links, the second factor and sessions (X-5)."""

from __future__ import annotations

import secrets
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.core.locking import lock

from . import passkeys
from .events import Kind, security_event_record
from .models import User

RECOVERY_CODE_COUNT = 10


def user_create(*, email: str, full_name: str, job_title: str = "", by: User | None) -> User:
    """A new account with no password: the person chooses one through their set-up link."""
    user = User(
        email=email.strip().lower(), full_name=full_name.strip(), job_title=job_title.strip()
    )
    user.set_unusable_password()
    user._history_user = by
    user.save()
    return user


def set_up_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:set_up", kwargs={"uidb64": uid, "token": token})


def _after_set_up(user: User) -> str:
    if user.provider_id is not None:  # a provider user (issue 9) is offered no role
        return "Once you have signed in you will see the pupils the schools have placed with you."
    return (
        "If you have been offered a role, accept it once you have signed in: it is on your "
        "home page."
    )


def set_up_link(user: User) -> str:
    return settings.SERVICE_BASE_URL.rstrip("/") + set_up_path(user)


def set_up_email_send(user: User) -> str:
    """Emails the set-up link. The email says nothing about pupils or concerns (X-4)."""
    link = set_up_link(user)
    send_mail(
        subject="Set up your AltProv account",
        message=(
            f"Hello {user.full_name},\n\n"
            "An account has been made for you on AltProv, the trust's alternative provision service.\n"
            f"Choose your password and set up your second factor here (the link works once and "
            f"for {settings.PASSWORD_RESET_TIMEOUT // 86400} days):\n\n{link}\n\n"
            f"{_after_set_up(user)}\n\n"
            "If you did not expect this email, tell your trust administrator.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    return link


def set_up_email_send_or_give(user: User) -> tuple[str, str | None]:
    """For the operators' commands, which make the account first: emails the set-up link and
    returns (link, None), or, when the mail server cannot be reached or refuses, (link, why), so
    that the command can say so and give the link for the operator to pass on by a safe route
    (rerunning the command would find the account made and send nothing)."""
    try:
        return set_up_email_send(user), None
    except (OSError, smtplib.SMTPException) as error:
        return set_up_link(user), str(error) or type(error).__name__


@transaction.atomic
def sign_in_reset(*, user: User, by: User) -> None:
    """For a lost phone or a forgotten password: the person signs in afresh through a new link."""
    user.set_unusable_password()
    user.session_generation += 1
    user._history_user = by
    user.save()
    # Each way of signing in that goes is recorded, with the administrator who reset it.
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        security_event_record(user=user, kind=Kind.APP_REMOVED, by=by)
    if StaticDevice.objects.filter(user=user).exists():
        security_event_record(user=user, kind=Kind.CODES_REMOVED, by=by)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    passkeys.passkeys_remove_all(user, by=by)


def totp_device_for_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, made once and kept until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def has_authenticator_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_authenticator(user: User) -> bool:
    """An authenticator app or a passkey: either is asked for at the code step."""
    return has_authenticator_app(user) or passkeys.has_passkey(user)


@transaction.atomic
def totp_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    replaced, _ = (
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_event_record(
        user=user,
        kind=Kind.APP_ADDED,
        by=user,
        detail="It replaced the app set up before" if replaced else "",
    )
    return True


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """Ten single-use codes, replacing any the user had. Shown once."""
    device, created = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    device.token_set.all().delete()
    security_event_record(
        user=user,
        kind=Kind.CODES_MADE,
        by=user,
        detail="" if created else "The codes made before no longer work",
    )
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code.replace("-", "")) for code in codes]
    )
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def second_factor_verify(*, user: User, code: str):
    """The device that accepts `code`: the authenticator app first, then a recovery code (which is
    used up). None when nothing accepts it."""
    code = code.replace(" ", "").replace("-", "").strip().lower()
    if not code:
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if _verified(device, code):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if _verified(device, code):
            return device
    return None


@transaction.atomic
def _verified(device, code: str) -> bool:
    """Checks `code` with the device's row locked and re-read, so that a code is accepted once
    even from two requests at the same moment: a recovery code is used up, and an authenticator
    code is not accepted again (django-otp records the last one used)."""
    lock(device)
    return bool(device.verify_is_allowed()[0] and device.verify_token(code))


def sign_out_everywhere(*, user: User) -> None:
    user.session_generation += 1
    user._history_user = user
    user.save(update_fields=["session_generation"])

"""The provider portal's writes (issue 9): provider accounts (X-5), the absence notification
(R-10.6) and the emails to provider users (X-4). Attendance marks save through the attendance
app's own `marks_save`, with its rules (`altprov/portal/entry.py`).

Who may invite a provider's staff: a trust administrator of the provider's trust, or the AP Lead
of a school that uses the provider (`MANAGE_PROVIDER_USERS`). A school *uses* a provider when it
has a placement there in any state (planned, attending or ended) or has audited it (an audit of
the provider by the school, draft or signed off): the school knows the provider and has a reason
to let its staff in. Nobody else, in the trust or outside it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts import services as account_services
from altprov.accounts.models import User
from altprov.attendance import services as attendance_services
from altprov.attendance.models import AbsenceNotification
from altprov.attendance.rules import refusal
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.locking import lock
from altprov.organisations.models import School
from altprov.placements.models import Placement
from altprov.provider_audits.models import ProviderAudit
from altprov.providers.models import Provider

# X-5 and issue 14 item 1.1: the same words for every address that cannot be given an account
# here, so nobody learns whether an address already has an account anywhere in the service.
EMAIL_REFUSED = (
    "This email address cannot be given a provider account. "
    "Use another work email address for them at the provider"
)


# Who may manage a provider's users -------------------------------------------------------------


def schools_using(provider: Provider):
    """The schools that use the provider: a placement there in any state, or an audit of it."""
    return School.objects.filter(
        Q(pk__in=Placement.objects.filter(provider=provider).values("referral__school_id"))
        | Q(pk__in=ProviderAudit.objects.filter(provider=provider).values("school_id")),
        trust_id=provider.trust_id,
    )


def may_manage_users(user, provider: Provider) -> bool:
    """X-5: a trust administrator of the provider's trust, or the AP Lead of a school that uses
    it (the permission MANAGE_PROVIDER_USERS, held for the trust or in such a school)."""
    if not getattr(user, "is_authenticated", False) or user.provider_id is not None:
        return False
    if has_permission(user, Permission.MANAGE_PROVIDER_USERS, trust=provider.trust):
        return True
    return any(
        has_permission(user, Permission.MANAGE_PROVIDER_USERS, school=school)
        for school in schools_using(provider)
    )


def managed_provider(user, provider_id) -> Provider:
    """The provider whose portal users the user may manage, or 404."""
    try:
        provider = Provider.objects.select_related("trust").get(pk=provider_id)
    except (Provider.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_manage_users(user, provider):
        raise Http404
    return provider


def portal_users(provider: Provider):
    """The provider's portal users with whether they have set up their account (a password and
    a confirmed authenticator): one query whatever their number."""
    return (
        User.objects.filter(provider=provider)
        .annotate(
            has_authenticator=Exists(
                TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
            )
        )
        .order_by("-is_active", "full_name", "email")
    )


def is_set_up(user) -> bool:
    return user.has_usable_password() and bool(getattr(user, "has_authenticator", False))


# Provider accounts (X-5) -----------------------------------------------------------------------


def provider_user_invite(*, provider: Provider, email: str, full_name: str, job_title: str, by):
    """X-5: a provider's member of staff gets an account of that provider with no password, and
    the single-use set-up link by email (password, then authenticator and recovery codes, as
    every member of staff). An address that already has an account anywhere is refused with
    EMAIL_REFUSED, never with words that say it exists."""
    if not may_manage_users(by, provider):
        raise Http404
    email = email.strip().lower()
    if not email or User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": EMAIL_REFUSED})
    try:
        with transaction.atomic():
            user = account_services.user_create(
                email=email, full_name=full_name, job_title=job_title, by=by
            )
            user.provider = provider
            user._history_user = by
            user.save(update_fields=["provider"])
    except IntegrityError:  # the same address added at the same moment by someone else
        raise ValidationError({"email": EMAIL_REFUSED}) from None
    account_services.set_up_email_send(user)
    return user


def provider_user_switch_off(*, provider: Provider, user_id, by) -> User:
    """X-5: ends a provider user's access at once: they can no longer sign in, and every session
    they have ends (the session generation is raised). The account and its history are kept."""
    if not may_manage_users(by, provider):
        raise Http404
    with transaction.atomic():
        try:
            user = User.objects.get(pk=user_id, provider=provider)
        except (User.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        lock(user)
        if not user.is_active:
            raise ValidationError(f"{user.full_name}'s access is already switched off")
        user.is_active = False
        user.session_generation += 1
        user._history_user = by
        user.save(update_fields=["is_active", "session_generation"])
    return user


# The daily absence notification (R-10.6) -------------------------------------------------------

SESSIONS_OF = {"AM": ("AM",), "PM": ("PM",), "both": ("AM", "PM")}


def absence_notify(*, placement: Placement, sessions: str, reason: str, by, calendar, now):
    """R-10.6: the provider tells the school, today, that the pupil is absent. Each session must
    take a mark today (a school day, attending, the weekly pattern runs it: the attendance rules),
    and a session already notified today is refused, so nothing is told twice. Recorded through
    `attendance.services.notification_record` exactly as when the school's staff record it; the
    school decides whether the reason is accepted, so a follow-up opens until it records one."""
    if by.provider_id != placement.provider_id:
        raise Http404
    today = now.date() if isinstance(now, dt.datetime) else now
    with transaction.atomic():
        lock(placement)
        for session in SESSIONS_OF[sessions]:
            why = refusal(placement, calendar, today, session, today)
            if why:
                raise ValidationError({"sessions": f"No absence can be notified: {why}"})
        told = set()
        for earlier in AbsenceNotification.objects.filter(placement=placement, date=today):
            told.update(SESSIONS_OF[earlier.sessions])
        twice = [s for s in SESSIONS_OF[sessions] if s in told]
        if twice:
            part = " and ".join("morning" if s == "AM" else "afternoon" for s in twice)
            raise ValidationError({"sessions": f"An absence is already notified for this {part}"})
        return attendance_services.notification_record(
            placement=placement,
            date=today,
            sessions=sessions,
            reason=reason,
            reason_accepted=False,
            notified_by=f"{by.full_name} ({placement.provider.name}, through the portal)"[:200],
            notified_at=now,
            by=by,
        )


# Emails to provider users (X-4) ----------------------------------------------------------------


def placement_start_email_send(placement: Placement) -> int:
    """X-4: tells the provider's active users that a placement with them is confirmed to start,
    with a link to sign in. No pupil's name, school or detail: those are behind the sign-in."""
    recipients = list(
        User.objects.filter(provider_id=placement.provider_id, is_active=True).values_list(
            "email", flat=True
        )
    )
    if not recipients:
        return 0
    link = settings.SERVICE_BASE_URL.rstrip("/") + reverse("portal:home")
    starts = placement.started_on or placement.start_date
    subject = "A placement with you is confirmed to start"
    message = (
        "Hello,\n\n"
        f"A school has confirmed that a pupil's placement with you starts on {starts:%-d %B %Y}.\n"
        "Sign in to the provider portal to see who it is and what you need to know:\n\n"
        f"{link}\n\n"
        "This email has no pupil's details, to keep them safe.\n"
    )
    # One email each: no recipient sees another's address.
    return send_mass_mail(
        [(subject, message, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
    )

"""Generated accounts, made for a load test: every one signs in with `SCALE_PASSWORD` and a TOTP
code from `totp_key_for(email)`, and each email says who it is.

Emails (school and trust numbers count from 1 in the order generated; on an empty database the
first trust is t1):

- school staff: ``<role>.s<school>.t<trust>@scale.altprov.invalid`` where role is one of
  ``head``, ``ap-lead``, ``dsl``, ``attendance-lead``, ``assessment-lead``, ``sendco``
  (for example ``ap-lead.s3.t1@scale.altprov.invalid``);
- trust staff: ``<role>.t<trust>@scale.altprov.invalid``, role one of ``trust-admin``,
  ``trust-exec``, ``trustee``, ``sit`` (school improvement), ``trust-dsl`` (trust safeguarding
  lead);
- provider users: ``provider.p<provider>.t<trust>@scale.altprov.invalid`` (provider number in
  the trust's register, from 1).

`.invalid` is reserved (RFC 2606): no mail can ever be delivered to these addresses.
"""

from __future__ import annotations

import hashlib
import hmac

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.core.demo.data import LAST_NAMES, ROLE_TITLE, STAFF_FIRST

DOMAIN = "scale.altprov.invalid"
SCALE_PASSWORD = "scale-load-test-password-2026"  # noqa: S105 - fictional accounts, documented

SCHOOL_ROLES: list[tuple[Role, str]] = [
    (Role.HEADTEACHER, "head"),
    (Role.AP_LEAD, "ap-lead"),
    (Role.DSL, "dsl"),
    (Role.ATTENDANCE_LEAD, "attendance-lead"),
    (Role.ASSESSMENT_LEAD, "assessment-lead"),
    (Role.SENDCO, "sendco"),
]
TRUST_ROLES: list[tuple[Role, str, str]] = [
    (Role.TRUST_ADMINISTRATOR, "trust-admin", "Trust Data and Systems Manager"),
    (Role.TRUST_EXECUTIVE, "trust-exec", "Chief Executive Officer"),
    (Role.TRUSTEE, "trustee", "Trustee"),
    (Role.SCHOOL_IMPROVEMENT, "sit", "School Improvement Partner"),
    (Role.TRUST_SAFEGUARDING_LEAD, "trust-dsl", "Trust Safeguarding Lead"),
]


def school_email(role_slug: str, school: int, trust: int) -> str:
    return f"{role_slug}.s{school}.t{trust}@{DOMAIN}"


def trust_email(role_slug: str, trust: int) -> str:
    return f"{role_slug}.t{trust}@{DOMAIN}"


def provider_email(provider: int, trust: int) -> str:
    return f"provider.p{provider}.t{trust}@{DOMAIN}"


def totp_key_for(email: str, seed: int = 1) -> str:
    """The hex key of the TOTP device of the generated account `email` in a run with `seed`: an
    HMAC-SHA1 of the email under a key made from the seed, 20 bytes as django-otp makes them.
    A load test computes the current code from it (`django_otp.oath.totp`)."""
    digest = hmac.new(f"altprov-scale-{seed}".encode(), email.lower().encode(), hashlib.sha1)
    return digest.hexdigest()


def password_hash() -> str:
    """The one hash every generated account shares: argon2 once, not once per account."""
    return make_password(SCALE_PASSWORD)


def person_name(rng) -> str:
    return f"{rng.choice(STAFF_FIRST)} {rng.choice(LAST_NAMES)}"


class People:
    """Adds accounts to a sink, each with a confirmed TOTP device and its history."""

    def __init__(self, sink, rng, seed: int, hashed: str):
        self.sink, self.rng, self.seed, self.hashed = sink, rng, seed, hashed
        self.names: dict[int, str] = {}

    def user(self, email: str, job_title: str, *, provider_id: int | None = None) -> int:
        sink = self.sink
        name = person_name(self.rng)
        user_id = sink.add(
            User,
            {
                "email": email,
                "full_name": name,
                "job_title": job_title,
                "password": self.hashed,
                "date_joined": sink.now,
                "provider_id": provider_id,
            },
        )
        self.names[user_id] = name
        sink.add(
            TOTPDevice,
            {
                "user_id": user_id,
                "name": "Authenticator app",
                "confirmed": True,
                "key": totp_key_for(email, self.seed),
            },
        )
        return user_id

    def school_staff(self, trust_id: int, school_id: int, school_n: int, trust_n: int):
        """One person in each school role; returns {role: user id}."""
        staff = {}
        for role, slug in SCHOOL_ROLES:
            user_id = self.user(school_email(slug, school_n, trust_n), ROLE_TITLE[role])
            self.sink.add(
                RoleAssignment,
                {
                    "user_id": user_id,
                    "role": role.value,
                    "trust_id": trust_id,
                    "school_id": school_id,
                },
            )
            staff[role] = user_id
        return staff

    def trust_staff(self, trust_id: int, trust_n: int) -> dict[Role, int]:
        staff = {}
        for role, slug, title in TRUST_ROLES:
            user_id = self.user(trust_email(slug, trust_n), title)
            self.sink.add(
                RoleAssignment,
                {"user_id": user_id, "role": role.value, "trust_id": trust_id, "school_id": None},
            )
            staff[role] = user_id
        return staff

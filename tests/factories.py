"""Builders for test data. `world()` makes the standard scene every scoped test uses:

trust A with schools A1 and A2, trust B with school B1, one user per role in A1 (school roles),
trust A (trust roles) or the whole service (service roles), a pupil in each school, and canary records in A2 and B1 with names that must
never appear to a user who may not see them.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import ROLES, Role, Scope
from altprov.organisations.models import School, Trust
from altprov.organisations.services import trust_create
from altprov.pupils.models import Pupil
from altprov.pupils.upn import make_upn
from altprov.termdates.models import AcademicYear, ClosureDay, Term

PASSWORD = "a-long-test-password-42"
_seq = itertools.count(1)


def make_passkey(user: User, name: str = "Work laptop"):
    """A stored passkey for `user` (made-up key material: for pages and scoping, not for a
    ceremony; tests/accounts/software_authenticator.py makes real ones)."""
    n = next(_seq)
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=f"made-up-credential-{n}".encode(),
        public_key=b"made-up-public-key",
        sign_count=0,
        aaguid="00000000-0000-0000-0000-000000000000",
    )


def make_trust(name: str | None = None) -> Trust:
    return trust_create(name=name or f"Test Trust {next(_seq)}")


def make_school(trust: Trust, name: str | None = None, **fields) -> School:
    n = next(_seq)
    values = {
        "name": name or f"Test School {n}",
        "urn": f"{900000 + n}",
        "phase": School.Phase.SECONDARY,
        "address_line_1": "1 Test Road",
        "town": "Testtown",
        "postcode": "ZZ1 1AA",
    }
    values.update(fields)
    return School.objects.create(trust=trust, **values)


def make_user(email: str | None = None, *, verified_device: bool = True, **fields) -> User:
    n = next(_seq)
    user = User.objects.create_user(
        email=email or f"user{n}@example.org",
        password=PASSWORD,
        full_name=fields.pop("full_name", f"Test User {n}"),
        **fields,
    )
    if verified_device:
        TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    return user


def give_role(user: User, role: Role, *, school: School | None = None, trust: Trust | None = None):
    if ROLES[role].scope is Scope.SCHOOL:
        return RoleAssignment.objects.create(
            user=user, role=role, school=school, trust=school.trust
        )
    if ROLES[role].scope is Scope.SERVICE:
        return RoleAssignment.objects.create(user=user, role=role, trust=None, school=None)
    return RoleAssignment.objects.create(user=user, role=role, trust=trust)


def make_pupil(school: School, **fields) -> Pupil:
    n = next(_seq)
    values = {
        "first_name": f"Pupil{n}",
        "last_name": "Test",
        "date_of_birth": dt.date(2012, 3, 4),
        "upn": make_upn(999, school.pk % 10000, 2024, n % 1000),
        "year_group": 9,
    }
    values.update(fields)
    return Pupil.objects.create(school=school, **values)


def make_calendar(school: School, year_start: int = 2026) -> AcademicYear:
    """The demo's English term dates for the academic year starting in `year_start` (2026)."""
    d = dt.date
    year = AcademicYear.objects.create(
        school=school, start=d(year_start, 9, 1), end=d(year_start + 1, 8, 31)
    )
    terms = {
        2026: [
            ("autumn", d(2026, 9, 1), d(2026, 10, 26), d(2026, 10, 30), d(2026, 12, 18)),
            ("spring", d(2027, 1, 4), d(2027, 2, 15), d(2027, 2, 19), d(2027, 3, 25)),
            ("summer", d(2027, 4, 12), d(2027, 5, 31), d(2027, 6, 4), d(2027, 7, 21)),
        ],
        2027: [
            ("autumn", d(2027, 9, 1), d(2027, 10, 25), d(2027, 10, 29), d(2027, 12, 17)),
            ("spring", d(2028, 1, 4), d(2028, 2, 14), d(2028, 2, 18), d(2028, 4, 7)),
            ("summer", d(2028, 4, 24), d(2028, 5, 29), d(2028, 6, 2), d(2028, 7, 21)),
        ],
    }[year_start]
    for name, start, break_start, break_end, end in terms:
        Term.objects.create(
            academic_year=year,
            name=name,
            start=start,
            half_term_break_start=break_start,
            half_term_break_end=break_end,
            end=end,
        )
    return year


def add_inset(school: School, *days: dt.date) -> None:
    for day in days:
        ClosureDay.objects.create(school=school, date=day, kind=ClosureDay.Kind.INSET)


@dataclass
class World:
    trust_a: Trust
    trust_b: Trust
    school_a1: School
    school_a2: School
    school_b1: School
    pupil_a1: Pupil
    canary_a2: Pupil
    canary_b1: Pupil
    users: dict[Role, User] = field(default_factory=dict)
    outsider: User | None = None  # a signed-in member of staff of trust B only
    no_roles: User | None = None

    # Names that must never appear in a response to a user outside their scope.
    CANARY_A2 = "Canarya2zqx"
    CANARY_B1 = "Canaryb1zqx"
    CANARY_TRUST_B = "Canary Trust Bzqx"
    CANARY_SCHOOL_B1 = "Canary School B1zqx"


def world() -> World:
    trust_a = make_trust("Trust A")
    trust_b = make_trust(World.CANARY_TRUST_B)
    school_a1 = make_school(trust_a, "School A1")
    school_a2 = make_school(trust_a, "School A2")
    school_b1 = make_school(trust_b, World.CANARY_SCHOOL_B1)
    for school in (school_a1, school_a2, school_b1):
        make_calendar(school)
    w = World(
        trust_a=trust_a,
        trust_b=trust_b,
        school_a1=school_a1,
        school_a2=school_a2,
        school_b1=school_b1,
        pupil_a1=make_pupil(school_a1, first_name="Alex", last_name="Ordinary"),
        canary_a2=make_pupil(school_a2, first_name=World.CANARY_A2, last_name="Other"),
        canary_b1=make_pupil(school_b1, first_name=World.CANARY_B1, last_name="Other"),
    )
    for role, definition in ROLES.items():
        user = make_user(f"{role.value}@example.org", full_name=f"{definition.label} Person")
        if definition.scope is Scope.SCHOOL:
            give_role(user, role, school=school_a1)
        else:
            give_role(user, role, trust=trust_a)  # a service role takes no trust
        w.users[role] = user
    w.outsider = make_user("outsider@example.org", full_name="Outsider Person")
    give_role(w.outsider, Role.HEADTEACHER, school=school_b1)
    give_role(w.outsider, Role.TRUST_ADMINISTRATOR, trust=trust_b)
    w.no_roles = make_user("noroles@example.org", full_name="No Roles Person")
    return w


# Providers and their audits ----------------------------------------------------------------------


def make_provider(trust: Trust, name: str | None = None, **fields):
    from altprov.providers.models import Provider

    n = next(_seq)
    values = {
        "name": name or f"Test Provider {n}",
        "registration_status": "registered",
        "urn": f"{800000 + n}",
        "address_line_1": "3 Provider Street",
        "town": "Provtown",
        "postcode": "ZZ2 2BB",
        "manager_name": "Pat Manager",
    }
    values.update(fields)
    if values["registration_status"] == "unregistered" and "urn" not in fields:
        values["urn"] = ""
    return Provider.objects.create(trust=trust, **values)


def pdf_upload(name: str = "evidence.pdf", size: int = 0):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b" " * size
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def make_letter(provider, by, received_on=None, renewal_due=None):
    from altprov.providers.services import letter_add

    received_on = received_on or dt.date.today() - dt.timedelta(days=10)
    return letter_add(
        provider=provider,
        received_on=received_on,
        signatory_name="Lee Signer",
        signatory_role="Director",
        upload=pdf_upload("letter.pdf"),
        renewal_due=renewal_due,
        school=None,
        by=by,
    )


def complete_audit(provider, school, **kwargs):
    """An audit with every section of Appendix 1 answered (and, given the DSL and Headteacher,
    confirmed and signed off): the same builder the demo seed uses."""
    from altprov.provider_audits.demo import audit_completed

    return audit_completed(provider, school, **kwargs)


# Pupil records (R-6.1) ---------------------------------------------------------------------------


def make_carer(pupil: Pupil, **fields):
    n = next(_seq)
    values = {
        "name": f"Carer{n} Test",
        "relationship": "Mother",
        "phone": "07700 900982",
        "parental_responsibility": True,
        "priority": 1,
    }
    values.update(fields)
    return pupil.carers.create(**values)


def born_aged(years: int, days: int = 40) -> dt.date:
    """A date of birth giving `years` of age today (a few weeks past the birthday)."""
    today = dt.date.today()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return birthday - dt.timedelta(days=days)

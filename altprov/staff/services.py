"""Staff and their roles in a trust, managed by trust administrators (R-10.1).

Every function takes the trust and the acting user and checks both, so a view cannot forget:
the acting user must manage staff in the trust, and the account changed must be one the trust
may change (see selectors: an account belongs to the trust(s) that hold its roles).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from altprov.accounts import services as account_services
from altprov.accounts.models import User
from altprov.authz.checks import has_permission
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import ROLES, Permission, Role, Scope
from altprov.core.generations import person_changed
from altprov.core.locking import lock
from altprov.organisations.models import School, Trust

from .models import RoleInvitation
from .selectors import account_managed_by

SIGN_IN_SHARED = (
    "This account is also used outside this trust, so its sign-in cannot be reset here. "
    "The person can use a recovery code and set up a new authenticator from their account page."
)


def _check_manager(trust: Trust, by: User) -> None:
    if not has_permission(by, Permission.MANAGE_STAFF, trust=trust):
        raise PermissionDenied


def _check_role(trust: Trust, role: Role, school: School | None) -> None:
    scope = ROLES[role].scope
    if scope is Scope.SERVICE:
        # service roles belong to no trust; only `manage.py grant_service_admin` gives one.
        raise ValidationError({"role": "Select a school or trust role"})
    if scope is Scope.SCHOOL and school is None:
        raise ValidationError({"school": "Select the school this role is held in"})
    if scope is Scope.TRUST and school is not None:
        raise ValidationError({"school": "A trust role is not held in one school"})
    if school is not None and school.trust_id != trust.pk:
        raise ValidationError({"school": "Select a school of this trust"})


def _check_member(trust: Trust, user: User) -> None:
    if not RoleAssignment.objects.filter(user=user, trust=trust).exists():
        raise PermissionDenied


@transaction.atomic
def staff_add(
    *, trust: Trust, email: str, full_name: str, job_title: str, role: Role, school, by: User
) -> RoleInvitation:
    """Offers a role to the person with this email address. The role is not active until they
    accept it, signed in as themselves. An address with no account gets a new account and a
    set-up link; one with an account gets a notice to sign in and accept. Both read the same to
    the administrator, who never learns whether the address already had an account."""
    _check_manager(trust, by)
    _check_role(trust, role, school)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = account_services.user_create(
            email=email, full_name=full_name, job_title=job_title, by=by
        )
    where = school.name if school else trust.name
    if RoleAssignment.objects.filter(user=user, role=role, trust=trust, school=school).exists():
        # Only someone already on the trust's staff list can hold a role in the trust.
        raise ValidationError({"role": f"{user} is already {ROLES[role].label} in {where}"})
    if RoleInvitation.objects.filter(
        user=user, role=role, trust=trust, school=school, status=RoleInvitation.Status.PENDING
    ).exists():
        raise ValidationError(
            {"role": f"{email} has already been invited to be {ROLES[role].label} in {where}"}
        )
    invitation = RoleInvitation(
        user=user,
        email=email,
        full_name=full_name.strip(),
        role=role,
        trust=trust,
        school=school,
        invited_by=by,
    )
    invitation._history_user = by
    invitation.save()
    person_changed(user.pk)  # their home page offers them the role (staff/attention.py)
    if created or not user.has_usable_password():
        account_services.set_up_email_send(user)
    else:
        _invitation_email_send(invitation)
    return invitation


def _invitation_email_send(invitation: RoleInvitation) -> None:
    """Tells a person who has an account that a role waits for them. Says nothing about pupils."""
    link = settings.SERVICE_BASE_URL.rstrip("/") + reverse("invitations:list")
    send_mail(
        subject="You have been offered a role on AltProv",
        message=(
            f"Hello {invitation.user.full_name},\n\n"
            f"{invitation.trust.name} has offered you a role on AltProv, the alternative provision "
            f"service: {invitation}.\n\n"
            f"The role starts only when you accept it. Sign in as usual and accept or decline it "
            f"here:\n\n{link}\n\n"
            "If you did not expect this, decline it and tell the trust.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.user.email],
    )


@transaction.atomic
def invitation_accept(*, invitation: RoleInvitation, by: User) -> RoleAssignment | None:
    """The invited person, signed in, takes up the role. Works once."""
    invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != by.pk:
        raise PermissionDenied
    if invitation.status != RoleInvitation.Status.PENDING:
        raise ValidationError("This invitation has already been answered or withdrawn")
    if by.provider_id is not None:
        # X-5 (issue 9): a provider user's account belongs to the provider portal; the trust was
        # told nothing when it invited the address, and the role is never taken up.
        raise ValidationError(
            "This account is for the provider portal and cannot take a role at a school or "
            "trust. Ask the trust administrator to invite another email address"
        )
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=by,
        role=invitation.role,
        trust=invitation.trust,
        school=invitation.school,
    )
    _answer(invitation, RoleInvitation.Status.ACCEPTED, by)
    return assignment


@transaction.atomic
def invitation_decline(*, invitation: RoleInvitation, by: User) -> None:
    invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != by.pk:
        raise PermissionDenied
    if invitation.status != RoleInvitation.Status.PENDING:
        raise ValidationError("This invitation has already been answered or withdrawn")
    _answer(invitation, RoleInvitation.Status.DECLINED, by)


@transaction.atomic
def invitation_withdraw(*, trust: Trust, invitation: RoleInvitation, by: User) -> None:
    _check_manager(trust, by)
    invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.trust_id != trust.pk:
        raise PermissionDenied
    if invitation.status != RoleInvitation.Status.PENDING:
        raise ValidationError("This invitation has already been answered or withdrawn")
    _answer(invitation, RoleInvitation.Status.WITHDRAWN, by)
    person_changed(invitation.user_id)


def _answer(invitation: RoleInvitation, status: str, by: User) -> None:
    invitation.status = status
    invitation.answered_at = timezone.now()
    invitation._history_user = by
    invitation.save(update_fields=["status", "answered_at"])


def role_assign(*, trust: Trust, user: User, role: Role, school, by: User) -> RoleAssignment:
    """Gives another role in the trust to someone already on its staff list."""
    _check_manager(trust, by)
    _check_member(trust, user)
    _check_role(trust, role, school)
    exists = RoleAssignment.objects.filter(
        user=user, role=role, trust=trust, school=school
    ).exists()
    if exists:
        where = school.name if school else trust.name
        raise ValidationError({"role": f"{user} is already {ROLES[role].label} in {where}"})
    assignment = RoleAssignment(user=user, role=role, trust=trust, school=school)
    assignment._history_user = by
    assignment.save()
    return assignment


@transaction.atomic
def role_remove(*, trust: Trust, assignment: RoleAssignment, by: User) -> None:
    _check_manager(trust, by)
    if assignment.trust_id != trust.pk:
        raise PermissionDenied
    # Two administrators removing each other at once: the second waits for the first, then counts
    # the administrators left (a trust always keeps one).
    lock(assignment.trust)
    if not RoleAssignment.objects.filter(pk=assignment.pk).exists():
        raise ValidationError("This role has already been removed")
    if assignment.role == Role.TRUST_ADMINISTRATOR:
        others = RoleAssignment.objects.filter(
            trust_id=assignment.trust_id, role=Role.TRUST_ADMINISTRATOR, user__is_active=True
        ).exclude(pk=assignment.pk)
        if not others.exists():
            raise ValidationError(
                "This is the trust's only trust administrator. Give the role to someone else first."
            )
    assignment._history_user = by
    assignment.delete()


def set_up_link_send(*, trust: Trust, user: User, by: User) -> None:
    """A new set-up link for someone on the staff list who has not chosen a password."""
    _check_manager(trust, by)
    if not account_managed_by(trust, user):
        raise PermissionDenied
    if user.has_usable_password():
        raise ValidationError("They have already set up their account. Reset their sign-in first.")
    account_services.set_up_email_send(user)


@transaction.atomic
def sign_in_reset(*, trust: Trust, user: User, by: User) -> None:
    """Removes the password, second factors and sessions of an account that only this trust holds
    roles for, and emails a set-up link. An account that also holds a role in another trust is
    refused: resetting it would take away another trust's member of staff's sign-in."""
    _check_manager(trust, by)
    _check_member(trust, user)
    if not account_managed_by(trust, user):
        raise ValidationError(SIGN_IN_SHARED)
    account_services.sign_in_reset(user=user, by=by)
    account_services.set_up_email_send(user)

"""Staff and their roles in a trust, managed by trust administrators (R-10.1)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from altprov.accounts import services as account_services
from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import ROLES, Role, Scope
from altprov.core.locking import lock
from altprov.organisations.models import School, Trust


def _check_role(trust: Trust, role: Role, school: School | None) -> None:
    scope = ROLES[role].scope
    if scope is Scope.SCHOOL and school is None:
        raise ValidationError({"school": "Select the school this role is held in"})
    if scope is Scope.TRUST and school is not None:
        raise ValidationError({"school": "A trust role is not held in one school"})
    if school is not None and school.trust_id != trust.pk:
        raise ValidationError({"school": "Select a school of this trust"})


@transaction.atomic
def staff_add(
    *, trust: Trust, email: str, full_name: str, job_title: str, role: Role, school, by: User
) -> tuple[User, bool]:
    """Adds a person with their first role. Returns the user and whether the account is new; a
    person who already has an account (in another school or trust) keeps it and gains the role."""
    _check_role(trust, role, school)
    user = User.objects.filter(email__iexact=email.strip()).first()
    created = user is None
    if created:
        user = account_services.user_create(
            email=email, full_name=full_name, job_title=job_title, by=by
        )
    role_assign(trust=trust, user=user, role=role, school=school, by=by)
    if created:
        account_services.set_up_email_send(user)
    return user, created


def role_assign(*, trust: Trust, user: User, role: Role, school, by: User) -> RoleAssignment:
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
def role_remove(*, assignment: RoleAssignment, by: User) -> None:
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

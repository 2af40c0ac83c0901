"""Who a trust administrator may see and manage (R-10.1, X-5).

An account belongs to the trust(s) that hold its roles. A trust administrator sees the people
with at least one role in their trust, and only those roles. Changing the account itself
(resetting its sign-in, sending it a set-up link) is for an account whose every role is in the
trust: an account that also holds a role elsewhere belongs to another trust too, and no one trust
may take away its sign-in.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.organisations.models import Trust

from .models import RoleInvitation


def staff_of(trust: Trust, search: str = ""):
    """People with at least one role in the trust, with those roles (and only those) prefetched.
    `shared` says whether they also hold a role in another trust."""
    users = User.objects.filter(role_assignments__trust=trust).distinct()
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    elsewhere = RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(trust=trust)
    return (
        users.annotate(shared=Exists(elsewhere))
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.filter(trust=trust).select_related(
                    "school", "trust"
                ),
                to_attr="trust_roles",
            )
        )
        .order_by("full_name", "email")
    )


def staff_member(trust: Trust, user_id) -> User:
    """A person with a role in the trust, or 404."""
    try:
        return staff_of(trust).get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def account_managed_by(trust: Trust, user: User) -> bool:
    """Whether the trust alone holds the account's roles, so that its administrator may change
    the account itself (its sign-in)."""
    roles = RoleAssignment.objects.filter(user=user)
    return roles.filter(trust=trust).exists() and not roles.exclude(trust=trust).exists()


def invitations_waiting(trust: Trust):
    return RoleInvitation.objects.filter(
        trust=trust, status=RoleInvitation.Status.PENDING
    ).select_related("school", "trust")


def invitation_of_trust(trust: Trust, invitation_id) -> RoleInvitation:
    try:
        return invitations_waiting(trust).get(pk=invitation_id)
    except (RoleInvitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def invitations_for(user: User):
    """The roles offered to this person that they have not answered."""
    return RoleInvitation.objects.filter(
        user=user, status=RoleInvitation.Status.PENDING
    ).select_related("school", "trust")


def invitation_for(user: User, invitation_id) -> RoleInvitation:
    try:
        return invitations_for(user).get(pk=invitation_id)
    except (RoleInvitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

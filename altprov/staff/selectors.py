from django.db.models import Prefetch, Q
from django.http import Http404

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.organisations.models import Trust


def staff_of(trust: Trust, search: str = ""):
    """People with at least one role in the trust, with those roles (and only those) prefetched."""
    users = User.objects.filter(role_assignments__trust=trust).distinct()
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return users.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(trust=trust).select_related("school", "trust"),
            to_attr="trust_roles",
        )
    ).order_by("full_name", "email")


def staff_member(trust: Trust, user_id) -> User:
    try:
        return staff_of(trust).get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

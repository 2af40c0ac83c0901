"""The checks every view and selector uses: whether a person holds a permission in a school or a
trust, through the roles of `altprov.authz.permissions` (R-10.1, R-10.2, X-5).

A school role grants its permissions in that school. A trust role grants its permissions for the
trust and in every school of the trust. Nothing grants anything in another trust. A service role
grants only service-wide jobs. A person's role assignments are read once per request object.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from altprov.organisations.models import School, Trust

from .models import RoleAssignment
from .permissions import ROLES, Permission, Role


def has_permission(
    user, permission: Permission, *, school: School | None = None, trust: Trust | None = None
) -> bool:
    """Whether `user` holds `permission` in the given school, or for the given trust.

    With a school: a school role there, or a trust role of the school's trust, that grants it.
    With only a trust: a trust role of that trust that grants it.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if school is None and trust is None:
        raise ValueError("has_permission needs a school or a trust to check against")
    for assignment in _in_trusts(assignments_of(user)):
        if permission not in ROLES[Role(assignment.role)].permissions:
            continue
        if school is not None:
            if assignment.school_id == school.pk:
                return True
            if assignment.school_id is None and assignment.trust_id == school.trust_id:
                return True
        elif assignment.school_id is None and assignment.trust_id == trust.pk:
            return True
    return False


def roles_in(user, school: School | None) -> set[Role]:
    """The roles the user holds in the school: its own school roles and the trust roles of its
    trust; none for someone signed out or switched off."""
    if user is None or not user.is_authenticated or not user.is_active or school is None:
        return set()
    return {
        Role(a.role)
        for a in assignments_of(user)
        if a.school_id == school.pk or (a.school_id is None and a.trust_id == school.trust_id)
    }


def permissions_in(user, school: School | None) -> frozenset[Permission]:
    """Every permission the user holds in the school (its school roles and the trust roles of its
    trust). Used to tell whether switching school widens what the session may do."""
    held: set[Permission] = set()
    for role in roles_in(user, school):
        held |= ROLES[role].permissions
    return frozenset(held)


def has_service_permission(user, permission: Permission) -> bool:
    """Whether `user` holds `permission` for the whole service, through a service role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return any(
        a.trust_id is None and permission in ROLES[Role(a.role)].permissions
        for a in assignments_of(user)
    )


def require_service_permission(user, permission: Permission) -> None:
    """For service pages: not found (404, as every refusal) unless the user holds `permission`
    through a service role. No trust role ever grants a service permission."""
    if not has_service_permission(user, permission):
        raise Http404


def _in_trusts(assignments):
    """The assignments held in a trust or school: service roles grant nothing there."""
    return [a for a in assignments if a.trust_id is not None]


def assignments_of(user):
    """The user's role assignments, read once per request object and kept on it."""
    cached = getattr(user, "_altprov_assignments", None)
    if cached is None:
        # With each school's trust: the schools of someone who holds only school roles are then
        # known without another query (organisations.middleware.user_schools).
        cached = list(
            RoleAssignment.objects.filter(user=user).select_related("school__trust", "trust")
        )
        user._altprov_assignments = cached
    return cached


def schools_held_directly(user, permission: Permission):
    """The schools in which the user holds `permission`, from their role assignments alone, when
    every such role is a school role; None when a trust role grants it (then the trust's schools
    must be read)."""
    if not user.is_authenticated or not user.is_active:
        return []
    schools = {}
    for assignment in _in_trusts(assignments_of(user)):
        if permission in ROLES[Role(assignment.role)].permissions:
            if assignment.school_id is None:
                return None
            schools[assignment.school_id] = assignment.school
    return list(schools.values())


def school_ids_with(user, permission: Permission):
    """A queryset of the ids of schools in which the user holds `permission`: the base of every
    scoped selector, so a list query never needs one check per row."""
    if not user.is_authenticated or not user.is_active:
        return School.objects.none().values("pk")
    school_ids: set[int] = set()
    trust_ids: set[int] = set()
    for assignment in _in_trusts(assignments_of(user)):
        if permission in ROLES[Role(assignment.role)].permissions:
            if assignment.school_id is not None:
                school_ids.add(assignment.school_id)
            else:
                trust_ids.add(assignment.trust_id)
    return School.objects.filter(Q(pk__in=school_ids) | Q(trust_id__in=trust_ids)).values("pk")


def trust_ids_with(user, permission: Permission) -> set[int]:
    """Trusts for which the user holds `permission` through a trust role."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {
        a.trust_id
        for a in _in_trusts(assignments_of(user))
        if a.school_id is None and permission in ROLES[Role(a.role)].permissions
    }


def trust_ids_reaching(user, permission: Permission) -> set[int]:
    """Trusts in which the user holds `permission` anywhere: through a trust role, or a school
    role in one of the trust's schools. For records shared by a trust's schools (providers)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {
        a.trust_id
        for a in _in_trusts(assignments_of(user))
        if permission in ROLES[Role(a.role)].permissions
    }


def has_permission_in_trust(user, permission: Permission, trust) -> bool:
    return trust.pk in trust_ids_reaching(user, permission)

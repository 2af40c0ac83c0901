"""Choosing a member of staff: every picker names each person with their role at the school
(issue 14, 2.12), so two people with similar names, or a name without a face, can be told apart."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from .models import RoleAssignment
from .permissions import role_label


def staff_of(school):
    """The school's active staff, each with their roles there (one query for the roles)."""
    return (
        get_user_model()
        .objects.filter(role_assignments__school=school, is_active=True)
        .distinct()
        .order_by("full_name", "email")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.filter(school=school),
                to_attr="roles_here",
            )
        )
    )


def short_role(role: str) -> str:
    """ "Designated Safeguarding Lead (DSL)" -> "DSL"; other labels as they are."""
    label = role_label(role)
    match = re.fullmatch(r".+ \((\w+)\)", label)
    return match[1] if match else label


def staff_label(user) -> str:
    roles = sorted(short_role(a.role) for a in getattr(user, "roles_here", []))
    return f"{user.full_name} ({', '.join(roles)})" if roles else user.full_name


class StaffChoiceField(forms.ModelChoiceField):
    """A member of the school's staff, shown as "Jo Bloggs (AP Lead)". Give it `staff_of`."""

    def label_from_instance(self, obj) -> str:
        return staff_label(obj)

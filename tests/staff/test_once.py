"""A role is removed once (issue 14, 1.5): the service locks the trust's row and re-reads, so a
second request to remove the same role is refused with a clear message and writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.staff import services

pytestmark = pytest.mark.django_db


def test_a_role_is_removed_once(world):
    assignment = RoleAssignment.objects.get(user=world.users[Role.SENDCO])
    second = RoleAssignment.objects.get(pk=assignment.pk)
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    services.role_remove(trust=world.trust_a, assignment=assignment, by=admin)
    before = RoleAssignment.history.count()
    with pytest.raises(ValidationError, match="already been removed"):
        services.role_remove(trust=world.trust_a, assignment=second, by=admin)
    assert RoleAssignment.history.count() == before
    assert not RoleAssignment.objects.filter(user=world.users[Role.SENDCO]).exists()

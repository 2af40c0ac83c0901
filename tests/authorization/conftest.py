"""People with two hats, for the tests of scoping."""

import pytest

from altprov.authz.permissions import Role
from tests.factories import give_role, make_user


@pytest.fixture
def two_schools(world):
    """AP Lead at School A1 and Attendance Lead at School A2, both of trust A."""
    user = make_user("two-schools@example.org", full_name="Two Schools")
    give_role(user, Role.AP_LEAD, school=world.school_a1)
    give_role(user, Role.ATTENDANCE_LEAD, school=world.school_a2)
    return user


@pytest.fixture
def two_trusts(world):
    """DSL at School A1 of trust A and Trust administrator of trust B."""
    user = make_user("two-trusts@example.org", full_name="Two Trusts")
    give_role(user, Role.DSL, school=world.school_a1)
    give_role(user, Role.TRUST_ADMINISTRATOR, trust=world.trust_b)
    return user

import pytest

from altprov.authz.permissions import Role
from tests.conftest import signed_in_client


@pytest.fixture
def head(world):
    """The Headteacher of school A1, signed in."""
    return signed_in_client(world.users[Role.HEADTEACHER])

"""Building API clients and data for the API tests (issue 9)."""

import datetime as dt

from django.test import Client

from altprov.api.models import ApiClient
from altprov.api.services import client_create
from altprov.authz.permissions import Role
from altprov.placements.models import PlacementSession
from tests.duties.helpers import attending
from tests.factories import make_pupil

TODAY = dt.date(2026, 11, 6)  # a Friday of the autumn term (the tests freeze the clock here)
MONDAY = dt.date(2026, 11, 2)


def token_for(world, *, school=None, trust=None, access="read", expires_on=None, name=None):
    """(client, token) for `school` (or the whole `trust`), made by the trust's administrator."""
    trust = trust or (school.trust if school else world.trust_a)
    admin = world.users[Role.TRUST_ADMINISTRATOR] if trust == world.trust_a else world.outsider
    client, token = client_create(
        trust=trust,
        name=name or f"System {ApiClient.objects.count() + 1}",
        school=school,
        access=access,
        expires_on=expires_on or TODAY + dt.timedelta(days=30),
        by=admin,
        today=TODAY,
    )
    return client, token


def api(token=None, **extra) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(headers=headers, **extra)


def placement_of(world, school, first_name, *, days=range(5)):
    """An attending placement of a new pupil of `school`, Monday to Friday by default."""
    pupil = make_pupil(school, first_name=first_name, last_name="Surname")
    placement = attending(world, pupil)
    for day in days:
        PlacementSession.objects.create(
            placement=placement, day=day, starts_at=dt.time(9), ends_at=dt.time(15)
        )
    return placement

"""X-5 and R-10.2, property-based (issue 9): schemathesis generates calls to every operation of
the OpenAPI schema, served by the live test server, with a read token and a write token of
school A1. Canary pupils, marks and a provider sit in school A2 (same trust) and in trust B. No
call may fail with a server error, and no answer may contain anything outside the token's scope.
A few examples per operation keep it quick."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from altprov.attendance.models import AttendanceMark
from tests import factories
from tests.factories import World

from .helpers import MONDAY, placement_of, token_for

EXAMPLES = 5


@pytest.mark.django_db(transaction=True)
def test_X5_R10_2_generated_calls_find_no_server_error_and_nothing_out_of_scope(
    live_server, settings
):
    settings.API_RATE = "100000/minute"
    w = factories.world()
    own = placement_of(w, w.school_a1, "Ownpupil")
    in_a2 = placement_of(w, w.school_a2, World.CANARY_A2 + "p")
    factories.make_provider(w.trust_b, "Canary Provider Bzqx")
    in_b1 = placement_of(w, w.school_b1, World.CANARY_B1 + "p")
    for placement in (own, in_a2, in_b1):
        AttendanceMark.objects.create(
            placement=placement, date=MONDAY, session="AM", code="B", entered_by=w.outsider
        )
    tokens = {
        "read": token_for(w, school=w.school_a1, access="read", name="Reader")[1],
        "write": token_for(w, school=w.school_a1, access="write", name="Writer")[1],
    }
    canaries = [
        World.CANARY_A2,
        World.CANARY_B1,
        World.CANARY_TRUST_B,
        World.CANARY_SCHOOL_B1,
        "Canary Provider Bzqx",
        in_a2.pupil.upn,
        in_b1.pupil.upn,
        w.school_a2.name,
    ]
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
    failures = []

    for operation in operations:
        for access, token in tokens.items():
            _check(operation, token, access, live_server.url, canaries, failures)()
    assert not failures, "\n".join(sorted(set(failures)))
    # The calls reached the data: the read token sees its own pupil.
    from django.test import Client

    own_page = Client(headers={"Authorization": f"Bearer {tokens['read']}"}).get(
        "/api/v1/placements/"
    )
    assert own.pupil.upn in own_page.content.decode()


def _check(operation, token, access, base_url, canaries, failures):
    """A hypothesis test of one operation with one token, collecting what goes wrong."""

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def call(case):
        response = case.call(base_url=base_url, headers={"Authorization": f"Bearer {token}"})
        where = f"{case.method} {case.formatted_path} ({access}): {response.status_code}"
        if response.status_code >= 500:
            failures.append(f"{where} server error")
        for canary in canaries:
            if canary in response.text:
                failures.append(f"{where} shows {canary}")

    return call

"""X-1: the log of who viewed pupil records, and change history."""

import pytest

from altprov.authz.permissions import Role
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def test_X1_a_headteacher_sees_who_viewed_their_schools_pupils_and_nothing_else(world):
    signed_in_client(world.users[Role.SENDCO]).get(f"/pupils/{world.pupil_a1.pk}/")
    signed_in_client(world.outsider).get(f"/pupils/{world.canary_b1.pk}/")
    content = signed_in_client(world.users[Role.HEADTEACHER]).get("/access-log/").content.decode()
    assert "SENDCo Person" in content and "pupil record" in content
    assert "Outsider Person" not in content
    assert "1 view of pupil records" in content


def test_X1_the_access_log_names_no_pupil(world):
    signed_in_client(world.users[Role.SENDCO]).get(f"/pupils/{world.pupil_a1.pk}/")
    content = (
        signed_in_client(world.users[Role.TRUST_ADMINISTRATOR]).get("/access-log/").content.decode()
    )
    assert "SENDCo Person" in content
    assert "Alex" not in content and "Ordinary" not in content


@pytest.mark.parametrize("rows", [1, 50])
def test_the_access_log_makes_the_same_number_of_queries_whatever_its_length(
    world, rows, django_assert_num_queries
):
    viewer = signed_in_client(world.users[Role.SENDCO])
    for _ in range(rows):
        viewer.get(f"/pupils/{world.pupil_a1.pk}/")
    client = signed_in_client(world.users[Role.HEADTEACHER])
    client.get("/access-log/")
    with django_assert_num_queries(QUERIES_ACCESS_LOG):
        client.get("/access-log/")


QUERIES_ACCESS_LOG = 5  # issue 10: overheads cut, the page and its count in one query


def test_X1_every_change_keeps_its_history_with_the_acting_user(world):
    admin = world.users[Role.TRUST_ADMINISTRATOR]
    client = signed_in_client(admin)
    school = world.school_a2
    data = {
        "name": "School A2 New Name",
        "urn": school.urn,
        "phase": school.phase,
        "address_line_1": school.address_line_1,
        "town": school.town,
        "postcode": school.postcode,
        "attendance_target": "95",
    }
    client.post(f"/trust/schools/{school.pk}/edit/", data)
    latest, earlier = school.history.all()[:2]
    assert latest.history_user == admin
    assert latest.name == "School A2 New Name" and earlier.name == "School A2"
    delta = latest.diff_against(earlier)
    assert {c.field for c in delta.changes} == {"name", "attendance_target"}

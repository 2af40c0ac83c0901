"""Issue 10, P7: a school's region comes from GIAS's "GOR (name)" where its URN is in the
register, and is chosen on the school's page otherwise."""

import pytest

from altprov.authz.permissions import Role
from altprov.gias.services import gias_import
from altprov.organisations.models import Region, School
from tests.conftest import signed_in_client
from tests.gias.helpers import HEADER, csv_file, row

pytestmark = pytest.mark.django_db
WITH_REGION = [*HEADER, "GOR (name)"]


def test_gor_name_maps_to_the_nine_regions():
    assert Region.from_gias("Yorkshire and the Humber") == Region.YORKSHIRE
    assert Region.from_gias(" london ") == Region.LONDON
    assert Region.from_gias("Wales (pseudo)") == "" and Region.from_gias("") == ""


def test_an_import_gives_schools_in_the_register_its_region(world):
    School.objects.filter(pk=world.school_a2.pk).update(region=Region.SOUTH_WEST)
    rows = [
        row(int(world.school_a1.urn), "School A1", **{"GOR (name)": "North West"}),
        row(int(world.school_b1.urn), "School B1", **{"GOR (name)": "Wales (pseudo)"}),
        row(999001, "Elsewhere", **{"GOR (name)": "London"}),
    ]
    gias_import(file=csv_file(rows, header=WITH_REGION), file_name="gias.csv", by=None)
    regions = dict(School.objects.values_list("pk", "region"))
    assert regions[world.school_a1.pk] == Region.NORTH_WEST
    assert regions[world.school_a2.pk] == Region.SOUTH_WEST  # not in the register: kept
    assert regions[world.school_b1.pk] == ""  # not one of England's regions
    # a file without the column still imports (and sets nothing)
    gias_import(file=csv_file(rows[:1]), file_name="gias.csv", by=None, force_reason="test")
    assert School.objects.get(pk=world.school_a1.pk).region == Region.NORTH_WEST


def test_a_school_saved_with_a_urn_in_the_register_takes_its_region(world):
    rows = [row(912345, "Newfield Academy", **{"GOR (name)": "East Midlands"})]
    gias_import(file=csv_file(rows, header=WITH_REGION), file_name="gias.csv", by=None)
    admin = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    school = {
        "name": "Newfield Academy",
        "urn": "912345",
        "phase": "secondary",
        "address_line_1": "2 New Road",
        "town": "Newfield",
        "postcode": "zz9 9zz",
        "attendance_target": "92.5",
        "region": "london",  # the register wins for a school it lists
    }
    assert admin.post("/trust/schools/add/", school).status_code == 302
    assert School.objects.get(urn="912345").region == Region.EAST_MIDLANDS
    # a school not in the register keeps the region chosen on its page
    data = {**school, "urn": world.school_a1.urn, "name": "School A1", "region": "south_east"}
    assert admin.post(f"/trust/schools/{world.school_a1.pk}/edit/", data).status_code == 302
    assert School.objects.get(pk=world.school_a1.pk).region == Region.SOUTH_EAST
    page = admin.get(f"/trust/schools/{world.school_a1.pk}/").content.decode()
    assert "South East" in page
    bad = admin.post(f"/trust/schools/{world.school_a1.pk}/edit/", {**data, "region": "wales"})
    assert "Select one of England" in bad.content.decode()

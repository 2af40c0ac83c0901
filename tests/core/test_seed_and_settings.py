import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import SCHOOL_ROLES, TRUST_ROLES, Role
from altprov.duties.models import DutySummary
from altprov.national.models import SchoolFigures
from altprov.organisations.models import Region, School, Trust
from altprov.providers.models import Provider
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.upn import upn_problem
from altprov.termdates.schooldays import SchoolCalendar

ROOT = Path(__file__).resolve().parents[2]


def fingerprint():
    return (
        list(School.objects.order_by("urn").values_list("name", "urn", "postcode")),
        list(User.objects.order_by("email").values_list("email", "full_name")),
        list(
            Pupil.objects.order_by("school__urn", "upn").values_list(
                "first_name", "last_name", "upn", "date_of_birth"
            )
        ),
    )


@pytest.mark.django_db
def test_the_demo_is_a_realistic_fictional_trust_with_every_role():
    call_command("seed_demo")
    main = Trust.objects.get(name="Fernleigh and Marsh Academy Trust")
    schools = list(main.schools.all())
    assert len(schools) == 12
    assert {s.phase for s in schools} == {"primary", "secondary", "special"}
    for school in schools:
        roles = set(RoleAssignment.objects.filter(school=school).values_list("role", flat=True))
        assert roles == {r.value for r in SCHOOL_ROLES}
        calendar = SchoolCalendar.for_school(school)
        assert len(calendar.half_terms) == 12  # this and next academic year
    trust_roles = set(
        RoleAssignment.objects.filter(trust=main, school=None).values_list("role", flat=True)
    )
    assert trust_roles == {r.value for r in TRUST_ROLES}
    # The service role is held outside both trusts, and the sign-in help lists it.
    service = RoleAssignment.objects.get(role=Role.SERVICE_ADMINISTRATOR)
    assert (service.trust_id, service.school_id) == (None, None)
    shown = StringIO()
    call_command("demo_sign_in", stdout=shown)
    assert service.user.email in shown.getvalue()
    assert Pupil.objects.filter(school__trust=main).count() == 12 * 240
    assert all(
        upn_problem(upn) is None for upn in Pupil.objects.values_list("upn", flat=True)[:500]
    )
    assert Provider.objects.filter(trust=main).count() == 12
    assert Trust.objects.count() == 2
    # Seeding again refuses, or does nothing with --if-empty.
    with pytest.raises(CommandError):
        call_command("seed_demo")
    call_command("seed_demo", "--if-empty")
    assert Trust.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_demo_is_the_same_every_time():
    call_command("seed_demo", "--pupils-per-school", "10")
    first = fingerprint()
    call_command("flush", "--no-input")
    call_command("seed_demo", "--pupils-per-school", "10")
    assert fingerprint() == first


def run_settings(**env):
    full = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ALTPROV_", "DATABASE_URL"))
    }
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import altprov.settings"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        check=False,
    )


def test_X5_production_settings_refuse_demo_mode():
    result = run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, ALTPROV_DEMO="1")
    assert result.returncode != 0
    assert "ALTPROV_DEMO cannot be used with production settings" in result.stderr


def test_X5_production_settings_need_a_secret_key():
    result = run_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    assert run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60).returncode == 0


@pytest.mark.django_db
def test_the_demo_has_a_service_oversight_account_and_schools_in_regions(client_for):
    """Issue 10, P7: the demo's schools have regions and their figures are counted at seeding,
    so the oversight account's national page shows the demo trusts; the start-up lists it."""
    call_command("seed_demo", "--pupils-per-school", "10")
    held = RoleAssignment.objects.get(role=Role.SERVICE_OVERSIGHT)
    assert (held.trust_id, held.school_id) == (None, None)
    assert held.user.email == "oversight@demo.altprov.invalid"
    assert not RoleAssignment.objects.filter(user=held.user).exclude(pk=held.pk).exists()
    shown = StringIO()
    call_command("demo_sign_in", stdout=shown)
    assert "oversight@demo.altprov.invalid" in shown.getvalue()
    assert not School.objects.filter(region="").exists()
    by_region = {
        (trust, region): n
        for trust, region, n in School.objects.values_list("trust__name", "region")
        .annotate(n=Count("pk"))
        .order_by()
    }
    assert by_region == {
        ("Fernleigh and Marsh Academy Trust", Region.YORKSHIRE): 10,
        ("Fernleigh and Marsh Academy Trust", Region.NORTH_EAST): 2,
        ("Heronsford Learning Partnership", Region.NORTH_WEST): 2,
    }
    assert SchoolFigures.objects.count() == DutySummary.objects.count() == 14
    client = client_for(held.user)
    page = client.get("/service/dashboard/").content.decode()
    assert "Placements and attendance as at" in page and "Duties as at" in page
    assert "not counted yet" not in page
    # trusts and schools in the three regions, and nothing in the other six
    for label, trusts_schools in [
        ("Yorkshire and the Humber", "1 10"),
        ("North East", "1 2"),
        ("North West", "1 2"),
        ("London", "0 0"),
    ]:
        row = re.search(rf">{label}</a></th>\s*<td[^>]*>(\d+)</td><td[^>]*>(\d+)</td>", page)
        assert row and " ".join(row.groups()) == trusts_schools, label
    region = client.get("/service/dashboard/regions/north_east/").content.decode()
    assert "Fernleigh and Marsh Academy Trust" in region
    assert "Heronsford Learning Partnership" not in region
    # the other demo accounts see no dashboard
    admin = User.objects.get(email="service@demo.altprov.invalid")
    assert client_for(admin).get("/service/dashboard/").status_code == 404


@pytest.mark.django_db
def test_X1_a_seeded_pupils_history_shows_their_adding_by_the_schools_ap_lead(client_for):
    """The demo adds pupils and carers in bulk with their history rows, so a seeded pupil's
    history of changes starts with their adding, as a real pupil's does."""
    call_command("seed_demo", "--pupils-per-school", "10")
    assert Pupil.history.filter(history_type="+").count() == Pupil.objects.count()
    assert Carer.history.filter(history_type="+").count() == Carer.objects.count()
    pupil = Pupil.objects.filter(school__name="Fernleigh Academy").order_by("pk").last()
    ap_lead, head = (
        RoleAssignment.objects.get(school=pupil.school, role=role).user
        for role in (Role.AP_LEAD, Role.HEADTEACHER)
    )
    assert {r.history_user for r in pupil.history.all()} == {ap_lead}
    page = client_for(head).get(f"/pupils/{pupil.pk}/history/").content.decode()
    assert "No changes have been recorded" not in page
    assert "Added: Pupil record" in page and "Added: Parent or carer" in page
    assert f"by {ap_lead.full_name} (AP Lead)" in page


@pytest.mark.django_db
def test_X5_every_demo_account_has_the_record_of_setting_up_its_sign_in(client_for):
    """Each demo account's authenticator app and recovery codes were set up by the person, as
    a real account's are, so the record of sign-in changes starts with them."""
    call_command("seed_demo", "--pupils-per-school", "10")
    kinds = {
        user: sorted(user.security_events.values_list("kind", "by")) for user in User.objects.all()
    }
    assert kinds and all(
        found == [("app_added", user.pk), ("codes_made", user.pk)] for user, found in kinds.items()
    )
    person = User.objects.get(email="dsl.fernleigh-academy@fmat.demo.altprov.invalid")
    page = client_for(person).get("/account/").content.decode()
    assert "Authenticator app added" in page and "New recovery codes made" in page

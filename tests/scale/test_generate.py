"""Issue 10, item 2: the scale data generator. A tiny run (2 trusts x 2 schools x 3 placements,
10 weekdays of marks) checked against the service's own rules. Run on SQLite (bulk INSERTs) and
again with DATABASE_URL=postgres://... (COPY)."""

import datetime as dt
from collections import defaultdict

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_otp.oath import totp

from altprov.accounts.models import User
from altprov.attendance.models import AttendanceMark
from altprov.attendance.rules import pattern_sessions, refusal
from altprov.organisations.models import School
from altprov.placements.models import Placement
from altprov.placements.start_gate import preconditions
from altprov.pupils.models import Pupil
from altprov.pupils.upn import upn_problem
from altprov.scale.generate import AlreadyHasTrusts, generate, plan_for_totals
from altprov.scale.people import SCALE_PASSWORD, school_email, totp_key_for
from altprov.scale.sink import Sink
from altprov.termdates.schooldays import SchoolCalendar
from tests.concurrency import on_postgresql

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)
TINY = {"trusts": 2, "schools_per_trust": 2, "placements_per_school": 3, "days": 10}


@pytest.fixture
def generated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lines = []
    written = generate(**TINY, seed=7, today=TODAY, out=lines.append)
    return written, lines


def table_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def test_the_counts_it_reports_are_the_tables_counts(generated):
    written, lines = generated
    assert {name: table_count(name) for name in written} == written
    assert written["organisations_trust"] == 2
    assert written["organisations_school"] == 4
    assert written["placements_placement"] == 12
    assert written["attendance_attendancemark"] > 0
    # every row of a model with history has its "+" row, as the service's saves write them
    assert written["attendance_historicalattendancemark"] == written["attendance_attendancemark"]
    assert written["placements_historicalplacement"] == written["placements_placement"]
    assert written["accounts_historicaluser"] == written["accounts_user"]
    assert any("placements" in line for line in lines)  # progress printed as it goes


def dangling_references(tables) -> dict[str, int]:
    """Rows of `tables` whose foreign keys point at nothing, per table and column (a set-based
    check, so it holds whether or not the database's triggers ran)."""
    found = {}
    quote = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in tables:
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation or not field.db_constraint:
                continue
            target = field.related_model._meta
            sql = (
                f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} AS r "
                f"LEFT JOIN {quote(target.db_table)} AS t "
                f"ON t.{quote(field.target_field.column)} = r.{quote(field.column)} "
                f"WHERE r.{quote(field.column)} IS NOT NULL AND t.{quote(field.target_field.column)} IS NULL"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql)
                count = cursor.fetchone()[0]
            if count:
                found[f"{model._meta.db_table}.{field.column}"] = count
    return found


def test_every_foreign_key_points_at_a_row(generated):
    written, _ = generated
    assert dangling_references(set(written)) == {}


@on_postgresql
def test_skipping_the_foreign_key_checks_writes_the_same_rows(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    written = generate(**TINY, seed=7, today=TODAY, out=lambda line: None, skip_fk_checks=True)
    assert {name: table_count(name) for name in written} == written
    assert dangling_references(set(written)) == {}


def test_skipping_the_foreign_key_checks_is_refused_on_sqlite(settings, tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL allows it (the test above)")
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValueError, match="PostgreSQL only"):
        generate(**TINY, seed=7, today=TODAY, out=lambda line: None, skip_fk_checks=True)


def test_pupils_have_valid_upns_and_schools_unique_six_digit_urns(generated):
    problems = {upn: upn_problem(upn) for upn in Pupil.objects.values_list("upn", flat=True)}
    assert problems and not any(problems.values()), problems
    urns = list(School.objects.values_list("urn", flat=True))
    assert len(set(urns)) == len(urns) and all(len(u) == 6 and u.isdigit() for u in urns)


def test_every_placement_comes_from_an_approved_referral_with_the_familys_agreement(generated):
    placements = Placement.objects.select_related("referral__agreement")
    assert placements.count() == 12
    for placement in placements:
        assert placement.referral.is_approved
        assert placement.referral.agreement.response == "agreed"
        assert placement.referral.school_id == placement.referral.pupil.school_id


def test_attending_and_ready_placements_meet_the_start_gate_and_pending_ones_do_not(generated):
    statuses = defaultdict(int)
    for placement in Placement.objects.select_related("referral__pupil", "provider__trust"):
        statuses[placement.status] += 1
        unmet = [c.key for c in preconditions(placement, TODAY) if not c.met]
        if placement.status == "active":
            assert unmet == [], (placement.pk, unmet)
        elif placement.status == "planned":
            assert unmet in ([], ["notice", "information"]), unmet
    assert statuses["active"] > 0 and statuses["planned"] > 0


def test_marks_fall_only_on_school_days_of_each_placements_pattern(generated):
    placements = {
        p.pk: p for p in Placement.objects.select_related("referral").prefetch_related("sessions")
    }
    calendars = SchoolCalendar.for_schools({p.referral.school_id for p in placements.values()})
    marks = list(AttendanceMark.objects.all())
    assert marks
    for mark in marks:
        placement = placements[mark.placement_id]
        calendar = calendars[placement.referral.school_id]
        if placement.status == "active":
            assert refusal(placement, calendar, mark.date, mark.session, TODAY) is None
        else:  # an ended placement took marks while it was attending
            assert placement.status == "ended"
            assert calendar.is_school_day(mark.date)
            assert mark.session in pattern_sessions(placement, mark.date)
            assert placement.started_on <= mark.date <= placement.ended_on
    absent = sum(1 for m in marks if m.code not in ("/", "\\", "L"))
    assert 0 < absent < len(marks) / 3


def test_a_generated_member_of_staff_signs_in_through_the_real_pages(generated):
    email = school_email("ap-lead", 2, 1)
    user = User.objects.get(email=email)
    assert user.role_assignments.get().role == "ap_lead"
    client = Client()
    response = client.post("/sign-in/", {"email": email, "password": SCALE_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/sign-in/code/"
    code = f"{totp(bytes.fromhex(totp_key_for(email, seed=7))):06d}"
    response = client.post("/sign-in/code/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_running_again_on_a_database_with_trusts_is_refused(generated):
    with pytest.raises(AlreadyHasTrusts):
        generate(**TINY, seed=7, today=TODAY, out=lambda line: None)
    with pytest.raises(CommandError, match="already has 2 trusts"):
        call_command(
            "generate_scale",
            "--trusts=1",
            "--schools-per-trust=1",
            "--placements-per-school=1",
            "--days=5",
        )


def test_the_command_refuses_production_settings_without_yes_really(settings):
    settings.DEVELOPMENT = False
    with pytest.raises(CommandError, match="production settings"):
        call_command("generate_scale", "--size=large")


def test_national_totals_are_spread_evenly():
    plan = plan_for_totals(2_500, 22_000, 100_000)
    assert len(plan) == 2_500
    assert sum(len(row) for row in plan) == 22_000
    assert sum(sum(row) for row in plan) == 100_000
    assert {len(row) for row in plan} == {8, 9}
    assert {count for row in plan for count in row} == {4, 5}


def test_the_postgresql_path_writes_with_copy(generated):
    assert Sink().postgres == (connection.vendor == "postgresql")

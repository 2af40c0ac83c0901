"""/healthz (liveness) and /healthz/ready (readiness): each readiness check failing alone, and
neither page asking for sign-in, writing the access log, or saying more than status and names."""

import datetime as dt
import json
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import OperationalError
from django.test import Client, override_settings
from django.utils import timezone

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.ops.health import SCHEDULER, WORKER, record_heartbeat
from altprov.ops.models import Heartbeat
from tests.core.test_logging import gunicorn_conf

EVERY_CHECK = {"database", "migrations", "worker", "scheduler"}


def ready(client=None, **extra):
    response = (client or Client()).get("/healthz/ready", **extra)
    return response, json.loads(response.content)


@pytest.fixture
def all_well(db):
    """Heartbeats fresh; every migration on disk recorded as applied (the suite builds its
    tables without migrations, so the recorder is filled here, and the real migrations are
    used instead of pytest-django's "no migrations")."""
    record_heartbeat(WORKER)
    record_heartbeat(SCHEDULER)
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        recorder = MigrationRecorder(connection)
        if not recorder.has_table():
            # Built without migrations: no recorder table, and SQLite's schema editor cannot
            # run inside the test's transaction, so the table is made by hand.
            key = "bigserial" if connection.vendor == "postgresql" else "integer"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"CREATE TABLE django_migrations (id {key} PRIMARY KEY, "
                    "app varchar(255) NOT NULL, name varchar(255) NOT NULL, "
                    "applied timestamp NOT NULL)"
                )
        applied = set(recorder.applied_migrations())
        for key in loader.graph.nodes:
            if key not in applied:
                recorder.record_applied(*key)
        yield


def test_liveness_answers_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readiness_is_200_when_every_check_passes(all_well):
    response, body = ready()
    assert response.status_code == 200
    assert body == {"status": "ok", "checks": dict.fromkeys(EVERY_CHECK, "ok")}


def test_an_unapplied_migration_alone_makes_readiness_503(all_well):
    MigrationRecorder.Migration.objects.filter(app="ops", name="0001_initial").delete()
    response, body = ready()
    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["checks"] == {**dict.fromkeys(EVERY_CHECK, "ok"), "migrations": "failing"}


@override_settings(HEARTBEAT_STALE_SECONDS=180)
def test_a_worker_silent_too_long_alone_makes_readiness_503(all_well):
    Heartbeat.objects.filter(name=WORKER).update(beat_at=timezone.now() - dt.timedelta(seconds=181))
    response, body = ready()
    assert response.status_code == 503
    assert body["checks"] == {**dict.fromkeys(EVERY_CHECK, "ok"), "worker": "failing"}


@override_settings(HEARTBEAT_STALE_SECONDS=180)
def test_a_worker_that_beat_within_the_limit_is_alive(all_well):
    Heartbeat.objects.filter(name=WORKER).update(beat_at=timezone.now() - dt.timedelta(seconds=170))
    assert ready()[0].status_code == 200


def test_a_worker_that_never_beat_makes_readiness_503(all_well):
    Heartbeat.objects.filter(name=WORKER).delete()
    response, body = ready()
    assert response.status_code == 503
    assert body["checks"]["worker"] == "failing"


def test_a_silent_scheduler_alone_makes_readiness_503(all_well):
    Heartbeat.objects.filter(name=SCHEDULER).update(beat_at=timezone.now() - dt.timedelta(hours=1))
    response, body = ready()
    assert response.status_code == 503
    assert body["checks"] == {**dict.fromkeys(EVERY_CHECK, "ok"), "scheduler": "failing"}


def test_a_database_that_cannot_be_reached_makes_readiness_503_and_says_no_more(
    all_well, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise OperationalError('could not connect to server "db.internal" as user "altprov"')

    with monkeypatch.context() as patched, caplog.at_level(logging.ERROR, logger="altprov.ops"):
        patched.setattr(connection, "cursor", refuse)
        response, body = ready()
        # Liveness does not ask the database, so the process is not restarted for it.
        assert Client().get("/healthz").status_code == 200
    assert response.status_code == 503
    assert body == {"status": "failing", "checks": dict.fromkeys(EVERY_CHECK, "failing")}
    # The reason goes to the operators' log, never into the response.
    assert b"db.internal" not in response.content
    assert "db.internal" in caplog.text


def test_health_pages_need_no_sign_in_host_or_https_and_write_no_access_log(all_well):
    before = AccessEvent.objects.count()
    client = Client()
    for path in ("/healthz", "/healthz/", "/healthz/ready", "/healthz/ready/"):
        # A host that is not in ALLOWED_HOSTS (the orchestrator calls the container's address).
        response = client.get(path, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response, path
        assert response["Content-Type"] == "application/json"
        assert set(json.loads(response.content)) <= {"status", "checks"}
    assert AccessEvent.objects.count() == before


@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_pages_are_not_redirected_to_https(all_well):
    assert Client().get("/healthz/ready").status_code == 200
    assert Client().get("/healthz-not").status_code == 301  # everything else is


def test_health_pages_answer_only_get_and_head(db):
    response = Client().post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert Client().head("/healthz").status_code == 200


def test_signed_in_or_not_the_answer_is_the_same(all_well, world, client_for):
    response, body = ready(client_for(world.users[Role.AP_LEAD]))
    assert response.status_code == 200
    assert set(body) == {"status", "checks"}


def test_gunicorn_leaves_health_probes_out_of_its_request_log():
    keep = gunicorn_conf().SkipHealthProbes()
    for path, kept in (
        ("/healthz", False),
        ("/healthz/ready", False),
        ("/pupils/", True),
        ("/healthzzz", True),
    ):
        entry = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(U)s", None, None)
        entry.args = {"U": path}  # gunicorn's access log passes its atoms as a dict
        assert keep.filter(entry) is kept, path


def test_behind_the_proxy_the_access_log_and_lockout_see_the_clients_address(world, client_for):
    with override_settings(BEHIND_PROXY=True):
        client = client_for(world.users[Role.AP_LEAD])
        client.get(f"/pupils/{world.pupil_a1.pk}/", HTTP_X_REAL_IP="203.0.113.9")
        assert AccessEvent.objects.latest("pk").ip_address == "203.0.113.9"
        assert client.get("/pupils/", HTTP_X_REAL_IP="not an address").status_code == 400
    # Not behind a proxy: the header is ignored (anyone could send it).
    client = client_for(world.users[Role.AP_LEAD])
    client.get(f"/pupils/{world.pupil_a1.pk}/", HTTP_X_REAL_IP="203.0.113.9")
    assert AccessEvent.objects.latest("pk").ip_address == "127.0.0.1"


def test_check_health_command_for_the_worker_and_scheduler_containers(all_well):
    out = StringIO()
    call_command("check_health", "worker", "scheduler", stdout=out)
    assert out.getvalue() == "worker: ok\nscheduler: ok\n"
    Heartbeat.objects.filter(name=WORKER).delete()
    with pytest.raises(CommandError, match="Failing: worker"):
        call_command("check_health", "worker", stdout=StringIO())
    call_command("check_health", "scheduler", stdout=StringIO())

"""The compose set-up's processes started directly (Docker's daemon cannot run here): two gunicorn
processes (with gunicorn.conf.py, on two ports), the task worker and the scheduler, against a
fresh PostgreSQL database made and dropped here. docs/deployment.md gives the same commands.

- before the migrations: /healthz 200 and /healthz/ready 503 on both (and on a third whose
  database does not exist, every check failing);
- migrated (migrate + createcachetable, as compose's "migrate" job), before the worker and the
  scheduler: still 503; then with both running, 200 on both once the heartbeat has run;
- one API token's budget (ALTPROV_API_RATE) is shared by the two processes;
- gunicorn's request log has the API calls and not the health probes.

On PostgreSQL it takes as long as the project's migrations (about 40 s of CPU; 4 minutes on this
2-core machine under a load average of 8); skipped at once elsewhere.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="starts gunicorn, db_worker and run_scheduler against a fresh PostgreSQL database: "
    "set DATABASE_URL to PostgreSQL",
)

MAKE_TOKEN = """
import datetime as dt
from altprov.api.services import client_create
from altprov.authz.permissions import Role
from tests import factories
trust = factories.make_trust("Process Trust")
school = factories.make_school(trust, "Process School")
admin = factories.make_user("admin@example.org", full_name="Ada Admin")
factories.give_role(admin, Role.TRUST_ADMINISTRATOR, trust=trust)
today = dt.date.today()
_, token = client_create(trust=trust, name="MIS", school=school, access="read",
                         expires_on=today + dt.timedelta(days=30), by=admin, today=today)
print(token)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := condition():
                return result
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"Timed out waiting for {what}")


@pytest.fixture
def fresh_database():
    settings = connection.settings_dict
    name = f"{settings['NAME'][:40]}_procs_{secrets.token_hex(3)}"
    params = {
        key: value
        for key, value in {
            "user": settings.get("USER"),
            "password": settings.get("PASSWORD"),
            "host": settings.get("HOST"),
            "port": str(settings.get("PORT") or ""),
        }.items()
        if value
    }
    with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    user = params.get("user", "")
    password = f":{params['password']}" if "password" in params else ""
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    yield f"postgres://{user}{password}@{host}:{port}/{name}"
    with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def processes(tmp_path):
    started: list[subprocess.Popen] = []

    def start(name: str, args: list[str], env: dict) -> subprocess.Popen:
        log = (tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        process.log_path = tmp_path / f"{name}.log"
        started.append(process)
        return process

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_two_web_processes_the_worker_and_the_scheduler_started_directly(fresh_database, processes):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "altprov.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": fresh_database,
        "ALTPROV_TESTING": "0",
        "ALTPROV_API_RATE": "3/minute",
        "ALTPROV_HEARTBEAT_STALE_SECONDS": "60",
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, "manage.py"]
    ports = [free_port(), free_port()]
    webs = [
        processes(
            f"web{i}",
            [
                str(BIN / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "altprov.wsgi",
            ],
            env,
        )
        for i, port in enumerate(ports)
    ]
    # A third, whose database does not exist: the database down, as far as it can tell.
    lost = free_port()
    processes(
        "web-without-database",
        [
            str(BIN / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{lost}",
            "--workers",
            "1",
            "altprov.wsgi",
        ],
        {**env, "DATABASE_URL": fresh_database + "_missing"},
    )
    for port in [*ports, lost]:
        wait_for(lambda port=port: get(port, "/healthz")[0] == 200, 60, f"gunicorn on {port}")
    assert get(lost, "/healthz/ready") == (
        503,
        {
            "status": "failing",
            "checks": dict.fromkeys(["database", "migrations", "worker", "scheduler"], "failing"),
        },
    )

    # Not migrated: alive, not ready; the database answers, the migrations do not.
    for port in ports:
        status, body = get(port, "/healthz/ready")
        assert status == 503
        assert body["checks"]["database"] == "ok"
        assert body["checks"]["migrations"] == "failing"

    # compose's "migrate" job.
    for step in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run([*manage, *step], cwd=ROOT, env=env, check=True, capture_output=True)
    for port in ports:
        status, body = get(port, "/healthz/ready")
        assert status == 503
        assert body["checks"] == {
            "database": "ok",
            "migrations": "ok",
            "worker": "failing",
            "scheduler": "failing",
        }

    processes("worker", [*manage, "db_worker", "--interval", "0.5"], env)
    processes("scheduler", [*manage, "run_scheduler", "--tick", "1"], env)
    for port in ports:
        wait_for(lambda port=port: get(port, "/healthz/ready")[0] == 200, 90, f"ready on {port}")

    # One token's budget, shared by both processes (the database cache).
    token = (
        subprocess.run(
            [*manage, "shell", "-c", MAKE_TOKEN],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
    statuses = [get(ports[i % 2], "/api/v1/providers/", headers)[0] for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]

    for web in webs:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=15)
        log = web.log_path.read_text()
        # Request lines ("GET <path> HTTP/1.1"): the API calls, never a probe. (Django's own
        # log does say when readiness fails: "Service Unavailable: /healthz/ready".)
        assert '"GET /api/v1/providers/ HTTP/1.1" 200' in log
        assert '"GET /healthz' not in log

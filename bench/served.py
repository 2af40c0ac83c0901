"""What the benchmarks that go through HTTP share (bench/list_pages.py, bench/load_test.py): a
throwaway database with realistic data, gunicorn serving it with the committed gunicorn.conf.py,
and people signed in through the real sign-in pages with a TOTP code computed from their
authenticator's key.

The database: with DATABASE_URL (PostgreSQL), a new database named after the one it names plus
the process id (`DATABASE_URL=.../lists_bench` makes `lists_bench_<pid>`), migrated, dropped at
the end; without it, a temporary SQLite file. The tables are made from the models, as the
tests make them, not by running every migration (seconds instead of minutes).

The data: `altprov.scale.generate.generate(...)` (the data generator of issue 10) when it is
installed, whose accounts all share `SCALE_PASSWORD` and have the TOTP key `totp_key_for(email)`.
Without it, `build_small` makes one trust with the same kind of accounts (the same emails) from
the tests' bulk helpers, so the benchmarks still run.

gunicorn runs with production settings (DJANGO_DEBUG=0, a random secret key, static files
collected first, as docs/deployment.md says) on a free port of 127.0.0.1, plain HTTP (no TLS on
the loopback: DJANGO_SECURE_SSL_REDIRECT=0; the session cookie is marked Secure, so the clients
here send cookies themselves), and the URL conf `bench/bench_urls.py`, which adds one
hello-world view to the service's URLs for the benchmarks only.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
HELLO = "/bench/hello/"
DOMAIN = "scale.altprov.invalid"


# The database and Django in this process -------------------------------------------------------


@dataclass
class Database:
    url: str | None  # for gunicorn: DATABASE_URL, or None for SQLite
    sqlite_path: str | None
    vendor: str


@contextmanager
def throwaway_database():
    """Django set up in this process against a new, migrated database; dropped afterwards."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "altprov.settings")
    base_url = os.environ.get("DATABASE_URL")
    tmp = Path(tempfile.mkdtemp(prefix="altprov-served-"))
    name = None
    if base_url:
        parts = urlsplit(base_url)
        name = f"{parts.path.lstrip('/') or 'altprov'}_{os.getpid()}"
        _admin_sql(base_url, f'CREATE DATABASE "{name}"')
        url = urlunsplit(parts._replace(path=f"/{name}"))
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["ALTPROV_SQLITE_PATH"] = str(tmp / "served.sqlite3")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    settings.DEBUG = False
    # The tables straight from the models, as the tests make them (`--nomigrations`): seconds
    # instead of minutes of running every migration. The append-only triggers come from the
    # post_migrate handler either way; the trusts' own rows come from `trust_create`.
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    # The shared cache's table, as the release steps make it: the API's throttle counts and the
    # home page's stored attention lists live there (altprov/core/attention.py).
    call_command("createcachetable", verbosity=0)
    try:
        yield Database(
            url=os.environ.get("DATABASE_URL"),
            sqlite_path=os.environ.get("ALTPROV_SQLITE_PATH"),
            vendor=connection.vendor,
        )
    finally:
        connections.close_all()
        if name:
            _admin_sql(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            os.environ["DATABASE_URL"] = base_url
        shutil.rmtree(tmp, ignore_errors=True)


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


# The data ---------------------------------------------------------------------------------------


@dataclass
class Accounts:
    password: str
    keys: dict[str, str] = field(default_factory=dict)  # email -> TOTP key (hex)
    by_role: dict[str, list[str]] = field(default_factory=dict)  # "head", "ap-lead", ... -> emails

    def add(self, role: str, email: str, key: str) -> None:
        self.keys[email] = key
        self.by_role.setdefault(role, []).append(email)


def generator_available() -> bool:
    try:
        import altprov.scale.generate  # noqa: F401
    except ImportError:
        return False
    return True


def build(*, schools: int, placements_per_school: int, days: int) -> Accounts:
    """One trust of `schools` schools: the data generator when it is installed, else
    `build_small`."""
    if generator_available():
        return _generated(schools, placements_per_school, days)
    return build_small(schools, placements_per_school)


def _generated(schools: int, per_school: int, days: int) -> Accounts:
    from altprov.accounts.models import User
    from altprov.scale import people
    from altprov.scale.generate import generate

    generate(
        trusts=1,
        schools_per_trust=schools,
        placements_per_school=per_school,
        days=days,
        out=lambda *a, **k: None,
    )
    accounts = Accounts(password=people.SCALE_PASSWORD)
    for email in User.objects.filter(email__endswith=f"@{people.DOMAIN}").values_list(
        "email", flat=True
    ):
        accounts.add(email.split(".", 1)[0], email, people.totp_key_for(email))
    return accounts


def build_small(schools: int, per_school: int) -> Accounts:
    """Without the generator: one trust, its schools with a year of term dates, 20 providers and
    `per_school` attending placements per school (tests/duties/bulk.py), and for each school a
    Headteacher, AP Lead and Attendance Lead, and a Trust Executive, with the generator's emails."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from altprov.accounts.models import User
    from altprov.authz.models import RoleAssignment
    from altprov.authz.permissions import Role
    from altprov.organisations.services import trust_create
    from altprov.providers.models import Provider
    from tests.duties.bulk import attending_placements
    from tests.factories import make_calendar, make_school

    password = "bench-password-2026-" + secrets.token_hex(4)
    accounts = Accounts(password=password)
    trust = trust_create(name="Bench Trust")

    def person(slug: str, email: str, **role) -> User:
        user = User.objects.create_user(email=email, password=password, full_name=slug)
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="App", key=key, confirmed=True)
        RoleAssignment.objects.create(user=user, **role)
        accounts.add(slug, email, key)
        return user

    by = person("trust-exec", f"trust-exec.t1@{DOMAIN}", role=Role.TRUST_EXECUTIVE, trust=trust)
    made = []
    for i in range(1, schools + 1):
        school = make_school(trust, f"Bench School {i:02d}")
        make_calendar(school, 2026)
        for slug, role in (
            ("head", Role.HEADTEACHER),
            ("ap-lead", Role.AP_LEAD),
            ("attendance-lead", Role.ATTENDANCE_LEAD),
        ):
            person(slug, f"{slug}.s{i}.t1@{DOMAIN}", role=role, trust=trust, school=school)
        made.append(school)
    providers = [
        Provider.objects.create(
            trust=trust,
            name=f"Bench Provider {i:02d}",
            registration_status="registered" if i % 4 else "unregistered",
            address_line_1="1 Bench Road",
            town="Benchtown",
            postcode="ZZ1 1AA",
            manager_name="Bench Manager",
        )
        for i in range(20)
    ]
    attending_placements(made, per_school, providers, by)
    return accounts


def totp_now(key_hex: str) -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key_hex)):06d}"


# gunicorn ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(db: Database, port: int) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("DATABASE_URL", "ALTPROV_SQLITE_PATH", "ALTPROV_DEMO", "ALTPROV_TESTING"):
        env.pop(key, None)
    if db.url:
        env["DATABASE_URL"] = db.url
    else:
        env["ALTPROV_SQLITE_PATH"] = db.sqlite_path
    env.update(
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        DJANGO_SECURE_SSL_REDIRECT="0",
        PYTHONPATH=str(ROOT),
    )
    return env


@contextmanager
def gunicorn(db: Database, *, workers: int = 2, nice: int = 0, log: Path | None = None):
    """gunicorn with the committed gunicorn.conf.py and `workers` workers on a free port; yields
    its base URL and stops it afterwards."""
    port = free_port()
    env = production_env(db, port)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(  # noqa: S603 - our own command line
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    command = [
        *(["nice", "-n", str(nice)] if nice else []),
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "altprov.wsgi",
    ]
    log = log or Path(tempfile.gettempdir()) / f"altprov-gunicorn-{os.getpid()}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=ROOT, env=env, stdout=out, stderr=out
        )
        try:
            _wait_for(port, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(port: int, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {process.returncode}); see its log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sign-in/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


# Signing in through the real pages --------------------------------------------------------------


class Browser:
    """One person's cookies over one keep-alive connection (http.client, no redirects)."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "altprov-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{self.host}:{self.port}"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, content

    def csrf_token(self, content: bytes) -> str:
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if not match:
            raise RuntimeError("no CSRF token on the page")
        return match.group(1).decode()

    def sign_in(self, email: str, password: str, key_hex: str) -> None:
        """The two steps a person takes: email and password, then the code from their app."""
        _, page = self.request("GET", "/sign-in/")
        response, _ = self.request(
            "POST",
            "/sign-in/",
            {"csrfmiddlewaretoken": self.csrf_token(page), "email": email, "password": password},
        )
        if response.status != 302 or not response.getheader("Location", "").startswith(
            "/sign-in/code/"
        ):
            raise RuntimeError(f"{email}: the password step answered {response.status}")
        _, page = self.request("GET", "/sign-in/code/")
        token = self.csrf_token(page)
        for _ in range(3):
            response, _ = self.request(
                "POST", "/sign-in/code/", {"csrfmiddlewaretoken": token, "code": totp_now(key_hex)}
            )
            if response.status == 302:
                return
            # The code of this 30-second step was used already (by this account): the next one.
            time.sleep(31 - time.time() % 30)
        raise RuntimeError(f"{email}: the code step answered {response.status}")

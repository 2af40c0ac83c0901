"""The throwaway database every benchmark runs in, with Django set up against it in this process.

    with database.throwaway_database() as db:
        ...  # db.vendor, db.where; db.tmp is a temporary directory for the bench's own files

Without DATABASE_URL: a temporary SQLite file. With DATABASE_URL (PostgreSQL): a new database on
that server named after the one it names plus `_bench_<pid>` (`.../h3_bench` makes
`h3_bench_bench_<pid>`), so each person's benches keep their own prefix. Either is dropped at the
end, with the temporary directory, which is also the media root. The database DATABASE_URL
names, `db.sqlite3` and `media/` are never touched.

Running every migration takes about 50 s on SQLite, so it is done once per migration state: the
first bench to need a state migrates its own database and keeps a copy of it as a template; every
later bench copies the template (on SQLite a file in `.bench-cache/`, git-ignored; on PostgreSQL
`CREATE DATABASE ... TEMPLATE` of a database `<name>_bench_tpl_<key>`). The key is a hash of
Django's version and of the name and content of every migration file of every installed app and
of every module with a `post_migrate` handler (the append-only triggers, content types,
permissions): a migration changed, added or removed gives a new key, so a stale template is never
used. Templates of other keys are deleted when a new one is made. A lock (a file lock on SQLite,
an advisory lock on PostgreSQL) keeps two benches started together from making it twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import inspect
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
import psycopg
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench-cache"


@dataclass
class Database:
    url: str | None  # the throwaway database's DATABASE_URL (PostgreSQL), None on SQLite
    sqlite_path: str | None  # the throwaway SQLite file, None on PostgreSQL
    vendor: str
    where: str  # the file, or the database's name
    tmp: Path  # a temporary directory for the bench's files, removed at the end


def setup_django() -> None:
    """Django set up in this process against whatever the environment names; no query log."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "altprov.settings")
    django.setup()
    settings.DEBUG = False  # no query log kept in memory


@contextmanager
def throwaway_database() -> Iterator[Database]:
    """A new, migrated database (copied from the template of the current migrations), Django set
    up against it; dropped afterwards. Prints where it is and how it was made."""
    tmp = Path(tempfile.mkdtemp(prefix="altprov-bench-"))
    base_url = os.environ.get("DATABASE_URL")
    os.environ["ALTPROV_MEDIA_ROOT"] = str(tmp / "media")
    name = base = None
    if base_url:
        parts = urlsplit(base_url)
        base = parts.path.lstrip("/") or "altprov"
        name = f"{base}_bench_{os.getpid()}"
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    else:
        os.environ["ALTPROV_SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    created = False
    try:
        setup_django()
        key = template_key(migration_files(), extra=f"Django {django.get_version()}")
        if name:
            created = True
            how = _postgres(base_url, base, name, key)
            where = f"PostgreSQL database {name}"
        else:
            how = _sqlite(tmp / "bench.sqlite3", key)
            where = f"SQLite file {tmp / 'bench.sqlite3'}"
        call_command("createcachetable", verbosity=0)  # the database cache, as `make run` makes
        print(f"Throwaway database:     {where} ({how}; dropped at the end)", flush=True)
        yield Database(
            url=os.environ["DATABASE_URL"] if name else None,
            sqlite_path=None if name else str(tmp / "bench.sqlite3"),
            vendor=connection.vendor,
            where=where,
            tmp=tmp,
        )
    finally:
        connections.close_all()
        if name:
            os.environ["DATABASE_URL"] = base_url
            if created:
                with _admin(base_url) as admin:
                    admin.execute(_sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", name))
        shutil.rmtree(tmp, ignore_errors=True)


# The template's key --------------------------------------------------------------------------


def migration_files() -> list[tuple[str, Path]]:
    """(name, path) of every file that decides what a migrated database holds: each installed
    app's migrations, and the module of each `post_migrate` handler. The names do not depend on
    where the checkout is. Django must be set up."""
    files: dict[str, Path] = {}
    for app in apps.get_app_configs():
        module, _ = MigrationLoader.migrations_module(app.label)
        try:
            spec = importlib.util.find_spec(module) if module else None
        except ModuleNotFoundError:
            spec = None
        for folder in (spec and spec.submodule_search_locations) or []:
            for path in Path(folder).glob("*.py"):
                files[f"{module}/{path.name}"] = path
    for entry in post_migrate.receivers:
        receiver = entry[1]
        if isinstance(receiver, weakref.ReferenceType):
            receiver = receiver()
        source = receiver and inspect.getsourcefile(receiver)
        if source:
            files[f"{inspect.getmodule(receiver).__name__}.py"] = Path(source)
    return sorted(files.items())


def template_key(files: Iterable[tuple[str, Path]], *, extra: str = "") -> str:
    """A hash of `extra` and of each file's name and content."""
    digest = hashlib.sha256(extra.encode())
    for name, path in files:
        content = path.read_bytes()
        digest.update(f"\0{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:16]


# SQLite: a template file ---------------------------------------------------------------------


def _sqlite(path: Path, key: str) -> str:
    template = CACHE / f"sqlite-{key}.sqlite3"
    if template.exists():
        shutil.copyfile(template, path)
        return f"copied from {template.relative_to(ROOT)}"
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / "sqlite.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if template.exists():  # made by another bench while this one waited
            shutil.copyfile(template, path)
            return f"copied from {template.relative_to(ROOT)}"
        started = time.perf_counter()
        _migrate()
        part = CACHE / f"sqlite-{key}.{os.getpid()}.part"
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(part)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, whatever copies it
        os.replace(part, template)
        for old in CACHE.glob("sqlite-*.sqlite3"):
            if old != template:
                old.unlink(missing_ok=True)
    return (
        f"migrated in {time.perf_counter() - started:.0f} s, "
        f"kept as the template {template.relative_to(ROOT)}"
    )


def _migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    connections.close_all()


# PostgreSQL: a template database -------------------------------------------------------------


@contextmanager
def _admin(url: str):
    """An autocommit connection to the server's `postgres` database (CREATE and DROP DATABASE)."""
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        yield conn


def _sql(statement: str, *names: str):
    """`statement` with each {} replaced by a quoted database name."""
    return sql.SQL(statement).format(*map(sql.Identifier, names))


def _postgres(base_url: str, base: str, name: str, key: str) -> str:
    template = f"{base}_bench_tpl_{key}"
    lock_id = int(hashlib.sha256(f"{base}_bench_tpl".encode()).hexdigest()[:15], 16)
    with _admin(base_url) as admin:
        # Held until this connection closes: one bench at a time makes or copies the template.
        admin.execute("SELECT pg_advisory_lock(%s)", [lock_id])
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            admin.execute(_sql("CREATE DATABASE {} TEMPLATE {}", name, template))
            return f"copied from the template database {template}"
        admin.execute(_sql("CREATE DATABASE {}", name))
        started = time.perf_counter()
        _migrate()
        admin.execute(_sql("CREATE DATABASE {} TEMPLATE {}", template, name))
        pattern = base.replace("_", r"\_") + r"\_bench\_tpl\_%"
        stale = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [pattern, template],
        ).fetchall()
        for (old,) in stale:
            try:
                admin.execute(_sql("DROP DATABASE IF EXISTS {}", old))
            except psycopg.Error:  # being copied by a bench of another checkout: left for later
                pass
    return (
        f"migrated in {time.perf_counter() - started:.0f} s, "
        f"kept as the template database {template}"
    )

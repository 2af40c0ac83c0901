"""Backups with a manifest, and the restore check (issue 10, item 4).

`backup(DIR)` writes `altprov-<UTC time>.dump` (PostgreSQL: `pg_dump --format=custom`) or
`altprov-<UTC time>.sqlite3` (SQLite: the sqlite3 backup API), and beside it
`altprov-<UTC time>.manifest.json`: the dump's sha256 and size, the server and pg_dump versions,
and for every table its row count and a checksum of its contents.

The checksum of a table is computed from its rows in SQL: each row's text (PostgreSQL's
`row::text`, with the session's date, time zone, float and bytea formats fixed; on SQLite
`quote()` of each column) is hashed with md5, and the hashes' first and second 60 bits are summed
over the table. A sum needs no ORDER BY and no string of the whole table, so it runs in one pass
at any size (a year of national attendance marks would not fit the 1 GB limit of a string_agg),
and any changed, missing or added row changes it.

On PostgreSQL the manifest and the dump see the same data: the manifest is computed in a
REPEATABLE READ transaction whose snapshot pg_dump is given (`--snapshot`), so writes during
the backup are in neither. On SQLite the checksums and the copy are taken in one read
transaction.

`restore_check(DUMP)` checks the sha256 first, then restores into a fresh, throwaway database
(PostgreSQL: `CREATE DATABASE <name>_restorecheck_<random>` on the same server, `pg_restore`;
SQLite: a copy in a temporary folder), recomputes every table's rows and checksum, compares them
with the manifest and drops the throwaway database. It returns the problems, one per table.

Materialised views are not in the manifest: pg_restore refreshes them from the restored tables,
so their contents are derived, not backed up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import sql

MANIFEST_FORMAT = 1
PREFIX = "altprov-"
DUMP_SUFFIXES = (".dump", ".sqlite3")
MANIFEST_SUFFIX = ".manifest.json"

# Fixed output formats, so a row's text is the same in the backed-up and the restored database.
PG_SESSION = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 3",
    "SET LOCAL bytea_output = 'hex'",
)
PG_TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname
"""
PG_TABLE_SUM = """
    SELECT count(*),
           coalesce(sum(('x' || substr(h, 1, 15))::bit(60)::bigint), 0),
           coalesce(sum(('x' || substr(h, 16, 15))::bit(60)::bigint), 0)
    FROM (SELECT md5(t::text) AS h FROM ONLY {} AS t) AS hashed
"""


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Backup:
    dump: Path
    manifest: Path


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.stem + MANIFEST_SUFFIX)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _table_entry(rows: int, first: int, second: int) -> dict:
    return {"rows": int(rows), "checksum": f"{int(first):x}-{int(second):x}"}


# PostgreSQL ---------------------------------------------------------------------------------


def _pg_params(settings_dict: dict, dbname: str | None = None) -> dict:
    params = {
        "dbname": dbname or settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
    }
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        params["sslmode"] = sslmode
    return {key: value for key, value in params.items() if value is not None}


def _pg_env(params: dict) -> dict:
    """The libpq environment for pg_dump and pg_restore: no password on a command line."""
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[key]: value for key, value in params.items()})
    return env


def tool_path(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise BackupError(f"{tool} is not installed (Debian: postgresql-client-15).")
    return found


def tool_major_version(tool: str) -> int:
    """15 for "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    output = subprocess.run(  # noqa: S603 - a fixed tool, no shell
        [tool_path(tool), "--version"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"\(PostgreSQL\) (\d+)", output)
    if not found:
        raise BackupError(f"Could not read the version of {tool}: {output.strip()!r}")
    return int(found.group(1))


def pg_table_sums(cursor) -> dict[str, dict]:
    for statement in PG_SESSION:
        cursor.execute(statement)
    cursor.execute(PG_TABLES)
    tables = [row[0] for row in cursor.fetchall()]
    sums = {}
    for table in tables:
        cursor.execute(sql.SQL(PG_TABLE_SUM).format(sql.Identifier(table)))
        sums[table] = _table_entry(*cursor.fetchone())
    return sums


def _backup_postgresql(settings_dict: dict, dump: Path) -> dict:
    params = _pg_params(settings_dict)
    dump_major = tool_major_version("pg_dump")
    # Autocommit, so that the explicit BEGIN below is what starts the transaction: the checksums
    # rely on its REPEATABLE READ snapshot (tests/ops/test_backups.py writes during pg_dump).
    with psycopg.connect(**params, autocommit=True) as conn:
        server_major = conn.info.server_version // 10000
        if dump_major != server_major:
            raise BackupError(
                f"pg_dump is version {dump_major} but the server is {server_major}: install "
                f"postgresql-client-{server_major} so that the dump matches the server."
            )
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        # pg_dump reads the snapshot this transaction exported, while it stays open.
        finished = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [tool_path("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
            env=_pg_env(params),
            capture_output=True,
            text=True,
        )
        if finished.returncode != 0:
            raise BackupError(f"pg_dump failed: {finished.stderr.strip()}")
        with conn.cursor() as cursor:
            tables = pg_table_sums(cursor)
        encoding = conn.execute("SHOW server_encoding").fetchone()[0]
        conn.execute("ROLLBACK")
    return {
        "engine": "postgresql",
        "database": params["dbname"],
        "encoding": encoding,
        "server_version": server_major,
        "pg_dump_version": dump_major,
        "tables": tables,
    }


def _restore_postgresql(dump: Path, manifest: dict, settings_dict: dict) -> dict[str, dict]:
    restore_major = tool_major_version("pg_restore")
    if restore_major < manifest["pg_dump_version"]:
        raise BackupError(
            f"pg_restore {restore_major} cannot read a dump made by pg_dump "
            f"{manifest['pg_dump_version']}."
        )
    params = _pg_params(settings_dict)
    throwaway = f"{params['dbname'][:40]}_restorecheck_{secrets.token_hex(4)}"
    with psycopg.connect(**params, autocommit=True) as admin:
        # The source's encoding, so that every row's text (and so its checksum) is the same.
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING {}").format(
                sql.Identifier(throwaway), sql.Literal(manifest.get("encoding", "UTF8"))
            )
        )
        try:
            target = {**params, "dbname": throwaway}
            finished = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [
                    tool_path("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={throwaway}",
                    str(dump),
                ],
                env=_pg_env(target),
                capture_output=True,
                text=True,
            )
            if finished.returncode != 0:
                raise BackupError(f"pg_restore failed: {finished.stderr.strip()}")
            with psycopg.connect(**target) as conn, conn.cursor() as cursor:
                return pg_table_sums(cursor)
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(throwaway))
            )


# SQLite -------------------------------------------------------------------------------------


def sqlite_table_sums(conn: sqlite3.Connection) -> dict[str, dict]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    sums = {}
    for table in tables:
        quoted = table.replace('"', '""')
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{quoted}")')]
        row_text = " || char(31) || ".join(
            'quote("{}")'.format(column.replace('"', '""')) for column in columns
        )
        rows = first = second = 0
        for (text,) in conn.execute(f'SELECT {row_text} FROM "{quoted}"'):  # noqa: S608  # nosec B608  # identifiers from sqlite_master, quoted
            digest = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
            rows += 1
            first += int(digest[0:15], 16)
            second += int(digest[15:30], 16)
        sums[table] = _table_entry(rows, first, second)
    return sums


def _backup_sqlite(connection, dump: Path) -> dict:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        tables = sqlite_table_sums(raw)  # the read starts the snapshot the copy is taken from
        target = sqlite3.connect(dump)
        try:
            raw.backup(target)
        finally:
            target.close()
    finally:
        raw.execute("COMMIT")
    return {
        "engine": "sqlite",
        "database": str(connection.settings_dict["NAME"]),
        "server_version": sqlite3.sqlite_version,
        "tables": tables,
    }


def _restore_sqlite(dump: Path) -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="altprov-restorecheck-") as folder:
        copy = Path(folder) / "restored.sqlite3"
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            integrity = target.execute("PRAGMA integrity_check").fetchone()[0]
            if integrity != "ok":
                raise BackupError(f"The restored database fails its integrity check: {integrity}")
            return sqlite_table_sums(target)
        finally:
            source.close()
            target.close()


# Both ---------------------------------------------------------------------------------------


def backup(to_dir: Path, using: str = DEFAULT_DB_ALIAS) -> Backup:
    to_dir = Path(to_dir)
    to_dir.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups are for PostgreSQL and SQLite, not {vendor}.")
    dump = to_dir / f"{PREFIX}{stamp}{'.dump' if vendor == 'postgresql' else '.sqlite3'}"
    partial = dump.with_name(dump.name + ".partial")
    try:
        if vendor == "postgresql":
            made = _backup_postgresql(connection.settings_dict, partial)
        else:
            made = _backup_sqlite(connection, partial)
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "dump": dump.name,
            "dump_bytes": partial.stat().st_size,
            "dump_sha256": sha256_of(partial),
            **made,
        }
        partial.replace(dump)
    finally:
        partial.unlink(missing_ok=True)
    written = manifest_path(dump)
    partial_manifest = written.with_name(written.name + ".partial")
    partial_manifest.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    partial_manifest.replace(written)
    return Backup(dump, written)


def compare(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    """Every table whose row count or checksum differs, or that is only on one side."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"{table}: in the manifest but not in the restored database")
        elif table not in expected:
            problems.append(f"{table}: in the restored database but not in the manifest")
        elif expected[table]["rows"] != actual[table]["rows"]:
            problems.append(
                f"{table}: {actual[table]['rows']} rows restored, "
                f"{expected[table]['rows']} in the manifest"
            )
        elif expected[table]["checksum"] != actual[table]["checksum"]:
            problems.append(f"{table}: the contents' checksum differs from the manifest")
    return problems


def read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(f"No manifest at {path}.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"The manifest {path} is not JSON: {error}") from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"The manifest {path} is not format {MANIFEST_FORMAT}.")
    return manifest


def restore_check(
    dump: Path, manifest_file: Path | None = None, using: str = DEFAULT_DB_ALIAS
) -> list[str]:
    """The problems found (empty: the dump restores to exactly what was backed up)."""
    dump = Path(dump)
    if not dump.is_file():
        raise BackupError(f"No dump at {dump}.")
    manifest = read_manifest(manifest_file or manifest_path(dump))
    actual_sha = sha256_of(dump)
    if actual_sha != manifest["dump_sha256"]:
        return [f"{dump.name}: sha256 {actual_sha} differs from the manifest's"]
    if manifest["engine"] == "postgresql":
        if connections[using].vendor != "postgresql":
            raise BackupError("A PostgreSQL dump is checked on PostgreSQL: set DATABASE_URL.")
        restored = _restore_postgresql(dump, manifest, connections[using].settings_dict)
    elif manifest["engine"] == "sqlite":
        restored = _restore_sqlite(dump)
    else:
        raise BackupError(f"Unknown engine {manifest['engine']!r} in the manifest.")
    return compare(manifest["tables"], restored)


def backups_in(folder: Path) -> list[Path]:
    """The dumps in `folder` that have a manifest, oldest first (the names sort by time)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.name.startswith(PREFIX)
        and path.suffix in DUMP_SUFFIXES
        and manifest_path(path).is_file()
    )


def latest(folder: Path) -> Path | None:
    found = backups_in(folder)
    return found[-1] if found else None


def prune(folder: Path, keep: int) -> list[Path]:
    """Removes all but the newest `keep` backups (dump and manifest); returns the removed."""
    if keep < 1:
        raise BackupError("Keep at least one backup.")
    removed = backups_in(folder)[:-keep]
    for dump in removed:
        dump.unlink()
        manifest_path(dump).unlink()
    return removed

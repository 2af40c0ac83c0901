"""`backup` and `restore_check`: the round trip on SQLite and on PostgreSQL, and a tampered dump
or a changed table caught, by table."""

import json
import sqlite3

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from altprov.ops import backups
from altprov.organisations.models import School
from altprov.pupils.models import Pupil
from tests import factories

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backup (DATABASE_URL is set)"
)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (pg_dump, pg_restore, a throwaway database): set DATABASE_URL",
)


@pytest.fixture
def data(transactional_db):
    """Committed rows (the backup reads through its own connection or snapshot)."""
    return factories.world()


def made_backup(folder):
    call_command("backup", "--to", str(folder))
    dump = backups.latest(folder)
    assert dump is not None
    return dump, json.loads(backups.manifest_path(dump).read_text())


def rewrite_sha(dump):
    path = backups.manifest_path(dump)
    manifest = json.loads(path.read_text())
    manifest["dump_sha256"] = backups.sha256_of(dump)
    path.write_text(json.dumps(manifest))


def round_trip(tmp_path, data):
    dump, manifest = made_backup(tmp_path)
    assert manifest["dump_sha256"] == backups.sha256_of(dump)
    tables = manifest["tables"]
    assert tables[Pupil._meta.db_table]["rows"] == Pupil.objects.count() == 3
    assert tables[School._meta.db_table]["rows"] == 3
    assert settings.CACHE_TABLE in tables  # the shared cache's table is made for the tests too
    call_command("restore_check", str(dump))  # raises on any mismatch
    return dump, manifest


@on_sqlite
def test_sqlite_round_trip_restores_every_table_with_its_rows_and_checksum(tmp_path, data):
    dump, manifest = round_trip(tmp_path, data)
    assert manifest["engine"] == "sqlite"
    assert dump.suffix == ".sqlite3"


@on_sqlite
def test_a_tampered_dump_is_refused_by_its_sha256(tmp_path, data):
    dump, _ = made_backup(tmp_path)
    body = bytearray(dump.read_bytes())
    body[len(body) // 2] ^= 0xFF
    dump.write_bytes(bytes(body))
    with pytest.raises(CommandError, match="1 mismatches"):
        call_command("restore_check", str(dump))
    problems = backups.restore_check(dump)
    assert len(problems) == 1 and "sha256" in problems[0]


@on_sqlite
def test_a_changed_table_in_the_dump_is_caught_and_named(tmp_path, data, capsys):
    dump, _ = made_backup(tmp_path)
    changed = sqlite3.connect(dump)
    changed.execute(
        f"UPDATE {Pupil._meta.db_table} SET first_name = 'Changed' WHERE id = ?", [data.pupil_a1.pk]
    )
    changed.execute(f"DELETE FROM {School._meta.db_table} WHERE id = ?", [data.school_b1.pk])
    changed.commit()
    changed.close()
    rewrite_sha(dump)  # so that only the tables can tell
    with pytest.raises(CommandError, match="mismatches"):
        call_command("restore_check", str(dump))
    said = capsys.readouterr().err
    assert f"{Pupil._meta.db_table}: the contents' checksum differs" in said
    assert f"{School._meta.db_table}: 2 rows restored, 3 in the manifest" in said


@on_sqlite
def test_the_checksum_changes_with_any_row(data, tmp_path):
    _, before = made_backup(tmp_path / "one")
    pupil = Pupil.objects.get(pk=data.pupil_a1.pk)
    pupil.first_name = "Alexa"
    pupil.save()
    _, after = made_backup(tmp_path / "two")
    table = Pupil._meta.db_table
    assert before["tables"][table]["rows"] == after["tables"][table]["rows"]
    assert before["tables"][table]["checksum"] != after["tables"][table]["checksum"]
    school = School._meta.db_table
    assert before["tables"][school] == after["tables"][school]


@on_postgresql
def test_a_pg_dump_of_another_major_version_is_refused(tmp_path, db, monkeypatch):
    monkeypatch.setattr(backups, "tool_major_version", lambda tool: 14)
    with pytest.raises(CommandError, match="pg_dump is version 14 but the server is 15"):
        call_command("backup", "--to", str(tmp_path))
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_a_missing_manifest_or_dump_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="No dump at"):
        call_command("restore_check", str(tmp_path / "altprov-x.dump"))
    stray = tmp_path / "altprov-x.dump"
    stray.write_bytes(b"x")
    with pytest.raises(CommandError, match="No manifest at"):
        call_command("restore_check", str(stray))


@on_sqlite
def test_backup_keeps_the_newest(tmp_path, data):
    for _ in range(3):
        call_command("backup", "--to", str(tmp_path), "--keep", "2")
    kept = backups.backups_in(tmp_path)
    assert len(kept) == 2
    assert len(list(tmp_path.glob("*.manifest.json"))) == 2


@on_postgresql
def test_postgresql_round_trip_and_each_way_it_fails(tmp_path, data, capsys):
    """One test (a committed world costs seconds to empty on PostgreSQL): the round trip, the
    throwaway database dropped, a changed row changing its table's checksum, changed tables
    named by the check, a tampered dump refused, and the oldest backups pruned."""
    dump, manifest = round_trip(tmp_path, data)
    assert manifest["engine"] == "postgresql"
    assert manifest["server_version"] == manifest["pg_dump_version"] == 15
    assert manifest["encoding"] == "UTF8"
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s",
            [f"{connection.settings_dict['NAME'][:40]}_restorecheck_%"],
        )
        assert cursor.fetchone()[0] == 0  # the throwaway database is dropped

    # A changed row changes its table's checksum and no other table's.
    Pupil.objects.filter(pk=data.pupil_a1.pk).update(first_name="Alexa")
    call_command("backup", "--to", str(tmp_path), "--keep", "2")
    second = backups.latest(tmp_path)
    after = json.loads(backups.manifest_path(second).read_text())["tables"]
    table, school = Pupil._meta.db_table, School._meta.db_table
    assert after[table]["rows"] == manifest["tables"][table]["rows"]
    assert after[table]["checksum"] != manifest["tables"][table]["checksum"]
    assert after[school] == manifest["tables"][school]

    # The first dump restored beside a manifest that now disagrees: each table named.
    manifest["tables"][table]["checksum"] = after[table]["checksum"]
    manifest["tables"][school]["rows"] += 1
    manifest["tables"]["a_table_that_was_lost"] = {"rows": 1, "checksum": "1-1"}
    backups.manifest_path(dump).write_text(json.dumps(manifest))
    capsys.readouterr()
    with pytest.raises(CommandError, match="3 mismatches"):
        call_command("restore_check", str(dump))
    said = capsys.readouterr().err
    assert f"{table}: the contents' checksum differs" in said
    assert f"{school}: 3 rows restored, 4 in the manifest" in said
    assert "a_table_that_was_lost: in the manifest but not in the restored database" in said

    # A byte changed in the dump: refused by its sha256 before anything is restored.
    body = bytearray(second.read_bytes())
    body[len(body) // 2] ^= 0xFF
    second.write_bytes(bytes(body))
    problems = backups.restore_check(second)
    assert len(problems) == 1 and "sha256" in problems[0]

    call_command("backup", "--to", str(tmp_path), "--keep", "2")
    assert backups.backups_in(tmp_path)[0] == second  # the first was pruned


@on_postgresql
def test_rows_written_while_pg_dump_runs_are_in_neither_the_dump_nor_the_manifest(
    tmp_path, db, monkeypatch
):
    """The manifest is computed in the snapshot pg_dump read, not after it."""
    real_run = backups.subprocess.run
    params = backups._pg_params(connection.settings_dict)

    def run_then_write(command, *args, **kwargs):
        finished = real_run(command, *args, **kwargs)
        if "--format=custom" in command:  # the dump itself, not its --version
            with psycopg.connect(**params, autocommit=True) as other:
                other.execute(
                    "INSERT INTO ops_heartbeat (name, beat_at) VALUES ('during-backup', now())"
                )
        return finished

    monkeypatch.setattr(backups.subprocess, "run", run_then_write)
    try:
        made = backups.backup(tmp_path)
        monkeypatch.setattr(backups.subprocess, "run", real_run)
        manifest = backups.read_manifest(made.manifest)
        assert manifest["tables"]["ops_heartbeat"]["rows"] == 0
        assert backups.restore_check(made.dump) == []
    finally:
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute("DELETE FROM ops_heartbeat WHERE name = 'during-backup'")

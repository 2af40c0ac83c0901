"""The benchmarks' throwaway databases are copied from a migrated template (bench/database.py),
kept under a key made from the migrations: a changed, added, renamed or removed migration gives
another key, so a stale template is never copied. No database is made here."""

import shutil
from pathlib import Path

from bench.database import migration_files, template_key

ROOT = Path(__file__).resolve().parents[2]


def migrations(folder: Path) -> Path:
    folder.mkdir()
    (folder / "0001_initial.py").write_text("operations = [CreateModel('Pupil')]\n")
    (folder / "0002_upn.py").write_text("operations = [AddField('Pupil', 'upn')]\n")
    return folder


def files(folder: Path) -> list[tuple[str, Path]]:
    return [(f"app.migrations/{path.name}", path) for path in sorted(folder.glob("*.py"))]


def test_the_same_migrations_anywhere_give_the_same_key(tmp_path):
    folder = migrations(tmp_path / "here")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(folder, elsewhere)
    assert template_key(files(folder)) == template_key(files(elsewhere))


def test_a_changed_added_renamed_or_removed_migration_gives_another_key(tmp_path):
    folder = migrations(tmp_path / "migrations")
    first = template_key(files(folder))
    (folder / "0002_upn.py").write_text("operations = [AddField('Pupil', 'uln')]\n")
    changed = template_key(files(folder))
    (folder / "0003_dob.py").write_text("operations = [AddField('Pupil', 'dob')]\n")
    added = template_key(files(folder))
    (folder / "0003_dob.py").rename(folder / "0003_birth.py")
    renamed = template_key(files(folder))
    (folder / "0003_birth.py").unlink()
    removed = template_key(files(folder))
    assert len({first, changed, added, renamed}) == 4
    assert removed == changed  # the key is the files' names and contents, nothing else
    assert template_key(files(folder), extra="Django 5.2") != template_key(
        files(folder), extra="Django 6.0"
    )


def test_the_key_covers_every_migration_and_what_runs_after_migrate(settings):
    # Under `--nomigrations`, pytest-django turns every app's migrations off for the rest of the
    # session once a test has made the database; the bench reads them as a real run has them.
    settings.MIGRATION_MODULES = {}
    found = dict(migration_files())
    paths = {path.resolve() for path in found.values()}
    ours = sorted((ROOT / "altprov").glob("*/migrations/*.py"))
    assert ours and all(path.resolve() in paths for path in ours)
    assert any(name.startswith("django.contrib.auth.migrations/") for name in found)
    # the append-only triggers are made by a post_migrate handler, not by a migration
    assert found["altprov.core.append_only.py"].resolve() == ROOT / "altprov/core/append_only.py"
    assert not any(str(ROOT) in name for name in found)

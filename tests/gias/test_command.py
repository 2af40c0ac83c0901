"""R-5.2: `python manage.py import_gias PATH`."""

import pytest
from django.core.management import call_command, execute_from_command_line
from django.db import connections

from altprov.gias.models import Establishment, GiasImport, RegistrationCheck
from tests.factories import make_trust

from .helpers import csv_text, make_provider, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """run_from_argv closes every database connection when the command ends, which would end the
    test's transaction on PostgreSQL."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def write(path, rows, encoding="cp1252"):
    path.write_bytes(csv_text(rows).encode(encoding))
    return path


def test_R5_2_the_command_imports_checks_and_reports(tmp_path, capsys):
    trust = make_trust()
    make_provider(trust, "Bright Futures", urn="140001")
    make_provider(trust, "Old Mill", urn="140002")
    path = write(
        tmp_path / "edubasealldata20261101.csv",
        [
            row(140001, "Bright Futures Café"),
            row(140002, "Old Mill School", **{"EstablishmentStatus (name)": "Closed"}),
        ],
    )
    execute_from_command_line(["manage.py", "import_gias", str(path)])
    out = capsys.readouterr().out
    assert "Imported 2 establishments from edubasealldata20261101.csv (Windows-1252)." in out
    assert "Extract of 01 November 2026." in out
    assert "2 providers checked: 1 flagged." in out
    assert Establishment.objects.get(urn=140001).name == "Bright Futures Café"
    assert GiasImport.objects.get().imported_by is None
    assert RegistrationCheck.objects.filter(checked_by=None).count() == 2


def test_R5_2_the_command_refuses_a_malformed_file_on_stderr_with_a_non_zero_exit(tmp_path, capsys):
    call_command("import_gias", str(write(tmp_path / "good.csv", [row(100001)])))
    bad = write(tmp_path / "bad.csv", [row(100002), row(100003, OpenDate="31-02-2021")])
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "import_gias", str(bad)])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "bad.csv: Line 3: the OpenDate 31-02-2021 is not a real date." in err
    assert "Nothing was imported." in err
    assert list(Establishment.objects.values_list("urn", flat=True)) == [100001]
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "import_gias", str(tmp_path / "missing.csv")])
    assert exit_.value.code == 1
    assert "no such file" in capsys.readouterr().err


def test_R5_2_the_command_refuses_a_file_removing_most_of_the_register_unless_forced_with_a_reason(
    tmp_path, capsys
):
    call_command(
        "import_gias", str(write(tmp_path / "full.csv", [row(100001 + i) for i in range(5)]))
    )
    two = write(tmp_path / "two.csv", [row(100001), row(200001)])
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "import_gias", str(two)])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "two.csv: The file has 2 establishments: importing it would remove 4 of the 5" in err
    assert '--force --reason "why"' in err
    assert Establishment.objects.count() == 5 and GiasImport.objects.count() == 1
    with pytest.raises(SystemExit):
        execute_from_command_line(["manage.py", "import_gias", str(two), "--force"])
    assert "--force needs --reason" in capsys.readouterr().err
    assert GiasImport.objects.count() == 1
    execute_from_command_line(
        ["manage.py", "import_gias", str(two), "--force", "--reason", "Test of a short file"]
    )
    assert "4 establishments of the previous register removed." in capsys.readouterr().out
    forced = GiasImport.objects.latest()
    assert (forced.file_name, forced.removed, forced.forced_reason) == (
        "two.csv",
        4,
        "Test of a short file",
    )
    assert sorted(Establishment.objects.values_list("urn", flat=True)) == [100001, 200001]

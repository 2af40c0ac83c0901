from pathlib import Path

from altprov.authz.docs import roles_table


def test_R10_1_the_roles_table_in_the_docs_matches_the_declarations():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "roles.md").read_text()
    table = doc.split("<!-- roles-table:start -->\n")[1].split("<!-- roles-table:end -->")[0]
    assert table == roles_table(), "Run `python manage.py roles_table --write`"

"""No import circles dodged inside functions: every module of the service imports what it needs at
the top, so a circle fails at import time instead of hiding. The one exception is Django's own:
an app's `ready()` (in apps.py) imports the module that registers its signals or attention items
once every app is loaded."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "altprov"


def modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def nested_imports(path: Path, root: Path = ROOT) -> list[str]:
    """Each import inside a function, method or class, as "path:line"."""
    found = []

    def visit(node, inside: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and inside is not None:
                if not (path.name == "apps.py" and inside == "ready"):
                    found.append(f"{path.relative_to(root)}:{child.lineno}")
            scope = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            visit(child, child.name if isinstance(child, scope) else inside)

    visit(ast.parse(path.read_text()), None)
    return found


def test_every_module_imports_only_at_the_top():
    found = sorted({line for path in modules() for line in nested_imports(path)})
    assert found == []


def test_the_check_finds_an_import_inside_a_function_or_method(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "import os\n\n\ndef page():\n    from x import y\n\n\n"
        "class Form:\n    def clean(self):\n        import z\n"
    )
    assert [line.split(":")[1] for line in nested_imports(module, tmp_path)] == ["5", "10"]
    apps = tmp_path / "apps.py"
    apps.write_text(
        "class Config:\n    def ready(self):\n        from . import signals\n\n"
        "    def other(self):\n        from . import more\n"
    )
    assert nested_imports(apps, tmp_path) == ["apps.py:6"]


def test_the_registration_threshold_rule_reads_no_records():
    """R-5.9: the rule itself is pure; the queries that feed it live with the records."""
    tree = ast.parse((ROOT / "providers/threshold.py").read_text())
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("altprov")
    }
    assert imported == {"altprov.organisations.models"}

"""No import circles dodged inside functions in the rule modules: each imports what it needs at
the top, so a circle would fail at import time instead of hiding."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "altprov"
RULE_MODULES = [
    "providers/threshold.py",
    "providers/suitability.py",
    "providers/selectors.py",
    "placements/rules.py",
    "placements/start_gate.py",
    "provider_audits/selectors.py",
    "outcomes/rules.py",
    "outcomes/gate.py",
    "outcomes/duties.py",
    "outcomes/report.py",
    "sar/records.py",
    "sar/redaction.py",
    "sar/export.py",
    "sar/views.py",
]


def nested_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    found.append(f"{path.name}:{inner.lineno}")
    return found


@pytest.mark.parametrize("module", RULE_MODULES)
def test_rule_modules_import_only_at_the_top(module):
    assert nested_imports(ROOT / module) == []


def test_the_registration_threshold_rule_reads_no_records():
    """R-5.9: the rule itself is pure; the queries that feed it live with the records."""
    tree = ast.parse((ROOT / "providers/threshold.py").read_text())
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("altprov")
    }
    assert imported == {"altprov.organisations.models"}

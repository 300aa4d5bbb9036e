"""The layer rule from ARCHITECTURE.md: ui → services → storage → model, reports → model.

A file's folder says what it may import; Qt (PySide6) only in ui/.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "forandring_desktop"
LAYERS = ("model", "storage", "services", "reports", "ui")

# For each layer: which of our layers it may import, and which third-party roots it may not.
ALLOWED: dict[str, set[str]] = {
    "model": {"model"},
    "storage": {"storage", "model"},
    "services": {"services", "storage", "model"},
    "reports": {"reports", "model"},
    "ui": {"ui", "services", "model", "storage", "reports"},
}
FORBIDDEN_THIRD_PARTY: dict[str, set[str]] = {
    "model": {"PySide6", "sqlalchemy", "alembic", "sqlcipher3", "reportlab"},
    "storage": {"PySide6", "reportlab"},
    "services": {"PySide6"},
    "reports": {"PySide6", "sqlalchemy", "alembic", "sqlcipher3"},
    "ui": {"sqlalchemy", "alembic", "sqlcipher3"},
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations() -> list[str]:
    problems: list[str] = []
    for layer in LAYERS:
        folder = PACKAGE / layer
        for path in sorted(folder.rglob("*.py")) if folder.exists() else []:
            for line, module in imports_of(path):
                root = module.split(".")[0]
                where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
                if root in FORBIDDEN_THIRD_PARTY[layer]:
                    problems.append(where)
                if root == "forandring_desktop":
                    parts = module.split(".")
                    target = parts[1] if len(parts) > 1 else ""
                    if target in LAYERS and target not in ALLOWED[layer]:
                        problems.append(where)
                    if target in {"cli"}:
                        problems.append(where)
    return problems


def test_layers_import_only_downwards() -> None:
    assert violations() == []


def test_the_rule_catches_a_violation(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "forandring_desktop"
    (fake / "model").mkdir(parents=True)
    (fake / "model" / "bad.py").write_text("from PySide6.QtCore import QObject\n")
    (fake / "storage").mkdir()
    (fake / "storage" / "bad.py").write_text("import forandring_desktop.services.files\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert len(violations()) == 2


def test_ruff_bans_pyside6_below_ui() -> None:
    text = (PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"PySide6".msg' in text
    assert '"src/forandring_desktop/ui/**" = ["TID251"]' in text

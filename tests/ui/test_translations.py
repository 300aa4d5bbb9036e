"""Every user-visible string in ui/ is one a translator can see.

``pyside6-lupdate`` finds texts only in ``tr("…")`` and ``translate("Context", "…")`` calls
whose text is a literal. A wrapper (``_t(text)``), a variable or an f-string inside ``tr``
hides the text from it (an f-string is even looked up after it was filled in, so it is never
translated); a literal handed straight to a widget is never translated at all. This test
runs lupdate itself and fails on each of those, naming the file and line.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "src" / "forandring_desktop"
UI = PACKAGE / "ui"
# The model keeps the guide's own words (the printed sheets use them too); they are marked
# with QT_TRANSLATE_NOOP where they are written, and the UI looks them up by their text.
MARKED_IN_MODEL = sorted((PACKAGE / "model").rglob("*.py"))
MARKED = "lupdate: marked"  # a comment on a lookup of texts marked with QT_TRANSLATE_NOOP

# Qt calls whose first text argument a person reads (constructors and setters).
TEXT_CALLS = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setPlaceholderText",
        "setAccessibleName",
        "setAccessibleDescription",
        "setLabelText",
        "setTitle",
        "setPrefix",
        "setSuffix",
        "setSpecialValueText",
        "showMessage",
        "show_message",
        "addTab",
        "setTabText",
        "addItem",
        "addRow",
        "addButton",
        "addMenu",
        "addAction",
        "QLabel",
        "QPushButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QToolButton",
        "text_label",
        "heading",
    }
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_text(node: ast.expr) -> bool:
    """A literal someone reads: it has letters (not just "", " – ", "%", "{n}")."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    stripped = node.value
    for placeholder in ("{n}", "{name}", "{code}"):
        stripped = stripped.replace(placeholder, "")
    return any(ch.isalpha() for ch in stripped)


def scan(path: Path, root: Path) -> tuple[set[str], list[Finding]]:
    """The literal texts of ``path``'s tr/translate calls, and what hides texts."""
    where = str(path.relative_to(root))
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=where)
    texts: set[str] = set()
    findings: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "_t":
            findings.append(Finding(where, node.lineno, "a _t() wrapper hides its texts"))
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in {"tr", "translate", "QT_TRANSLATE_NOOP"}:
            index = 0 if name == "tr" else 1
            if len(node.args) <= index:
                continue
            text = node.args[index]
            # The mark may sit on any line of the call (a formatter wraps long calls).
            marked = any(MARKED in line for line in lines[node.lineno - 1 : node.end_lineno])
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                texts.add(text.value)
            elif marked and not isinstance(text, ast.JoinedStr):
                continue  # a lookup of texts marked where they are written
            elif isinstance(text, ast.JoinedStr):
                findings.append(Finding(where, node.lineno, f"an f-string inside {name}()"))
            else:
                findings.append(Finding(where, node.lineno, f"{name}() of a non-literal"))
        elif name in TEXT_CALLS:
            for arg in node.args[:2]:
                if _is_text(arg):
                    value = arg.value if isinstance(arg, ast.Constant) else ""
                    findings.append(Finding(where, node.lineno, f"untranslated text {value!r}"))
    return texts, sorted(findings, key=lambda f: f.line)


def lupdate_texts(files: list[Path], tmp_path: Path) -> set[str]:
    tool = Path(sys.executable).with_name("pyside6-lupdate")
    command = str(tool) if tool.exists() else shutil.which("pyside6-lupdate")
    assert command, "pyside6-lupdate is part of PySide6; it must be installed"
    target = tmp_path / "found.ts"
    subprocess.run(
        [command, *map(str, files), "-ts", str(target)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {"".join(source.itertext()) for source in ET.parse(target).getroot().iter("source")}


def looked_up_from_the_model() -> set[str]:
    """The model's texts the UI shows through guide_text() and destination_word()."""
    from forandring_desktop.model import STORY_CARDS
    from forandring_desktop.model.mission import CHECKLIST_TEXT, MISSION_COMBINE, MISSION_QUESTIONS
    from forandring_desktop.model.participants import DESTINATION_LABEL

    return {
        *STORY_CARDS,
        *CHECKLIST_TEXT.values(),
        *MISSION_QUESTIONS.values(),
        MISSION_COMBINE,
        *DESTINATION_LABEL.values(),
    }


def test_lupdate_finds_every_text_and_nothing_hides_one(tmp_path: Path) -> None:
    files = sorted(UI.rglob("*.py"))
    texts: set[str] = set()
    findings: list[Finding] = []
    for path in files:
        found, problems = scan(path, UI.parent)
        texts |= found
        findings += problems
    for path in MARKED_IN_MODEL:
        found, _problems = scan(path, UI.parent)  # the model has no widgets: marks only
        texts |= found
    files += MARKED_IN_MODEL
    texts |= looked_up_from_the_model()
    assert [str(f) for f in findings] == []
    assert len(texts) > 500  # the scan itself works: the UI has many texts
    missing = texts - lupdate_texts(files, tmp_path)
    assert sorted(missing) == []


def test_the_scan_catches_what_hides_a_text(tmp_path: Path) -> None:
    sample = tmp_path / "ui" / "sample.py"
    sample.parent.mkdir()
    sample.write_text(
        "def _t(text):\n"
        "    return text\n"
        "class Page:\n"
        "    def build(self, name):\n"
        "        self.tr(f'Hej {name}')\n"
        "        self.tr(name)\n"
        "        self.label.setText('Gem')\n"
        "        self.tr('Gem som PDF')\n"
        "        self.tr(name)  # lupdate: marked\n",
        encoding="utf-8",
    )
    texts, findings = scan(sample, tmp_path)
    assert texts == {"Gem som PDF"}
    assert [f.what for f in findings] == [
        "a _t() wrapper hides its texts",
        "an f-string inside tr()",
        "tr() of a non-literal",
        "untranslated text 'Gem'",
    ]
    assert lupdate_texts([sample], tmp_path) == {"Gem som PDF", "Hej {name}"}

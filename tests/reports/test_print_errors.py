"""A print that fails is a Danish message naming the sheet and the field, never a traceback;
a character no font has is named in a warning, in the app's data and on the command line;
the crash of issue 11 (a 400-character step on the staircase) is gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Paragraph

from forandring_desktop.model import (
    Ladder,
    LadderStep,
    Organisation,
    OrganisationDocument,
    Persona,
)
from forandring_desktop.model.errors import ForandringError
from forandring_desktop.model.report_data import unprintable_of, unprintable_warning
from forandring_desktop.reports import SHEETS
from forandring_desktop.reports.errors import PrintFailureError
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.printing import print_warning, render_document
from tests.cli_helpers import run_forandring

from .pdf_checks import check_pdf, missing, numbered_words

ORG = Organisation(name="Fejl ApS")


def ladder_doc(*steps: LadderStep) -> tuple[OrganisationDocument, Ladder]:
    ladder = Ladder(title="Trappen", change_goal="Et mål", steps=list(steps))
    return OrganisationDocument(organisation=ORG, ladders=[ladder]), ladder


@pytest.mark.parametrize("length", [300, 400, 450, 800, 2_000, 5_000])
def test_a_long_step_on_the_staircase_prints(length: int) -> None:
    """Issue 11: ~400 characters on one step crashed with 'no attribute blPara'."""
    text = ("Deltageren møder stabilt op og tager ansvar for egne opgaver " * 100)[:length]
    doc, ladder = ladder_doc(
        LadderStep(text="Start"), LadderStep(text=text, signs=text), LadderStep(text="Mål")
    )
    facts = check_pdf(SHEETS["maaltrappe"].render(doc, ladder.id, False), landscape=True)
    assert text.split()[-2] in facts.text  # the whole text is there, on or under the stairs


def test_a_layout_failure_names_the_sheet_and_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    doc, ladder = ladder_doc(
        LadderStep(text="Start", signs="kort"),
        LadderStep(text="Midt", signs="DETTE TEGN FEJLER"),
        LadderStep(text="Mål"),
    )
    wrap = Paragraph.wrap

    def failing(self: Paragraph, *args: Any) -> Any:
        if "DETTE TEGN FEJLER" in self.text:
            raise ZeroDivisionError("simulated")
        return wrap(self, *args)

    monkeypatch.setattr(Paragraph, "wrap", failing)
    with pytest.raises(PrintFailureError) as caught:
        SHEETS["trin-tegn-handling"].render(doc, ladder.id, False)
    message = str(caught.value)
    assert "Trin-tegn-handling-arket kunne ikke udskrives" in message
    assert "»Trin 2 – tegn«" in message
    assert "DETTE TEGN" not in message  # the field's name, never its text
    assert "Traceback" not in message
    # Through the service (what the app and the command line call): the same message.
    with pytest.raises(ForandringError, match="Trin 2 – tegn"):
        render_document(doc, SHEETS["trin-tegn-handling"], item_id=ladder.id)


def test_an_unprintable_character_is_named_before_printing() -> None:
    persona = Persona(name="Li 中文 Wąsowska", background=["✓ ⚠ ሰላም مرحبا"])
    doc = OrganisationDocument(organisation=ORG, personas=[persona])
    pdf = render_document(doc, SHEETS["persona"], item_id=persona.id)
    assert unprintable_of(pdf) == ("中", "文")
    warning = print_warning(pdf, "Persona-arket")
    assert "中 (U+4E2D)" in warning
    assert "文 (U+6587)" in warning
    assert warning.startswith("Persona-arket indeholder tegn")
    text = check_pdf(pdf, landscape=False).text
    assert "Wąsowska" in text  # Polish letters print, and are in the text layer
    assert "✓ ⚠ ሰላም" in text
    assert "□" in text
    clean = render_document(doc, SHEETS["mission"], blank=True)
    assert print_warning(clean, "Missions-arbejdsarket") == ""
    assert unprintable_warning([]) == ""


def test_the_command_line_warns_of_unprintable_characters(tmp_path: Path) -> None:
    persona = Persona(name="Zhang 张伟")
    db = tmp_path / "org.forandring"
    create_from_document(
        db, "pw", OrganisationDocument(organisation=ORG, personas=[persona])
    ).close()
    result = run_forandring(
        "print", "persona", str(db), "-o", str(tmp_path / "p.pdf"), passphrase="pw"
    )
    assert result.returncode == 0, result.stderr
    assert "Advarsel: Persona-ark indeholder tegn" in result.stderr
    assert "张 (U+5F20)" in result.stderr
    assert "Traceback" not in result.stderr


def test_right_to_left_text_splits_in_a_table_cell_as_it_was_wrapped() -> None:
    """A table splitting a cell wraps it at the padded width but splits it at the unpadded
    one (reportlab's _splitCell); split at the wider width, the text fitted in fewer lines,
    came back whole, and the table crashed with an IndexError (found by the property test
    on the trin-tegn-handling sheet)."""
    from forandring_desktop.reports.styles import styles
    from forandring_desktop.reports.text import BidiParagraph

    text = " ".join(["في"] * 120)  # 20 lines at 100 pt, 15 at 130 pt
    cell = BidiParagraph(text, styles().body)
    _, height = cell.wrap(100, 10_000)
    parts = cell.split(130, height - 13)  # wider, as _splitCell passes it
    assert len(parts) == 2
    heights = [part.wrap(100, 10_000)[1] for part in parts]
    assert heights[0] <= height - 13
    assert sum(heights) >= height  # nothing lost


@pytest.mark.parametrize("length", [1_800, 1_900, 2_000])
def test_a_long_arabic_step_beside_a_page_of_signs_prints(length: int) -> None:
    """The same on the sheet: a row taller than a page is split inside, and the Arabic
    step text is just taller than the room left (these lengths crashed before)."""
    text = " ".join(["مرحبا", "بكم", "في", "الدنمارك"] * 500)[:length]
    signs, words = numbered_words("tegn", 5_000)
    doc, ladder = ladder_doc(LadderStep(text=text, signs=signs))
    facts = check_pdf(SHEETS["trin-tegn-handling"].render(doc, ladder.id, False), landscape=False)
    assert missing(facts.text, words) == []
    assert facts.pages >= 2

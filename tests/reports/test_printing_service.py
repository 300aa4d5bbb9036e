"""The printing use case: which item a sheet prints, the Danish errors, the atomic write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from forandring_desktop.model import MissionDraft, Organisation, OrganisationDocument, Persona
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.printing import (
    NoBlankFormError,
    PrintError,
    choices,
    render_sheet,
    resolve_item,
    write_pdf,
    write_sheet,
)
from forandring_desktop.storage import StorageError, Store

from .pdf_checks import check_pdf, missing

MakeStore = Callable[..., Store]


@pytest.fixture
def demo_store(store_factory: MakeStore) -> Store:
    return store_factory(build_demo_document(participants=2))


def text_of(data: bytes, *, landscape: bool | None = None) -> str:
    return check_pdf(data, landscape=landscape, author="iGangiGen").text


def test_without_an_id_the_first_item_is_printed(demo_store: Store) -> None:
    assert "Natasha" in text_of(render_sheet(demo_store, SHEETS["persona"]))
    ladder = text_of(render_sheet(demo_store, SHEETS["maaltrappe"]), landscape=True)
    assert "Erkender misbrug og er villig til at komme ud af det" in ladder


def test_the_chosen_mission_draft_is_the_default(demo_store: Store) -> None:
    text = text_of(render_sheet(demo_store, SHEETS["mission"]))
    assert "Bud: Ny mission – det valgte bud" in text
    old = text_of(render_sheet(demo_store, SHEETS["mission"], item_id="Gammel mission"))
    assert "gør sit yderste" in old


def test_an_item_by_name_id_or_id_prefix(demo_store: Store) -> None:
    from forandring_desktop.services.organisation import load_document

    doc = load_document(demo_store)
    klaus = next(p for p in doc.personas if p.name == "Klaus")
    for wanted in ("klaus", " Klaus ", str(klaus.id), klaus.id, str(klaus.id)[-12:]):
        assert resolve_item(doc, "persona", wanted) == klaus.id
    with pytest.raises(PrintError, match="Flere personaer"):  # ids made together share a start
        resolve_item(doc, "persona", str(klaus.id)[:8])
    text = text_of(render_sheet(demo_store, SHEETS["doerark"], item_id="Klaus"), landscape=True)
    assert "Belastet forhold til kommunen." in text


def test_an_unknown_item_is_a_danish_error_listing_the_choices(demo_store: Store) -> None:
    with pytest.raises(PrintError) as caught:
        render_sheet(demo_store, SHEETS["persona"], item_id="Hans")
    message = str(caught.value)
    assert "Ukendt persona ‘Hans’" in message
    assert "Natasha" in message
    assert "Klaus" in message
    assert caught.value.exit_code == 1


def test_an_ambiguous_name_asks_for_the_id() -> None:
    doc = OrganisationDocument(
        organisation=Organisation(name="x"),
        personas=[Persona(name="Kim"), Persona(name="kim")],
    )
    with pytest.raises(PrintError, match="Flere personaer passer"):
        resolve_item(doc, "persona", "KIM")


def test_nothing_to_print_is_a_danish_error(store_factory: MakeStore) -> None:
    store = store_factory(OrganisationDocument(organisation=Organisation(name="Tom")))
    for kind, words in [
        ("persona", "ingen personaer"),
        ("mission", "ingen bud på en mission"),
        ("doerark", "ingen ind ad døren – ud af døren-ark"),
        ("trin-tegn-handling", "ingen måltrapper"),
    ]:
        with pytest.raises(PrintError, match=words):
            render_sheet(store, SHEETS[kind])
    # Sheets that print the organisation as a whole still work.
    facts = check_pdf(render_sheet(store, SHEETS["forandringsteori"]), landscape=False)
    assert "Tom" in facts.text


def test_deleted_items_are_not_printed() -> None:
    from forandring_desktop.model import utcnow

    gone = MissionDraft(title="Slettet", chosen=True, deleted_at=utcnow())
    kept = MissionDraft(title="Levende")
    doc = OrganisationDocument(organisation=Organisation(name="x"), mission_drafts=[gone, kept])
    assert [c.name for c in choices(doc, "mission_draft")] == ["Levende"]
    assert resolve_item(doc, "mission_draft", None) == kept.id
    with pytest.raises(PrintError):
        resolve_item(doc, "mission_draft", str(gone.id))


def test_a_blank_form_from_a_store_names_the_organisation(demo_store: Store) -> None:
    facts = check_pdf(
        render_sheet(demo_store, SHEETS["persona"], blank=True), landscape=False, author="iGangiGen"
    )
    assert "iGangiGen" in facts.text
    assert missing(facts.text, ["Natasha"]) == ["Natasha"]


def test_the_theory_of_change_has_no_blank_form(demo_store: Store) -> None:
    with pytest.raises(NoBlankFormError, match="ingen blank udgave") as caught:
        render_sheet(demo_store, SHEETS["forandringsteori"], blank=True)
    assert caught.value.exit_code == 2


def test_write_sheet_writes_a_whole_file(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "ud"
    out.mkdir()
    target = out / "ark.pdf"
    target.write_bytes(b"old")
    write_sheet(demo_store, SHEETS["trin-tegn-handling"], target)
    assert "TRIN PÅ MÅLTRAPPEN" in check_pdf(target.read_bytes(), landscape=False).text
    write_sheet(None, SHEETS["historiekort"], out / "kort.pdf", blank=True)
    assert (out / "kort.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in out.iterdir()) == ["ark.pdf", "kort.pdf"]  # no temp files


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="findes ikke"):
        write_pdf(tmp_path / "mangler" / "ark.pdf", b"%PDF-")
    with pytest.raises(StorageError, match="er en mappe"):
        write_pdf(tmp_path, b"%PDF-")
    with pytest.raises(PrintError):  # a filled sheet needs an organisation
        write_sheet(None, SHEETS["persona"], tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []

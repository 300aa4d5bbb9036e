"""A progression report without the name names nobody: the participant's own name and every
other name in the identity table are replaced in the free texts by their codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from forandring_desktop.model.names import NameReplacer, find_names
from forandring_desktop.model.participants import FollowUp, with_follow_up
from forandring_desktop.reports import render_participant_report
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.participants import get_participant, save_participant
from forandring_desktop.services.reporting import (
    names_found,
    names_in_notes,
    participant_report_pdf,
)
from forandring_desktop.storage import Store

from .pdf_checks import check_pdf

MakeStore = Callable[..., Store]


@pytest.fixture
def named_store(store_factory: MakeStore) -> Store:
    doc = build_demo_document(participants=2, today=date(2025, 6, 1))
    first, second = doc.participants
    doc = doc.model_copy(
        update={
            "participants": [
                first.model_copy(update={"name": "Kasper Larsen"}),
                second.model_copy(update={"name": "Agnieszka Wąsowska-Dębska"}),
            ]
        }
    )
    return store_factory(doc)


def _add_note(store: Store, code_index: int, note: str) -> tuple[str, str]:
    from forandring_desktop.services.participants import list_participants

    rows = sorted(list_participants(store), key=lambda r: r.code)
    person = get_participant(store, rows[code_index].id)
    follow_up = FollowUp(date=date(2025, 5, 30), note=note)
    save_participant(store, with_follow_up(person, follow_up))
    return rows[code_index].code, rows[1 - code_index].code


def test_a_note_holding_the_name_prints_the_code(named_store: Store) -> None:
    note = (
        "Kasper Larsen sagde, at Kaspers mor ringede. Han var i praktik med "
        "Agnieszka og Wąsowska-Dębska; LARSEN kom for sent."
    )
    own, other = _add_note(named_store, 0, note)
    from forandring_desktop.services.reporting import resolve_participant

    pid = resolve_participant(named_store, own)
    text = check_pdf(
        participant_report_pdf(named_store, pid, render_participant_report), landscape=False
    ).text
    for part in ("Kasper", "Larsen", "LARSEN", "Agnieszka", "Wąsowska", "Dębska"):
        assert part not in text, part
    assert f"{own} sagde, at {own}'s mor ringede" in text
    assert f"med {other} og {other};" in text
    # With the name asked for, the note is printed as written.
    named = check_pdf(
        participant_report_pdf(named_store, pid, render_participant_report, show_name=True),
        landscape=False,
    ).text
    assert "Kasper Larsen sagde, at Kaspers mor ringede" in named


def test_the_warning_while_typing_finds_the_names(named_store: Store) -> None:
    own, _other = _add_note(named_store, 0, "")
    from forandring_desktop.services.reporting import resolve_participant

    names = names_in_notes(named_store, resolve_participant(named_store, own))
    assert names[0] == "Kasper Larsen"  # the participant's own name first
    assert names_found("Mødte Kasper i dag", names) == ["Kasper"]
    assert names_found("Talte med Dębska om bussen", names) == ["Dębska"]
    assert names_found("Han bor i Larsensgade", names) == []
    assert names_found("", names) == []


def test_names_are_found_as_written_not_as_common_words() -> None:
    replace = NameReplacer({"IG-1": "Bo Mose", "IG-2": "Kasper Holm", "IG-3": "Kasper Lund"})
    assert replace("Bo bor i en bo ved mosen") == "IG-1 bor i en bo ved mosen"
    assert replace("Mose og Holm") == "IG-1 og IG-2"
    # "Kasper" alone is two people's name: neither code is guessed.
    assert replace("Kasper kom") == "[navn] kom"
    assert find_names("kasper holm kom", ["Kasper Holm"]) == ["Kasper Holm"]

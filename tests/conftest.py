"""Test set-up: offscreen Qt, and no test ever touches the real user profile."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("FORANDRING_PASSPHRASE", None)


@pytest.fixture(autouse=True)
def _strict_change_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A service that returns a change of a type it did not declare fails the test."""
    from forandring_desktop.services import changes

    monkeypatch.setattr(changes, "STRICT", True)


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh data dir and settings dir for every test."""
    base = tmp_path_factory.mktemp("profile")
    monkeypatch.setenv("FORANDRING_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "share"))
    monkeypatch.setenv("HOME", str(base / "home"))
    monkeypatch.delenv("FORANDRING_PASSPHRASE", raising=False)
    return base


# Tests make thousands of key slots; a real Argon2id run (64 MiB, t=3) each would cost
# minutes. Slots keep the cost they were made with, so files made here open cheaply too.
# Tests of key derivation itself are marked ``real_kdf``.
CHEAP_KDF_VALUES = {"memory_kib": 8, "iterations": 1, "lanes": 1}


@pytest.fixture(autouse=True)
def _cheap_key_derivation(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("real_kdf") is not None:
        yield
        return
    from forandring_desktop.storage.crypto import KdfParams, use_default_kdf

    previous = use_default_kdf(KdfParams(**CHEAP_KDF_VALUES))
    yield
    use_default_kdf(previous)


@pytest.fixture
def store_factory(tmp_path: Path) -> Iterator[object]:
    """Make encrypted organisation files in tmp_path; closes them after the test."""
    from forandring_desktop.model import OrganisationDocument
    from forandring_desktop.services.files import create_from_document
    from forandring_desktop.storage import Store

    opened: list[Store] = []

    def make(
        doc: OrganisationDocument, name: str = "org.forandring", passphrase: str = "pw"
    ) -> Store:
        store = create_from_document(tmp_path / name, passphrase, doc)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.engine.dispose()


def build_small_document() -> object:
    """A small but complete organisation touching every kind of record."""
    from datetime import date

    from forandring_desktop.model import (
        AreaScore,
        Challenge,
        ChallengeState,
        ChallengeStatus,
        Colour,
        DoorNote,
        DoorSheet,
        Enrolment,
        Exit,
        FollowUp,
        Ladder,
        LadderRating,
        LadderStep,
        MissionDraft,
        Organisation,
        OrganisationDocument,
        Participant,
        Persona,
        Side,
        TargetGroup,
    )

    persona = Persona(name="Natasha", gender="Kvinde", age=23, problems=["Meget lavt selvværd."])
    group = TargetGroup(name="Unge", persona_ids=[persona.id])
    # Created in canonical (id) order, so the document equals what storage loads back.
    in_note = DoorNote(text="Meget ustabilt fremmøde.", side=Side.IN, colour=Colour.GREEN)
    out_note = DoorNote(text="Stabilt fremmøde.", side=Side.OUT, colour=Colour.GREEN, x=600)
    in_note.pair_id = out_note.id
    sheet = DoorSheet(title="Natasha", persona_id=persona.id, notes=[in_note, out_note])
    steps = [LadderStep(text=f"Trin {i}", signs=f"Tegn {i}", action=f"Gør {i}") for i in range(4)]
    ladder = Ladder(title="Fremmøde", change_goal="Møder stabilt", steps=steps)
    challenge = Challenge(text="Meget ustabilt fremmøde.", weight=7, source_note_id=in_note.id)
    enrolment = Enrolment(ladder_id=ladder.id, start_step_id=steps[0].id, goal_step_id=steps[3].id)
    follow_up = FollowUp(
        date=date(2026, 3, 9),
        note="God uge – æøå ÆØÅ",
        ratings=[
            LadderRating(
                enrolment_id=enrolment.id,
                staff_step_id=steps[1].id,
                participant_step_id=steps[2].id,
                action="Gør 1",
            )
        ],
        challenge_statuses=[
            ChallengeStatus(challenge_id=challenge.id, state=ChallengeState.PARTLY)
        ],
        area_scores=[AreaScore(area="Social", score=2)],
    )
    person = Participant(
        code="IG-001",
        name="Søren Særligtnavn",
        start_date=date(2026, 3, 2),
        target_group_id=group.id,
        municipality="Herning Kommune",
        challenges=[challenge],
        enrolments=[enrolment],
        follow_ups=[follow_up],
        exit=Exit(date=date(2026, 6, 1), note="Videre i job"),
        end_date=date(2026, 6, 1),
    )
    return OrganisationDocument(
        organisation=Organisation(name="Testorganisation", vision="En bedre verden"),
        mission_drafts=[MissionDraft(title="Bud 1", who="Unge", chosen=True)],
        personas=[persona],
        target_groups=[group],
        door_sheets=[sheet],
        ladders=[ladder],
        participants=[person],
    )


@pytest.fixture
def small_doc() -> object:
    return build_small_document()

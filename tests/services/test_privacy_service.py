"""Insight export, erasure and retention as use cases: what a staff member and an
administrator may do, and what is left afterwards in exports, reports and status figures."""

from __future__ import annotations

import datetime
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from forandring_desktop.model import InvalidDataError, OrganisationDocument, Participant
from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.model.staff import AccessDeniedError, Actor, Role
from forandring_desktop.reports.insight import render_insight
from forandring_desktop.services.audit import list_entries
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.exchange import export_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.services.privacy import (
    due_for_deletion,
    erase_participant,
    erased_participants,
    insight_export,
    privacy_settings,
    set_retention_months,
)
from forandring_desktop.services.status import compute_status, status_json
from forandring_desktop.storage import KdfParams, Store

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
TODAY = datetime.date(2025, 6, 1)
NAME = "Yrsa Quistgaard-Mølbæk"
CODE = "ZQX-93817"


def demo_with_known_person(extra: dict[str, object] | None = None) -> OrganisationDocument:
    doc = build_demo_document(participants=8, today=TODAY)
    people = list(doc.participants)
    people[3] = people[3].model_copy(update={"name": NAME, "code": CODE, **(extra or {})})
    return doc.model_copy(update={"participants": people})


@pytest.fixture
def doc() -> OrganisationDocument:
    return demo_with_known_person()


@pytest.fixture
def store(tmp_path: Path, doc: OrganisationDocument) -> Iterator[Store]:
    made = create_from_document(tmp_path / "org.forandring", "pw", doc, kdf=CHEAP)
    yield made
    made.engine.dispose()


def known(doc: OrganisationDocument) -> Participant:
    return next(p for p in doc.participants if p.code == CODE)


def as_staff(store: Store) -> None:
    store.actor = Actor(uuid.uuid4(), "Mentor Mette", Role.STAFF)


# -- insight --------------------------------------------------------------------------------


def test_insight_export_holds_everything_about_them(
    store: Store, doc: OrganisationDocument, tmp_path: Path
) -> None:
    person = known(doc)
    assert len(person.follow_ups) >= 2
    get_participant(store, person.id)  # leaves a "read" entry in the log
    folder = tmp_path / "indsigt"
    folder.mkdir()
    paths = insight_export(store, person.id, folder, render_insight, today=TODAY)
    assert [p.name for p in paths] == [
        f"indsigt-{CODE}-2025-06-01.json",
        f"indsigt-{CODE}-2025-06-01.pdf",
    ]
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    assert data["format"] == "forandring-indsigt/1"
    assert data["participant"]["name"] == NAME
    assert data["participant"]["code"] == CODE
    assert [f["id"] for f in data["participant"]["follow_ups"]] == [
        str(f.id) for f in person.follow_ups
    ]
    rated = {str(r.staff_step_id) for f in person.follow_ups for r in f.ratings if r.staff_step_id}
    steps = {s["id"]: s["text"] for lad in data["ladders"] for s in lad["steps"]}
    assert rated
    assert rated <= set(steps)
    assert all(steps[i] for i in rated)  # the step texts they were rated on
    assert len(data["ratings_readable"]) == sum(len(f.ratings) for f in person.follow_ups)
    actions = [e["action"] for e in data["audit"]]
    assert "read" in actions
    assert all("staff" not in e for e in data["audit"])  # staff by role only
    # Only this person: no other participant's code anywhere in the export.
    others = [p.code for p in doc.participants if p.id != person.id]
    text = paths[0].read_text(encoding="utf-8")
    assert not [code for code in others if f'"{code}"' in text]

    reader = pypdf.PdfReader(io.BytesIO(paths[1].read_bytes()))
    pdf_text = " ".join(page.extract_text() for page in reader.pages)
    assert CODE in pdf_text
    assert NAME in pdf_text
    # The export itself is in the log.
    entries = list_entries(store, AuditQuery(participant_ids=(person.id,)))
    assert AuditAction.INSIGHT in {e.action for e in entries}


def test_insight_export_is_for_administrators(
    store: Store, doc: OrganisationDocument, tmp_path: Path
) -> None:
    as_staff(store)
    with pytest.raises(AccessDeniedError):
        insight_export(store, known(doc).id, tmp_path, render_insight)
    assert [p for p in tmp_path.iterdir() if p.name.startswith("indsigt")] == []


def test_a_failing_pdf_leaves_no_json_behind(
    store: Store, doc: OrganisationDocument, tmp_path: Path
) -> None:
    def broken(_data: object) -> bytes:
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError):
        insight_export(store, known(doc).id, tmp_path, broken)
    assert [p for p in tmp_path.iterdir() if p.name.startswith("indsigt")] == []


# -- erasure --------------------------------------------------------------------------------


def test_erasure_leaves_no_trace_in_export_or_status_figures(
    store: Store, doc: OrganisationDocument, tmp_path: Path
) -> None:
    person = known(doc)
    assert NAME in export_document(store)
    result = erase_participant(store, person.id)
    assert result.change.of(Participant).deleted == {person.id}

    exported = export_document(store)
    assert NAME not in exported
    assert CODE not in exported
    assert str(person.id) not in exported
    assert person.id not in {r.id for r in list_participants(store)}
    assert erased_participants(store).keys() == {person.id}

    # The status figures equal those of a file that never held them.
    without = doc.model_copy(
        update={"participants": [p for p in doc.participants if p.id != person.id]}
    )
    other = create_from_document(tmp_path / "without.forandring", "pw", without, kdf=CHEAP)
    try:
        assert compute_status(store) == compute_status(other)
        figures = status_json(store)
        assert figures == status_json(other)
        assert figures["participants"]["total"] == len(doc.participants) - 1
    finally:
        other.engine.dispose()

    # The log keeps only the id: code and details are gone; the erasure is logged by id.
    entries = list_entries(store, AuditQuery(participant_ids=(person.id,)))
    assert entries
    assert all(e.participant_code == "" and not e.detail for e in entries)
    assert entries[0].action is AuditAction.ERASE


def test_erasing_twice_or_an_unknown_id_changes_nothing(
    store: Store, doc: OrganisationDocument
) -> None:
    from forandring_desktop.storage.errors import StaleDataError

    person = known(doc)
    erase_participant(store, person.id)
    before = export_document(store)
    with pytest.raises(StaleDataError):
        erase_participant(store, person.id)
    with pytest.raises(StaleDataError):
        erase_participant(store, uuid.uuid4())
    assert export_document(store) == before


def test_a_staff_member_cannot_erase(store: Store, doc: OrganisationDocument) -> None:
    before = export_document(store)
    admin = store.actor
    as_staff(store)
    with pytest.raises(AccessDeniedError):
        erase_participant(store, known(doc).id)
    assert erased_participants(store) == {}
    store.actor = admin  # only an administrator exports the whole organisation
    assert export_document(store) == before


# -- retention ------------------------------------------------------------------------------


def test_due_for_deletion_lists_exactly_the_ended_participants_past_the_deadline(
    tmp_path: Path,
) -> None:
    from forandring_desktop.model import Exit, Organisation

    def person(code: str, **fields: object) -> Participant:
        return Participant(code=code, start_date=datetime.date(2019, 1, 1), **fields)

    people = [
        person("A-jan31", end_date=datetime.date(2020, 1, 31)),
        person("B-exit", exit=Exit(date=datetime.date(2020, 3, 15))),  # ended by its exit
        person("C-active"),
        person(
            "D-removed",
            end_date=datetime.date(2020, 1, 31),
            deleted_at=datetime.datetime(2020, 2, 1, tzinfo=datetime.UTC),
        ),
    ]
    doc = OrganisationDocument(organisation=Organisation(name="Org"), participants=people)
    store = create_from_document(tmp_path / "r.forandring", "pw", doc, kdf=CHEAP)
    try:

        def due(day: datetime.date) -> list[str]:
            return sorted(r.code for r in due_for_deletion(store, today=day))

        assert privacy_settings(store).retention_months == 60
        assert due(datetime.date(2025, 1, 30)) == []
        assert due(datetime.date(2025, 1, 31)) == ["A-jan31", "D-removed"]
        assert due(datetime.date(2025, 3, 15)) == ["A-jan31", "B-exit", "D-removed"]
        set_retention_months(store, 1)
        # 31 January + 1 month is 29 February (2020 is a leap year).
        assert due(datetime.date(2020, 2, 28)) == []
        assert due(datetime.date(2020, 2, 29)) == ["A-jan31", "D-removed"]
        assert due(datetime.date(2020, 4, 14)) == ["A-jan31", "D-removed"]
        assert due(datetime.date(2020, 4, 15)) == ["A-jan31", "B-exit", "D-removed"]
        assert due(datetime.date(2099, 1, 1)) == ["A-jan31", "B-exit", "D-removed"]
    finally:
        store.engine.dispose()


def test_retention_is_set_by_administrators_within_bounds(store: Store) -> None:
    assert set_retention_months(store, 24).retention_months == 24
    assert privacy_settings(store).retention_months == 24
    with pytest.raises(InvalidDataError):
        set_retention_months(store, 0)
    with pytest.raises(InvalidDataError):
        set_retention_months(store, 5000)
    as_staff(store)
    with pytest.raises(AccessDeniedError):
        set_retention_months(store, 12)
    assert privacy_settings(store).retention_months == 24

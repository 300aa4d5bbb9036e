"""Gathering the reports' data: one participant at a time (never everyone), pseudonymous by
default, the status figures as compute_status gives them, and participants by code."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forandring_desktop.model import Organisation, OrganisationDocument
from forandring_desktop.model.progression import Period
from forandring_desktop.model.report_data import (
    ParticipantReportData,
    StatusReportData,
    report_filename,
)
from forandring_desktop.services import reporting
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.printing import PrintError
from forandring_desktop.services.status import compute_status
from forandring_desktop.storage import Store
from forandring_desktop.storage.repositories.documents import DocumentRepository
from forandring_desktop.storage.repositories.participants import ParticipantRepository

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, OrganisationDocument]]:
    doc = build_demo_document(today=TODAY, participants=6)
    store = create_from_document(tmp_path_factory.mktemp("reporting") / "demo.db", "pw", doc)
    yield store, doc
    store.engine.dispose()


def test_resolve_participant_by_code_or_id(demo: tuple[Store, OrganisationDocument]) -> None:
    store, doc = demo
    person = doc.participants[2]
    assert reporting.resolve_participant(store, person.code) == person.id
    assert reporting.resolve_participant(store, person.code.lower()) == person.id
    assert reporting.resolve_participant(store, f"  {person.code}  ") == person.id
    assert reporting.resolve_participant(store, str(person.id)) == person.id
    with pytest.raises(PrintError) as error:
        reporting.resolve_participant(store, "IG-999")
    message = str(error.value)
    assert "Ukendt deltager ‘IG-999’" in message
    assert all(p.code in message for p in doc.participants)
    assert not any(part in message for p in doc.participants for part in p.name.split())
    with pytest.raises(reporting.UnknownParticipantError):
        reporting.resolve_participant(store, str(uuid.uuid4()))


def test_resolve_in_an_empty_organisation(tmp_path: Path) -> None:
    doc = OrganisationDocument(organisation=Organisation(name="Tom"))
    store = create_from_document(tmp_path / "tom.db", "pw", doc)
    try:
        with pytest.raises(PrintError, match="ingen deltagere"):
            reporting.resolve_participant(store, "IG-001")
        assert reporting.report_participants(store) == []
    finally:
        store.engine.dispose()


def test_participant_data_reads_one_person_only(
    demo: tuple[Store, OrganisationDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, doc = demo
    person = doc.participants[1]
    loads: list[Any] = []
    real_load = ParticipantRepository.load

    def spy(self: ParticipantRepository, participant_id: uuid.UUID | None = None) -> Any:
        loads.append(participant_id)
        return real_load(self, participant_id)

    def no_document(self: DocumentRepository, **kw: Any) -> Any:
        raise AssertionError("the whole document was loaded")

    monkeypatch.setattr(ParticipantRepository, "load", spy)
    monkeypatch.setattr(DocumentRepository, "load", no_document)
    data = reporting.participant_report_data(store, person.id, today=TODAY)
    assert loads == [person.id]  # one participant, never all of them

    assert isinstance(data, ParticipantReportData)
    assert data.participant.id == person.id
    assert data.participant.code == person.code
    assert data.participant.name == ""  # pseudonymous: the name is not even handed on
    assert data.show_name is False
    assert data.display_name == person.code
    assert data.made_on == TODAY
    assert data.organisation.name == "iGangiGen"
    assert set(data.ladders) == {e.ladder_id for e in person.enrolments}
    group = next(g for g in doc.target_groups if g.id == person.target_group_id)
    assert data.target_group == group.name
    assert data.participant.follow_ups == person.follow_ups
    assert data.participant.challenges == person.challenges

    named = reporting.participant_report_data(store, person.id, show_name=True, today=TODAY)
    assert named.participant.name == person.name
    assert named.display_name == f"{person.code} ({person.name})"


def test_a_renderer_is_passed_in(demo: tuple[Store, OrganisationDocument], tmp_path: Path) -> None:
    store, doc = demo
    seen: list[Any] = []

    def fake(data: ParticipantReportData) -> bytes:
        seen.append(data)
        return b"%PDF-fake " + data.participant.code.encode()

    person = doc.participants[0]
    assert reporting.participant_report_pdf(store, person.id, fake) == (
        b"%PDF-fake " + person.code.encode()
    )
    statuses: list[Any] = []

    def fake_status(data: Any) -> bytes:
        statuses.append(data)
        return b"%PDF-status"

    assert reporting.status_report_pdf(store, fake_status) == b"%PDF-status"
    assert isinstance(statuses[0], StatusReportData)

    active = reporting.report_participants(store)
    everyone = reporting.report_participants(store, active_only=False)
    assert [r.code for r in everyone] == sorted(p.code for p in doc.participants)
    assert {r.id for r in active} == {p.id for p in doc.participants if p.exit is None}
    assert len(active) < len(everyone)

    written = reporting.write_participant_reports(store, tmp_path, fake, active_only=False)
    assert [p.name for p in written] == [f"progressionsrapport-{r.code}.pdf" for r in everyone]
    assert all(p.read_bytes().startswith(b"%PDF-fake") for p in written)
    assert all(d.participant.name == "" for d in seen if isinstance(d, ParticipantReportData))
    with pytest.raises(PrintError, match="findes ikke"):
        reporting.write_participant_reports(store, tmp_path / "mangler", fake)


def test_status_data_are_compute_status(demo: tuple[Store, OrganisationDocument]) -> None:
    store, doc = demo
    data = reporting.status_report_data(store, today=TODAY)
    assert isinstance(data, StatusReportData)
    assert data.figures == compute_status(store)
    assert data.period == Period()
    assert data.ladder_names == {lad.id: lad.title for lad in doc.ladders}
    group_names: dict[uuid.UUID | None, str] = {
        **{g.id: g.name for g in doc.target_groups},
        None: "Uden målgruppe",
    }
    assert data.group_names == group_names
    assert data.target_group is None
    assert data.ladder is None

    group = doc.target_groups[1]
    ladder = doc.ladders[0]
    period = Period(date(2025, 2, 1), date(2025, 4, 30))
    one = reporting.status_report_data(
        store, period, target_group_id=group.id, ladder_id=ladder.id, today=TODAY
    )
    assert one.figures == compute_status(
        store, period, target_group_id=group.id, ladder_id=ladder.id
    )
    assert (one.target_group, one.ladder, one.period) == (group.name, ladder.title, period)

    with pytest.raises(PrintError, match="Målgruppen findes ikke"):
        reporting.status_report_data(store, target_group_id=uuid.uuid4())
    with pytest.raises(PrintError, match="Måltrappen findes ikke"):
        reporting.status_report_data(store, ladder_id=uuid.uuid4())
    with pytest.raises(PrintError, match="fra-dato"):
        reporting.status_report_data(store, Period(date(2025, 5, 1), date(2025, 4, 1)))


def test_report_filenames_carry_the_code_only() -> None:
    assert report_filename("IG-001") == "progressionsrapport-IG-001.pdf"
    assert report_filename("IG/2025/7") == "progressionsrapport-IG-2025-7.pdf"
    assert report_filename("..") == "progressionsrapport-deltager.pdf"
    assert "/" not in report_filename("a/../../b")

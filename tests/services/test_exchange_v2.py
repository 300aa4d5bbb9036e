"""Exchange format 2: the method description and the action plan travel with the rest;
version-1 documents still import (with empty plans)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from forandring_desktop.model import (
    FORMAT,
    ActionArea,
    ActionStatus,
    ActionTarget,
    InvalidDataError,
    MethodDescription,
    OrganisationDocument,
    Phase,
    PlanAction,
    Role,
    TargetKind,
    to_json,
)
from forandring_desktop.model.document import FORMAT_1, parse_document, parse_json
from forandring_desktop.services.exchange import export_document, import_file
from forandring_desktop.services.organisation import load_workshop


def with_plans(doc: OrganisationDocument) -> OrganisationDocument:
    group, ladder = doc.target_groups[0], doc.ladders[0]
    method = MethodDescription(
        target_group_id=group.id,
        title="Unge",
        phases=[Phase(doing="Samtale", developing="Mentor"), Phase(), Phase(doing="Job")],
        roles=[Role(actor="Mentor", external=False, responsibility="Støtter", when="Fase I")],
        core=["Borgeren sætter målet"],
    )
    actions = [
        PlanAction(
            area=ActionArea.STAFF,
            what="Kursus",
            who="Leder",
            due=date(2026, 3, 1),
            status=ActionStatus.IN_PROGRESS,
            target=ActionTarget(kind=TargetKind.LADDER, id=ladder.id),
        ),
        PlanAction(area=ActionArea.PARTNERS, what="Virksomhedsnetværk", target_group_id=group.id),
    ]
    return doc.model_copy(update={"method_descriptions": [method], "plan_actions": actions})


def test_plans_round_trip(store_factory, small_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = with_plans(small_doc)
    text = export_document(store_factory(doc))
    assert text == to_json(doc)
    assert json.loads(text)["format"] == FORMAT == "forandring-desktop/2"
    source = tmp_path / "org.json"
    source.write_text(text, encoding="utf-8")
    with import_file(source, tmp_path / "copy.forandring", "pw2") as copy_store:
        assert export_document(copy_store) == text
        loaded = load_workshop(copy_store)
    assert loaded.method_descriptions == doc.method_descriptions
    assert loaded.plan_actions == doc.plan_actions


def version_1(doc: OrganisationDocument) -> dict[str, object]:
    data: dict[str, object] = json.loads(to_json(doc))
    data["format"] = FORMAT_1
    del data["method_descriptions"], data["plan_actions"]
    return data


def test_a_version_1_document_imports_with_empty_plans(  # type: ignore[no-untyped-def]
    small_doc, tmp_path: Path
) -> None:
    old = version_1(small_doc)
    source = tmp_path / "old.json"
    source.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    with import_file(source, tmp_path / "old.forandring", "pw2") as store:
        exported = json.loads(export_document(store))
        loaded = load_workshop(store)
    assert exported["format"] == FORMAT
    assert exported["method_descriptions"] == []
    assert exported["plan_actions"] == []
    assert loaded.ladders == small_doc.ladders
    assert loaded.organisation == small_doc.organisation
    assert parse_document(old).plan_actions == []


def test_an_action_serving_a_missing_ladder_is_refused(small_doc) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(to_json(with_plans(small_doc)))
    data["plan_actions"][0]["target"]["id"] = data["target_groups"][0]["id"]
    with pytest.raises(InvalidDataError, match=r"plan_actions\[0\]\.target\.id"):
        parse_json(json.dumps(data))


def test_an_unknown_format_is_still_refused(small_doc) -> None:  # type: ignore[no-untyped-def]
    data = version_1(small_doc)
    data["format"] = "forandring-desktop/3"
    with pytest.raises(InvalidDataError, match="Ukendt format"):
        parse_json(json.dumps(data))

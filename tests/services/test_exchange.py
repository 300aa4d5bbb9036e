"""The JSON exchange format: byte-identical round trips, and nothing written on bad input."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forandring_desktop.model import FORMAT, InvalidDataError, OrganisationDocument, to_json
from forandring_desktop.model.document import json_schema, parse_json
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.exchange import export_document, import_file
from forandring_desktop.services.files import create_organisation
from forandring_desktop.storage.errors import OrganisationExistsError

SCHEMA_FILE = (
    Path(__file__).parents[2] / "resources" / "schema" / "forandring-desktop-2.schema.json"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_checked_in_schema_matches_the_models() -> None:
    generated = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated, (
        "The exchange format changed: run `python3.11 dev.py schema` and review the diff "
        "(and bump the format version if old files no longer validate)."
    )


def test_export_import_export_is_byte_identical(store_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(build_demo_document(participants=6))
    first = export_document(store)
    source = tmp_path / "org.json"
    source.write_text(first, encoding="utf-8")
    with import_file(source, tmp_path / "copy.forandring", "andet-pw") as copy_store:
        second = export_document(copy_store)
    assert second == first
    assert json.loads(first)["format"] == FORMAT


def test_small_document_round_trip(store_factory, small_doc: OrganisationDocument) -> None:  # type: ignore[no-untyped-def]
    assert export_document(store_factory(small_doc)) == to_json(small_doc)


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "in.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(format="forandring-desktop/99"), "format: Ukendt format"),
        (lambda d: d["organisation"].pop("name"), "organisation.name: Feltet skal udfyldes."),
        (
            lambda d: d["participants"][0]["follow_ups"][0]["area_scores"][0].update(score=9),
            "participants[0].follow_ups[0].area_scores[0].score: Må højst være 5.",
        ),
        (
            lambda d: d["participants"][0].update(target_group_id=d["ladders"][0]["id"]),
            "participants[0].target_group_id: Målgruppen findes ikke.",
        ),
        (
            lambda d: d["ladders"][0]["steps"][1].update(id=d["ladders"][0]["steps"][0]["id"]),
            "ladders[0]",
        ),
    ],
)
def test_broken_documents_name_the_field_and_write_nothing(  # type: ignore[no-untyped-def]
    tmp_path: Path, small_doc, mutate, expected: str
) -> None:
    data = json.loads(to_json(small_doc))
    mutate(data)
    target = tmp_path / "new.forandring"
    with pytest.raises(InvalidDataError) as err:
        import_file(_write(tmp_path, data), target, "pw")
    assert expected in str(err.value)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


@pytest.mark.parametrize(
    "text",
    ["", "{", "[1, 2]", "null", '"tekst"', '{"format": "forandring-desktop/1"}', "\ufeff{}"],
)
def test_not_a_document_at_all(tmp_path: Path, text: str) -> None:
    with pytest.raises(InvalidDataError):
        import_file(_write(tmp_path, text), tmp_path / "x.forandring", "pw")
    assert not (tmp_path / "x.forandring").exists()


def test_deeply_nested_json_is_refused_cleanly(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataError):
        import_file(_write(tmp_path, "[" * 100_000 + "]" * 100_000), tmp_path / "x.db", "pw")


def test_import_into_an_existing_organisation_changes_nothing(  # type: ignore[no-untyped-def]
    tmp_path: Path, small_doc
) -> None:
    db = tmp_path / "existing.forandring"
    create_organisation(db, "pw", "Eksisterende").close()
    before = digest(db)
    with pytest.raises(OrganisationExistsError):
        import_file(_write(tmp_path, to_json(small_doc)), db, "pw")
    assert digest(db) == before


# -- hostile documents (hypothesis) -----------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


BASE_DOC: dict[str, Any] | None = None


def _base(small_doc: OrganisationDocument) -> dict[str, Any]:
    global BASE_DOC
    if BASE_DOC is None:
        BASE_DOC = json.loads(to_json(small_doc))
    return copy.deepcopy(BASE_DOC)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_documents_either_import_whole_or_write_nothing(  # type: ignore[no-untyped-def]
    tmp_path_factory: pytest.TempPathFactory, small_doc, data: st.DataObject
) -> None:
    doc = _base(small_doc)
    paths = [p for p in _paths(doc) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        parent: Any = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            if data.draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = data.draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue
    try:
        text = json.dumps(doc, ensure_ascii=False)
    except ValueError:
        return
    parsed: OrganisationDocument | None = None
    problems: tuple[object, ...] = ()
    try:
        parsed = parse_json(text)
    except InvalidDataError as exc:
        problems = exc.problems
    assert parsed is not None or problems, "a refusal must say what is wrong"
    folder = tmp_path_factory.mktemp("fuzz")
    target = folder / "fuzz.forandring"
    source = _write(folder, text)
    if parsed is None:
        with pytest.raises(InvalidDataError):
            import_file(source, target, "pw")
        assert not target.exists()
    else:
        with import_file(source, target, "pw") as store:
            assert export_document(store) == export_document(store)


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_arbitrary_json_is_refused_with_a_message(value: Any) -> None:
    with pytest.raises(InvalidDataError):
        parse_json(json.dumps(value))


def test_dumping_record_by_record_gives_what_pydantic_gives(small_doc) -> None:  # type: ignore[no-untyped-def]
    from forandring_desktop.model.document import dump_document
    from forandring_desktop.services.demo import build_demo_document

    for doc in (small_doc, build_demo_document(participants=4)):
        assert dump_document(doc) == doc.model_dump(mode="json")


def test_only_an_administrator_exports_the_whole_organisation(  # type: ignore[no-untyped-def]
    store_factory, small_doc: OrganisationDocument, tmp_path: Path
) -> None:
    """The export is plain JSON with names: a staff member is refused before anything is
    read, logged or written; their encrypted backup is allowed."""
    from forandring_desktop.model.audit import AuditQuery
    from forandring_desktop.model.staff import AccessDeniedError, Role
    from forandring_desktop.services.backup import backup
    from forandring_desktop.services.exchange import export_to_file
    from forandring_desktop.services.staff import add_staff
    from forandring_desktop.storage import Store

    admin = store_factory(small_doc)
    add_staff(admin, "Mentor Mette", "mette-adgang", Role.STAFF)
    with Store.open(admin.path, "mette-adgang") as mette:
        with mette.unit_of_work() as uow:
            logged = len(uow.audit.page(AuditQuery(), limit=100_000))
        target = tmp_path / "eksport.json"
        with pytest.raises(AccessDeniedError) as refused:
            export_to_file(mette, target)
        assert str(refused.value).startswith(
            "Kun en administrator kan eksportere hele organisationen med deltagernes navne"
        )
        assert not target.exists()
        with mette.unit_of_work() as uow:
            assert len(uow.audit.page(AuditQuery(), limit=100_000)) == logged  # nothing read
        copy = tmp_path / "kopi.forandring-backup"
        assert backup(mette, copy).path == copy  # every staff member may back up
    export_to_file(admin, target)
    assert parse_json(target.read_text("utf-8")) == small_doc

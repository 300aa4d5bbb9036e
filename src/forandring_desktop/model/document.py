"""One whole organisation as a versioned document: the exchange format's model and rules.

The JSON form (``"format": "forandring-desktop/2"``) is canonical when the document comes
from storage: the repository loads lists in a fixed order (time-ordered ids, positions,
dates) and ``to_json`` writes keys in declaration order, so export → import → export gives
the same bytes.

Version 2 added seed 001's method descriptions and action plan. A version-1 document is
read as version 2 with empty lists of both (:func:`upgrade_data`): every list a later
version adds (the theory-of-change canvas next) has an empty default, so the upgrade of an
older document is only its new format name.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal

from pydantic import Field, ValidationError

from forandring_desktop.model.action_plan import PlanAction
from forandring_desktop.model.base import LIST_MAX, Entity, Record
from forandring_desktop.model.door import DoorNote, DoorSheet
from forandring_desktop.model.errors import InvalidDataError, Problem, problems_from
from forandring_desktop.model.json_reader import ListShape, ModelShape, _fields_of, read_object
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.method import MethodDescription
from forandring_desktop.model.mission import MissionDraft, Organisation
from forandring_desktop.model.participants import Participant
from forandring_desktop.model.personas import Persona, TargetGroup

FORMAT: Final = "forandring-desktop/2"
FORMAT_1: Final = "forandring-desktop/1"  # before the method description and action plan
READABLE_FORMATS: Final = (FORMAT, FORMAT_1)
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
# One organisation's records of each kind; far beyond any real one, and a bound on what an
# import must hold in memory. (The lists inside records have their own limits.)
MAX_PARTICIPANTS = 100_000


class OrganisationDocument(Record):
    format: Literal["forandring-desktop/2"] = FORMAT
    organisation: Organisation
    mission_drafts: list[MissionDraft] = Field(default_factory=list, max_length=LIST_MAX)
    personas: list[Persona] = Field(default_factory=list, max_length=LIST_MAX)
    target_groups: list[TargetGroup] = Field(default_factory=list, max_length=LIST_MAX)
    door_sheets: list[DoorSheet] = Field(default_factory=list, max_length=LIST_MAX)
    ladders: list[Ladder] = Field(default_factory=list, max_length=LIST_MAX)
    participants: list[Participant] = Field(default_factory=list, max_length=MAX_PARTICIPANTS)
    method_descriptions: list[MethodDescription] = Field(default_factory=list, max_length=LIST_MAX)
    plan_actions: list[PlanAction] = Field(default_factory=list, max_length=5_000)


def upgrade_data(data: dict[str, Any]) -> dict[str, Any]:
    """A decoded document of a readable older format as the current one (in place)."""
    if data.get("format") == FORMAT_1:
        # Version 1 has no method descriptions or action plan: they import empty.
        data["format"] = FORMAT
    return data


def _entities(value: Any, path: str) -> Iterator[tuple[str, Entity]]:
    """Every entity in the document with its path, depth first."""
    if isinstance(value, Entity):
        yield path, value
    if isinstance(value, Record):
        for name in type(value).model_fields:
            yield from _entities(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _entities(item, f"{path}[{i}]")


def reference_problems(doc: OrganisationDocument) -> list[Problem]:
    """Rules that span the document: unique ids and references that must resolve."""
    problems: list[Problem] = []
    seen: dict[uuid.UUID, str] = {}
    for path, entity in _entities(doc, ""):
        if entity.id in seen:
            problems.append(Problem(f"{path}.id", f"Id'et bruges også i {seen[entity.id]}."))
        else:
            seen[entity.id] = path

    chosen = [i for i, d in enumerate(doc.mission_drafts) if d.chosen and not d.is_deleted]
    for i in chosen[1:]:
        problems.append(
            Problem(f"mission_drafts[{i}].chosen", "Kun ét missionsbud kan være det valgte.")
        )

    persona_ids = {p.id for p in doc.personas}
    group_ids = {g.id for g in doc.target_groups}
    for i, group in enumerate(doc.target_groups):
        for j, pid in enumerate(group.persona_ids):
            if pid not in persona_ids:
                problems.append(
                    Problem(f"target_groups[{i}].persona_ids[{j}]", "Personaen findes ikke.")
                )
    note_ids: set[uuid.UUID] = set()
    for i, sheet in enumerate(doc.door_sheets):
        note_ids.update(n.id for n in sheet.notes)
        if sheet.persona_id is not None and sheet.persona_id not in persona_ids:
            problems.append(Problem(f"door_sheets[{i}].persona_id", "Personaen findes ikke."))
        if sheet.target_group_id is not None and sheet.target_group_id not in group_ids:
            problems.append(Problem(f"door_sheets[{i}].target_group_id", "Målgruppen findes ikke."))

    sheets = {sheet.id: sheet for sheet in doc.door_sheets}
    for i, lad in enumerate(doc.ladders):
        for j, gid in enumerate(lad.target_group_ids):
            if gid not in group_ids:
                problems.append(
                    Problem(f"ladders[{i}].target_group_ids[{j}]", "Målgruppen findes ikke.")
                )
        source = lad.source
        if source is not None:
            origin = sheets.get(source.sheet_id)
            if origin is None:
                problems.append(Problem(f"ladders[{i}].source.sheet_id", "Arket findes ikke."))
            else:
                ids = {n.id for n in origin.notes}
                for field in ("in_note_id", "out_note_id"):
                    if getattr(source, field) not in ids:
                        problems.append(
                            Problem(f"ladders[{i}].source.{field}", "Sedlen findes ikke på arket.")
                        )

    ladders = {lad.id: lad for lad in doc.ladders}
    problems += _plan_problems(doc, group_ids, set(ladders))
    codes: dict[str, int] = {}
    for i, person in enumerate(doc.participants):
        base = f"participants[{i}]"
        if not person.is_deleted:
            key = person.code.casefold()
            if key in codes:
                problems.append(
                    Problem(f"{base}.code", f"Koden bruges også af participants[{codes[key]}].")
                )
            codes.setdefault(key, i)
        if person.target_group_id is not None and person.target_group_id not in group_ids:
            problems.append(Problem(f"{base}.target_group_id", "Målgruppen findes ikke."))
        for j, challenge in enumerate(person.challenges):
            if challenge.source_note_id is not None and challenge.source_note_id not in note_ids:
                problems.append(
                    Problem(f"{base}.challenges[{j}].source_note_id", "Sedlen findes ikke.")
                )
        steps_of: dict[uuid.UUID, set[uuid.UUID]] = {}
        for j, enrolment in enumerate(person.enrolments):
            where = f"{base}.enrolments[{j}]"
            ladder = ladders.get(enrolment.ladder_id)
            if ladder is None:
                problems.append(Problem(f"{where}.ladder_id", "Måltrappen findes ikke."))
                continue
            steps = ladder.step_ids()
            steps_of[enrolment.id] = steps
            if enrolment.start_step_id not in steps:
                problems.append(
                    Problem(f"{where}.start_step_id", "Trinnet findes ikke på måltrappen.")
                )
            if enrolment.goal_step_id is not None and enrolment.goal_step_id not in steps:
                problems.append(
                    Problem(f"{where}.goal_step_id", "Trinnet findes ikke på måltrappen.")
                )
        for j, follow_up in enumerate(person.follow_ups):
            for k, rating in enumerate(follow_up.ratings):
                steps = steps_of.get(rating.enrolment_id, set())
                for field in ("staff_step_id", "participant_step_id"):
                    step = getattr(rating, field)
                    if step is not None and step not in steps:
                        problems.append(
                            Problem(
                                f"{base}.follow_ups[{j}].ratings[{k}].{field}",
                                "Trinnet findes ikke på deltagerens måltrappe.",
                            )
                        )
    return problems


def _plan_problems(
    doc: OrganisationDocument, group_ids: set[uuid.UUID], ladder_ids: set[uuid.UUID]
) -> list[Problem]:
    """The method descriptions' and actions' target groups, and what the actions serve."""
    problems: list[Problem] = []
    for i, method in enumerate(doc.method_descriptions):
        if method.target_group_id is not None and method.target_group_id not in group_ids:
            problems.append(
                Problem(f"method_descriptions[{i}].target_group_id", "Målgruppen findes ikke.")
            )
    for i, action in enumerate(doc.plan_actions):
        if action.target_group_id is not None and action.target_group_id not in group_ids:
            problems.append(
                Problem(f"plan_actions[{i}].target_group_id", "Målgruppen findes ikke.")
            )
        if action.target is not None and action.target.id not in ladder_ids:
            problems.append(Problem(f"plan_actions[{i}].target.id", "Måltrappen findes ikke."))
    return problems


def validate_document(doc: OrganisationDocument) -> OrganisationDocument:
    problems = reference_problems(doc)
    if problems:
        raise InvalidDataError(problems, heading="Dokumentet er ugyldigt")
    return doc


def parse_document(data: Any) -> OrganisationDocument:
    """Validate a decoded JSON value completely; raise :class:`InvalidDataError` on any fault."""
    if not isinstance(data, dict):
        raise InvalidDataError([Problem("", "Dokumentet skal være et JSON-objekt.")])
    if data.get("format") not in READABLE_FORMATS:
        raise _format_problem(data.get("format"))
    try:
        doc = OrganisationDocument.model_validate(upgrade_data(dict(data)))
    except ValidationError as exc:
        raise InvalidDataError(problems_from(exc), heading="Dokumentet er ugyldigt") from None
    except RecursionError:
        raise InvalidDataError([Problem("", "Dokumentet er for dybt indlejret.")]) from None
    return validate_document(doc)


def document_too_big() -> InvalidDataError:
    limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
    return InvalidDataError(
        [Problem("", f"Filen er for stor til at være en eksport (højst {limit} MB).")],
        heading="Filen kan ikke læses",
    )


def _item_models() -> dict[str, type[Record]]:
    models: dict[str, type[Record]] = {}
    for name, shape in _fields_of(OrganisationDocument).items():
        if isinstance(shape, ListShape) and isinstance(shape.item, ModelShape):
            item = shape.item.model
            if issubclass(item, Record):
                models[name] = item
    return models


def _format_problem(fmt: Any) -> InvalidDataError:
    shown = json.dumps(fmt, ensure_ascii=False)[:60]
    return InvalidDataError(
        [Problem("format", f"Ukendt format {shown}; forventet “{FORMAT}”.")],
        heading="Filen er ikke en Forandring Desktop-eksport",
    )


def parse_json(text: str | bytes) -> OrganisationDocument:
    """Read and validate an export completely; InvalidDataError naming the bad fields.

    The model's limits are checked while the text is read (``json_reader.py``): a list
    longer than its ``max_length`` stops the reading at that item, and each top-level
    record is validated as soon as it is read, so memory holds the models and one record's
    raw JSON, not the raw tree of the whole document beside them.
    """
    if len(text) > MAX_DOCUMENT_BYTES:
        raise document_too_big()
    if isinstance(text, bytes):
        try:
            text = text.decode(json.detect_encoding(text))
        except (UnicodeDecodeError, LookupError):
            raise InvalidDataError(
                [Problem("", "Filen er ikke gyldig UTF-8-tekst.")],
                heading="Filen kan ikke læses",
            ) from None
    models = _item_models()
    problems: list[Problem] = []

    def on_item(field: str, index: int, raw: Any) -> Any:
        try:
            return models[field].model_validate(raw)
        except ValidationError as exc:
            problems.extend(problems_from(exc, (field, index)))
            return None  # dropped below; its problems are reported
        except RecursionError:
            problems.append(Problem(f"{field}[{index}]", "Dokumentet er for dybt indlejret."))
            return None

    def on_field(name: str, value: Any) -> None:
        if name == "format" and value not in READABLE_FORMATS:
            raise _format_problem(value)

    try:
        data = read_object(text, OrganisationDocument, on_item=on_item, on_field=on_field)
    except json.JSONDecodeError as exc:
        raise InvalidDataError(
            [Problem("", f"Filen er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}).")],
            heading="Filen kan ikke læses",
        ) from None
    except RecursionError:
        raise InvalidDataError([Problem("", "Dokumentet er for dybt indlejret.")]) from None
    if "format" not in data:
        raise _format_problem(None)
    upgrade_data(data)
    for name in models:
        if isinstance(data.get(name), list):
            data[name] = [item for item in data[name] if item is not None]
    try:
        doc = OrganisationDocument.model_validate(data)
    except ValidationError as exc:
        raise InvalidDataError(
            problems + problems_from(exc), heading="Dokumentet er ugyldigt"
        ) from None
    if problems:
        raise InvalidDataError(problems, heading="Dokumentet er ugyldigt")
    return validate_document(doc)


def to_json(doc: OrganisationDocument) -> str:
    """The canonical text of a document (UTF-8, stable key and list order, final newline)."""
    return json.dumps(dump_document(doc), ensure_ascii=False, indent=2) + "\n"


def dump_document(doc: OrganisationDocument) -> dict[str, Any]:
    """``doc.model_dump(mode="json")``, one record at a time.

    pydantic dumps a model in one call that holds the GIL throughout; record by record, an
    export in a worker thread leaves the window free to answer between records.
    """
    data: dict[str, Any] = {}
    for name in type(doc).model_fields:
        value = getattr(doc, name)
        if isinstance(value, list):
            data[name] = [item.model_dump(mode="json") for item in value]
        elif isinstance(value, Record):
            data[name] = value.model_dump(mode="json")
        else:
            data[name] = value
    return data


def json_schema() -> dict[str, Any]:
    schema = OrganisationDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://forandring-desktop.invalid/schema/forandring-desktop-2.schema.json"
    return schema


_TOP_LEVEL: dict[type[Entity], str] = {
    MissionDraft: "mission_drafts",
    Persona: "personas",
    TargetGroup: "target_groups",
    DoorSheet: "door_sheets",
    Ladder: "ladders",
    Participant: "participants",
    MethodDescription: "method_descriptions",
    PlanAction: "plan_actions",
}


def with_entities(
    doc: OrganisationDocument, entities: Iterable[Entity], parent_id: uuid.UUID | None = None
) -> OrganisationDocument | None:
    """``doc`` with whole records put in (replaced by id, or appended); door notes go into
    the sheet ``parent_id`` names.

    Lets a view keep its copy of the document current after an edit without reading the
    file again. None when an entity cannot be placed (a part of a record whose parent is
    not known), so the caller reads the file instead.
    """
    updates: dict[str, Any] = {}
    notes: dict[uuid.UUID, DoorNote] = {}
    for entity in entities:
        if isinstance(entity, Organisation):
            updates["organisation"] = entity
            continue
        if isinstance(entity, DoorNote):
            notes[entity.id] = entity
            continue
        name = _TOP_LEVEL.get(type(entity))
        if name is None:
            return None
        updates[name] = _put(list(updates.get(name, getattr(doc, name))), entity)
    if notes:
        sheets = list(updates.get("door_sheets", doc.door_sheets))
        for i, sheet in enumerate(sheets):
            if sheet.id == parent_id or any(n.id in notes for n in sheet.notes):
                merged = [notes.pop(n.id, n) for n in sheet.notes]
                if sheet.id == parent_id:
                    merged += notes.values()  # new notes
                    notes = {}
                sheets[i] = sheet.model_copy(update={"notes": merged})
        if notes:
            return None
        updates["door_sheets"] = sheets
    return doc.model_copy(update=updates)


def _put(items: list[Any], entity: Entity) -> list[Any]:
    for i, item in enumerate(items):
        if item.id == entity.id:
            items[i] = entity
            return items
    items.append(entity)
    return items

"""Printing a worksheet: load what the sheet needs from the store, pick the item to print,
render it, and write the PDF atomically.

The layer rule lets ``services`` import only ``storage`` and ``model``; the renderers live in
``reports`` (which imports only ``model``). So the caller (``ui`` or the CLI) passes the
sheet kind in, e.g. ``render_sheet(store, reports.SHEETS["persona"], item_id=...)``; anything
with the :class:`Printable` shape will do.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.base import Entity, parse_uuid
from forandring_desktop.model.errors import ForandringError
from forandring_desktop.model.log_safe import label
from forandring_desktop.model.report_data import unprintable_of, unprintable_warning
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.storage import Store
from forandring_desktop.storage.atomic import write_atomically

_ITEMS_OF = {  # the document's list, and the words for 'no … yet' and 'unknown …'
    "mission_draft": ("mission_drafts", "bud på en mission", "missionsbud"),
    "persona": ("personas", "personaer", "persona"),
    "door_sheet": ("door_sheets", "ind ad døren – ud af døren-ark", "ark"),
    "ladder": ("ladders", "måltrapper", "måltrappe"),
    "method_description": ("method_descriptions", "metodebeskrivelser", "metodebeskrivelse"),
}
MIN_ID_PART = 6
log = logging.getLogger(__name__)


class Printable(Protocol):
    """A sheet kind as ``reports.SheetKind`` describes it."""

    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def item(self) -> str | None: ...

    @property
    def has_blank(self) -> bool: ...

    @property
    def render(
        self,
    ) -> Callable[[OrganisationDocument | None, uuid.UUID | None, bool], bytes]: ...


class PrintError(ForandringError):
    """Nothing to print, an unknown item, or a sheet without a blank form."""


class NoBlankFormError(PrintError):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Choice:
    """An item a sheet can print, as a person picks it: its id and its name."""

    id: uuid.UUID
    name: str


def choices(doc: OrganisationDocument, item: str) -> list[Choice]:
    """The live items of kind ``item`` in the document, in order, with readable names."""
    attr = _ITEMS_OF[item][0]
    entities: Sequence[Entity] = getattr(doc, attr)
    return [Choice(e.id, _name(doc, e)) for e in entities if not e.is_deleted]


def _name(doc: OrganisationDocument, entity: Entity) -> str:
    for field in ("name", "title"):
        value = getattr(entity, field, "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    persona_id = getattr(entity, "persona_id", None)
    group_id = getattr(entity, "target_group_id", None)
    for persona in doc.personas:
        if persona.id == persona_id:
            return persona.name
    for group in doc.target_groups:
        if group.id == group_id:
            return group.name
    goal = getattr(entity, "change_goal", "")
    if isinstance(goal, str) and goal.strip():
        return goal.strip().splitlines()[0][:60]
    return str(entity.id)


def _default(doc: OrganisationDocument, item: str, found: list[Choice]) -> Choice:
    if item == "mission_draft":
        chosen = [d.id for d in doc.mission_drafts if d.chosen and not d.is_deleted]
        for choice in found:
            if choice.id in chosen:
                return choice
    return found[0]


def resolve_item(doc: OrganisationDocument, item: str, wanted: str | uuid.UUID | None) -> uuid.UUID:
    """The id of the item to print: ``wanted`` as an id, a name (any case), or a part of an
    id of at least six characters (ids are UUIDv7: their start is a time shared by items
    made together, their end is random); without one the chosen mission draft, or the
    first item."""
    _attr, plural, singular = _ITEMS_OF[item]
    found = choices(doc, item)
    if not found:
        raise PrintError(f"Der er ingen {plural} at udskrive i organisationen endnu.")
    if wanted is None:
        return _default(doc, item, found).id
    text = str(wanted) if isinstance(wanted, uuid.UUID) else wanted.strip()
    as_id = parse_uuid(text)
    if as_id is not None:
        hits = [c for c in found if c.id == as_id]
    else:
        key = text.casefold()
        hits = [c for c in found if c.name.casefold() == key]
        if not hits and len(key) >= MIN_ID_PART:
            hits = [c for c in found if key in str(c.id)]
    if len(hits) == 1:
        return hits[0].id
    listing = "\n".join(f"  • {c.name}  (id {c.id})" for c in found[:30])
    if hits:
        raise PrintError(f"Flere {plural} passer på ‘{text}’; angiv id'et:\n{listing}")
    raise PrintError(f"Ukendt {singular} ‘{text}’. Der kan vælges mellem:\n{listing}")


def render_document(
    doc: OrganisationDocument | None,
    sheet: Printable,
    *,
    item_id: str | uuid.UUID | None = None,
    blank: bool = False,
) -> bytes:
    """Render ``sheet`` from an already loaded document (None only for a blank form). The
    renderers of ``reports`` fail with a Danish ``ForandringError`` naming the sheet and
    the field; anything else is turned into one here, so no caller shows a traceback."""
    try:
        return _render(doc, sheet, item_id=item_id, blank=blank)
    except ForandringError:
        raise
    except Exception as exc:
        log.error("Printing %s failed: %s", label(sheet.name), type(exc).__name__)
        raise PrintError(
            f"{sheet.label} kunne ikke udskrives (en uventet fejl: {type(exc).__name__}). "
            "Intet er gemt eller ændret."
        ) from exc


def _render(
    doc: OrganisationDocument | None,
    sheet: Printable,
    *,
    item_id: str | uuid.UUID | None,
    blank: bool,
) -> bytes:
    if blank:
        if not sheet.has_blank:
            raise NoBlankFormError(f"{sheet.label} har ingen blank udgave.")
        return sheet.render(doc, None, True)
    if doc is None:
        raise PrintError(f"{sheet.label} skal udfyldes fra en organisationsfil.")
    chosen = resolve_item(doc, sheet.item, item_id) if sheet.item is not None else None
    return sheet.render(doc, chosen, False)


def render_sheet(
    store: Store,
    sheet: Printable,
    *,
    item_id: str | uuid.UUID | None = None,
    blank: bool = False,
) -> bytes:
    """The PDF of ``sheet`` for the organisation in ``store``; a blank form carries the
    organisation's name in its footer."""
    return render_document(load_workshop(store), sheet, item_id=item_id, blank=blank)


def write_pdf(target: Path, data: bytes) -> None:
    """Write ``data`` so that ``target`` is either the old file or the complete new one."""
    write_atomically(target, data)


def write_sheet(
    store: Store | None,
    sheet: Printable,
    target: Path,
    *,
    item_id: str | uuid.UUID | None = None,
    blank: bool = False,
) -> tuple[str, ...]:
    """Render and write atomically; ``store`` may be None for a blank form. Returns the
    characters that could not be printed (see :func:`print_warning`)."""
    doc = load_workshop(store) if store is not None else None  # sheets need no participants
    pdf = render_document(doc, sheet, item_id=item_id, blank=blank)
    write_pdf(target, pdf)
    return unprintable_of(pdf)


def print_warning(pdf: bytes, what: str) -> str:
    """A Danish warning naming the characters ``pdf`` could not print ("" if none), e.g.
    for a dialog before printing or the command line's standard error."""
    return unprintable_warning(unprintable_of(pdf), what)

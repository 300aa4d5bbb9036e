"""What a use case changed, typed by entity, so every open view can update just that.

A :class:`ChangeSet` is what a service returns after its transaction committed, and what a
sync will build for a change that arrived from another laptop: per entity type (the model
class, never a string) the ids that were created (or came back from a tombstone), changed,
and deleted (tombstoned or erased). A local service may also hand over the saved entities,
so a view need not read them again; a remote change set carries ids only and views read
what they show from the store.

Service functions declare the types they can return with :func:`emits`; the registry lets a
test prove that no view waits for a kind of change that nothing ever sends.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from forandring_desktop.model import Entity
from forandring_desktop.model.log_safe import label

log = logging.getLogger(__name__)

EntityType = type[Entity]


@dataclass(frozen=True, slots=True)
class EntityChanges:
    """The changes to one entity type within one change set."""

    created: frozenset[uuid.UUID] = frozenset()
    changed: frozenset[uuid.UUID] = frozenset()
    deleted: frozenset[uuid.UUID] = frozenset()
    # The records these ids belong to, for parts of a record (the sheet of door notes, the
    # ladder of steps, the participant of follow-ups).
    parents: frozenset[uuid.UUID] = frozenset()
    fields: frozenset[str] = frozenset()  # which fields changed, when the service knows

    @property
    def ids(self) -> frozenset[uuid.UUID]:
        return self.created | self.changed | self.deleted

    def __or__(self, other: EntityChanges) -> EntityChanges:
        return EntityChanges(
            self.created | other.created,
            self.changed | other.changed,
            self.deleted | other.deleted,
            self.parents | other.parents,
            self.fields | other.fields,
        )


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Per entity type, what one use case (or one pulled change) changed."""

    by_type: Mapping[EntityType, EntityChanges] = field(default_factory=dict)
    # The saved versions, when the service has them at hand (local changes); keyed by id.
    entities: Mapping[uuid.UUID, Entity] = field(default_factory=dict)
    remote: bool = False  # True for changes that arrived from another laptop

    # --- Building ------------------------------------------------------------------------

    @classmethod
    def created(cls, *entities: Entity, parent: uuid.UUID | None = None) -> ChangeSet:
        return cls._of("created", entities, parent, ())

    @classmethod
    def changed(
        cls, *entities: Entity, fields: Iterable[str] = (), parent: uuid.UUID | None = None
    ) -> ChangeSet:
        return cls._of("changed", entities, parent, fields)

    @classmethod
    def deleted(cls, *entities: Entity, parent: uuid.UUID | None = None) -> ChangeSet:
        return cls._of("deleted", entities, parent, ("deleted_at",))

    @classmethod
    def saved(
        cls,
        *entities: Entity,
        before: Iterable[uuid.UUID] | None = None,
        fields: Iterable[str] = (),
        parent: uuid.UUID | None = None,
    ) -> ChangeSet:
        """Entities as they were just stored: tombstoned ones count as deleted; with
        ``before`` (the ids that were live before), the others as created or changed;
        without it, as changed."""
        live_before = None if before is None else set(before)
        result = cls()
        for entity in entities:
            if entity.is_deleted:
                result |= cls.deleted(entity, parent=parent)
            elif live_before is not None and entity.id not in live_before:
                result |= cls.created(entity, parent=parent)
            else:
                result |= cls.changed(entity, fields=fields, parent=parent)
        return result

    @classmethod
    def ids(
        cls,
        entity_type: EntityType,
        *,
        created: Iterable[uuid.UUID] = (),
        changed: Iterable[uuid.UUID] = (),
        deleted: Iterable[uuid.UUID] = (),
        parents: Iterable[uuid.UUID] = (),
        fields: Iterable[str] = (),
        remote: bool = False,
    ) -> ChangeSet:
        """A change set of ids only (an erasure, or a change pulled from another laptop)."""
        part = EntityChanges(
            frozenset(created),
            frozenset(changed),
            frozenset(deleted),
            frozenset(parents),
            frozenset(fields),
        )
        return cls({entity_type: part}, {}, remote)

    @classmethod
    def _of(
        cls,
        how: str,
        entities: tuple[Entity, ...],
        parent: uuid.UUID | None,
        fields: Iterable[str],
    ) -> ChangeSet:
        by_type: dict[EntityType, EntityChanges] = {}
        parents = frozenset({parent}) if parent is not None else frozenset()
        for entity in entities:
            ids = frozenset({entity.id})
            part = EntityChanges(
                created=ids if how == "created" else frozenset(),
                changed=ids if how == "changed" else frozenset(),
                deleted=ids if how == "deleted" else frozenset(),
                parents=parents,
                fields=frozenset(fields),
            )
            kind = type(entity)
            by_type[kind] = by_type[kind] | part if kind in by_type else part
        return cls(by_type, {e.id: e for e in entities})

    def __or__(self, other: ChangeSet) -> ChangeSet:
        by_type = dict(self.by_type)
        for kind, part in other.by_type.items():
            by_type[kind] = by_type[kind] | part if kind in by_type else part
        return ChangeSet(by_type, {**self.entities, **other.entities}, self.remote or other.remote)

    # --- Reading -------------------------------------------------------------------------

    @property
    def types(self) -> frozenset[EntityType]:
        return frozenset(self.by_type)

    def touches(self, types: Iterable[EntityType]) -> bool:
        return any(kind in self.by_type for kind in types)

    def of(self, entity_type: EntityType) -> EntityChanges:
        return self.by_type.get(entity_type, EntityChanges())

    def saved_entities(self, entity_type: EntityType) -> list[Entity]:
        """The saved versions of ``entity_type`` that came with this change set."""
        ids = self.of(entity_type).ids
        return [e for i, e in self.entities.items() if i in ids and type(e) is entity_type]

    def is_empty(self) -> bool:
        return not any(part.ids or part.parents for part in self.by_type.values())


# --- What services can send -------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R")

# Entity type -> the services that can return changes of it.
EMITTERS: dict[EntityType, set[str]] = {}
# Tests set this: a service returning a type it did not declare then raises (the change is
# committed either way, so in the app it is only logged).
STRICT = False


class UndeclaredChangeError(TypeError):
    pass


def emits(*types: EntityType) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare the entity types a service's ChangeSet may name."""
    declared = frozenset(types)

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        name = f"{function.__module__}.{function.__qualname__}"
        for kind in declared:
            EMITTERS.setdefault(kind, set()).add(name)

        @functools.wraps(function)
        def service(*args: P.args, **kwargs: P.kwargs) -> R:
            result = function(*args, **kwargs)
            change: Any = getattr(result, "change", result)
            if isinstance(change, ChangeSet) and not change.types <= declared:
                extra = sorted(t.__name__ for t in change.types - declared)
                if STRICT:
                    raise UndeclaredChangeError(f"{name} returned undeclared {extra}")
                log.error("%s returned changes of undeclared types %s", label(name), label(extra))
            return result

        return service

    return decorate


def emitted_types() -> frozenset[EntityType]:
    return frozenset(EMITTERS)

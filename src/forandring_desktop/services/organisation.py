"""Use cases on the organisation itself, and the read model the pages show."""

from __future__ import annotations

from forandring_desktop.model import Organisation, OrganisationDocument
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.storage import Store


def load_document(store: Store) -> OrganisationDocument:
    with store.unit_of_work() as uow:
        return uow.documents.load()


def load_workshop(store: Store) -> OrganisationDocument:
    """The organisation without its participants: mission, target groups, door sheets and
    ladders. What the workshop pages show; participants are read one at a time."""
    with store.unit_of_work() as uow:
        return uow.documents.load(participants=False)


def get_organisation(store: Store) -> Organisation:
    with store.unit_of_work() as uow:
        return uow.organisation.get()


@emits(Organisation)
def update_organisation(
    store: Store,
    *,
    name: str | None = None,
    vision: str | None = None,
    main_areas: list[str] | None = None,
) -> ChangeSet:
    """Rename the organisation, change its vision and/or its main areas (the areas a
    follow-up may score -5..+5), in one transaction writing only those columns."""
    with store.unit_of_work() as uow:
        current = uow.organisation.get()
        changes: dict[str, str | list[str]] = {}
        if name is not None:
            changes["name"] = name
        if vision is not None:
            changes["vision"] = vision
        if main_areas is not None:
            changes["main_areas"] = main_areas
        updated = current.changed(**changes)
        uow.organisation.update(updated, fields=tuple(changes))
        uow.commit()
    return ChangeSet.changed(updated, fields=changes)

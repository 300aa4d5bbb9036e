"""The method description (seed 001, B): stored per target group, edited, checked."""

from __future__ import annotations

import pytest

from forandring_desktop.model import (
    InvalidDataError,
    MethodDescription,
    Organisation,
    OrganisationDocument,
    Phase,
    Role,
    TargetGroup,
)
from forandring_desktop.services import method as ms
from forandring_desktop.storage.errors import StaleDataError


@pytest.fixture
def method_store(store_factory):
    group = TargetGroup(name="Aktivitetsparate")
    doc = OrganisationDocument(organisation=Organisation(name="Org"), target_groups=[group])
    return store_factory(doc), group


def test_phases_roles_and_core_are_stored(method_store) -> None:  # type: ignore[no-untyped-def]
    store, group = method_store
    method = MethodDescription(target_group_id=group.id)
    ms.add_method_description(store, method)
    ms.set_phase_text(store, method.id, 2, "developing", "Mentor efter ansættelse")
    roles = [Role(actor="Virksomhed", external=True, responsibility="Praktikplads", when="Fase II")]
    change = ms.update_method_description(store, method.id, roles=roles, core=["Borgeren først"])
    assert change.of(MethodDescription).fields == {"roles", "core"}
    (stored,) = ms.list_method_descriptions(store)
    assert stored.phases == [Phase(), Phase(), Phase(developing="Mentor efter ansættelse")]
    assert stored.roles == roles
    assert stored.core == ["Borgeren først"]
    assert stored.target_group_id == group.id


def test_bad_input_changes_nothing(method_store) -> None:  # type: ignore[no-untyped-def]
    store, _group = method_store
    method = MethodDescription()
    ms.add_method_description(store, method)
    with pytest.raises(InvalidDataError):
        ms.update_method_description(store, method.id, core=["   "])  # an empty principle
    with pytest.raises(InvalidDataError):
        ms.update_method_description(store, method.id, phases=[Phase()])  # not three phases
    with pytest.raises(StaleDataError, match="Målgruppen"):
        ms.update_method_description(store, method.id, target_group_id=Organisation(name="x").id)
    (stored,) = ms.list_method_descriptions(store)
    assert (stored.core, stored.phases, stored.target_group_id) == ([], [Phase()] * 3, None)

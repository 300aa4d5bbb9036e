"""Seed 001's method descriptions and action plan are synced tables: recorded in the
outbox, pushed, and applied on another laptop as the change set a local edit gives."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from forandring_desktop.model import (
    ActionArea,
    ActionStatus,
    MethodDescription,
    PlanAction,
    Role,
)
from forandring_desktop.services import action_plan, method
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services.organisation import load_workshop
from forandring_desktop.storage import Store


def outbox_tables(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(text("SELECT table_name FROM sync_outbox")).scalars())


def test_plans_travel_to_the_other_laptop(laptops: tuple[Store, Store, str]) -> None:
    a, b, dsn = laptops
    sync_service.sync_now(a, dsn)
    sync_service.sync_now(b, dsn)
    sync_service.apply_pulled(b)
    action = PlanAction(area=ActionArea.TOOLS, what="Ny skabelon", due=date(2027, 2, 1))
    description = MethodDescription(core=["Borgeren først"])
    action_plan.add_plan_action(a, action)
    method.add_method_description(a, description)
    action_plan.update_plan_action(a, action.id, status=ActionStatus.DONE)
    method.update_method_description(
        a, description.id, roles=[Role(actor="Mentor", responsibility="Følger op")]
    )
    assert {"plan_action", "method_description"} <= set(outbox_tables(a))
    sync_service.sync_now(a, dsn)
    result = sync_service.sync_now(b, dsn)
    assert result.pulled > 0
    applied = sync_service.apply_pulled(b)
    assert applied.change.of(PlanAction).ids == {action.id}
    assert applied.change.of(MethodDescription).ids == {description.id}
    on_b = load_workshop(b)
    [b_action] = on_b.plan_actions
    assert (b_action.what, b_action.due, b_action.status) == (
        "Ny skabelon",
        date(2027, 2, 1),
        ActionStatus.DONE,
    )
    [b_method] = on_b.method_descriptions
    assert b_method.core == ["Borgeren først"]
    assert b_method.roles == [Role(actor="Mentor", responsibility="Følger op")]

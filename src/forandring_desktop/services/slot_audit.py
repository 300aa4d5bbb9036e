"""Audit entries for changes of who may open the file (key slots), action ``access``.

Adding, removing or changing a slot (``services/staff.py``) and signing an unsigned keys
file at opening (``services/files.py``) each leave one entry; its ``change`` is a key of
``model.audit.ACCESS_CHANGE_LABEL``. Ids and roles only, never names.
"""

from __future__ import annotations

import uuid

from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.staff import Role
from forandring_desktop.services.audit import record
from forandring_desktop.storage import Store


def record_access(
    store: Store,
    change: str,
    staff_id: uuid.UUID | None = None,
    *,
    role: Role | None = None,
    **more: object,
) -> None:
    """Audit one change of a key slot, by the actor working now."""
    detail: dict[str, object] = {"change": change}
    if staff_id is not None:
        detail["staff_id"] = str(staff_id)
    if role is not None:
        detail["role"] = role.value
    detail.update(more)
    record(store, AuditAction.ACCESS, detail=detail)


def audit_signing(store: Store) -> None:
    """Audit that this opening signed an unsigned keys file (``Store.slots_signed_now``)."""
    if store.slots_signed_now:
        record_access(store, "keys_signed", slots=store.slots_signed_now)
        store.slots_signed_now = 0

"""Who may do what. Roles are enforced here, in the services, not only hidden in the UI.

Call :func:`require_admin` first in every service that only an administrator may use
(staff and key management now; erasure, retention and settings later), before anything
is read or written.
"""

from __future__ import annotations

from forandring_desktop.model.staff import AccessDeniedError, Actor, Role
from forandring_desktop.storage import Store

__all__ = ["AccessDeniedError", "is_admin", "require_admin"]


def is_admin(store: Store) -> bool:
    return store.actor.role is Role.ADMIN


def require_admin(store: Store, what: str) -> Actor:
    """The actor if an administrator; AccessDeniedError otherwise.

    ``what`` names the action in Danish as it continues "Kun en administrator kan …",
    e.g. ``"tilføje medarbejdere"``.
    """
    if not is_admin(store):
        raise AccessDeniedError(what)
    return store.actor

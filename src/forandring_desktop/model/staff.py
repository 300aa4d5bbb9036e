"""Staff members, their roles, and who is working right now (the actor). No Qt, no SQL.

The staff list itself lives in the file's key slots (``storage/keys.py``): a staff member is
exactly someone whose passphrase unlocks the file. Roles are checked in ``services/access``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from forandring_desktop.model.base import Name, Record
from forandring_desktop.model.errors import ForandringError, InvalidDataError, problems_from

MIN_PASSPHRASE_LENGTH = 8
DEFAULT_ADMIN_NAME = "Administrator"


class Role(StrEnum):
    """What a staff member may do. The values are the Danish words (also on the CLI)."""

    ADMIN = "administrator"
    STAFF = "medarbejder"


@dataclass(frozen=True, slots=True)
class Actor:
    """A staff member: the one who opened the file (``store.actor``) or one in the list."""

    staff_id: uuid.UUID
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


# The stand-in actor while a file is open with its recovery key (only inside recovery).
RECOVERY_ACTOR = Actor(uuid.UUID(int=0), "Gendannelsesnøgle", Role.ADMIN)


class _StaffName(Record):
    name: Name


def check_staff_name(name: str) -> str:
    """The name, trimmed and checked (one line, 1–200 characters); InvalidDataError if not."""
    try:
        return _StaffName.model_validate({"name": name}).name
    except ValidationError as exc:
        raise InvalidDataError(problems_from(exc), heading="Ugyldigt navn") from None


class PassphraseTooShortError(ForandringError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            f"Adgangskoden skal have mindst {MIN_PASSPHRASE_LENGTH} tegn. Intet er ændret."
        )


def check_new_passphrase(passphrase: str) -> str:
    """A passphrase someone chooses now (a new staff member, a change, a reset)."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseTooShortError()
    return passphrase


class AccessDeniedError(ForandringError):
    """The actor's role does not allow the action; nothing was changed."""

    exit_code = 3

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(
            f"Kun en administrator kan {what}. Du er logget ind som medarbejder; intet er ændret."
        )


class StaffNotFoundError(ForandringError):
    def __init__(self) -> None:
        super().__init__("Medarbejderen findes ikke (fjernet et andet sted?). Intet er ændret.")


class LastAdministratorError(ForandringError):
    def __init__(self) -> None:
        super().__init__(
            "Der skal altid være mindst én administrator. Giv først en anden medarbejder "
            "rollen som administrator; intet er ændret."
        )


class PassphraseInUseError(ForandringError):
    """Two staff members with one passphrase could not be told apart when they open the file."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__("Adgangskoden kan ikke bruges; vælg en anden. Intet er ændret.")


class WrongCurrentPassphraseError(ForandringError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("Den nuværende adgangskode er forkert. Intet er ændret.")

"""Building blocks shared by every model: ids, UTC times, checked text, the entity base."""

from __future__ import annotations

import os
import threading
import time
import unicodedata
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from forandring_desktop.model.errors import InvalidDataError, problems_from

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 50_000
LIST_MAX = 500

_uuid_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A time-ordered UUID version 7 (RFC 9562), monotonic within this process.

    Python 3.11 has no ``uuid.uuid7``; the 12-bit ``rand_a`` field holds a counter so ids
    made in the same millisecond still sort in creation order.
    """
    global _last_ms, _counter
    with _uuid_lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = 0
        rand_a = _counter
    rand_b = int.from_bytes(os.urandom(8)) & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def parse_uuid(text: str) -> uuid.UUID | None:
    """``text`` as a UUID when it is one (a user may type a code or an id), else None."""
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def utcnow() -> datetime:
    return datetime.now(UTC)


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDateTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]


def _is_forbidden_char(ch: str) -> bool:
    # Control characters other than tab/newline break files, PDFs and terminals.
    return ch not in "\t\n\r" and unicodedata.category(ch) in {"Cc", "Cs"}


def _checked_text(max_len: int, *, required: bool, single_line: bool) -> Any:
    def check(value: str) -> str:
        value = unicodedata.normalize("NFC", value)
        if single_line:
            value = value.strip()
        if any(_is_forbidden_char(ch) for ch in value):
            raise PydanticCustomError("text_control", "Teksten indeholder et ugyldigt kontroltegn.")
        if single_line and ("\n" in value or "\r" in value):
            raise PydanticCustomError("text_single_line", "Teksten skal stå på én linje.")
        if len(value) > max_len:
            raise PydanticCustomError(
                "text_too_long",
                "Teksten er for lang: højst {max} tegn, her er der {actual}.",
                {"max": max_len, "actual": len(value)},
            )
        if required and not value.strip():
            raise PydanticCustomError("text_required", "Feltet må ikke være tomt.")
        return value

    return AfterValidator(check)


# One-line names and labels; multi-line free text; list items (post-it sized).
Name = Annotated[str, _checked_text(SHORT_TEXT_MAX, required=True, single_line=True)]
ShortText = Annotated[str, _checked_text(SHORT_TEXT_MAX, required=False, single_line=True)]
LongText = Annotated[str, _checked_text(LONG_TEXT_MAX, required=False, single_line=False)]
RequiredText = Annotated[str, _checked_text(LONG_TEXT_MAX, required=True, single_line=False)]
ItemText = Annotated[str, _checked_text(2_000, required=True, single_line=False)]


def _no_bool(value: Any) -> Any:
    # JSON true/false must not pass as the numbers 1/0.
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Skal være et helt tal.")
    return value


StrictishInt = Annotated[int, BeforeValidator(_no_bool)]


class Record(BaseModel):
    """A value object: strict about unknown fields, checked on assignment."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        allow_inf_nan=False,
        use_enum_values=False,
        ser_json_inf_nan="null",
    )

    @classmethod
    def parse(cls, data: Any) -> Self:
        """Validate ``data``; on failure raise :class:`InvalidDataError` with Danish messages."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidDataError(problems_from(exc)) from None

    def changed(self, **changes: Any) -> Self:
        """A validated copy with ``changes`` applied (``model_copy`` would skip validation)."""
        data = self.model_dump()
        data.update(changes)
        if "updated_at" in type(self).model_fields and "updated_at" not in changes:
            data["updated_at"] = utcnow()
        return type(self).parse(data)


class Entity(Record):
    """Every user-editable thing: a stable UUIDv7, UTC times, and a soft-delete tombstone.

    Several laptops will later merge their edits; they need all four fields.
    """

    id: uuid.UUID = Field(default_factory=uuid7)
    created_at: UtcDateTime = Field(default_factory=utcnow)
    updated_at: UtcDateTime = Field(default_factory=utcnow)
    deleted_at: UtcDateTime | None = None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

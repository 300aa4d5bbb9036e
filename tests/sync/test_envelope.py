"""Sealed changes: readable with the organisation's key only, and any edit is refused."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forandring_desktop.storage.sync.envelope import (
    ChangeMeta,
    SealedChange,
    change_key,
    open_change,
    organisation_key_from,
    seal_change,
)
from forandring_desktop.storage.sync.errors import TamperedChangeError

ORG = uuid.UUID(int=7)
DATA_KEY = bytes(range(32))
KEY = change_key(organisation_key_from(DATA_KEY, ORG), ORG)
META = ChangeMeta(
    change_id=uuid.UUID(int=1),
    organisation_id=ORG,
    table_name="participant_identity",
    row_id="0190a0a000007000800000000000000a",
    device_id=uuid.UUID(int=2),
    hlc=123456 << 16,
    schema_version=12,
)
PAYLOAD = {"op": "update", "fields": ["name"], "values": {"name": "Åse Ærø"}}


def test_a_sealed_change_opens_with_the_same_key() -> None:
    sealed = seal_change(KEY, META, PAYLOAD)
    assert open_change(KEY, sealed) == PAYLOAD
    assert "Åse".encode() not in sealed.ciphertext
    assert b"name" not in sealed.ciphertext


def test_keys_are_distinct_per_purpose_and_organisation() -> None:
    org_key = organisation_key_from(DATA_KEY, ORG)
    assert org_key != DATA_KEY
    assert change_key(org_key, ORG) != org_key
    assert change_key(org_key, ORG) != change_key(org_key, uuid.UUID(int=8))
    assert organisation_key_from(DATA_KEY, uuid.UUID(int=8)) != org_key


@pytest.mark.parametrize(
    "edit",
    [
        {"table_name": "follow_up"},
        {"row_id": "0190a0a000007000800000000000000b"},
        {"change_id": uuid.UUID(int=3)},
        {"organisation_id": uuid.UUID(int=8)},
        {"device_id": uuid.UUID(int=9)},
        {"hlc": (123456 << 16) + 1},
        {"schema_version": 13},
    ],
)
def test_edited_metadata_is_refused_in_danish(edit: dict[str, object]) -> None:
    sealed = seal_change(KEY, META, PAYLOAD)
    moved = dataclasses.replace(sealed, meta=dataclasses.replace(META, **edit))  # type: ignore[arg-type]
    with pytest.raises(TamperedChangeError, match="afvist"):
        open_change(KEY, moved, seq=42)


@given(st.integers(min_value=0), st.integers(min_value=0, max_value=255))
def test_any_flipped_byte_of_the_ciphertext_or_nonce_is_refused(where: int, bits: int) -> None:
    sealed = seal_change(KEY, META, PAYLOAD)
    blob = bytearray(sealed.nonce + sealed.ciphertext)
    index = where % len(blob)
    blob[index] ^= bits or 1
    tampered = SealedChange(META, bytes(blob[:12]), bytes(blob[12:]))
    with pytest.raises(TamperedChangeError):
        open_change(KEY, tampered)


def test_another_organisations_key_cannot_open_it() -> None:
    sealed = seal_change(KEY, META, PAYLOAD)
    other = change_key(organisation_key_from(bytes(32), ORG), ORG)
    with pytest.raises(TamperedChangeError):
        open_change(other, sealed)


def test_the_same_change_sealed_twice_looks_different() -> None:
    first, second = seal_change(KEY, META, PAYLOAD), seal_change(KEY, META, PAYLOAD)
    assert first.nonce != second.nonce
    assert first.ciphertext != second.ciphertext

"""The audit log's chain: how an entry is hashed, linked and signed, and how a whole log is
checked (revision 0010). No Qt.

Each entry written since revision 0010 has a ``seq`` (1, 2, 3 … in insertion order), the
``prev_hash`` of entry ``seq - 1`` and its own ``entry_hash``: SHA-256 over the canonical
bytes of (seq, prev_hash, id, at, staff id, name and role, action, participant id,
content_digest, signer_key). The content (participant code and detail) is in the hash only
as ``content_digest`` = SHA-256(salt ‖ canonical content), because an erased participant's
code and detail are scrubbed: the scrub blanks the salt too, so the digest cannot be tried
against guessed codes, and the entry is reported as scrubbed (its content can no longer be
checked; the chain is intact). The author signs ``entry_hash`` with their member key
(``signing.py``); the organisation's certificate for that key says whose it is.

A purge of expired entries deletes the oldest entries (a prefix in seq order) and leaves an
*anchor*: the seq and hash of the last entry deleted, signed by whoever purged. The check
starts from there.

:class:`ChainVerifier` is fed the entries a batch at a time in seq order (constant memory
apart from the problems found), so checking 100,000 entries is one linear pass.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from forandring_desktop.model.staff import RECOVERY_ACTOR
from forandring_desktop.storage.signing import (
    SIGNATURE_BYTES,
    SIGNING_KEY_BYTES,
    MemberCertificate,
    Signer,
    canonical,
    verify,
)

GENESIS = ""  # the prev_hash of the first entry of a log never purged
SALT_BYTES = 16
MAX_PROBLEMS = 200  # problems kept with their seq; all are counted
_ENTRY_CONTEXT = "forandring-audit-entry/1"
_ANCHOR_CONTEXT = "forandring-audit-anchor/1"
_REORDER_WINDOW = 50  # how far from its place a moved entry is looked for


def _at_text(at: datetime) -> str:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def content_digest(salt: str, participant_code: str, detail: Mapping[str, Any]) -> str:
    content = canonical({"participant_code": participant_code, "detail": dict(detail)})
    return hashlib.sha256(bytes.fromhex(salt) + content).hexdigest()


def entry_hash(
    *,
    seq: int,
    prev_hash: str,
    entry_id: uuid.UUID,
    at: datetime,
    staff_id: uuid.UUID,
    staff_name: str,
    staff_role: str,
    action: str,
    participant_id: uuid.UUID | None,
    content_digest: str,
    signer_key: str,
) -> str:
    data = {
        "context": _ENTRY_CONTEXT,
        "seq": seq,
        "prev_hash": prev_hash,
        "id": str(entry_id),
        "at": _at_text(at),
        "staff_id": str(staff_id),
        "staff_name": staff_name,
        "staff_role": staff_role,
        "action": action,
        "participant_id": None if participant_id is None else str(participant_id),
        "content_digest": content_digest,
        "signer_key": signer_key,
    }
    return hashlib.sha256(canonical(data)).hexdigest()


def anchor_payload(seq: int, hash_: str) -> bytes:
    return canonical({"context": _ANCHOR_CONTEXT, "seq": seq, "entry_hash": hash_})


def chain_columns(
    values: Mapping[str, Any], *, seq: int, prev_hash: str, signer: Signer | None
) -> dict[str, Any]:
    """The chain columns of a new entry whose other columns are ``values`` (the row as
    inserted: id, at, staff_*, action, participant_id, participant_code, detail)."""
    salt = new_salt()
    digest = content_digest(salt, values["participant_code"], values["detail"])
    signer_key = signer.public_key.hex() if signer is not None else ""
    hashed = _hash_of(values, seq=seq, prev_hash=prev_hash, digest=digest, signer_key=signer_key)
    return {
        "seq": seq,
        "prev_hash": prev_hash,
        "entry_hash": hashed,
        "content_digest": digest,
        "content_salt": salt,
        "signer_key": signer_key,
        "signature": signer.sign(bytes.fromhex(hashed)).hex() if signer is not None else "",
    }


def _hash_of(
    row: Mapping[str, Any], *, seq: int, prev_hash: str, digest: str, signer_key: str
) -> str:
    return entry_hash(
        seq=seq,
        prev_hash=prev_hash,
        entry_id=row["id"],
        at=row["at"],
        staff_id=row["staff_id"],
        staff_name=row["staff_name"],
        staff_role=row["staff_role"],
        action=row["action"],
        participant_id=row["participant_id"],
        content_digest=digest,
        signer_key=signer_key,
    )


# -- the report ------------------------------------------------------------------------------


class ProblemKind(StrEnum):
    """What is wrong at one place in the chain. Values are stable (CLI JSON, export)."""

    DELETED = "deleted"  # entries missing: a gap in seq, or a link to a missing entry
    CHANGED = "changed"  # the entry's fields no longer give its hash (or its content digest)
    REORDERED = "reordered"  # the entry has been moved to another place in the chain
    REATTRIBUTED = "reattributed"  # signed by a key whose certificate names someone else
    BAD_SIGNATURE = "bad_signature"  # the signature does not verify
    UNSIGNED = "unsigned"  # unsigned, by a member who signed earlier entries (stripped)
    UNKNOWN_SIGNER = "unknown_signer"  # no valid certificate for the signing key
    INSERTED = "inserted"  # an entry outside the chain, dated after the chain began
    BAD_ANCHOR = "bad_anchor"  # the purge anchor's signature does not verify


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int  # where (for DELETED: the first missing seq; 0 for the anchor)
    kind: ProblemKind
    count: int = 1  # DELETED: how many seq numbers are missing
    moved_from: int | None = None  # REORDERED: the place the entry was written at
    origin: str = ""  # whose chain: "" this file's, else the device id of another laptop


@dataclass(slots=True)
class ChainReport:
    checked: int = 0  # chained entries checked
    unsigned: int = 0  # chained, but written without a signing key ("usigneret")
    scrubbed: int = 0  # content scrubbed (erasure): content not checkable, chain intact
    legacy: int = 0  # written before the chain existed ("før signering")
    problem_count: int = 0
    problems: list[ChainProblem] = field(default_factory=list)  # the first MAX_PROBLEMS
    head_seq: int = 0  # the newest entry (0: none)
    head_hash: str = ""
    anchor_seq: int = 0  # where the check started (0: the beginning)

    @property
    def whole(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: ChainProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def merge(self, other: ChainReport, *, origin: str) -> None:
        """Add the report of another laptop's chain (pulled by sync) to this one; the head
        and anchor stay this file's own."""
        self.checked += other.checked
        self.unsigned += other.unsigned
        self.scrubbed += other.scrubbed
        self.legacy += other.legacy
        for problem in other.problems:
            self.add(replace(problem, origin=origin))
        self.problem_count += other.problem_count - len(other.problems)

    def summary(self) -> dict[str, Any]:
        """The report as JSON (for the CLI and the insight export)."""
        return {
            "whole": self.whole,
            "checked": self.checked,
            "unsigned": self.unsigned,
            "scrubbed": self.scrubbed,
            "before_signing": self.legacy,
            "problem_count": self.problem_count,
            "problems": [
                {
                    "seq": p.seq,
                    "kind": p.kind.value,
                    **({"count": p.count} if p.count != 1 else {}),
                    **({"moved_from": p.moved_from} if p.moved_from is not None else {}),
                    **({"origin": p.origin} if p.origin else {}),
                }
                for p in self.problems
            ],
            "head": {"seq": self.head_seq, "entry_hash": self.head_hash},
            "anchor_seq": self.anchor_seq,
        }


# -- checking --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    seq: int
    entry_hash: str
    signer_key: str
    signature: str


class ChainVerifier:
    """Feed it every chained entry in seq order (:meth:`feed`, a batch at a time), then
    :meth:`finish`. ``certificates``: every member certificate (removed members' too);
    ``org_public_key``: the organisation's pinned key (None: no certificate is valid)."""

    def __init__(
        self,
        *,
        certificates: Iterable[MemberCertificate],
        org_public_key: bytes | None,
        anchor: Anchor | None,
    ) -> None:
        self.report = ChainReport()
        self._certs: dict[str, list[MemberCertificate]] = {}
        for cert in certificates:
            if org_public_key is not None and cert.valid_under(org_public_key):
                self._certs.setdefault(cert.public_key.hex(), []).append(cert)
        if org_public_key is not None:
            # The recovery key has no member key: its holder signs with the organisation
            # key itself, as the recovery actor only.
            self._certs.setdefault(org_public_key.hex(), []).append(
                MemberCertificate(
                    RECOVERY_ACTOR.staff_id,
                    RECOVERY_ACTOR.name,
                    RECOVERY_ACTOR.role,
                    org_public_key,
                    "",
                    b"",
                )
            )
        self._last_seq = 0
        self._last_hash = GENESIS
        if anchor is not None:
            self.report.anchor_seq = anchor.seq
            self._last_seq, self._last_hash = anchor.seq, anchor.entry_hash
            if not self._anchor_valid(anchor):
                self.report.add(ChainProblem(0, ProblemKind.BAD_ANCHOR))
        self._recent: dict[str, int] = {}  # stored entry_hash -> seq, the last few entries
        self._last_problem = -1  # the seq of the last entry a problem was reported at
        self._signed_by: set[uuid.UUID] = set()  # staff who signed an entry already
        self._keys: dict[str, Ed25519PublicKey] = {}

    def _anchor_valid(self, anchor: Anchor) -> bool:
        if not anchor.signer_key:
            return True  # purged by a member without a signing key yet: unsigned
        try:
            key, signature = bytes.fromhex(anchor.signer_key), bytes.fromhex(anchor.signature)
        except ValueError:
            return False
        return key.hex() in self._certs and verify(
            key, signature, anchor_payload(anchor.seq, anchor.entry_hash)
        )

    def feed(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self._check(row)

    def _check(self, row: Mapping[str, Any]) -> None:
        report = self.report
        seq = int(row["seq"])
        stored = str(row["entry_hash"] or "")
        prev = str(row["prev_hash"] or "")
        digest = str(row["content_digest"] or "")
        signer_key = str(row["signer_key"] or "")
        report.checked += 1
        before = report.problem_count
        gap = seq > self._last_seq + 1
        if gap:
            missing = seq - self._last_seq - 1
            report.add(ChainProblem(self._last_seq + 1, ProblemKind.DELETED, missing))
        content_bad = self._check_content(row, seq)
        recomputed = _hash_of(row, seq=seq, prev_hash=prev, digest=digest, signer_key=signer_key)
        moved = None
        if recomputed != stored:
            moved = self._moved_from(row, seq, prev, digest, signer_key, stored)
            if moved is not None:
                report.add(ChainProblem(seq, ProblemKind.REORDERED, moved_from=moved))
            elif not content_bad:
                report.add(ChainProblem(seq, ProblemKind.CHANGED))
        elif not content_bad:
            self._check_signature(row, seq, stored, signer_key)
        if (
            not gap
            and moved is None
            and prev != self._last_hash
            and self._last_problem != self._last_seq
        ):
            # entry seq was chained to something else than the entry now before it: that
            # one was changed (and re-hashed to hide it) or put in another's place
            earlier = self._recent.get(prev)
            if self._last_seq == self.report.anchor_seq:  # the first entry: older ones gone
                report.add(ChainProblem(seq, ProblemKind.DELETED, 0))
            elif earlier is not None:
                report.add(ChainProblem(self._last_seq, ProblemKind.REORDERED, moved_from=earlier))
            else:
                report.add(ChainProblem(self._last_seq, ProblemKind.CHANGED))
        if report.problem_count > before:
            self._last_problem = seq
        self._recent[stored] = seq
        if len(self._recent) > 2 * _REORDER_WINDOW:
            self._recent.pop(next(iter(self._recent)))
        self._last_seq, self._last_hash = seq, stored
        report.head_seq, report.head_hash = seq, stored

    def _moved_from(
        self, row: Mapping[str, Any], seq: int, prev: str, digest: str, signer_key: str, stored: str
    ) -> int | None:
        """The seq this entry was hashed under, if it is within reach of its place now."""
        for other in range(max(1, seq - _REORDER_WINDOW), seq + _REORDER_WINDOW + 1):
            if other != seq and stored == _hash_of(
                row, seq=other, prev_hash=prev, digest=digest, signer_key=signer_key
            ):
                return other
        return None

    def _check_content(self, row: Mapping[str, Any], seq: int) -> bool:
        """Check the content digest (or count a scrub); True if a problem was reported."""
        salt = str(row["content_salt"] or "")
        detail = row["detail"] if isinstance(row["detail"], dict) else {}
        code = str(row["participant_code"] or "")
        if not salt:
            scrub_shape = not detail and (
                (row["participant_id"] is not None and not code) or row["action"] == "search"
            )
            if scrub_shape:
                self.report.scrubbed += 1
                return False
            self.report.add(ChainProblem(seq, ProblemKind.CHANGED))
            return True
        try:
            expected = content_digest(salt, code, detail)
        except ValueError:
            expected = ""
        if expected != row["content_digest"]:
            self.report.add(ChainProblem(seq, ProblemKind.CHANGED))
            return True
        return False

    def _check_signature(
        self, row: Mapping[str, Any], seq: int, stored: str, signer_key: str
    ) -> None:
        signature = str(row["signature"] or "")
        if not signer_key and not signature:
            if row["staff_id"] in self._signed_by:  # they had a key, and keep it
                self.report.add(ChainProblem(seq, ProblemKind.UNSIGNED))
            else:
                self.report.unsigned += 1
            return
        good = self._verify(signer_key, signature, stored)
        if not good:
            self.report.add(ChainProblem(seq, ProblemKind.BAD_SIGNATURE))
            return
        self._signed_by.add(row["staff_id"])
        certs = self._certs.get(signer_key)
        if not certs:
            self.report.add(ChainProblem(seq, ProblemKind.UNKNOWN_SIGNER))
            return
        if not any(
            cert.staff_id == row["staff_id"]
            and cert.name == row["staff_name"]
            and cert.role.value == row["staff_role"]
            for cert in certs
        ):
            self.report.add(ChainProblem(seq, ProblemKind.REATTRIBUTED))

    def _verify(self, signer_key: str, signature: str, stored: str) -> bool:
        """Does ``signature`` verify ``stored`` under ``signer_key`` (hex)? The key objects
        are kept: a log has a handful of signers and many entries."""
        try:
            key = self._keys.get(signer_key)
            if key is None:
                raw = bytes.fromhex(signer_key)
                if len(raw) != SIGNING_KEY_BYTES:
                    return False
                key = self._keys[signer_key] = Ed25519PublicKey.from_public_bytes(raw)
            sig = bytes.fromhex(signature)
            if len(sig) != SIGNATURE_BYTES:
                return False
            key.verify(sig, bytes.fromhex(stored))
        except (InvalidSignature, ValueError):
            return False
        return True

    def finish(self, *, legacy: int = 0, inserted: Iterable[int] = ()) -> ChainReport:
        self.report.legacy = legacy
        if self.report.head_seq == 0 and self.report.anchor_seq:
            self.report.head_seq = self.report.anchor_seq
            self.report.head_hash = self._last_hash
        for _ in inserted:
            self.report.add(ChainProblem(0, ProblemKind.INSERTED))
        return self.report

"""The audit log's repository: appending entries, reading them back, and the two changes
the file's triggers allow (revision 0005): purging expired entries and scrubbing an erased
participant's entries.

Entries are only ever added one INSERT at a time, in the caller's transaction, so a change
and its entry commit together or not at all. Since revision 0010 each entry is numbered,
hash-chained to the one before and signed by its author (``audit_chain.py``); the purge
deletes the oldest entries in chain order and leaves a signed anchor; the scrub also
blanks the entry's content salt.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from forandring_desktop.model.audit import (
    DEFAULT_RETENTION_DAYS,
    AuditAction,
    AuditEntry,
    AuditQuery,
    AuditSettings,
    search_may_name,
)
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.audit_chain import GENESIS, Anchor, anchor_payload, chain_columns
from forandring_desktop.storage.signing import Signer

LOCAL = ""  # the origin of the file's own entries (see AuditEntryRow.origin)

# A position in the newest-first (or oldest-first) order: the (at, id) of the last entry seen.
Cursor = tuple[datetime, uuid.UUID]


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = t.table(t.AuditEntryRow)
        self.settings_table = t.table(t.AuditSettingsRow)

    # -- writing -------------------------------------------------------------------------
    def add(self, entry: AuditEntry, *, signer: Signer | None = None) -> None:
        """Append one entry, chained to the newest and signed by ``signer`` (None: chained
        but unsigned): one SELECT of the newest (seq, entry_hash) and one INSERT, in the
        caller's transaction. The unique index on ``seq`` refuses a second writer that
        read the same newest entry."""
        values: dict[str, Any] = {
            "id": entry.id,
            "at": entry.at,
            "staff_id": entry.staff_id,
            "staff_name": entry.staff_name,
            "staff_role": entry.staff_role,
            "action": entry.action.value,
            "participant_id": entry.participant_id,
            "participant_code": entry.participant_code,
            "detail": dict(entry.detail),
        }
        last_seq, last_hash = self.newest_link()
        values.update(chain_columns(values, seq=last_seq + 1, prev_hash=last_hash, signer=signer))
        self.session.execute(insert(self.table).values(**values))

    def newest_link(self) -> tuple[int, str]:
        """(seq, entry_hash) of the newest chained entry; the purge anchor, or (0, '')."""
        c = self.table.c
        row = self.session.execute(
            select(c.seq, c.entry_hash)
            .where(c.origin == LOCAL, c.seq.is_not(None))
            .order_by(c.seq.desc())
            .limit(1)
        ).first()
        if row is not None:
            return int(row.seq), str(row.entry_hash or "")
        anchor = self.anchor()
        return (anchor.seq, anchor.entry_hash) if anchor is not None else (0, GENESIS)

    def scrub_participant(self, participant_id: uuid.UUID, *, name: str = "") -> int:
        """Blank the code and detail of every entry about an erased participant (the id
        stays), and with ``name`` the terms of every search that may have been for them
        (see :func:`search_may_name`). The only UPDATEs the file allows. Returns the number
        of entries scrubbed."""
        result = self.session.execute(
            update(self.table)
            .where(self.table.c.participant_id == participant_id)
            .values(participant_code="", detail={}, content_salt="")
        )
        scrubbed = int(getattr(result, "rowcount", 0) or 0)
        return scrubbed + (self.scrub_searches(name) if name.strip() else 0)

    def scrub_searches(self, name: str) -> int:
        """Blank the detail of every search entry whose terms may hold ``name``."""
        c = self.table.c
        rows = self.session.execute(
            select(c.id, c.detail).where(c.action == AuditAction.SEARCH.value)
        )
        ids = [
            row.id
            for row in rows
            if isinstance(row.detail, dict) and search_may_name(row.detail.get("terms"), name)
        ]
        for start in range(0, len(ids), 500):
            self.session.execute(
                update(self.table)
                .where(c.id.in_(ids[start : start + 500]))
                .values(detail={}, content_salt="")
            )
        return len(ids)

    def codes_of(self, participant_id: uuid.UUID) -> set[str]:
        """Every code the log shows a participant had: the code of each entry about them and
        each ``previous_code`` of a change of code (read before :meth:`scrub_participant`)."""
        c = self.table.c
        rows = self.session.execute(
            select(c.participant_code, c.detail).where(c.participant_id == participant_id)
        )
        codes: set[str] = set()
        for code, detail in rows:
            if code:
                codes.add(str(code))
            if isinstance(detail, dict) and isinstance(detail.get("previous_code"), str):
                codes.add(detail["previous_code"])
        return {code for code in codes if code.strip()}

    def scrub_code_searches(
        self,
        codes: Iterable[str],
        *,
        digests: Collection[str] = (),
        digest: Callable[[str], str] | None = None,
    ) -> int:
        """Blank the detail of every search entry whose terms may hold one of ``codes``
        (codes are printed on paper sheets, so a search by one identifies the person), or
        a term or word whose ``digest`` is one of ``digests`` (codes known by digest only,
        from the erasure register); and blank any entry without a participant id that
        shows such a code (entries with an id are :meth:`scrub_participant`'s; a code given
        to someone new is theirs). Returns the number of entries scrubbed."""
        wanted = [_fold(code) for code in codes if code.strip()]
        hashed = set(digests) if digest is not None else set()
        if not wanted and not hashed:
            return 0

        def hit(text: object) -> bool:
            if not isinstance(text, str):
                return False
            folded = _fold(text)
            if any(_may_hold_code(folded, code) for code in wanted):
                return True
            return digest is not None and any(
                digest(part) in hashed for part in {folded, *folded.split()}
            )

        c = self.table.c
        rows = self.session.execute(
            select(c.id, c.action, c.detail, c.participant_id, c.participant_code).where(
                or_(
                    c.action == AuditAction.SEARCH.value,
                    and_(c.participant_id.is_(None), c.participant_code != ""),
                )
            )
        )
        searches: list[uuid.UUID] = []
        coded: list[uuid.UUID] = []
        for row in rows:
            if row.participant_id is None and row.participant_code and hit(row.participant_code):
                coded.append(row.id)
            elif (
                row.action == AuditAction.SEARCH.value
                and isinstance(row.detail, dict)
                and isinstance(row.detail.get("terms"), dict)
                and any(hit(value) for value in row.detail["terms"].values())
            ):
                searches.append(row.id)
        blank: dict[str, Any] = {"detail": {}, "content_salt": ""}
        for ids, values in ((searches, blank), (coded, {**blank, "participant_code": ""})):
            for start in range(0, len(ids), 500):
                self.session.execute(
                    update(self.table).where(c.id.in_(ids[start : start + 500])).values(**values)
                )
        return len(searches) + len(coded)

    def purge(self, cutoff: datetime, *, signer: Signer | None = None) -> int:
        """Delete the entries made before ``cutoff`` (which must be at least the retention
        period ago, or the file refuses), then clear the cut-off again.

        Chained entries go oldest first in seq order, up to the first one not yet expired
        (after a clock set back, an expired entry behind it waits for the next purge), so
        what is left is still one chain; the seq and hash of the last one deleted become
        the anchor, signed by ``signer``. Entries from before the chain go by date."""
        settings = self.settings_table
        c = self.table.c
        first_kept = self.session.scalar(
            select(func.min(c.seq)).where(c.origin == LOCAL, c.seq.is_not(None), c.at >= cutoff)
        )
        chained = and_(
            c.origin == LOCAL, c.seq.is_not(None) if first_kept is None else c.seq < first_kept
        )
        last = self.session.execute(
            select(c.seq, c.entry_hash)
            .where(chained, c.at < cutoff)
            .order_by(c.seq.desc())
            .limit(1)
        ).first()
        self.session.execute(update(settings).where(settings.c.id == 1).values(purge_before=cutoff))
        result = self.session.execute(
            # Other laptops' entries (pulled by sync) go by date: their chains are checked
            # from their oldest entry left.
            delete(self.table).where(
                c.at < cutoff, or_(c.seq.is_(None), c.origin != LOCAL, chained)
            )
        )
        anchor: dict[str, Any] = {}
        if last is not None:
            seq, hashed = int(last.seq), str(last.entry_hash or "")
            anchor = {
                "anchor_seq": seq,
                "anchor_hash": hashed,
                "anchor_signer_key": signer.public_key.hex() if signer is not None else "",
                "anchor_signature": (
                    signer.sign(anchor_payload(seq, hashed)).hex() if signer is not None else ""
                ),
            }
        self.session.execute(
            update(settings).where(settings.c.id == 1).values(purge_before=None, **anchor)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def set_retention_days(self, days: int) -> None:
        settings = self.settings_table
        self.session.execute(update(settings).where(settings.c.id == 1).values(retention_days=days))

    # -- reading -------------------------------------------------------------------------
    def settings(self) -> AuditSettings:
        row = self.session.execute(
            select(self.settings_table.c.retention_days, self.settings_table.c.purge_before).where(
                self.settings_table.c.id == 1
            )
        ).first()
        if row is None:
            return AuditSettings(DEFAULT_RETENTION_DAYS)
        return AuditSettings(int(row.retention_days), row.purge_before)

    def page(
        self,
        query: AuditQuery,
        *,
        limit: int,
        after: Cursor | None = None,
        newest_first: bool = True,
    ) -> list[AuditEntry]:
        """Up to ``limit`` matching entries after ``after`` in time order (keyset paging:
        each page costs the same however far down the list it is)."""
        c = self.table.c
        where = self._where(query)
        if after is not None:
            at, entry_id = after
            if newest_first:
                where.append(or_(c.at < at, and_(c.at == at, c.id < entry_id)))
            else:
                where.append(or_(c.at > at, and_(c.at == at, c.id > entry_id)))
        order = (c.at.desc(), c.id.desc()) if newest_first else (c.at.asc(), c.id.asc())
        rows = self.session.execute(select(self.table).where(*where).order_by(*order).limit(limit))
        return [_entry(row._mapping) for row in rows]

    def anchor(self) -> Anchor | None:
        """Where the chain starts after the last purge (None: never purged)."""
        st = self.settings_table.c
        row = self.session.execute(
            select(st.anchor_seq, st.anchor_hash, st.anchor_signer_key, st.anchor_signature).where(
                st.id == 1
            )
        ).first()
        if row is None or row.anchor_seq is None:
            return None
        return Anchor(
            int(row.anchor_seq),
            str(row.anchor_hash or ""),
            str(row.anchor_signer_key or ""),
            str(row.anchor_signature or ""),
        )

    def origins(self) -> list[str]:
        """Every chain in the file: "" (its own) first, then each other laptop's."""
        c = self.table.c
        found = self.session.scalars(
            select(c.origin).where(c.seq.is_not(None), c.origin != LOCAL).distinct()
        )
        return [LOCAL, *sorted(found)]

    def chain_rows(
        self, after_seq: int, limit: int, *, origin: str = ""
    ) -> list[Mapping[str, Any]]:
        """Up to ``limit`` chained entries of ``origin``'s chain after ``after_seq``, in
        seq order, with every column the check needs (keyset paging on the unique index)."""
        c = self.table.c
        rows = self.session.execute(
            select(self.table)
            .where(c.origin == origin, c.seq.is_not(None), c.seq > after_seq)
            .order_by(c.seq)
            .limit(limit)
        )
        return [dict(row._mapping) for row in rows]

    def hash_at(self, seq: int) -> str | None:
        """The stored entry_hash of entry ``seq`` (None if no such entry is left)."""
        c = self.table.c
        found = self.session.scalar(select(c.entry_hash).where(c.origin == LOCAL, c.seq == seq))
        return None if found is None else str(found)

    def chained_count(self) -> int:
        c = self.table.c
        found = self.session.scalar(
            select(func.count()).select_from(self.table).where(c.seq.is_not(None))
        )
        return int(found or 0)

    def unchained(self) -> tuple[int, int]:
        """(entries from before the chain, those of them dated after the chain began: an
        entry put in outside the chain)."""
        c = self.table.c
        legacy = self.session.scalar(
            select(func.count()).select_from(self.table).where(c.seq.is_(None))
        )
        began = self.session.scalar(select(func.min(c.at)).where(c.seq.is_not(None)))
        late = 0
        if began is not None:
            late = int(
                self.session.scalar(
                    select(func.count())
                    .select_from(self.table)
                    .where(c.seq.is_(None), c.at > began)
                )
                or 0
            )
        return int(legacy or 0), late

    def has_entries_before(self, cutoff: datetime) -> bool:
        found = self.session.scalar(
            select(self.table.c.id).where(self.table.c.at < cutoff).limit(1)
        )
        return found is not None

    def count(self, query: AuditQuery) -> int:
        found = self.session.scalar(
            select(func.count()).select_from(self.table).where(*self._where(query))
        )
        return int(found or 0)

    def staff(self) -> list[tuple[uuid.UUID, str]]:
        """Everyone who has entries in the log, with their latest name, by name."""
        c = self.table.c
        latest = select(c.staff_id, func.max(c.at).label("last")).group_by(c.staff_id).subquery()
        rows = self.session.execute(
            select(c.staff_id, c.staff_name)
            .join(latest, and_(latest.c.staff_id == c.staff_id, latest.c.last == c.at))
            .distinct()
        )
        found = {row.staff_id: row.staff_name for row in rows}
        return sorted(found.items(), key=lambda item: (item[1].casefold(), str(item[0])))

    def participant_ids_with_code(self, code: str) -> list[uuid.UUID]:
        """The participants (tombstoned ones too) whose code is ``code`` (any case)."""
        p = t.table(t.ParticipantRow)
        rows = self.session.scalars(
            select(p.c.id).where(func.lower(p.c.code) == code.strip().lower()).order_by(p.c.id)
        )
        return list(rows)

    def participant_code(self, participant_id: uuid.UUID) -> str | None:
        p = t.table(t.ParticipantRow)
        found = self.session.scalar(select(p.c.code).where(p.c.id == participant_id))
        return None if found is None else str(found)

    def _where(self, query: AuditQuery) -> list[ColumnElement[bool]]:
        c = self.table.c
        where: list[ColumnElement[bool]] = []
        if query.participant_code.strip():
            needle = query.participant_code.strip().lower()
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(func.lower(c.participant_code).like(f"%{escaped}%", escape="\\"))
        if query.participant_ids is not None:
            where.append(c.participant_id.in_(_ids(query.participant_ids)))
        if query.staff_id is not None:
            where.append(c.staff_id == query.staff_id)
        if query.action is not None:
            where.append(c.action == query.action.value)
        if query.since is not None:
            where.append(c.at >= query.since)
        if query.until is not None:
            where.append(c.at < query.until)
        return where


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def _may_hold_code(text: str, code: str) -> bool:
    """Might a search typed as ``text`` have been for the participant with ``code`` (both
    folded)? True when it holds the whole code, or a word of 3+ characters of it is part
    of the code ("005" or "ig-00" for "ig-005"). Blanking one too many only loses a
    search's terms."""
    if code in text:
        return True
    return any(len(word) >= 3 and word in code for word in text.split())


def _ids(values: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(values))


def _entry(row: Any) -> AuditEntry:
    detail = row["detail"]
    return AuditEntry(
        id=row["id"],
        at=row["at"],
        staff_id=row["staff_id"],
        staff_name=row["staff_name"],
        staff_role=row["staff_role"],
        action=AuditAction(row["action"]),
        participant_id=row["participant_id"],
        participant_code=row["participant_code"],
        detail=detail if isinstance(detail, dict) else {},
    )

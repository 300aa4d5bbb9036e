"""Privacy in the file: the retention setting, erasure for good, and wiping free pages.

The participant's name lives in ``participant_identity`` (read and written by
``ParticipantRepository``), apart from the pseudonymous ``participant`` row.

Erasure (:meth:`PrivacyRepository.erase`) deletes every row of one participant in the
caller's transaction: ratings, challenge statuses and area scores of their follow-ups, the
follow-ups, ladder placements, challenges, identity and the participant row. The progress
facts (revision 0004) follow through their triggers on those hard deletes; the small integer
keys of the erased enrolments and challenges go too. What is left is a tombstone
(``erased_participant``: id and time) so other copies can follow later.

``PRAGMA secure_delete`` (on for every connection) overwrites deleted content with zeros;
:func:`wipe_free_pages` then rebuilds the file (``VACUUM``) and folds the WAL into it and
truncates it (``wal_checkpoint(TRUNCATE)``), so no page that held the person survives in
the main file or the WAL.
"""

from __future__ import annotations

import hashlib
import logging
import time
import unicodedata
import uuid
from datetime import datetime
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from forandring_desktop.model.privacy import DEFAULT_RETENTION_MONTHS, PrivacySettings
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import StaleDataError

log = logging.getLogger(__name__)

CHECKPOINT_TRIES = 5


class PrivacyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- retention -----------------------------------------------------------------------
    def settings(self) -> PrivacySettings:
        table = t.table(t.PrivacySettingsRow)
        months = self.session.scalar(select(table.c.retention_months).where(table.c.id == 1))
        return PrivacySettings(int(months) if months is not None else DEFAULT_RETENTION_MONTHS)

    def set_retention_months(self, months: int) -> None:
        table = t.table(t.PrivacySettingsRow)
        done = self.session.execute(
            update(table).where(table.c.id == 1).values(retention_months=months)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(table).values(id=1, retention_months=months))

    # -- tombstones ----------------------------------------------------------------------
    def erased(self) -> dict[uuid.UUID, datetime]:
        """Every erased participant's id with the time of erasure."""
        table = t.table(t.ErasedParticipantRow)
        return dict(self.session.execute(select(table.c.id, table.c.erased_at)).all())

    def add_tombstone(self, participant_id: uuid.UUID, at: datetime) -> bool:
        """Record an erasure made elsewhere (another copy); False if it is known already."""
        table = t.table(t.ErasedParticipantRow)
        if self.session.scalar(select(table.c.id).where(table.c.id == participant_id)):
            return False
        self.session.execute(insert(table).values(id=participant_id, erased_at=at))
        return True

    # -- the erasure register (revision 0008) ---------------------------------------------
    def erased_codes(self) -> dict[uuid.UUID, set[str]]:
        """The digests (:func:`code_digest`) of every code each erased participant had."""
        table = t.table(t.ErasedParticipantCodeRow)
        found: dict[uuid.UUID, set[str]] = {}
        for participant_id, digest in self.session.execute(
            select(table.c.participant_id, table.c.digest)
        ):
            found.setdefault(participant_id, set()).add(digest)
        return found

    def add_codes(self, participant_id: uuid.UUID, digests: set[str]) -> None:
        """Keep code ``digests`` (those not kept already) of an erased participant."""
        table = t.table(t.ErasedParticipantCodeRow)
        known = set(
            self.session.scalars(
                select(table.c.digest).where(table.c.participant_id == participant_id)
            )
        )
        for digest in sorted(d for d in digests if d and d not in known):
            self.session.execute(insert(table).values(participant_id=participant_id, digest=digest))

    def removed_staff(self) -> dict[uuid.UUID, tuple[uuid.UUID | None, datetime]]:
        """Every staff member removed from the keys file: (slot id, when), by staff id."""
        table = t.table(t.RemovedStaffRow)
        rows = self.session.execute(select(table.c.staff_id, table.c.slot_id, table.c.removed_at))
        return {staff_id: (slot_id, at) for staff_id, slot_id, at in rows}

    def add_removed_staff(
        self, staff_id: uuid.UUID, slot_id: uuid.UUID | None, at: datetime
    ) -> bool:
        """Register a staff member's removal; False if it is registered already."""
        table = t.table(t.RemovedStaffRow)
        if self.session.scalar(select(table.c.staff_id).where(table.c.staff_id == staff_id)):
            return False
        self.session.execute(
            insert(table).values(staff_id=staff_id, slot_id=slot_id, removed_at=at)
        )
        return True

    def exists(self, participant_id: uuid.UUID) -> bool:
        """Is there a participant row (live or tombstoned) with this id?"""
        p_t = t.table(t.ParticipantRow)
        return self.session.scalar(select(p_t.c.id).where(p_t.c.id == participant_id)) is not None

    # -- erasure -------------------------------------------------------------------------
    def erase(self, participant_id: uuid.UUID, at: datetime) -> None:
        """Delete every row of one participant and leave the tombstone (not committed).

        StaleDataError if there is no such participant (erased already, or never here).
        """
        s = self.session
        p_t = t.table(t.ParticipantRow)
        if not self.exists(participant_id):
            raise StaleDataError("Deltageren")
        fu_t, en_t, ch_t = t.table(t.FollowUpRow), t.table(t.EnrolmentRow), t.table(t.ChallengeRow)
        follow_ups = select(fu_t.c.id).where(fu_t.c.participant_id == participant_id)
        enrolments = select(en_t.c.id).where(en_t.c.participant_id == participant_id)
        challenges = select(ch_t.c.id).where(ch_t.c.participant_id == participant_id)
        enrolment_keys = _keys(s, t.ProgressEnrolmentKeyRow, "enrolment_id", enrolments)
        challenge_keys = _keys(s, t.ProgressChallengeKeyRow, "challenge_id", challenges)

        # Children first, while their follow-up still exists: the progress triggers read its
        # date to take the facts away.
        ra_t = t.table(t.LadderRatingRow)
        s.execute(
            delete(ra_t).where(
                or_(ra_t.c.follow_up_id.in_(follow_ups), ra_t.c.enrolment_id.in_(enrolments))
            )
        )
        st_t = t.table(t.ChallengeStatusRow)
        s.execute(
            delete(st_t).where(
                or_(st_t.c.follow_up_id.in_(follow_ups), st_t.c.challenge_id.in_(challenges))
            )
        )
        sc_t = t.table(t.AreaScoreRow)
        s.execute(delete(sc_t).where(sc_t.c.follow_up_id.in_(follow_ups)))
        s.execute(delete(fu_t).where(fu_t.c.participant_id == participant_id))

        # Whatever facts are left of their keys (none, if the triggers kept step), then the
        # keys themselves: the ids they stood for are gone for good.
        if enrolment_keys:
            for row_class in (t.ProgressRatingRow, t.ProgressFirstRatingRow):
                table = t.table(row_class)
                s.execute(delete(table).where(table.c.enrolment_key.in_(enrolment_keys)))
            table = t.table(t.ProgressEnrolmentKeyRow)
            s.execute(delete(table).where(table.c.k.in_(enrolment_keys)))
        if challenge_keys:
            table = t.table(t.ProgressChallengeStateRow)
            s.execute(delete(table).where(table.c.challenge_key.in_(challenge_keys)))
            table = t.table(t.ProgressChallengeKeyRow)
            s.execute(delete(table).where(table.c.k.in_(challenge_keys)))

        s.execute(delete(en_t).where(en_t.c.participant_id == participant_id))
        s.execute(delete(ch_t).where(ch_t.c.participant_id == participant_id))
        id_t = t.table(t.ParticipantIdentityRow)
        s.execute(delete(id_t).where(id_t.c.participant_id == participant_id))
        s.execute(delete(p_t).where(p_t.c.id == participant_id))
        s.execute(insert(t.table(t.ErasedParticipantRow)).values(id=participant_id, erased_at=at))


def code_digest(organisation_id: uuid.UUID, code: str) -> str:
    """What the erasure register keeps of a code: a SHA-256 digest with the organisation's
    id, of the code as typed in a search (any case). Enough to recognise a search by it;
    the code itself is not left in the file."""
    folded = unicodedata.normalize("NFC", code).casefold().strip()
    data = b"forandring-code/1\0" + organisation_id.bytes + folded.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _keys(session: Session, row_class: type[t.Base], column: str, ids: Any) -> list[int]:
    table = t.table(row_class)
    return [int(k) for k in session.scalars(select(table.c.k).where(table.c[column].in_(ids)))]


def wipe_free_pages(engine: Engine) -> bool:
    """Rebuild the file without free pages (``VACUUM``), then fold the WAL into the main
    file and truncate it (``wal_checkpoint(TRUNCATE)``).

    (What the file system does with the blocks a file gives back, e.g. an SSD's spare
    blocks, is beyond the file: they hold ciphertext only. Full-disk encryption covers it.)

    True when both worked. False when the rebuild failed (a full disk: it needs room for a
    copy) or another connection kept the WAL busy; deleted content is zeroed anyway
    (``secure_delete``), and ``Store.close`` empties the WAL. Never raises for those.
    """
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        vacuumed = True
        try:
            # First the zeroed pages over the old ones in the main file, and the WAL
            # restarted, so the rebuild below overwrites its old frames from the start.
            conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
            conn.execute("VACUUM")
        except sqlcipher.DatabaseError:
            log.warning("VACUUM after an erasure failed; the free pages are zeroed only.")
            vacuumed = False
        for _ in range(CHECKPOINT_TRIES):
            try:
                busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlcipher.DatabaseError:
                busy = 1
            if not busy:
                return vacuumed
            time.sleep(0.05)
    finally:
        raw.close()
    log.warning("The WAL was busy after an erasure; it is emptied when the file is closed.")
    return False

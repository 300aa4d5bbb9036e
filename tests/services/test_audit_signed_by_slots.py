"""The audit chain with the real keys file (no test keys): every member's entries are signed
with the key their slot holds and certified by the organisation key; the recovery key's
holder signs with the organisation key itself. The whole log then verifies."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.staff import RECOVERY_ACTOR, Role
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services.audit import record
from forandring_desktop.services.audit_integrity import describe_problem, verify_log
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.staff import add_staff, new_recovery_key, recover
from forandring_desktop.storage import KdfParams, Store
from tests.audit_chain_helpers import rehash, row_at, without_triggers

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)
ANNA, BO = "anna-kode-1234", "bo-kode-123456"


def signers(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT staff_name, signer_key FROM audit_entry"))
        return {str(name): str(key or "") for name, key in rows}


def test_admin_staff_and_recovery_entries_all_verify(
    tmp_path: Path, small_doc: OrganisationDocument
) -> None:
    db = tmp_path / "org.forandring"
    person = small_doc.participants[0]
    with create_from_document(db, ANNA, small_doc, admin_name="Anna", kdf=FAST) as anna:
        add_staff(anna, "Bo", BO, Role.STAFF, kdf=FAST)
        key = new_recovery_key(anna, kdf=FAST)
    with open_organisation(db, BO, kdf=FAST) as bo:
        participant_service.get_participant(bo, person.id)  # a read, logged and signed by Bo
    with Store.open_with_recovery_key(db, key, FAST) as holder:
        assert holder.actor == RECOVERY_ACTOR
        assert holder.signer is not None
        assert holder.org_public_key is not None
        assert holder.signer.public_key == holder.org_public_key
        record(holder, AuditAction.SETTINGS, detail={"test": "recovery"})
    with recover(db, key, "dorte-kode-12", admin_name="Dorte", kdf=FAST):
        pass
    with open_organisation(db, ANNA, kdf=FAST) as anna:
        report = verify_log(anna)
        assert report.whole, [describe_problem(p) for p in report.problems]
        assert report.unsigned == 0
        keys = signers(anna)
        assert {"Anna", "Bo", RECOVERY_ACTOR.name, "Dorte"} <= set(keys)
        assert all(keys.values())  # every entry carries its signer's key
        assert len(set(keys.values())) == 4  # each person their own; recovery the org key

        # Bo (who holds the data key) rewrites his read as Anna's: his own key signs it,
        # but his certificate names him, so it is shown as re-attributed.
        assert anna.signer is not None
        with without_triggers(anna) as conn:
            seq = conn.execute(
                text("SELECT seq FROM audit_entry WHERE staff_name = 'Bo' ORDER BY seq LIMIT 1")
            ).scalar_one()
        with open_organisation(db, BO, kdf=FAST) as bo_again:
            bo_signer = bo_again.signer
        assert bo_signer is not None
        with without_triggers(anna) as conn:
            row = row_at(conn, seq)
            row.update(staff_id=str(anna.actor.staff_id), staff_name="Anna", staff_role="admin")
            hashed, signer_key, signature = rehash(row, signer=bo_signer)
            conn.execute(
                text(
                    "UPDATE audit_entry SET staff_id = :sid, staff_name = 'Anna', "
                    "staff_role = 'admin', entry_hash = :h, signer_key = :k, signature = :s "
                    "WHERE seq = :seq AND origin = ''"
                ),
                {
                    "sid": anna.actor.staff_id.hex,
                    "h": hashed,
                    "k": signer_key,
                    "s": signature,
                    "seq": seq,
                },
            )
        report = verify_log(anna)
        assert [describe_problem(p) for p in report.problems][:1] == [
            f"post {seq} er tilskrevet en anden"
        ]

"""Each laptop's audit entries are a chain of their own: pulled entries keep their author's
numbering (no clash with this laptop's own), and every chain is checked, with a problem in
another laptop's chain said to be from that laptop."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable

from sqlalchemy import text

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services.audit_integrity import describe_problem, verify_log
from forandring_desktop.services.files import open_organisation
from forandring_desktop.storage import Store
from forandring_desktop.storage.keys import keys_path
from forandring_desktop.storage.sync.server import init_server
from tests.audit_chain_helpers import without_triggers


def two_laptops_of_one_file(
    store_factory: Callable[..., Store], small_doc: OrganisationDocument, dsn: str
) -> tuple[Store, Store, tuple[uuid.UUID, uuid.UUID]]:
    """Laptop B starts as a copy of A's file (same keys, same organisation key), as a
    laptop that joins an organisation does; then both sync through the server."""
    first = store_factory(small_doc, "a.forandring")
    a_path = first.path
    first.close()
    b_path = a_path.with_name("b.forandring")
    shutil.copyfile(a_path, b_path)
    shutil.copyfile(keys_path(a_path), keys_path(b_path))
    a, b = open_organisation(a_path, "pw"), open_organisation(b_path, "pw")
    with a.unit_of_work() as uow:
        organisation_id = uow.organisation.get().id
    init_server(dsn, organisation_id)
    devices = (
        sync_service.set_up_sync(a).device_id,
        sync_service.join_with_key(b, sync_service.organisation_key(a)),
    )
    return a, b, devices


def sync(store: Store, dsn: str) -> None:
    sync_service.sync_now(store, dsn)
    sync_service.apply_pulled(store)


def origins(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        found = conn.execute(
            text("SELECT origin, count(*) FROM audit_entry WHERE seq IS NOT NULL GROUP BY origin")
        )
        return {str(origin): int(n) for origin, n in found}


def test_both_laptops_chains_verify_on_each_and_a_tampered_pulled_entry_is_named(
    store_factory: Callable[..., Store],
    small_doc: OrganisationDocument,
    pg_database: str,
) -> None:
    a, b, (device_a, device_b) = two_laptops_of_one_file(store_factory, small_doc, pg_database)
    try:
        person = small_doc.participants[0]
        for store in (a, b, a, b):  # both write entries with the same next numbers
            participant_service.get_participant(store, person.id)  # a read is logged
        sync(a, pg_database)
        sync(b, pg_database)
        sync(a, pg_database)

        on_b = origins(b)
        assert set(on_b) == {"", str(device_a)}
        assert set(origins(a)) == {"", str(device_b)}
        for store in (a, b):
            report = verify_log(store)
            assert report.whole, [describe_problem(p) for p in report.problems]
            assert report.checked == sum(origins(store).values())
            assert report.unsigned == 0  # every entry signed by its author's member key

        pulled = str(device_a)
        with without_triggers(b) as conn:
            seq = conn.execute(
                text("SELECT max(seq) FROM audit_entry WHERE origin = :o"), {"o": pulled}
            ).scalar_one()
            conn.execute(
                text(
                    "UPDATE audit_entry SET staff_name = 'Nogen Andre' "
                    "WHERE origin = :o AND seq = :s"
                ),
                {"o": pulled, "s": seq},
            )
        report = verify_log(b)
        assert not report.whole
        (problem,) = report.problems
        assert (problem.seq, problem.origin) == (seq, pulled)
        assert f"post {seq} fra computer {pulled[:8]} er ændret" == describe_problem(problem)
        assert verify_log(a).whole  # A's own copy is untouched
    finally:
        a.close()
        b.close()

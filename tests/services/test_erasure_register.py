"""The erasure register: a restore of an older backup (to a new file or over the file) and an
import of an older export never bring back an erased participant or a removed staff member;
erasure scrubs searches by every code the person had."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from forandring_desktop.cli import main
from forandring_desktop.model import OrganisationDocument, Participant
from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.model.staff import Role
from forandring_desktop.services.audit import log_search
from forandring_desktop.services.backup import backup, restore
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.erasures import (
    StaffRemovedError,
    organisation_id,
    register_of,
    register_path,
    saved_register,
)
from forandring_desktop.services.exchange import export_document, import_file
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.participants import get_participant, save_participant
from forandring_desktop.services.privacy import erase_participant
from forandring_desktop.services.staff import add_staff, remove_staff, unlock
from forandring_desktop.storage import KdfParams, Store, WrongPassphraseError, keys_path
from forandring_desktop.storage import backup as archive
from forandring_desktop.storage.backup import DB_PART, KEYS_PART
from forandring_desktop.storage.privacy import code_digest

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"
NAME = "Yrsa Quistgaard-Mølbæk"
OLD_CODE = "ZQX-93817"
NEW_CODE = "ZQX-40021"
OTHER_SEARCH = "Helt anden søgning"


def _document() -> tuple[OrganisationDocument, Participant]:
    doc = build_demo_document(participants=5, today=datetime.date(2025, 6, 1))
    person = doc.participants[1].model_copy(update={"name": NAME, "code": OLD_CODE})
    people = [person if p.id == person.id else p for p in doc.participants]
    return doc.model_copy(update={"participants": people}), person


@pytest.fixture
def made(tmp_path: Path) -> Iterator[tuple[Store, Participant]]:
    doc, person = _document()
    store = create_from_document(tmp_path / "org.forandring", PW, doc, kdf=CHEAP)
    yield store, person
    store.engine.dispose()


def _searches(store: Store) -> list[object]:
    with store.unit_of_work() as uow:
        entries = uow.audit.page(AuditQuery(action=AuditAction.SEARCH), limit=1000)
    return [entry.detail.get("terms") for entry in entries]


def _holds_person(store: Store) -> bool:
    text = export_document(store)
    return NAME in text or OLD_CODE in text or NEW_CODE in text


def _log_code_history(store: Store, person: Participant) -> None:
    """Searches by the old code, the new code and a part of one, then the code changed."""
    log_search(store, {"text": OLD_CODE})
    renamed = get_participant(store, person.id).model_copy(update={"code": NEW_CODE})
    save_participant(store, renamed)
    log_search(store, {"text": NEW_CODE.lower()})
    log_search(store, {"text": "40021"})
    log_search(store, {"text": OTHER_SEARCH})


# -- search by code --------------------------------------------------------------------------


def test_erasure_scrubs_searches_by_every_code_the_person_had(
    made: tuple[Store, Participant],
) -> None:
    store, person = made
    _log_code_history(store, person)
    erase_participant(store, person.id)
    terms = _searches(store)
    text = json.dumps(terms, ensure_ascii=False)
    assert OLD_CODE not in text
    assert NEW_CODE.lower() not in text
    assert "40021" not in text
    assert {"text": OTHER_SEARCH} in terms  # other searches stay
    organisation = organisation_id(store)
    assert register_of(store).codes[person.id] == {
        code_digest(organisation, OLD_CODE),
        code_digest(organisation, NEW_CODE),
    }


# -- restore ---------------------------------------------------------------------------------


def test_a_restore_of_a_backup_from_before_an_erasure_keeps_the_person_erased(
    made: tuple[Store, Participant],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store, person = made
    _log_code_history(store, person)
    copy = tmp_path / "før.forandring-backup"
    backup(store, copy)  # holds the person, their searches and codes
    erase_participant(store, person.id)
    assert person.id in saved_register(organisation_id(store)).participants

    # To a new file, without telling restore anything: the data folder's register holds.
    beside = tmp_path / "ny.forandring"
    result = restore(copy, beside, PW, kdf=CHEAP)
    assert (result.reerased, result.restaff) == (1, 0)
    with Store.open(beside, PW, CHEAP) as restored:
        assert not _holds_person(restored)
        assert OLD_CODE not in json.dumps(_searches(restored))
        assert len(register_of(restored).codes[person.id]) == 2

    # Over the file itself (--replace), through the CLI: the count is reported.
    store.close()
    monkeypatch.setenv("FORANDRING_PASSPHRASE", PW)
    assert main(["restore", str(copy), str(store.path), "--replace"]) == 0
    out = capsys.readouterr().out
    assert "1 sletning(er) af deltagere og 0 fjernelse(r) af medarbejdere" in out
    with Store.open(store.path, PW, CHEAP) as restored:
        assert not _holds_person(restored)
        assert person.id in register_of(restored).participants


def test_a_restore_from_before_a_staff_removal_keeps_the_member_removed(
    made: tuple[Store, Participant], tmp_path: Path
) -> None:
    store, _person = made
    mette = add_staff(store, "Mentor Mette", "mette-adgang", Role.STAFF, kdf=CHEAP)
    copy = tmp_path / "før.forandring-backup"
    backup(store, copy)  # Mette's slot is in its keys file
    remove_staff(store, mette.staff_id)
    store.close()

    result = restore(copy, store.path, PW, replace=True, kdf=CHEAP)
    assert (result.reerased, result.restaff) == (0, 1)
    with pytest.raises(WrongPassphraseError):
        Store.open(store.path, "mette-adgang", CHEAP)
    with Store.open(store.path, PW, CHEAP) as restored:
        assert mette.staff_id not in {a.staff_id for a in restored.keys.staff()}
        assert mette.staff_id in register_of(restored).staff

    # Belt and braces: the backup's keys file put back by hand still opens nothing for her.
    shutil.rmtree(tmp_path / "ud", ignore_errors=True)
    (tmp_path / "ud").mkdir()
    loose = tmp_path / "ud" / "db"
    archive.read_archive(copy, {DB_PART: loose, KEYS_PART: keys_path(loose)})
    shutil.copyfile(keys_path(loose), keys_path(store.path))
    with pytest.raises(StaffRemovedError):
        open_organisation(store.path, "mette-adgang", kdf=CHEAP)
    with Store.open(store.path, PW, CHEAP) as again:  # and her slot is gone again
        assert mette.staff_id not in {a.staff_id for a in again.keys.staff()}
    shutil.copyfile(keys_path(loose), keys_path(store.path))  # and once more, for unlocking
    with open_organisation(store.path, PW, kdf=CHEAP) as admin:
        with pytest.raises(StaffRemovedError):
            unlock(admin, "mette-adgang")
        assert mette.staff_id not in {a.staff_id for a in admin.keys.staff()}


def test_the_register_in_the_data_folder_holds_ids_and_times_only(
    made: tuple[Store, Participant],
) -> None:
    store, person = made
    erase_participant(store, person.id)
    path = register_path(organisation_id(store))
    text = path.read_text(encoding="utf-8")
    assert str(person.id) in text
    assert OLD_CODE not in text
    assert NAME not in text
    assert path.stat().st_mode & 0o077 == 0


# -- import ----------------------------------------------------------------------------------


def test_an_import_of_an_export_from_before_an_erasure_leaves_the_person_out(
    made: tuple[Store, Participant],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store, person = made
    source = tmp_path / "eksport.json"
    source.write_text(export_document(store), encoding="utf-8")
    erase_participant(store, person.id)

    with import_file(source, tmp_path / "importeret.forandring", PW) as imported:
        assert not _holds_person(imported)
        assert person.id in register_of(imported).participants

    monkeypatch.setenv("FORANDRING_PASSPHRASE", PW)
    assert main(["import", str(source), str(tmp_path / "cli.forandring")]) == 0
    assert "1 deltager(e), der er slettet for altid" in capsys.readouterr().out

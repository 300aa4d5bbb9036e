"""Status figures from the store agree with the maths on the whole document."""

from __future__ import annotations

from datetime import date

from forandring_desktop.model import progression as pg
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.status import compute_status, status_json


def test_store_records_equal_document_records(store_factory) -> None:  # type: ignore[no-untyped-def]
    doc = build_demo_document(today=date(2026, 6, 1))
    store = store_factory(doc)
    with store.unit_of_work() as uow:
        people, series, challenges = uow.progress.records()
    want_people, want_series, want_challenges = pg.records_from_document(doc)

    def key(s: pg.EnrolmentSeries) -> tuple[str, str]:
        return (str(s.participant_id), str(s.ladder_id))

    assert sorted(people, key=lambda p: str(p.participant_id)) == sorted(
        want_people, key=lambda p: str(p.participant_id)
    )
    assert sorted(series, key=key) == sorted(want_series, key=key)
    assert sorted(challenges, key=repr) == sorted(want_challenges, key=repr)


def test_filters_and_empty_organisation(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    doc = build_demo_document(today=date(2026, 6, 1))
    store = store_factory(doc)
    young = next(g for g in doc.target_groups if g.name.startswith("Unge"))
    misbrug = next(lad for lad in doc.ladders if lad.title == "Misbrug")
    only = compute_status(store, target_group_id=young.id, ladder_id=misbrug.id)
    assert only.participants == sum(1 for p in doc.participants if p.target_group_id == young.id)
    assert set(only.per_ladder) == {misbrug.id}
    assert set(only.per_target_group) == {young.id}

    from forandring_desktop.model import Organisation, OrganisationDocument

    empty = store_factory(OrganisationDocument(organisation=Organisation(name="Tom")), name="e.db")
    data = status_json(empty)
    assert data["participants"] == {"total": 0, "active": 0, "ended": 0}
    assert data["challenges"]["mean_in_the_door"] is None
    assert data["ladders"]["enrolments"] == 0
    assert data["per_ladder"] == []

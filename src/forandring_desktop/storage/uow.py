"""Unit of work: one transaction per user action; commits whole or not at all."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from forandring_desktop.model import (
    MethodDescription,
    MissionDraft,
    Persona,
    PlanAction,
    TargetGroup,
)
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.audit import AuditRepository
from forandring_desktop.storage.engine import translate_error
from forandring_desktop.storage.progress import ProgressRepository
from forandring_desktop.storage.repositories.documents import DocumentRepository
from forandring_desktop.storage.repositories.door import DoorSheetRepository
from forandring_desktop.storage.repositories.entities import EntityRepository
from forandring_desktop.storage.repositories.ladders import LadderRepository
from forandring_desktop.storage.repositories.organisation import OrganisationRepository
from forandring_desktop.storage.repositories.participants import ParticipantRepository
from forandring_desktop.storage.sync.hlc import WallClock, system_ms
from forandring_desktop.storage.sync.outbox import stamp_pending


class UnitOfWork:
    def __init__(self, engine: Engine, wall: WallClock = system_ms) -> None:
        self._engine = engine
        self._session: Session | None = None
        self._wall = wall  # the sync clock's wall time (a fake one in tests)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its 'with' block")
        return self._session

    def __enter__(self) -> Self:
        self._session = Session(self._engine, expire_on_commit=False, autoflush=False)
        self._session.begin()
        self.organisation = OrganisationRepository(self._session)
        self.documents = DocumentRepository(self._session)
        self.ladders = LadderRepository(self._session)
        org = "organisation_id"
        self.mission_drafts = EntityRepository(self._session, t.MissionDraftRow, MissionDraft, org)
        self.personas = EntityRepository(self._session, t.PersonaRow, Persona, org)
        self.target_groups = EntityRepository(self._session, t.TargetGroupRow, TargetGroup, org)
        self.door_sheets = DoorSheetRepository(self._session)
        self.plan_actions = EntityRepository(self._session, t.PlanActionRow, PlanAction, org)
        self.method_descriptions = EntityRepository(
            self._session, t.MethodDescriptionRow, MethodDescription, org
        )
        self.progress = ProgressRepository(self._session)
        self.participants = ParticipantRepository(self._session)
        self.audit = AuditRepository(self._session)
        return self

    def commit(self) -> None:
        try:
            # Changes the outbox triggers recorded in this transaction get their change id
            # and clock time in it (nothing to do for a file not set up for sync).
            stamp_pending(self.session, self._wall)
            self.session.commit()
        except DBAPIError as exc:
            self.session.rollback()
            raise translate_error(exc.orig or exc) from exc

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if session.in_transaction():
                session.rollback()  # anything not committed explicitly is undone
        finally:
            session.close()
            self._session = None

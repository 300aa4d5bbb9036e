"""Repositories: the only place that turns rows into model objects and back.

One module per aggregate: the organisation row (``organisation``), single-row entities such
as mission drafts, personas and target groups (``entities``), door sheets with their notes
(``door``), ladders with their steps (``ladders``), participants with their parts
(``participants``) and the whole organisation at once (``documents``); ``rows`` holds what
they share (model <-> row, writing only the rows and columns that differ).
"""

from forandring_desktop.storage.repositories.documents import DocumentRepository
from forandring_desktop.storage.repositories.door import DoorSheetRepository
from forandring_desktop.storage.repositories.entities import EntityRepository
from forandring_desktop.storage.repositories.ladders import LadderRepository
from forandring_desktop.storage.repositories.organisation import OrganisationRepository
from forandring_desktop.storage.repositories.participants import ParticipantRepository

__all__ = [
    "DocumentRepository",
    "DoorSheetRepository",
    "EntityRepository",
    "LadderRepository",
    "OrganisationRepository",
    "ParticipantRepository",
]

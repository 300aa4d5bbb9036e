"""What the two reports of the guide's last chapter print, gathered before rendering.

The services read these from a file (``services.reporting``); the renderers in ``reports``
turn them into PDF. Both sides only share these plain records, so ``services`` never
imports ``reports`` and ``reports`` never touches storage.

- :class:`ParticipantReportData`: one participant's progression report for the paying
  municipality ("Progressionsrapport"). Pseudonymous by default: the renderer prints the
  participant's code, and their name only when ``show_name`` is true.
- :class:`StatusReportData`: the management summary ("Statusoverblik") across participants,
  ladders and target groups for a period.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.mission import Organisation
from forandring_desktop.model.participants import Participant, live_follow_ups
from forandring_desktop.model.progression import Period, StatusFigures


@dataclass(frozen=True)
class ParticipantReportData:
    """One participant with the ladders they are placed on (by ladder id)."""

    organisation: Organisation
    participant: Participant
    ladders: Mapping[uuid.UUID, Ladder]
    target_group: str  # the target group's name; "" without one
    show_name: bool  # False: the code only, the name appears nowhere in the report
    made_on: date

    @property
    def display_name(self) -> str:
        """How the report names the participant: the code, with the name only if allowed."""
        person = self.participant
        if self.show_name and person.name.strip():
            return f"{person.code} ({person.name.strip()})"
        return person.code


@dataclass(frozen=True, slots=True)
class AreaSummary:
    """One main area across the participants of a period (seed 003's -5…+5 score, which is
    relative to each person's start: above 0 is progress, 5 the goal reached)."""

    area: str
    people: int  # participants with a score on the area by the period's end
    mean_first: float | None  # their first scoring, on average
    mean_latest: float | None  # their latest scoring by the period's end, on average
    progress: int  # latest above 0
    same: int  # latest 0
    setback: int  # latest below 0
    goal: int  # latest 5


def area_summaries(
    people: Iterable[Participant], areas: Iterable[str], period: Period
) -> list[AreaSummary]:
    """Each main area's summary over ``people`` present in ``period``: the organisation's
    areas first, in their order, then any other area scored."""
    first: dict[str, list[int]] = {}
    latest: dict[str, list[int]] = {}
    for person in people:
        end = person.exit.date if person.exit is not None else person.end_date
        if person.is_deleted or not period.overlaps(person.start_date, end):
            continue
        seen_first: dict[str, int] = {}
        seen_latest: dict[str, int] = {}
        for follow_up in live_follow_ups(person):
            if period.end is not None and follow_up.date > period.end:
                break
            for score in follow_up.area_scores:
                if not score.is_deleted:
                    seen_first.setdefault(score.area, score.score)
                    seen_latest[score.area] = score.score
        for area, value in seen_latest.items():
            first.setdefault(area, []).append(seen_first[area])
            latest.setdefault(area, []).append(value)
    order = [a for a in areas if a in latest] + sorted(a for a in latest if a not in areas)
    out = []
    for area in order:
        values = latest[area]
        out.append(
            AreaSummary(
                area=area,
                people=len(values),
                mean_first=sum(first[area]) / len(values),
                mean_latest=sum(values) / len(values),
                progress=sum(1 for v in values if v > 0),
                same=sum(1 for v in values if v == 0),
                setback=sum(1 for v in values if v < 0),
                goal=sum(1 for v in values if v == 5),
            )
        )
    return out


@dataclass(frozen=True)
class StatusReportData:
    """The status figures of a period, with the names the tables need.

    ``target_group`` / ``ladder`` name the filters the figures were computed with (None:
    all). ``group_names`` maps None to the name used for participants without a group.
    """

    organisation: Organisation
    figures: StatusFigures
    period: Period
    ladder_names: Mapping[uuid.UUID, str]
    group_names: Mapping[uuid.UUID | None, str]
    target_group: str | None
    ladder: str | None
    made_on: date
    areas: Sequence[AreaSummary] = ()  # the main areas, summarised


_UNSAFE = re.compile(r"[^\w.\-]+")


def report_filename(code: str, kind: str = "progressionsrapport") -> str:
    """A file name for a participant's report from their code (never their name), safe on
    every file system: ``progressionsrapport-IG-001.pdf``. A code may hold ``/``."""
    safe = _UNSAFE.sub("-", code.strip()).strip("-.") or "deltager"
    return f"{kind}-{safe}.pdf"


class PdfBytes(bytes):
    """A rendered PDF, and the characters in it that no font of the program has (each was
    printed as "□"). Still plain ``bytes`` to anyone who does not ask."""

    unprintable: tuple[str, ...]

    def __new__(cls, data: bytes, unprintable: Iterable[str] = ()) -> PdfBytes:
        self = super().__new__(cls, data)
        self.unprintable = tuple(sorted(set(unprintable)))
        return self


def unprintable_of(pdf: bytes) -> tuple[str, ...]:
    """The characters a rendered PDF could not print (none for plain bytes)."""
    return tuple(getattr(pdf, "unprintable", ()))


def unprintable_warning(chars: Iterable[str], sheet: str = "Udskriften") -> str:
    """A Danish warning naming each character that cannot be printed, e.g. "Udskriften
    indeholder tegn, som programmets skrifttyper ikke har: 中 (U+4E2D). De skrives som □." """
    shown = sorted(set(chars))
    if not shown:
        return ""
    names = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in shown[:20])
    if len(shown) > 20:
        names += f" og {len(shown) - 20} andre"
    return (
        f"{sheet} indeholder tegn, som programmets skrifttyper ikke har: {names}. "
        "De skrives som □ i udskriften; resten af teksten kommer med."
    )

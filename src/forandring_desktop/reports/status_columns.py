"""The status summary's figure columns, each with its heading, what it means (printed under
SÅDAN LÆSES TALLENE) and how a cell is written the Danish way; and the order and names of
its rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forandring_desktop.model.report_data import StatusReportData
from forandring_desktop.reports.numbers import da_count, da_number, da_percent

UNKNOWN_LADDER = "Ukendt måltrappe"
UNKNOWN_GROUP = "Ukendt målgruppe"


@dataclass(frozen=True)
class Column:
    """One figure column: its heading, what it means, and how a cell is written."""

    title: str
    meaning: str
    cell: Callable[[Any], str]


LADDER_COLUMNS: tuple[Column, ...] = (
    Column(
        "Deltagere", "Deltagere placeret på måltrappen (forløb)", lambda f: da_count(f.enrolments)
    ),
    Column(
        "Vurderet",
        "Forløb med mindst én vurdering fra en medarbejder i perioden",
        lambda f: da_count(f.rated),
    ),
    Column(
        "Trin i alt",
        "Trin flyttet i alt i perioden efter medarbejdernes vurderinger (tilbagegang tæller "
        "negativt)",
        lambda f: da_count(f.steps_moved_total),
    ),
    Column(
        "Trin i gns.",
        "Trin flyttet i gennemsnit pr. deltager på måltrappen",
        lambda f: da_number(f.mean_steps_moved),
    ),
    Column("Op", "Deltagere, der er flyttet op", lambda f: da_count(f.moved_up)),
    Column("Ned", "Deltagere, der er flyttet ned", lambda f: da_count(f.moved_down)),
    Column("Med mål", "Deltagere med et personligt mål", lambda f: da_count(f.with_goal)),
    Column(
        "Nået mål",
        "Deltagere, der har nået deres personlige mål",
        lambda f: da_count(f.goal_reached),
    ),
    Column(
        "Andel nået",
        "Andel af deltagerne med et mål, der har nået det",
        lambda f: da_percent(f.share_goal_reached),
    ),
    Column(
        "Uger pr. trin",
        "Median antal uger fra ét trin første gang nås til det næste",
        lambda f: da_number(f.median_weeks_per_step),
    ),
)

AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "Sammenlignet",
        "Vurderinger, hvor både medarbejder og deltager valgte et trin",
        lambda f: da_count(f.agreement.compared),
    ),
    Column("Ens", "Vurderinger med samme trin", lambda f: da_count(f.agreement.same)),
    Column(
        "Andel ens",
        "Andel af de sammenlignede vurderinger med samme trin",
        lambda f: da_percent(f.agreement.share_same),
    ),
    Column(
        "Forskel (trin)",
        "Gennemsnitlig forskel i trin mellem medarbejder og deltager",
        lambda f: da_number(f.agreement.mean_difference),
    ),
    Column(
        "Deltager højere",
        "Vurderinger, hvor deltageren satte sig selv højere end medarbejderen",
        lambda f: da_count(f.agreement.participant_higher),
    ),
)

CHALLENGE_COLUMNS: tuple[Column, ...] = (
    Column("Deltagere", "Deltagere, hvis forløb ligger i perioden", lambda c: da_count(c.people)),
    Column(
        "Ind ad døren",
        "Udfordringer registreret ved start (ind ad døren)",
        lambda c: da_count(c.in_the_door),
    ),
    Column("Helt løst", "Udfordringer løst helt ved periodens slut", lambda c: da_count(c.fully)),
    Column(
        "Delvist løst", "Udfordringer løst delvist ved periodens slut", lambda c: da_count(c.partly)
    ),
    Column(
        "Ud af døren",
        "Udfordringer, der ikke er løst helt (som guiden tæller dem ud af døren)",
        lambda c: da_count(c.out_the_door),
    ),
    Column(
        "Gns. ind",
        "Udfordringer ind ad døren i gennemsnit pr. deltager",
        lambda c: da_number(c.mean_in),
    ),
    Column(
        "Gns. ud",
        "Udfordringer ud af døren i gennemsnit pr. deltager",
        lambda c: da_number(c.mean_out),
    ),
)


AREA_COLUMNS: tuple[Column, ...] = (
    Column("Deltagere", "Deltagere med en scoring på hovedområdet", lambda a: da_count(a.people)),
    Column(
        "Første scoring",
        "Deltagernes første scoring i gennemsnit (-5 til +5 i forhold til forløbets start)",
        lambda a: da_number(a.mean_first),
    ),
    Column(
        "Seneste scoring",
        "Deltagernes seneste scoring i perioden i gennemsnit",
        lambda a: da_number(a.mean_latest),
    ),
    Column("Fremgang", "Deltagere med en seneste scoring over 0", lambda a: da_count(a.progress)),
    Column("Status quo", "Deltagere med en seneste scoring på 0", lambda a: da_count(a.same)),
    Column(
        "Tilbagegang", "Deltagere med en seneste scoring under 0", lambda a: da_count(a.setback)
    ),
    Column("Målet nået", "Deltagere med en seneste scoring på +5", lambda a: da_count(a.goal)),
)


# -- rows ------------------------------------------------------------------------------------


def ladder_ids(data: StatusReportData) -> list[uuid.UUID]:
    """The ladders with figures, in the file's order."""
    per = data.figures.per_ladder
    known = [i for i in data.ladder_names if i in per]
    return known + sorted((i for i in per if i not in known), key=str)


def group_ids(data: StatusReportData) -> list[uuid.UUID | None]:
    """The target groups with figures, in the file's order, those without a group last."""
    present = set(data.figures.per_target_group) | set(data.figures.challenges_per_target_group)
    ordered: list[uuid.UUID | None] = [
        i for i in data.group_names if i is not None and i in present
    ]
    ordered += sorted((i for i in present if i is not None and i not in ordered), key=str)
    if None in present:
        ordered.append(None)
    return ordered


def ladder_name(data: StatusReportData, ladder_id: uuid.UUID) -> str:
    return data.ladder_names.get(ladder_id, "").strip() or UNKNOWN_LADDER


def group_name(data: StatusReportData, group_id: uuid.UUID | None) -> str:
    return data.group_names.get(group_id, "").strip() or UNKNOWN_GROUP

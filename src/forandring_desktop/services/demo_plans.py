"""The demo organisation's method description and action plan (seed 001, B and C), built
from its own target groups and ladders: iGangiGen's workshop, one step further."""

from __future__ import annotations

import datetime

from forandring_desktop.model import (
    ActionArea,
    ActionStatus,
    ActionTarget,
    Ladder,
    MethodDescription,
    Phase,
    PlanAction,
    Role,
    TargetGroup,
    TargetKind,
)

_PHASES = (
    Phase(
        doing="Visitationssamtale med den unge og sagsbehandleren; vi fylder "
        "ind ad døren-arket ud sammen og vælger de måltrapper, der passer.",
        developing="En fast velkomstuge, så den unge møder alle kolleger og opgaver, "
        "før der stilles krav.",
    ),
    Phase(
        doing="Arbejde i butikken og caféen tre dage om ugen; ugentlig opfølgning på "
        "måltrapperne med mentoren.",
        developing="Samarbejde med misbrugscentret om samtaler på arbejdspladsen.",
    ),
    Phase(
        doing="Praktik i en virksomhed i netværket med mentoren med de første uger.",
        developing="Opfølgning et halvt år efter, at den unge er gået ud af døren.",
    ),
)
_ROLES = (
    Role(
        actor="Mentor",
        external=False,
        responsibility="Følger den unge hver uge på måltrapperne og aftaler næste skridt.",
        when="Fase I-III",
    ),
    Role(
        actor="Sagsbehandler i jobcentret",
        external=True,
        responsibility="Visiterer og deltager i statusmøder.",
        when="Fase I og hver 3. måned",
    ),
    Role(
        actor="Misbrugscentret",
        external=True,
        responsibility="Samtaler om misbruget, gerne på arbejdspladsen.",
        when="Fase II",
    ),
    Role(
        actor="Virksomhed i netværket",
        external=True,
        responsibility="Praktikplads og en fast kontaktperson.",
        when="Fase III",
    ),
)
_CORE = (
    "Den unge sætter selv sine mål på måltrapperne.",
    "Vi følger op hver uge – også når det går godt.",
    "Ingen bliver afvist på grund af et tilbagefald.",
)


def demo_method(group: TargetGroup) -> MethodDescription:
    """The method description for the young target group."""
    return MethodDescription(
        target_group_id=group.id, phases=list(_PHASES), roles=list(_ROLES), core=list(_CORE)
    )


def demo_actions(
    groups: list[TargetGroup], ladders: list[Ladder], today: datetime.date
) -> list[PlanAction]:
    """A few actions: the whole organisation's and the young group's; one is overdue on
    ``today`` (its date has passed and it is not done)."""
    young = groups[0]
    abuse, social = ladders[0], ladders[1]

    def days(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    def serves(ladder: Ladder) -> ActionTarget:
        return ActionTarget(kind=TargetKind.LADDER, id=ladder.id)

    return [
        PlanAction(
            area=ActionArea.ORGANISATION,
            what="Fast månedligt møde mellem ledelse og mentorer om måltrapperne.",
            who="Daglig leder",
            due=days(-30),
            status=ActionStatus.DONE,
        ),
        PlanAction(
            area=ActionArea.STAFF,
            what="Kursus i motiverende samtale for alle mentorer.",
            who="Daglig leder",
            due=days(-7),
            status=ActionStatus.IN_PROGRESS,
            target=serves(abuse),
        ),
        PlanAction(
            area=ActionArea.TOOLS,
            what="Skabelon til den ugentlige opfølgning på måltrapperne.",
            who="Mentorerne",
            due=days(21),
            status=ActionStatus.IN_PROGRESS,
        ),
        PlanAction(
            area=ActionArea.PARTNERS,
            what="Aftale med misbrugscentret om samtaler på arbejdspladsen.",
            who="Mentor og misbrugscentret",
            due=days(45),
            target_group_id=young.id,
            target=serves(abuse),
        ),
        PlanAction(
            area=ActionArea.PARTNERS,
            what="Tre virksomheder i netværket tilbyder praktik.",
            who="Daglig leder",
            due=days(90),
            target_group_id=young.id,
            target=serves(social),
        ),
    ]

"""The guide's twelve story-card starters (historiekort), numbered as on the cut-out sheet."""

from __future__ import annotations

STORY_CARDS: tuple[str, ...] = (
    "Jeg var stolt af mit arbejde, da…",
    "Vores målgruppe skal hjælpes til, at…",
    "For at vores målgruppe kan komme videre er det vigtigt, at…",
    "Vores virksomhed kan flytte folk, fordi…",
    "Vi er gode til at hjælpe…",
    "Der hvor jeg føler, jeg gør en forskel, er, når…",
    "Vores målgruppe behøver en hjælpende hånd, fordi…",
    "Det er en udfordring at gøre en forskel, når…",
    "For mig er arbejdet en succes, når…",
    "Vi har svært ved at hjælpe…",
    "For at vores arbejde kan lykkes, er det vigtigt at…",
    "Det virker rigtig godt for vores målgruppe når vi…",
)


def story_card(number: int) -> str:
    """Card ``number`` (1-12), for the pair exercise 'nævn et tal mellem 1 og 12'."""
    if not 1 <= number <= len(STORY_CARDS):
        raise ValueError(f"Vælg et tal mellem 1 og {len(STORY_CARDS)}.")
    return STORY_CARDS[number - 1]

"""The guide's twelve story-card starters (historiekort), numbered as on the cut-out sheet."""

from __future__ import annotations

import random
from collections.abc import Sequence

from forandring_desktop.model.texts import QT_TRANSLATE_NOOP

STORY_CARDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Guide", "Jeg var stolt af mit arbejde, da…"),
    QT_TRANSLATE_NOOP("Guide", "Vores målgruppe skal hjælpes til, at…"),
    QT_TRANSLATE_NOOP("Guide", "For at vores målgruppe kan komme videre er det vigtigt, at…"),
    QT_TRANSLATE_NOOP("Guide", "Vores virksomhed kan flytte folk, fordi…"),
    QT_TRANSLATE_NOOP("Guide", "Vi er gode til at hjælpe…"),
    QT_TRANSLATE_NOOP("Guide", "Der hvor jeg føler, jeg gør en forskel, er, når…"),
    QT_TRANSLATE_NOOP("Guide", "Vores målgruppe behøver en hjælpende hånd, fordi…"),
    QT_TRANSLATE_NOOP("Guide", "Det er en udfordring at gøre en forskel, når…"),
    QT_TRANSLATE_NOOP("Guide", "For mig er arbejdet en succes, når…"),
    QT_TRANSLATE_NOOP("Guide", "Vi har svært ved at hjælpe…"),
    QT_TRANSLATE_NOOP("Guide", "For at vores arbejde kan lykkes, er det vigtigt at…"),
    QT_TRANSLATE_NOOP("Guide", "Det virker rigtig godt for vores målgruppe når vi…"),
)


def story_card(number: int) -> str:
    """Card ``number`` (1-12), for the pair exercise 'nævn et tal mellem 1 og 12'."""
    if not 1 <= number <= len(STORY_CARDS):
        raise ValueError(f"Vælg et tal mellem 1 og {len(STORY_CARDS)}.")
    return STORY_CARDS[number - 1]


class StoryDeck:
    """The cards, numbered 1..N, dealt at random without repeats until the deck is empty.

    Plain Python (no Qt): ``rng`` can be seeded in tests. Picking a number (the pair
    exercise without cut-out cards) does not touch the deck.
    """

    def __init__(
        self, cards: Sequence[str] = STORY_CARDS, rng: random.Random | None = None
    ) -> None:
        if not cards:
            raise ValueError("a deck needs at least one card")
        self.cards = tuple(cards)
        self._rng = rng if rng is not None else random.Random()
        self._pile: list[int] = []
        self.shuffle()

    def __len__(self) -> int:
        return len(self.cards)

    @property
    def remaining(self) -> int:
        return len(self._pile)

    @property
    def is_empty(self) -> bool:
        return not self._pile

    def shuffle(self) -> None:
        """All cards back in the deck, in a new random order."""
        self._pile = list(range(1, len(self.cards) + 1))
        self._rng.shuffle(self._pile)

    def deal(self) -> int | None:
        """The number of the next card, or None when the deck is empty."""
        return self._pile.pop() if self._pile else None

    def text(self, number: int) -> str:
        if not 1 <= number <= len(self.cards):
            raise ValueError(f"Vælg et tal mellem 1 og {len(self.cards)}.")
        return self.cards[number - 1]

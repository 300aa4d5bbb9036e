"""Finding participants' names in free text, and putting their codes in their place.

A report printed without the name must not name the person anywhere, yet staff write
"Kasper Larsen sagde …" or "Kaspers mor ringede" in a note. Each name is looked for whole
(any case, any spacing) and by its parts (first name, surname, each half of a double
name) when written with a capital letter, so "Bo" the name is found but "bo" (to live) is
not; a Danish genitive -s is kept after the code ("IG-001's").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from forandring_desktop.model.participants import Participant

UNKNOWN = "[navn]"  # a part of the name shared by several participants
MIN_PART = 2


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    code: str
    name: str


def _parts(name: str) -> list[str]:
    words = name.split()
    parts = list(words)
    for word in words:
        if "-" in word:
            parts += [p for p in word.split("-") if len(p) >= 3]
    return [p for p in dict.fromkeys(parts) if len(p) >= MIN_PART and p[0].isalpha()]


def _whole(name: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(w) for w in name.split())
    return re.compile(rf"(?<!\w){body}(s|'s)?(?!\w)", re.IGNORECASE)


def _part(part: str) -> re.Pattern[str]:
    # The first letter as written (a capital), the rest in any case.
    first, rest = part[0], part[1:]
    head = f"[{re.escape(first.upper())}]" if first.upper() != first.lower() else re.escape(first)
    return re.compile(rf"(?<!\w){head}(?i:{re.escape(rest)})(s|'s)?(?!\w)")


class NameReplacer:
    """Replaces the names in ``names`` (code → name) by their codes; ``own`` is the code
    of the report's participant, whose reading wins where a part is shared."""

    def __init__(self, names: Mapping[str, str], own: str | None = None) -> None:
        whole: list[_Pattern] = []
        by_part: dict[str, set[str]] = {}
        shown: dict[str, str] = {}
        for code, name in names.items():
            name = " ".join(name.split())
            if not name:
                continue
            whole.append(_Pattern(_whole(name), code, name))
            for part in _parts(name):
                key = part.casefold()
                by_part.setdefault(key, set()).add(code)
                shown.setdefault(key, part)
        parts: list[_Pattern] = []
        for key, codes in by_part.items():
            if own is not None and own in codes:
                code = own
            elif len(codes) == 1:
                code = next(iter(codes))
            else:
                code = UNKNOWN
            parts.append(_Pattern(_part(shown[key]), code, shown[key]))
        # Longer first, so "Kasper Larsen" goes before "Kasper".
        self._patterns = sorted(whole, key=lambda p: -len(p.name)) + sorted(
            parts, key=lambda p: -len(p.name)
        )

    def found(self, text: str) -> list[str]:
        """The names (or parts) that occur in ``text``, in the order of the patterns."""
        out: list[str] = []
        rest = text
        for pattern in self._patterns:
            if pattern.regex.search(rest):
                out.append(pattern.name)
                rest = pattern.regex.sub(" ", rest)
        return out

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for pattern in self._patterns:
            code = pattern.code

            def put(match: re.Match[str], code: str = code) -> str:
                return code + ("'s" if match.group(1) else "")

            text = pattern.regex.sub(put, text)
        return text


def find_names(text: str, names: Iterable[str]) -> list[str]:
    """The names, or parts of them, that ``text`` mentions (for a warning while typing)."""
    return NameReplacer({str(i): n for i, n in enumerate(names)}).found(text)


def without_names(person: Participant, replace: Callable[[str], str]) -> Participant:
    """``person`` with every free text (notes, actions, challenges, the exit note) passed
    through ``replace``, and no name."""
    follow_ups = [
        f.model_copy(
            update={
                "note": replace(f.note),
                "ratings": [
                    r.model_copy(update={"note": replace(r.note), "action": replace(r.action)})
                    for r in f.ratings
                ],
            }
        )
        for f in person.follow_ups
    ]
    challenges = [c.model_copy(update={"text": replace(c.text)}) for c in person.challenges]
    update: dict[str, object] = {"name": "", "follow_ups": follow_ups, "challenges": challenges}
    if person.exit is not None:
        update["exit"] = person.exit.model_copy(update={"note": replace(person.exit.note)})
    return person.model_copy(update=update)


def names_of(rows: Sequence[tuple[str, str]]) -> dict[str, str]:
    """(code, name) pairs as a code → name map, without empty names."""
    return {code: name for code, name in rows if name.strip()}

"""Marking the method's own Danish texts for translation, without Qt.

The guide's words (the mission questions, the checklist, the story cards, where a person
goes 'ud af døren') live in the model because the printed sheets use them too. The UI shows
them through Qt's translation (context and text); ``pyside6-lupdate`` finds them where they
are written, by this marker, so a translator sees them like every other text.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text`` itself; the marker tells lupdate it is translated in ``context``."""
    return text

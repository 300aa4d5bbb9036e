"""MISSIONS-ARBEJDSARK: the three questions (HVEM + HVAD + HVORDAN = MISSION) and, on the
second page, the checklist of four questions, laid out as the guide's two sheets."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph

from forandring_desktop.model.mission import (
    CHECKLIST_TEXT,
    MISSION_COMBINE,
    MISSION_QUESTIONS,
    Answer,
    ChecklistQuestion,
    MissionDraft,
)
from forandring_desktop.reports.flowables import TickBox, WriteLines, heading, row_of, spacer
from forandring_desktop.reports.pages import Section
from forandring_desktop.reports.styles import styles
from forandring_desktop.reports.text import para, text_paragraphs

HEADING = "MISSIONS-ARBEJDSARK"
TITLE = "TRE SPØRGSMÅL, DER FÅR JER I GANG MED EN MISSION"
CHECKLIST_TITLE = (
    "Checkliste: Er jeres mission konkret, forpligtende og skaber den en brændende platform?"
)
ANSWER_WORDS: tuple[tuple[Answer, str], ...] = (
    (Answer.YES, "Ja"),
    (Answer.NO, "Nej"),
    (Answer.UNCERTAIN, "Usikker"),
)
_QUESTION_ORDER = ("who", "what", "how")
ROOM = 110.0  # a question and a few lines of its answer stay on one page


def _field_text(draft: MissionDraft, key: str) -> str:
    value: str = getattr(draft, key)
    return value


def _answer_block(text: str | None, lines_height: float, field: str = "") -> list[Flowable]:
    """Filled text in a box, or ruled lines to write on (blank form, or an empty answer)."""
    st = styles()
    if text is not None and text.strip():
        return text_paragraphs(text, st.answer, field=field)
    return [spacer(3), WriteLines(lines_height), spacer(6)]


def mission_flowables(draft: MissionDraft | None, *, checklist: bool = True) -> list[Flowable]:
    """The sheet's content; ``draft`` None gives the blank form."""
    st = styles()
    out: list[Flowable] = [Paragraph(TITLE, st.title)]
    if draft is not None:
        chosen = " – det valgte bud" if draft.chosen else ""
        name = draft.title or "Bud på en mission"
        out.append(para(f"Bud: {name}{chosen}", st.subtitle))
    for number, key in enumerate(_QUESTION_ORDER, start=1):
        label = f"{number}. {MISSION_QUESTIONS[key]}"
        if number > 1:
            out += [CondPageBreak(ROOM), Paragraph("+", st.operator), para(label, st.label)]
        else:
            out += heading(label, st.label, room=ROOM)
        text = _field_text(draft, key) if draft is not None else None
        out += _answer_block(text, 92, field=label)
    out += [CondPageBreak(ROOM), Paragraph("=", st.operator), Paragraph("MISSION", st.label)]
    out.append(para(MISSION_COMBINE, st.hint))
    if draft is not None and draft.mission_text.strip():
        out += text_paragraphs(draft.mission_text, st.mission, field="MISSION")
    else:
        out += [spacer(4), WriteLines(150)]
    if checklist:
        out.append(PageBreak())
        out += checklist_flowables(draft)
    return out


def checklist_flowables(draft: MissionDraft | None) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [para(CHECKLIST_TITLE, st.title)]
    if draft is not None:
        out.append(para(f"Bud: {draft.title or 'Bud på en mission'}", st.subtitle))
    for number, question in enumerate(ChecklistQuestion, start=1):
        out += heading(f"{number}. {CHECKLIST_TEXT[question]}", st.label, room=ROOM)
        given = draft.answer(question) if draft is not None else None
        boxes = [
            TickBox(word, checked=given is not None and given.answer is answer)
            for answer, word in ANSWER_WORDS
        ]
        out.append(row_of(boxes, [60, 60, 80]))
        if given is not None and given.note.strip():
            out.append(Paragraph("Bemærkning", st.hint))
            out += text_paragraphs(given.note, st.answer, field=f"Bemærkning {number}")
        else:
            out += [spacer(4), WriteLines(70), spacer(6)]
    return out


def mission_section(draft: MissionDraft | None, *, bookmark: str | None = None) -> Section:
    owner = draft.title.strip() if draft is not None else ""
    return Section("portrait", HEADING, mission_flowables(draft), bookmark=bookmark, owner=owner)

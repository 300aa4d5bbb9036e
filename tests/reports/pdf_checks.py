"""What every PDF we print must satisfy, checked from the outside with pypdf and pikepdf
(qpdf): A4 in the right orientation, every font embedded (no standard Type 1 font), the
metadata, a clean structure, PDF/A-2u (pdfa_checks.py); and its text, whitespace-normalised,
for content checks."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any, cast

import pikepdf
import pypdf

from .pdfa_checks import BASE14, pdfa_problems

A4 = (595.2756, 841.8898)


@dataclass
class PdfFacts:
    pages: int
    text: str  # all pages, whitespace collapsed to single spaces
    page_texts: list[str]
    fonts: set[str]
    metadata: dict[str, Any]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fonts_in(resources: Any, seen: set[int], out: list[Any]) -> None:
    """Every font dictionary in a resource dictionary, forms and patterns included."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            out.append(ref.get_object())
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            obj = ref.get_object()
            key = id(obj)
            if key in seen:
                continue
            seen.add(key)
            if obj.get("/Subtype") == "/Form":
                _fonts_in(obj.get("/Resources"), seen, out)


def _descriptor(font: Any) -> Any:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object() if descriptor is not None else None


def check_pdf(
    data: bytes,
    *,
    landscape: bool | None,
    title: str | None = None,
    author: str | None = None,
) -> PdfFacts:
    """Assert the qualities every printed PDF must have; return its facts.

    ``landscape`` None allows both orientations (the whole theory document mixes them).
    """
    assert data.startswith(b"%PDF-"), "not a PDF"
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) >= 1

    font_names: set[str] = set()
    page_texts: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == [595, 842], (
            f"page {number} is {width}x{height}, not A4"
        )
        assert page.get("/Rotate", 0) == 0
        if landscape is not None:
            assert (width > height) == landscape, f"page {number} has the wrong orientation"
        fonts: list[Any] = []
        _fonts_in(page.get("/Resources"), set(), fonts)
        assert fonts, f"page {number} has no fonts"
        for font in fonts:
            base = str(font.get("/BaseFont", ""))
            name = base.lstrip("/").split("+", 1)[-1]
            assert name not in BASE14, f"page {number} uses the standard font {name}"
            descriptor = _descriptor(font)
            assert descriptor is not None, f"{base} has no font descriptor (not embedded)"
            assert "/FontFile2" in descriptor, f"{base} is not embedded as TrueType"
            font_names.add(name)
        page_texts.append(normalise(page.extract_text()))

    meta = reader.metadata
    assert meta is not None
    if title is not None:
        assert meta.title is not None
        assert title in meta.title
    if author is not None:
        assert meta.author == author
    assert meta.get("/Creator") == "Forandring Desktop"
    assert meta.subject
    assert meta.creation_date is not None
    catalog = reader.trailer["/Root"].get_object()
    assert isinstance(catalog, pypdf.generic.DictionaryObject)
    assert catalog.get("/Lang") == "da-DK"

    with pikepdf.open(io.BytesIO(data)) as pdf:
        # pikepdf renamed check() to check_pdf_syntax(); its stubs know only the new name.
        check = getattr(pdf, "check_pdf_syntax", None) or cast(Any, pdf).check
        problems = check()
        assert list(problems) == [], problems
    pdfa = pdfa_problems(data)
    assert pdfa == [], f"not PDF/A-2u: {pdfa}"

    return PdfFacts(
        pages=len(reader.pages),
        text=" ".join(page_texts),
        page_texts=page_texts,
        fonts=font_names,
        metadata=dict(meta),
    )


def missing(text: str, phrases: list[str]) -> list[str]:
    """The phrases (whitespace-normalised) that do not occur in ``text``."""
    return [p for p in phrases if normalise(p) not in text]


def numbered_words(prefix: str, length: int) -> tuple[str, list[str]]:
    """A text of exactly ``length`` characters made of distinct numbered words with Danish
    letters, and the words, so a test can see that none is lost."""
    words: list[str] = []
    text = ""
    i = 0
    while True:
        word = f"{prefix}{i:04d}æøå"
        candidate = f"{text} {word}" if text else word
        if len(candidate) > length:
            break
        text, i = candidate, i + 1
        words.append(word)
    rest = length - len(text)
    if rest > len(prefix) + 1:  # a last, shorter word of the same prefix
        word = prefix + "Å" * (rest - 1 - len(prefix))
        text, words = f"{text} {word}", [*words, word]
    elif rest:  # or the last word made longer
        words[-1] += "Å" * rest
        text += "Å" * rest
    assert len(text) == length
    return text, words

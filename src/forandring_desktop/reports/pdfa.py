"""PDF/A-2u for every sheet and report: reportlab's open-source edition writes plain PDF
1.4, so its output is finished here with pikepdf (qpdf):

- the XMP metadata stream (uncompressed) with ``pdfaid:part`` 2 and ``conformance`` U,
  made from and matching the document information dictionary;
- an sRGB output intent (``GTS_PDFA1``) with an ICC profile made by Pillow's LittleCMS,
  since every colour we print is DeviceRGB or DeviceGray;
- a distinct subset tag for each embedded font subset (reportlab names every subset
  ``AAAAAA+``), taken from the subset's own bytes;
- ToUnicode maps in UTF-16BE throughout (reportlab writes characters beyond the Basic
  Multilingual Plane as bare code points);
- PDF version 1.7, a file identifier, nothing encrypted, no JavaScript, no actions.

The fonts are TrueType subsets, all embedded, each with a ToUnicode map (level U: the text
can be read back). reportlab cannot write tagged PDF (level A), so the files claim 2U, not
2A; ``tests/reports/pdfa_checks.py`` checks every rule we can test from outside.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from typing import Any

import pikepdf
from PIL import ImageCms

PART = "2"
CONFORMANCE = "U"
PDF_VERSION = "1.7"
SRGB = "sRGB IEC61966-2.1"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (made once per process)."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    data: bytes = profile.tobytes()
    return data


def _tag(data: bytes, taken: set[str]) -> str:
    """Six capital letters from ``data``'s hash, unlike any in ``taken``."""
    digest = hashlib.sha256(data).digest()
    number = int.from_bytes(digest[:8], "big")
    while True:
        letters = []
        n = number
        for _ in range(6):
            n, rest = divmod(n, 26)
            letters.append(_LETTERS[rest])
        tag = "".join(letters)
        if tag not in taken:
            taken.add(tag)
            return tag
        number += 1


def _fonts(pdf: pikepdf.Pdf) -> list[Any]:
    """Every font dictionary of the document, once each."""
    seen: set[tuple[int, int]] = set()
    out: list[Any] = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font:
            key = obj.objgen
            if key not in seen and "/BaseFont" in obj:
                seen.add(key)
                out.append(obj)
    return out


def _retag_subsets(pdf: pikepdf.Pdf) -> None:
    taken: set[str] = set()
    for font in _fonts(pdf):
        base = str(font.BaseFont)[1:]
        if "+" not in base:
            continue
        name = base.split("+", 1)[1]
        descriptor = font.get("/FontDescriptor")
        program = descriptor.get("/FontFile2") if descriptor is not None else None
        seed = program.read_raw_bytes() if program is not None else base.encode()
        new = pikepdf.Name(f"/{_tag(seed + name.encode(), taken)}+{name}")
        font.BaseFont = new
        if descriptor is not None:
            descriptor.FontName = new


_BFCHAR = re.compile(rb"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]+)>")


def _utf16(match: re.Match[bytes]) -> bytes:
    """A ToUnicode destination as UTF-16BE: reportlab writes a character beyond the Basic
    Multilingual Plane (an emoji, say) as its bare code point (``<1F600>``), which no
    reader can decode; it must be a surrogate pair (``<D83DDE00>``)."""
    target = match.group(2)
    if len(target) % 4 == 0:
        return match.group(0)
    code = int(target, 16)
    return match.group(1) + b"<" + chr(code).encode("utf-16-be").hex().upper().encode() + b">"


def _fix_to_unicode(pdf: pikepdf.Pdf) -> None:
    for font in _fonts(pdf):
        cmap = font.get("/ToUnicode")
        if cmap is None:
            continue
        data = cmap.read_bytes()
        fixed = _BFCHAR.sub(_utf16, data)
        if fixed != data:
            cmap.write(fixed)


def _output_intent(pdf: pikepdf.Pdf) -> None:
    icc = pikepdf.Stream(pdf, srgb_profile())
    icc.N = 3
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String(SRGB),
        Info=pikepdf.String(SRGB),
        RegistryName=pikepdf.String("http://www.color.org"),
        DestOutputProfile=icc,
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def make_pdfa(data: bytes) -> bytes:
    """``data`` (a PDF from reportlab) as PDF/A-2u."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _retag_subsets(pdf)
        _fix_to_unicode(pdf)
        _output_intent(pdf)
        # /Trapped has no place in the XMP that pikepdf writes; PDF/A wants the two to agree.
        if "/Trapped" in pdf.docinfo:
            del pdf.docinfo["/Trapped"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = PART
            meta["pdfaid:conformance"] = CONFORMANCE
        out = io.BytesIO()
        pdf.save(
            out,
            min_version=PDF_VERSION,
            fix_metadata_version=True,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        )
    return out.getvalue()

"""PDF/A-2 checks run on every PDF the tests print, from the outside (pikepdf/qpdf and our
own parsing of the embedded fonts), since veraPDF cannot be installed from the registries
this project reaches (it is a Java download from its own site).

The rules of ISO 19005-2 checked here (clause numbers as in veraPDF's rule set):

- 6.1.2 the header is ``%PDF-1.n`` (n ≤ 7) followed by a comment of at least four bytes
  above 127;
- 6.1.3 the trailer has an ``/ID`` and no ``/Encrypt``;
- 6.1.7 no stream uses ``/F``, ``/FFilter``, ``/FDecodeParms``; 6.1.7.2 no LZW filter;
- 6.1.13 implementation limits: strings ≤ 32767 bytes, names ≤ 127 bytes, q/Q nesting ≤ 28;
- 6.2.2/6.2.3 exactly one output intent ``GTS_PDFA1`` whose ICC profile is RGB (``/N 3``,
  colour space ``RGB ``, a display or output class, version < 5);
- 6.2.4.3 no DeviceCMYK anywhere (operators ``k``/``K`` or a ``/DeviceCMYK`` colour space),
  as the output intent is RGB;
- 6.2.5 no ExtGState with ``/TR``, ``/TR2`` other than Default, or ``/HTO``;
- 6.2.11.3-4 every font embedded (``/FontFile2``), no standard Type 1 font by name;
- 6.2.11.5 the widths in each font dictionary equal the advance widths in the embedded
  font program (within 1/1000 em);
- 6.2.11.6 a symbolic TrueType font has no ``/Encoding`` and its ``cmap`` holds exactly one
  subtable (or a (3,0) one);
- 6.2.11.7 (level U) every font has a ``/ToUnicode`` map that maps every character code the
  pages show, in UTF-16BE;
- 6.2.11.8 no character shown maps to glyph 0 (``.notdef``);
- 6.3 no JavaScript, no ``/AA`` on the catalog or pages, no Launch/JavaScript actions,
  annotations (if any) have the print flag;
- 6.6.2 an uncompressed XMP metadata stream in the catalog, parsable, with
  ``pdfaid:part`` 2 and ``pdfaid:conformance`` B or U, and 6.6.2.3.1 each entry of the
  document information dictionary equal to its XMP equivalent;
- 6.8 no embedded files.

Not checkable here, and not claimed: tagged structure (level A); reportlab's open-source
edition writes no structure tree, so the files say 2U.
"""

from __future__ import annotations

import io
import re
import struct
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

import pikepdf

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
BASE14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}
MAX_Q_DEPTH = 28
MAX_STRING = 32767
MAX_NAME = 127


# -- the embedded TrueType programs --------------------------------------------------------


def _tables(font: bytes) -> dict[str, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    out = {}
    for i in range(count):
        entry = font[12 + 16 * i : 28 + 16 * i]
        tag = entry[:4].decode("latin-1")
        offset, length = struct.unpack(">II", entry[8:16])
        out[tag] = font[offset : offset + length]
    return out


def _cmap_subtables(cmap: bytes) -> list[tuple[int, int, bytes]]:
    count = struct.unpack(">H", cmap[2:4])[0]
    out = []
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        out.append((platform, encoding, cmap[offset:]))
    return out


def _code_to_glyph(sub: bytes) -> dict[int, int]:
    fmt = struct.unpack(">H", sub[:2])[0]
    if fmt == 0:
        return dict(enumerate(sub[6 : 6 + 256]))
    if fmt == 6:
        first, count = struct.unpack(">HH", sub[6:10])
        ids = struct.unpack(f">{count}H", sub[10 : 10 + 2 * count])
        return {first + i: g for i, g in enumerate(ids)}
    if fmt == 4:
        segs = struct.unpack(">H", sub[6:8])[0] // 2
        ends = struct.unpack(f">{segs}H", sub[14 : 14 + 2 * segs])
        base = 16 + 2 * segs
        starts = struct.unpack(f">{segs}H", sub[base : base + 2 * segs])
        deltas = struct.unpack(f">{segs}h", sub[base + 2 * segs : base + 4 * segs])
        range_at = base + 4 * segs
        offsets = struct.unpack(f">{segs}H", sub[range_at : range_at + 2 * segs])
        out = {}
        for s in range(segs):
            for code in range(starts[s], ends[s] + 1):
                if code == 0xFFFF:
                    continue
                if offsets[s] == 0:
                    glyph = (code + deltas[s]) & 0xFFFF
                else:
                    at = range_at + 2 * s + offsets[s] + 2 * (code - starts[s])
                    glyph = struct.unpack(">H", sub[at : at + 2])[0]
                    glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
                out[code] = glyph
        return out
    raise AssertionError(f"cmap format {fmt} not checked")


def _advances(tables: dict[str, bytes]) -> tuple[list[int], int]:
    units = struct.unpack(">H", tables["head"][18:20])[0]
    metrics = struct.unpack(">H", tables["hhea"][34:36])[0]
    hmtx = tables["hmtx"]
    widths = [struct.unpack(">H", hmtx[4 * i : 4 * i + 2])[0] for i in range(metrics)]
    return widths, units


# -- content streams -----------------------------------------------------------------------


def _to_unicode_codes(cmap: bytes) -> set[int]:
    text = cmap.decode("latin-1")
    codes: set[int] = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            if len(dst) % 4 == 0:  # UTF-16BE, or the code maps to nothing readable
                codes.add(int(src, 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*[<\[]", block):
            codes.update(range(int(lo, 16), int(hi, 16) + 1))
    return codes


def _shown_codes(pdf: pikepdf.Pdf) -> tuple[dict[tuple[int, int], set[int]], list[str]]:
    """Character codes shown per font (by object id), and any problem in the streams."""
    problems: list[str] = []
    shown: dict[tuple[int, int], set[int]] = {}

    def walk(contents: Any, resources: Any, where: str, seen: set[tuple[int, int]]) -> None:
        fonts = resources.get("/Font", {}) if resources is not None else {}
        current: Any = None
        depth = 0
        for instruction in pikepdf.parse_content_stream(contents):
            operands, op = instruction.operands, str(instruction.operator)
            if op == "q":
                depth += 1
                if depth > MAX_Q_DEPTH:
                    problems.append(f"{where}: q nesting deeper than {MAX_Q_DEPTH}")
            elif op == "Q":
                depth -= 1
            elif op in ("k", "K"):
                problems.append(f"{where}: DeviceCMYK colour ({op})")
            elif op in ("cs", "CS") and str(operands[0]) == "/DeviceCMYK":
                problems.append(f"{where}: DeviceCMYK colour space")
            elif op == "Tf":
                current = fonts.get(str(operands[0]))
            elif op in ("Tj", "'", '"', "TJ"):
                strings = operands[-1] if op == "TJ" else [operands[-1]]
                for item in strings:
                    if isinstance(item, pikepdf.String):
                        data = bytes(item)
                        if len(data) > MAX_STRING:
                            problems.append(f"{where}: a string longer than {MAX_STRING}")
                        assert current is not None, f"{where}: text shown without a font"
                        shown.setdefault(current.objgen, set()).update(data)
            elif op == "Do" and resources is not None:
                xobject = resources.get("/XObject", {}).get(str(operands[0]))
                form = xobject is not None and xobject.get("/Subtype") == "/Form"
                if form and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    walk(xobject, xobject.get("/Resources", resources), where, seen)

    for number, page in enumerate(pdf.pages, start=1):
        walk(page.obj, page.obj.get("/Resources"), f"page {number}", set())
    return shown, problems


# -- the checks ----------------------------------------------------------------------------


def _xmp_text(root: ElementTree.Element, path: str) -> str | None:
    node = root.find(path, NS)
    if node is None:
        return None
    items = node.findall(".//rdf:li", NS)
    if items:
        return ", ".join((i.text or "") for i in items)
    return node.text or ""


def _same_time(info: str, xmp: str | None) -> bool:
    if xmp is None:
        return False
    info_time = pikepdf.models.metadata.decode_pdf_date(info)
    return bool(info_time == datetime.fromisoformat(xmp))


def pdfa_problems(data: bytes) -> list[str]:
    """What keeps ``data`` from being PDF/A-2u (empty: nothing we can test)."""
    problems: list[str] = []
    header = re.match(rb"%PDF-1\.([0-7])\r?\n%(.{4})", data, re.S)
    if header is None or not all(b > 127 for b in header.group(2)):
        problems.append("6.1.2: header")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/ID" not in pdf.trailer:
            problems.append("6.1.3: no file identifier")
        if "/Encrypt" in pdf.trailer:
            problems.append("6.1.3: encrypted")
        root = pdf.Root
        for key in ("/AA", "/OpenAction"):
            if key in root:
                problems.append(f"6.3: catalog has {key}")
        if "/Names" in root and ("/JavaScript" in root.Names or "/EmbeddedFiles" in root.Names):
            problems.append("6.3/6.8: JavaScript or embedded files")
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                for key in ("/F", "/FFilter", "/FDecodeParms"):
                    if key in obj.stream_dict:
                        problems.append(f"6.1.7: stream with {key}")
                filters = obj.stream_dict.get("/Filter")
                names = (
                    [str(f) for f in filters]
                    if isinstance(filters, pikepdf.Array)
                    else [str(filters)]
                )
                if "/LZWDecode" in names:
                    problems.append("6.1.7.2: LZW")
            if isinstance(obj, pikepdf.Dictionary):
                if obj.get("/S") in ("/JavaScript", "/Launch"):
                    problems.append("6.3: forbidden action")
                if obj.get("/Type") == "/ExtGState":
                    if "/TR" in obj or "/HTO" in obj:
                        problems.append("6.2.5: ExtGState with TR or HTO")
                    if "/TR2" in obj and obj.TR2 != "/Default":
                        problems.append("6.2.5: ExtGState with TR2")
                if obj.get("/Type") == "/Annot" and not int(obj.get("/F", 0)) & 4:
                    problems.append("6.3: annotation without the print flag")
                for key in obj.keys():  # noqa: SIM118 (pikepdf names)
                    if len(key) - 1 > MAX_NAME:
                        problems.append("6.1.13: a name too long")
                if obj.get("/ColorSpace") == "/DeviceCMYK":
                    problems.append("6.2.4.3: DeviceCMYK image or space")
        for page in pdf.pages:
            if "/AA" in page.obj:
                problems.append("6.3: page with /AA")

        intents: pikepdf.Object | list[pikepdf.Object] = root.get("/OutputIntents", [])
        pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
        if len(pdfa) != 1:
            problems.append("6.2.2: not exactly one GTS_PDFA1 output intent")
        else:
            profile = pdfa[0].get("/DestOutputProfile")
            icc = profile.read_bytes() if profile is not None else b""
            if profile is None or int(profile.get("/N", 0)) != 3:
                problems.append("6.2.3: the output profile is not RGB (/N 3)")
            elif icc[36:40] != b"acsp" or icc[16:20] != b"RGB ":
                problems.append("6.2.3: not an RGB ICC profile")
            elif icc[12:16] not in (b"mntr", b"prtr") or icc[8] >= 5:
                problems.append("6.2.3: wrong ICC profile class or version")

        meta = root.get("/Metadata")
        if meta is None:
            problems.append("6.6.2: no XMP metadata")
        else:
            if "/Filter" in meta.stream_dict:
                problems.append("6.6.2.1: the metadata stream is compressed")
            xml = meta.read_bytes().decode("utf-8")
            body = xml[xml.index("<x:xmpmeta") : xml.index("</x:xmpmeta>") + 12]
            tree = ElementTree.fromstring(body)
            part = _xmp_text(tree, ".//pdfaid:part")
            level = _xmp_text(tree, ".//pdfaid:conformance")
            if part != "2" or level not in ("B", "U"):
                problems.append(f"6.6.4: pdfaid is {part}{level}")
            info = pdf.docinfo
            pairs = {
                "/Title": ".//dc:title",
                "/Author": ".//dc:creator",
                "/Subject": ".//dc:description",
                "/Keywords": ".//pdf:Keywords",
                "/Creator": ".//xmp:CreatorTool",
                "/Producer": ".//pdf:Producer",
            }
            for key, path in pairs.items():
                if key in info and str(info[key]) != _xmp_text(tree, path):
                    problems.append(f"6.6.2.3.1: {key} differs from its XMP equivalent")
            for key, path in (
                ("/CreationDate", ".//xmp:CreateDate"),
                ("/ModDate", ".//xmp:ModifyDate"),
            ):
                if key in info and not _same_time(str(info[key]), _xmp_text(tree, path)):
                    problems.append(f"6.6.2.3.1: {key} differs from its XMP equivalent")
            if "/Trapped" in info:
                problems.append("6.6.2.3.1: /Trapped without an XMP equivalent")

        shown, stream_problems = _shown_codes(pdf)
        problems += stream_problems
        programs: dict[str, bytes] = {}
        for objgen, codes in shown.items():
            font = pdf.get_object(objgen)
            base = str(font.get("/BaseFont", ""))[1:]
            name = base.split("+", 1)[-1]
            if name in BASE14:
                problems.append(f"6.2.11.3: standard font {name}")
            if "+" in base and not re.fullmatch(r"[A-Z]{6}", base.split("+")[0]):
                problems.append(f"subset tag of {base}")
            descriptor = font.get("/FontDescriptor")
            program = descriptor.get("/FontFile2") if descriptor is not None else None
            if program is None:
                problems.append(f"6.2.11.4: {base} not embedded")
                continue
            raw = program.read_bytes()
            if programs.setdefault(base, raw) != raw:
                problems.append(f"two different subsets share the name {base}")
            tables = _tables(raw)
            subtables = _cmap_subtables(tables["cmap"])
            assert descriptor is not None  # it holds the program found above
            symbolic = int(descriptor.get("/Flags", 0)) & 4
            if symbolic:
                if "/Encoding" in font:
                    problems.append(f"6.2.11.6: symbolic {base} has an /Encoding")
                if len(subtables) != 1 and not any(p == 3 and e == 0 for p, e, _ in subtables):
                    problems.append(f"6.2.11.6: cmap of {base}")
            glyphs = _code_to_glyph(subtables[0][2])
            advances, units = _advances(tables)
            first = int(font.get("/FirstChar", 0))
            widths = [float(w) for w in font.get("/Widths", [])]
            for code in codes:
                glyph = glyphs.get(code, 0)
                if glyph == 0:
                    problems.append(f"6.2.11.8: {base} shows .notdef for code {code}")
                    continue
                if not first <= code < first + len(widths):
                    problems.append(f"6.2.11.5: {base} has no width for code {code}")
                    continue
                program_width = advances[min(glyph, len(advances) - 1)] * 1000 / units
                if abs(widths[code - first] - program_width) > 1:
                    problems.append(f"6.2.11.5: {base} width of code {code}")
            to_unicode = font.get("/ToUnicode")
            if to_unicode is None:
                problems.append(f"6.2.11.7: {base} has no ToUnicode")
            else:
                mapped = _to_unicode_codes(to_unicode.read_bytes())
                if not codes <= mapped:
                    problems.append(f"6.2.11.7: {base} codes without Unicode")
    return problems

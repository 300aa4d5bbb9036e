"""PDF/A-2u on every kind of PDF we print, and the checks themselves able to fail."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pikepdf
import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.report_data import ParticipantReportData
from forandring_desktop.reports import SHEETS, render_blank, render_participant_report
from forandring_desktop.reports.insight import render_insight
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.storage import Store

from .pdfa_checks import pdfa_problems

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def demo() -> OrganisationDocument:
    return build_demo_document(today=TODAY, participants=2)


def _kinds(demo: OrganisationDocument) -> dict[str, bytes]:
    out = {f"{k} (blank)": render_blank(k) for k, s in SHEETS.items() if s.has_blank}
    items = {
        "mission": demo.mission_drafts[0].id,
        "persona": demo.personas[0].id,
        "doerark": demo.door_sheets[0].id,
        "maaltrappe": demo.ladders[0].id,
        "trin-tegn-handling": demo.ladders[0].id,
        "forandringsteori": None,
        "historiekort": None,
    }
    for kind, item in items.items():
        out[kind] = SHEETS[kind].render(demo, item, False)
    person = demo.participants[0]
    out["progressionsrapport"] = render_participant_report(
        ParticipantReportData(
            organisation=demo.organisation,
            participant=person,
            ladders={lad.id: lad for lad in demo.ladders},
            target_group="",
            show_name=False,
            made_on=TODAY,
        )
    )
    return out


def test_every_kind_is_pdfa_2u(demo: OrganisationDocument) -> None:
    for kind, pdf in _kinds(demo).items():
        assert pdf.startswith(b"%PDF-1.7"), kind
        assert pdfa_problems(pdf) == [], kind
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            assert doc.open_metadata().pdfa_status == "2U", kind


def test_the_status_report_and_the_insight_report_are_pdfa(
    store_factory: Callable[..., Store],
) -> None:
    from forandring_desktop.reports import render_status_report
    from forandring_desktop.services.privacy import insight_data
    from forandring_desktop.services.reporting import status_report_data

    store = store_factory(build_demo_document(today=TODAY, participants=3))
    status = render_status_report(status_report_data(store, today=TODAY))
    assert pdfa_problems(status) == []
    from forandring_desktop.services.participants import list_participants

    pid = list_participants(store)[0].id
    insight = render_insight(insight_data(store, pid))
    assert pdfa_problems(insight) == []


def test_every_font_subset_has_its_own_tag() -> None:
    pdf = render_blank("mission")
    tags: dict[str, bytes] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                base = str(obj.BaseFont)[1:]
                tag, _name = base.split("+", 1)
                assert tag != "AAAAAA"
                data = obj.FontDescriptor.FontFile2.read_bytes()
                assert tags.setdefault(tag, data) == data, f"{tag} names two subsets"
    assert len(tags) >= 2


def _edited(pdf: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def test_the_checks_catch_what_breaks_pdfa() -> None:
    pdf = render_blank("persona")
    assert pdfa_problems(pdf) == []

    def no_xmp(doc: pikepdf.Pdf) -> None:
        del doc.Root["/Metadata"]

    def no_intent(doc: pikepdf.Pdf) -> None:
        del doc.Root["/OutputIntents"]

    def cmyk(doc: pikepdf.Pdf) -> None:
        page = doc.pages[0]
        page.contents_add(doc.make_stream(b"0 0 0 1 k 0 0 10 10 re f"), prepend=False)

    def javascript(doc: pikepdf.Pdf) -> None:
        doc.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")

    def other_title(doc: pikepdf.Pdf) -> None:
        doc.docinfo["/Title"] = "Noget andet"

    def no_unicode(doc: pikepdf.Pdf) -> None:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                del obj["/ToUnicode"]

    for change, rule in (
        (no_xmp, "6.6.2"),
        (no_intent, "6.2.2"),
        (cmyk, "DeviceCMYK"),
        (javascript, "6.3"),
        (other_title, "/Title differs"),
        (no_unicode, "6.2.11.7"),
    ):
        problems = pdfa_problems(_edited(pdf, change))
        assert any(rule in p for p in problems), (change.__name__, problems)


def test_the_fonts_are_the_programs_own_package_data() -> None:
    from pathlib import Path

    import forandring_desktop
    from forandring_desktop.reports import fonts

    folder = fonts.font_dir()
    assert folder.is_relative_to(Path(forandring_desktop.__file__).parent)
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NotoSansEthiopic-Regular.ttf"):
        assert (folder / name).is_file()
    assert (folder / "LICENSE-DejaVu.txt").is_file()
    assert (folder / "LICENSE-Noto-OFL.txt").is_file()
    for ch in "ąęńőűĐơ✓⚠ΩЖשا":  # issue 11's letters, and Greek, Cyrillic, Hebrew, Arabic
        assert fonts.printable(ch), ch
    assert not fonts.printable("中")

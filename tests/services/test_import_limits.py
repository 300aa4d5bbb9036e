"""An oversized import is refused early (issue 18, item 5): the model's own limits are
checked while the document is read, with the limit in the message, and memory stays small
however many items follow; the reader agrees with ``json.loads`` on everything else."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forandring_desktop.model import OrganisationDocument, parse_json, to_json
from forandring_desktop.model.base import LIST_MAX
from forandring_desktop.model.door import DoorSheet
from forandring_desktop.model.errors import InvalidDataError
from forandring_desktop.model.json_reader import limit_of, read_object
from forandring_desktop.model.participants import FollowUp, Participant
from forandring_desktop.services import exchange
from forandring_desktop.services.exchange import read_document

NOTE = '{"text": "x", "side": "in"}'


def _refusal(text: str) -> InvalidDataError:
    with pytest.raises(InvalidDataError) as err:
        parse_json(text)
    return err.value


def _doc(**lists: str) -> str:
    parts = ['"format": "forandring-desktop/1"', '"organisation": {"name": "Org"}']
    parts += [f'"{name}": {value}' for name, value in lists.items()]
    return "{" + ", ".join(parts) + "}"


def test_the_limits_are_the_models_own() -> None:
    assert limit_of(DoorSheet, "notes") == 20_000
    assert limit_of(Participant, "follow_ups") == 2_000
    assert limit_of(FollowUp, "ratings") == 200
    assert limit_of(OrganisationDocument, "personas") == LIST_MAX


@pytest.mark.parametrize(
    ("text", "path", "limit"),
    [
        (_doc(door_sheets="[{" + '"notes": [' + ",".join([NOTE] * 20_001) + "]}]"),
         "door_sheets[0].notes", 20_000),
        (_doc(participants="[" + ",".join(["{}"] * 100_001) + "]"), "participants", 100_000),
        (_doc(participants='[{"follow_ups": [{"ratings": [' + ",".join(["{}"] * 201) + "]}]}]"),
         "participants[0].follow_ups[0].ratings", 200),
        (_doc(personas='[{"problems": [' + ",".join(['"p"'] * 501) + "]}]"),
         "personas[0].problems", 500),
        (_doc(mission_drafts='[{"checklist": [' + ",".join(["{}"] * 5) + "]}]"),
         "mission_drafts[0].checklist", 4),
    ],
)  # fmt: skip
def test_one_item_too_many_is_refused_with_the_limit(text: str, path: str, limit: int) -> None:
    problems = _refusal(text).problems
    assert [(p.path, p.message) for p in problems][-1] == (
        path,
        f"Listen er for lang (højst {limit} elementer).",
    )


def _peak_while_parsing(text: str) -> tuple[int, float, InvalidDataError]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        parse_json(text)
    except InvalidDataError as exc:
        error = exc
    else:  # pragma: no cover - the test fails below
        raise AssertionError("not refused")
    finally:
        took = time.perf_counter() - started
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, took, error


def test_a_million_post_its_cost_neither_time_nor_memory() -> None:
    text = _doc(door_sheets='[{"notes": [' + ",".join([NOTE] * 1_000_000) + "]}]")
    assert len(text) > 25_000_000
    peak, took, error = _peak_while_parsing(text)
    assert "højst 20000 elementer" in str(error)
    # json.loads alone would build a million dicts (hundreds of MiB) before any check.
    assert peak < 40 * 1024 * 1024, peak
    assert took < 10, took


def test_a_million_items_where_one_value_belongs_are_refused_at_once() -> None:
    text = _doc().replace('{"name": "Org"}', '{"name": [' + ",".join(["0"] * 1_000_000) + "]}")
    peak, _took, error = _peak_while_parsing(text)
    assert [p.path for p in error.problems] == ["organisation.name"]
    assert "enkelt værdi" in str(error)
    assert peak < 10 * 1024 * 1024, peak
    text = _doc().replace('"Org"}', '"Org", "x": [' + ",".join(["{}"] * 1_000_000) + "]}")
    peak, _took, error = _peak_while_parsing(text)
    assert [(p.path, p.message) for p in error.problems] == [("organisation.x", "Ukendt felt.")]
    assert peak < 10 * 1024 * 1024, peak


def test_a_file_over_the_size_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "stor.json"
    big.write_bytes(b" " * 5000)
    monkeypatch.setattr(exchange, "MAX_DOCUMENT_BYTES", 4096)
    reads: list[int] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        real_read = handle.read

        def read(size: int = -1) -> bytes:
            reads.append(size)
            data = real_read(size)
            assert isinstance(data, bytes)
            return data

        handle.read = read
        return handle

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(InvalidDataError, match=r"for stor .*højst 512 MB"):
        read_document(big)
    assert reads == []  # refused from its size alone


def test_broken_json_still_says_where() -> None:
    error = _refusal('{"format": "forandring-desktop/1",\n "organisation": {"name": "Org",}}')
    assert "linje 2, kolonne" in str(error)
    assert "ikke gyldig JSON" in str(_refusal('{"format": "forandring-desktop/1"'))
    assert "JSON-objekt" in str(_refusal("[1, 2]"))


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    _containers,
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra=st.dictionaries(st.sampled_from(["name", "vision", "x", "id"]), json_values, max_size=3),
    indent=st.sampled_from([None, 0, 1, 2, 4]),
    separators=st.sampled_from([None, (",", ":"), (" , ", " : ")]),
    ascii_only=st.booleans(),
)
def test_the_reader_reads_what_json_reads(
    extra: dict[str, Any], indent: int | None, separators: Any, ascii_only: bool
) -> None:
    data = json.loads(to_json(OrganisationDocument.parse({"organisation": {"name": "Ærø"}})))
    data["organisation"].update(extra)
    data["personas"] = [{"name": "Å", "problems": ['a"b', "\u2013 \\ \t"]}]
    text = json.dumps(data, indent=indent, separators=separators, ensure_ascii=ascii_only)
    stops = any(isinstance(v, (list, dict)) for v in extra.values())
    if stops:  # a container where a single value belongs, or in an unknown field: stopped
        with pytest.raises(InvalidDataError, match=r"enkelt værdi|Ukendt felt"):
            read_object(text, OrganisationDocument)
        return
    assert read_object(text, OrganisationDocument) == json.loads(text)

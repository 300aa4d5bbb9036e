"""Reading an exchange document while checking the model's own limits as it is read.

``json.loads`` builds the whole tree before anything can be checked, so a document with a
million post-its on one sheet cost seconds and gigabytes before the model refused it. This
reader walks the text with the model's shape in hand (derived once from the pydantic
fields: which field is a list, of what, with which ``max_length``) and stops at the first
item beyond a list's limit, at a container where a single value belongs, and at an unknown
field holding a container, naming the path and the limit. Strings and numbers are decoded
by the json module's C scanner; the structure around them is walked here.

Items of the top-level lists are handed to ``on_item`` as soon as they are read, so the
caller can validate each into a model and let its raw form go: only one participant's raw
JSON is alive at a time, not the whole document's.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from json import decoder as _decoder
from json.decoder import JSONDecodeError
from typing import Any, Union

from annotated_types import MaxLen
from pydantic import BaseModel

from forandring_desktop.model.errors import InvalidDataError, Problem

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# Fast paths, matched in C: a key with the colon and the space around it; the delimiter
# after a value with the space around it; an object or array with no container inside
# (then the C scanner decodes it whole: its size is its text's, nothing can hide in it).
_KEY = re.compile(r'[ \t\n\r]*"([^"\\\x00-\x1f]*+)"[ \t\n\r]*+:[ \t\n\r]*+')
_AFTER = re.compile(r"[ \t\n\r]*+([,}\]])[ \t\n\r]*+")
_STRING = r'"(?:[^"\\]++|\\.)*+"'
_FLAT_OBJECT = re.compile(r"\{(?:[^{}\[\]\"]++|" + _STRING + r")*+\}", re.DOTALL)
_FLAT_ARRAY = re.compile(r"\[(?:[^{}\[\]\"]++|" + _STRING + r")*+\]", re.DOTALL)
# The json module's C scanners (not in its typed surface): a string after its opening
# quote, and any one value.
scanstring: Callable[[str, int, bool], tuple[str, int]] = _decoder.scanstring  # type: ignore[attr-defined]
_scan_once: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ListShape:
    item: Shape
    max_length: int | None


@dataclass(frozen=True, slots=True)
class ModelShape:
    model: type[BaseModel]

    @property
    def fields(self) -> Mapping[str, Shape]:
        return _fields_of(self.model)

    @property
    def flat(self) -> bool:
        """Only single values in it (no list, no record): decoded whole when it is flat."""
        return _is_flat(self.model)


class _Scalar:
    """A single value (text, number, id, date, enum, or null): never a list or object."""


class _Anything:
    """A value this reader does not look into (decoded whole; the model checks it)."""


SCALAR = _Scalar()
ANYTHING = _Anything()
Shape = ListShape | ModelShape | _Scalar | _Anything


def _max_length(metadata: list[Any]) -> int | None:
    for item in metadata:
        if isinstance(item, MaxLen):
            return int(item.max_length)
    return None


def shape_of(annotation: Any, metadata: list[Any] | None = None) -> Shape:
    """The shape of a field with type ``annotation`` (and pydantic field ``metadata``)."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return shape_of(base, metadata + list(extra))
    if origin in (Union, types.UnionType):
        arms = [a for a in typing.get_args(annotation) if a is not type(None)]
        shapes = [shape_of(a) for a in arms]
        if len(shapes) == 1:
            return shapes[0]
        if all(isinstance(s, _Scalar) for s in shapes):
            return SCALAR
        return ANYTHING
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return ListShape(shape_of(item), _max_length(metadata))
    if origin in (dict, tuple, set, frozenset) or annotation is Any:
        return ANYTHING
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ModelShape(annotation)
    return SCALAR


@cache
def _fields_of(model: type[BaseModel]) -> Mapping[str, Shape]:
    return {
        (info.alias or name): shape_of(info.annotation, list(info.metadata))
        for name, info in model.model_fields.items()
    }


@cache
def _is_flat(model: type[BaseModel]) -> bool:
    return all(isinstance(shape, _Scalar) for shape in _fields_of(model).values())


def limit_of(model: type[BaseModel], field: str) -> int | None:
    """The model's own ``max_length`` of the list field ``field`` (None: no limit)."""
    shape = _fields_of(model).get(field)
    return shape.max_length if isinstance(shape, ListShape) else None


class _StopReadingError(Exception):
    """A limit or shape problem found while reading: stop at once."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _too_long(path: str, shape: ListShape) -> Problem:
    return Problem(path, f"Listen er for lang (højst {shape.max_length} elementer).")


OnItem = Callable[[str, int, Any], Any]
OnField = Callable[[str, Any], None]


class _Reader:
    def __init__(self, text: str, on_item: OnItem | None, on_field: OnField | None) -> None:
        self.text = text
        self.on_item = on_item
        self.on_field = on_field

    def ws(self, i: int) -> int:
        match = _WHITESPACE.match(self.text, i)
        assert match is not None
        return match.end()

    def expect(self, i: int, char: str, what: str) -> int:
        if self.text[i : i + 1] != char:
            raise JSONDecodeError(what, self.text, i)
        return i + 1

    def value(
        self, i: int, shape: Shape | None, path: str, top: str | None = None
    ) -> tuple[Any, int]:
        text = self.text
        if i >= len(text):
            raise JSONDecodeError("Expecting value", text, i)
        char = text[i]
        if char == '"':
            return scanstring(text, i + 1, True)
        flat_object = char == "{" and isinstance(shape, ModelShape) and shape.flat
        if flat_object and _FLAT_OBJECT.match(text, i):
            return _scan_once(text, i)
        flat_list = char == "[" and isinstance(shape, ListShape) and isinstance(shape.item, _Scalar)
        if flat_list and _FLAT_ARRAY.match(text, i):
            assert isinstance(shape, ListShape)
            items, end = _scan_once(text, i)
            if shape.max_length is not None and len(items) > shape.max_length:
                raise _StopReadingError(_too_long(path, shape))
            return items, end
        if char in "[{":
            if shape is None:
                raise _StopReadingError(Problem(path, "Ukendt felt."))
            if isinstance(shape, _Scalar):
                raise _StopReadingError(
                    Problem(path, "Skal være en enkelt værdi, ikke en liste eller et objekt.")
                )
            if char == "{" and isinstance(shape, ModelShape):
                return self.obj(i, shape, path)
            if char == "[" and isinstance(shape, ListShape):
                return self.array(i, shape, path, top)
            if isinstance(shape, ListShape):
                raise _StopReadingError(Problem(path, "Skal være en liste."))
            if isinstance(shape, ModelShape):
                raise _StopReadingError(Problem(path, "Skal være et objekt."))
        try:
            return _scan_once(text, i)
        except StopIteration:
            raise JSONDecodeError("Expecting value", text, i) from None

    def obj(
        self, i: int, shape: ModelShape, path: str, *, top: bool = False
    ) -> tuple[dict[str, Any], int]:
        text = self.text
        fields = shape.fields
        result: dict[str, Any] = {}
        i = self.ws(i + 1)
        if text[i : i + 1] == "}":
            return result, i + 1
        while True:
            match = _KEY.match(text, i)
            if match is not None:
                key, i = match.group(1), match.end()
            else:
                if text[i : i + 1] != '"':
                    raise JSONDecodeError(
                        "Expecting property name enclosed in double quotes", text, i
                    )
                key, i = scanstring(text, i + 1, True)
                i = self.ws(self.expect(self.ws(i), ":", "Expecting ':' delimiter"))
            where = f"{path}.{key}" if path else key
            result[key], i = self.value(i, fields.get(key), where, key if top else None)
            if top and self.on_field is not None:
                self.on_field(key, result[key])
            after = _AFTER.match(text, i)
            if after is None:
                raise JSONDecodeError("Expecting ',' delimiter", text, self.ws(i))
            if after.group(1) == ",":
                i = after.end()
                continue
            if after.group(1) == "}":
                return result, after.start(1) + 1
            raise JSONDecodeError("Expecting ',' delimiter", text, after.start(1))

    def array(self, i: int, shape: ListShape, path: str, top: str | None) -> tuple[list[Any], int]:
        text = self.text
        items: list[Any] = []
        i = self.ws(i + 1)
        if text[i : i + 1] == "]":
            return items, i + 1
        limit = shape.max_length
        while True:
            if limit is not None and len(items) >= limit:
                raise _StopReadingError(
                    Problem(path, f"Listen er for lang (højst {limit} elementer).")
                )
            value, i = self.value(i, shape.item, f"{path}[{len(items)}]")
            if top is not None and self.on_item is not None:
                value = self.on_item(top, len(items), value)
            items.append(value)
            i = self.ws(i)
            char = text[i : i + 1]
            if char == ",":
                i = self.ws(i + 1)
                continue
            if char == "]":
                return items, i + 1
            raise JSONDecodeError("Expecting ',' delimiter", text, i)


def read_object(
    text: str,
    model: type[BaseModel],
    *,
    on_item: OnItem | None = None,
    on_field: OnField | None = None,
) -> dict[str, Any]:
    """The JSON object in ``text`` as a dict, read against ``model``'s shape.

    Raises JSONDecodeError for text that is not JSON, and InvalidDataError (with the path
    and the limit) the moment a list passes its model's ``max_length`` or a field holds a
    container where it may not. ``on_item(field, index, raw)`` is called for each item of
    ``model``'s own list fields as soon as it is read; what it returns is kept instead.
    ``on_field(name, value)`` after each of ``model``'s fields (it may raise to stop).
    """
    reader = _Reader(text, on_item, on_field)
    start = reader.ws(0)
    if text[start : start + 1] != "{":
        _value, end = reader.value(start, ANYTHING, "")
        if reader.ws(end) != len(text):
            raise JSONDecodeError("Extra data", text, reader.ws(end))
        raise InvalidDataError([Problem("", "Dokumentet skal være et JSON-objekt.")])
    try:
        result, end = reader.obj(start, ModelShape(model), "", top=True)
    except _StopReadingError as stop:
        raise InvalidDataError([stop.problem], heading="Dokumentet er ugyldigt") from None
    except IndexError:
        raise JSONDecodeError("Unexpected end of data", text, len(text)) from None
    end = reader.ws(end)
    if end != len(text):
        raise JSONDecodeError("Extra data", text, end)
    return result

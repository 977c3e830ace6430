"""Protobuf field numbers of the built-in kinds: which wire field carries which JSON field.

Kubernetes' protobuf messages are generated from the Go structs, one message per struct and one
field per struct field, numbered by the ``protobuf:"..."`` struct tags. The decoder needs three
facts per field, all written in the tables of ``_fields_core`` and ``_fields_groups``:

* its **number** and **JSON name** (the OpenAPI schema of that JSON field gives the type);
* how Go's JSON encoder treats a **zero value** (``""``, ``0``, ``false``) of a scalar field, marked
  on the name: none for a value field with ``omitempty`` (zero is left out of the JSON), ``*`` for
  a pointer (present on the wire means present in the JSON, zero or not), ``!`` for a value field
  without ``omitempty`` (always in the JSON). Messages, lists and maps carry no mark: they appear
  in the JSON exactly when they appear on the wire;
* **inline** structs (``json:",inline"`` with a protobuf tag, such as ``LocalObjectReference`` in
  ``ConfigMapKeySelector`` or ``VolumeSource`` in ``Volume``): the wire nests them as a message of
  their own, the JSON flattens their fields into the parent. They are written ``N {fields}``.

Table syntax, one definition per entry, continuation lines indented::

    ConfigMapKeySelector: 1 {1 name}, 2 !key, 3 *optional

Names follow Go's declaration order, which is the JSON field order Go prints, and the decoder
keeps it. Fields are listed only where the definition's schema has them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from kubeedge.apiserver.protobuf import _fields_core, _fields_groups

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["FIELDS", "Field", "Inline", "MessageTable", "Presence", "parse_tables", "table_for"]


class Presence(enum.StrEnum):
    """How a Go field's zero value shows in JSON, written as a mark before the field name."""

    OMITEMPTY = ""  # value field with omitempty: a zero scalar is left out
    POINTER = "*"  # pointer: kept whenever it was sent
    REQUIRED = "!"  # value field without omitempty: always printed


@dataclass(frozen=True, slots=True)
class Field:
    """A wire field that is one JSON field."""

    name: str
    presence: Presence = Presence.OMITEMPTY

    @property
    def keeps_zero(self) -> bool:
        """Whether a zero scalar received on the wire stays in the JSON."""
        return self.presence is not Presence.OMITEMPTY


@dataclass(frozen=True, slots=True)
class Inline:
    """A wire field holding an embedded struct whose fields the JSON flattens into the parent."""

    fields: Mapping[int, Field | Inline]


@dataclass(frozen=True, slots=True)
class MessageTable:
    """The fields of one message, by number, and the JSON names in Go's order."""

    fields: Mapping[int, Field | Inline]
    order: tuple[str, ...]


_EMPTY = MessageTable(fields=MappingProxyType({}), order=())
_TOKEN = re.compile(r"\s*([{},]|[^\s{},]+)")


def _tokens(text: str) -> list[str]:
    return [match.group(1) for match in _TOKEN.finditer(text)]


def _parse_group(tokens: list[str], pos: int, where: str) -> tuple[dict[int, Field | Inline], int]:
    fields: dict[int, Field | Inline] = {}
    while pos < len(tokens) and tokens[pos] != "}":
        if tokens[pos] == ",":
            pos += 1
            continue
        number = int(tokens[pos])
        if number <= 0 or number in fields:
            raise ValueError(f"{where}: bad or repeated field number {number}")
        if tokens[pos + 1] == "{":
            inner, pos = _parse_group(tokens, pos + 2, where)
            if pos >= len(tokens) or tokens[pos] != "}":
                raise ValueError(f"{where}: unclosed inline group")
            fields[number] = Inline(fields=MappingProxyType(inner))
            pos += 1
            continue
        word = tokens[pos + 1]
        mark = word[0] if word[0] in "*!" else ""
        fields[number] = Field(name=word[len(mark) :], presence=Presence(mark))
        pos += 2
    return fields, pos


def _names(fields: Mapping[int, Field | Inline]) -> Iterator[str]:
    for entry in fields.values():
        if isinstance(entry, Inline):
            yield from _names(entry.fields)
        else:
            yield entry.name


def parse_tables(prefix: str, text: str) -> dict[str, MessageTable]:
    """Parse a table text (see the module docstring) whose names are relative to ``prefix``.

    Raises:
        ValueError: the text is malformed (a programming error, caught by the tests).
    """
    entries: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0].isspace():
            entries[-1] += " " + line.strip()
        else:
            entries.append(line.strip())
    tables: dict[str, MessageTable] = {}
    for entry in entries:
        short, _, body = entry.partition(":")
        name = prefix + short.strip()
        tokens = _tokens(body)
        fields, pos = _parse_group(tokens, 0, name)
        if pos != len(tokens):
            raise ValueError(f"{name}: unexpected {tokens[pos]!r}")
        order = tuple(_names(fields))
        if len(set(order)) != len(order) or name in tables:
            raise ValueError(f"{name}: a JSON name or the definition is repeated")
        tables[name] = MessageTable(fields=MappingProxyType(fields), order=order)
    return tables


def _collect() -> Mapping[str, MessageTable]:
    tables: dict[str, MessageTable] = {}
    for prefix, text in (*_fields_core.TABLES, *_fields_groups.TABLES):
        tables.update(parse_tables(prefix, text))
    return MappingProxyType(tables)


FIELDS: Mapping[str, MessageTable] = _collect()
"""Schema definition name (``io.k8s.api.core.v1.ConfigMap``) to its message table."""


def table_for(definition: str) -> MessageTable:
    """The table of a definition; an empty one for definitions we hold no numbers for."""
    return FIELDS.get(definition, _EMPTY)

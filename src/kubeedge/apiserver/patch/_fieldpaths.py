"""Paths of fields and sets of them: what a field manager owns, and its ``FieldsV1`` wire form.

- :class:`PathElement`: one step of a path, ``f:<field>``, ``k:<key fields>`` (an item of an
  associative list), ``v:<value>`` (an item of a set) or ``i:<index>``;
- :class:`FieldSet`: an immutable set of paths with union, difference, intersection, and the
  ``FieldsV1`` codec. Encoding follows structured-merge-diff byte for byte: elements sorted as
  SMD orders them (field names, then keys, then values, then indexes), ``"."`` first in a node
  that is also a member, and Go's JSON escaping inside ``k:``/``v:`` keys.

Every write decodes its managers' sets and encodes them again, so the codec avoids redoing work:
``FieldsV1`` keys are parsed once each; a set read from a document already in SMD's form
remembers that document, and a union with it (a manager's set plus what the write changed) is
written by inserting the new paths into it; other sets are remembered by content, a bounded
number of them. Whatever the way, the bytes are those of encoding the paths afresh.

Part of :mod:`~kubeedge.apiserver.patch.fieldset`, which re-exports the public names.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

import orjson

from kubeedge.apiserver.patch._fieldvalues import (
    FieldSetError,
    freeze,
    go_json,
    go_json_string,
    go_value_string,
    has_float,
    thaw,
    value_order,
)

__all__ = ["FieldSet", "Path", "PathElement", "PathKind", "Trie", "key_element", "path_string"]


class PathKind(enum.StrEnum):
    """The prefix of a serialised path element."""

    FIELD = "f"
    KEY = "k"
    VALUE = "v"
    INDEX = "i"


_KIND_RANK: Final = {PathKind.FIELD: 0, PathKind.KEY: 1, PathKind.VALUE: 2, PathKind.INDEX: 3}


class PathElement(NamedTuple):
    """One step of a field path. ``payload`` is the field name, the sorted key fields (name,
    frozen value), the frozen set value, or the index.

    A tuple rather than a dataclass: paths are hashed and compared in every set operation, and a
    tuple of strings does both in C.
    """

    kind: PathKind
    payload: Any

    @classmethod
    def of_field(cls, name: str) -> PathElement:
        return _element((PathKind.FIELD, name))

    @classmethod
    def of_key(cls, fields: Mapping[str, Any]) -> PathElement:
        return _element((PathKind.KEY, tuple(sorted((name, freeze(v)) for name, v in fields.items()))))

    @classmethod
    def of_value(cls, value: Any) -> PathElement:
        return _element((PathKind.VALUE, freeze(value)))

    @classmethod
    def of_index(cls, index: int) -> PathElement:
        return _element((PathKind.INDEX, index))

    def sort_key(self) -> tuple[Any, ...]:
        kind = self[0]
        if kind is PathKind.KEY:
            return (1, tuple((name, value_order(v)) for name, v in self[1]))
        if kind is PathKind.VALUE:
            return (2, value_order(self[1]))
        return (_KIND_RANK[kind], self[1])

    def __str__(self) -> str:
        """SMD's ``PathElement.String``: ``.name``, ``[k=v,...]``, ``[=v]``, ``[i]``."""
        kind, payload = self
        if kind is PathKind.FIELD:
            return "." + str(payload)
        if kind is PathKind.KEY:
            return "[" + ",".join(f"{name}={go_value_string(v)}" for name, v in payload) + "]"
        if kind is PathKind.VALUE:
            return f"[={go_value_string(payload)}]"
        return f"[{payload}]"

    def serialize(self) -> str:
        """The ``FieldsV1`` key: ``f:name``, ``k:{"name":"x"}``, ``v:"x"``, ``i:0``."""
        kind = self[0]
        if kind is PathKind.FIELD:
            return "f:" + str(self[1])
        if kind is PathKind.INDEX or _element_has_float(self):
            return _serialize(self)
        return _serialize_memo(self)

    @classmethod
    def parse(cls, text: str) -> PathElement | None:
        """Read a ``FieldsV1`` key; None for an element type this version does not know (SMD
        drops those, for forward compatibility)."""
        return _parse_key(text)


def _element(parts: tuple[PathKind, Any]) -> PathElement:
    # tuple.__new__ directly: NamedTuple's own __new__ is a Python-level function.
    return tuple.__new__(PathElement, parts)


def key_element(name: str, value: Any) -> PathElement:
    """``PathElement.of_key({name: value})``, for the common list with one key field."""
    return _element((PathKind.KEY, ((name, freeze(value)),)))


def _sort_key(pe: PathElement) -> tuple[Any, ...]:
    # PathElement.sort_key with the common case (a field) inline.
    return (0, pe[1]) if pe[0] is PathKind.FIELD else pe.sort_key()


def _element_has_float(pe: PathElement) -> bool:
    """Whether a key or value element holds a float: ``1e21`` equals ``10**21`` as an element
    but is written differently, so such elements are not remembered by value."""
    kind, payload = pe
    if kind is PathKind.VALUE:
        return has_float(payload)
    return kind is PathKind.KEY and any(has_float(v) for _, v in payload)


def _serialize(pe: PathElement) -> str:
    kind, payload = pe
    if kind is PathKind.KEY:
        body = ",".join(go_json_string(n, short_bf=False) + ":" + go_json(thaw(v)) for n, v in payload)
        return "k:{" + body + "}"
    if kind is PathKind.VALUE:
        return "v:" + go_json(thaw(payload))
    if kind is PathKind.FIELD:
        return "f:" + str(payload)
    return f"i:{payload}"


# Keys and values go through Go's JSON rules, character by character; the same list items
# recur in every object of a kind.
_serialize_memo = functools.lru_cache(maxsize=16384)(_serialize)


@functools.lru_cache(maxsize=16384)
def _parse_key(text: str) -> PathElement | None:
    # Memoised: the keys of managedFields repeat across requests and objects of a kind. Errors
    # are raised afresh each time (lru_cache does not keep exceptions).
    if len(text) < 2:
        raise FieldSetError("key must be 2 characters long:")
    if text[1] != ":":
        raise FieldSetError(f"missing colon: {text}")
    kind, body = text[0], text[2:]
    try:
        if kind == "f":
            return PathElement.of_field(body)
        if kind == "v":
            return PathElement.of_value(json.loads(body))
        if kind == "k":
            fields = json.loads(body)
            if not isinstance(fields, dict):
                raise FieldSetError(f"key is not a JSON object: {body}")
            return PathElement.of_key(fields)
        if kind == "i":
            return PathElement.of_index(int(body))
    except (ValueError, RecursionError) as exc:
        raise FieldSetError(f"parsing key as path element: {exc}") from exc
    return None


Path = tuple[PathElement, ...]


def path_string(path: Path) -> str:
    """SMD's ``Path.String``: ``.spec.containers[name="nginx"].image``."""
    return "".join(str(pe) for pe in path)


# --- sets of paths ------------------------------------------------------------------------------


class Trie:
    """A set of paths as a tree: ``members`` end here, ``children`` continue."""

    __slots__ = ("children", "members")

    def __init__(self) -> None:
        self.members: set[PathElement] = set()
        self.children: dict[PathElement, Trie] = {}

    def add(self, path: Path) -> None:
        node = self
        for pe in path[:-1]:
            child = node.children.get(pe)
            if child is None:
                child = node.children[pe] = Trie()
            node = child
        node.members.add(path[-1])

    def iterate(self, prefix: Path = ()) -> Iterator[Path]:
        """SMD's order: this node's members (sorted), then each child subtree (sorted)."""
        for pe in sorted(self.members, key=PathElement.sort_key):
            yield (*prefix, pe)
        for pe in sorted(self.children, key=PathElement.sort_key):
            yield from self.children[pe].iterate((*prefix, pe))

    def to_fields_v1(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        members, children = self.members, self.children
        for pe in sorted(members | children.keys(), key=_sort_key):
            key = "f:" + pe[1] if pe[0] is PathKind.FIELD and type(pe[1]) is str else pe.serialize()
            child = children.get(pe)
            if child is None:
                out[key] = {}
            elif pe in members:
                out[key] = {".": {}, **child.to_fields_v1()}
            else:
                out[key] = child.to_fields_v1()
        return out


@dataclass(frozen=True, slots=True)
class FieldSet:
    """An immutable set of field paths (SMD's ``fieldpath.Set``)."""

    paths: frozenset[Path] = frozenset()
    # Whether no path element holds a float (None: not worked out yet). Sets equal as sets may
    # still be written differently (``v:1e+21`` and ``v:1000000000000000000000`` are one element),
    # so only such sets are encoded from memory.
    _floatless: bool | None = field(default=None, compare=False, repr=False)
    # How to write this set without encoding it from scratch: its exact FieldsV1 JSON (a set read
    # from a document already in SMD's form, or encoded before), or a set whose writing is known
    # and the sets that add to it (a union, as a manager's set plus what it just changed).
    _source: bytes | tuple[FieldSet, tuple[FieldSet, ...]] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, paths: Iterable[Path]) -> FieldSet:
        return cls(frozenset(p for p in paths if p))

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[Path]:
        """Paths in SMD's iteration order (members before the subtrees of each node)."""
        return self.trie().iterate()

    def __contains__(self, path: object) -> bool:
        return path in self.paths

    def __or__(self, other: FieldSet) -> FieldSet:
        return self.union(other)

    def __sub__(self, other: FieldSet) -> FieldSet:
        return self.difference(other)

    def __and__(self, other: FieldSet) -> FieldSet:
        return self.intersection(other)

    def is_empty(self) -> bool:
        return not self.paths

    def union(self, *others: FieldSet) -> FieldSet:
        operands = (self, *others)
        floatless = all(o.floatless() for o in operands)
        merged = FieldSet(self.paths.union(*(o.paths for o in others)), floatless)
        if floatless:
            written = [o for o in operands if o._source is not None]
            if written:
                base = max(written, key=len)
                object.__setattr__(merged, "_source", (base, tuple(o for o in operands if o is not base)))
        return merged

    def difference(self, other: FieldSet) -> FieldSet:
        """Path-by-path difference: removing a parent does not remove its children."""
        return self._subset(self.paths - other.paths)

    def intersection(self, other: FieldSet) -> FieldSet:
        return self._subset(self.paths & other.paths)

    def _subset(self, paths: frozenset[Path]) -> FieldSet:
        return FieldSet(paths, True if self._floatless else None)

    def floatless(self) -> bool:
        """Whether no path element holds a float (worked out once per set)."""
        if self._floatless is None:
            floatless = not any(_element_has_float(pe) for path in self.paths for pe in path)
            object.__setattr__(self, "_floatless", floatless)
        return bool(self._floatless)

    def recursive_difference(self, other: FieldSet) -> FieldSet:
        """Remove every path of ``other`` and everything under it."""
        removed = other.paths
        if not removed:
            return self
        # Only prefixes as long as some path of ``other`` can match.
        lengths = sorted({len(p) for p in removed})
        return self._subset(
            frozenset(p for p in self.paths if not any(p[:n] in removed for n in lengths if n <= len(p)))
        )

    def under(self, prefix: Path) -> FieldSet:
        """Only the paths equal to ``prefix`` or below it."""
        return self._subset(frozenset(p for p in self.paths if p[: len(prefix)] == prefix))

    def trie(self) -> Trie:
        root = Trie()
        for path in self.paths:
            root.add(path)
        return root

    def to_fields_v1(self) -> dict[str, Any]:
        """The ``fieldsV1`` object, keys in SMD's order (a new object on every call)."""
        source = self._source
        if isinstance(source, bytes):
            return orjson.loads(source)  # type: ignore[no-any-return]
        if source is not None:
            base, others = source
            extra = frozenset[Path]().union(*(o.paths for o in others)) - base.paths
            if len(extra) <= _GROWTH_LIMIT and all(extra):
                fields = base.to_fields_v1()
                for path in extra:
                    _insert(fields, path)
                return fields
        if not self.floatless():
            return self.trie().to_fields_v1()
        text = _encoded(self)
        object.__setattr__(self, "_source", text)
        return orjson.loads(text)  # type: ignore[no-any-return]

    def to_json(self) -> str:
        """The exact bytes kube-apiserver stores for ``fieldsV1`` (jsoniter, HTML-safe escaping)."""
        return _trie_json(self.trie().to_fields_v1())

    @classmethod
    def from_fields_v1(cls, document: Any) -> FieldSet:
        """Read ``fieldsV1`` (a decoded object, or its JSON text).

        Raises:
            FieldSetError: not an object of objects, or a key that is not a path element.
        """
        if isinstance(document, str | bytes):
            try:
                document = json.loads(document)
            except ValueError as exc:
                raise FieldSetError(f"invalid JSON: {exc}") from exc
        elif type(document) is dict:
            try:
                text = orjson.dumps(document)
            except TypeError:  # not JSON: read it as it is
                pass
            else:
                return _decoded(text)
        reading = _Reading()
        _read_fields(document, (), reading)
        return cls(frozenset(reading.paths))


# Objects of one kind mostly carry the same field sets (every pod of a Deployment, say), and
# each write decodes and re-encodes all of its managers' sets. Both directions are remembered
# by content, a bounded number of them; the results are immutable or handed out as fresh copies.


@functools.lru_cache(maxsize=512)
def _encoded(fields: FieldSet) -> bytes:
    return orjson.dumps(fields.trie().to_fields_v1())


@functools.lru_cache(maxsize=512)
def _decoded(text: bytes) -> FieldSet:
    reading = _Reading()
    _read_fields(orjson.loads(text), (), reading)
    fields = FieldSet(frozenset(reading.paths), reading.floatless)
    if reading.canonical:
        object.__setattr__(fields, "_source", text)
    return fields


def _trie_json(node: Mapping[str, Any]) -> str:
    return "{" + ",".join(go_json_string(k, short_bf=False) + ":" + _trie_json(v) for k, v in node.items()) + "}"


class _Reading:
    """What reading a ``FieldsV1`` document finds: its paths, whether a key or value element
    holds a float, and whether the document is exactly what encoding its paths gives back."""

    __slots__ = ("canonical", "floatless", "paths")

    def __init__(self) -> None:
        self.paths: set[Path] = set()
        self.floatless = True
        self.canonical = True


def _read_fields(document: Any, prefix: Path, reading: _Reading) -> bool:
    """Collect the paths of one node; True if it had any known child (SMD: then the node is a
    member only if it says ``"."``)."""
    if type(document) is not dict and not isinstance(document, Mapping):
        raise FieldSetError(f"expected an object at {path_string(prefix) or 'the root'}")
    known = False
    previous: tuple[Any, ...] | None = None
    for position, (key, sub) in enumerate(document.items()):
        if key == ".":
            # Written first, as {}, and only in a member that has members below.
            if position or not prefix or type(sub) is not dict or sub:
                reading.canonical = False
            continue
        pe = _parse_key(key)
        if pe is None:
            reading.canonical = False  # dropped: writing the set back would not give it
            continue
        known = True
        if pe[0] is not PathKind.FIELD:
            if _element_has_float(pe):
                reading.floatless = False
            if pe.serialize() != key:
                reading.canonical = False
        if reading.canonical:
            order = _sort_key(pe)
            if previous is not None and not previous < order:
                reading.canonical = False
            previous = order
        path = (*prefix, pe)
        if not sub:
            # An empty object: a member with nothing below (the common leaf).
            if type(sub) is not dict:
                if not isinstance(sub, Mapping):
                    raise FieldSetError(f"expected an object at {path_string(path)}")
                reading.canonical = False
            reading.paths.add(path)
        elif not _read_fields(sub, path, reading) or "." in sub:
            reading.paths.add(path)
    if not known and "." in document:
        reading.canonical = False
    return known


# Beyond this many added paths, a union is encoded afresh rather than grown from its base.
_GROWTH_LIMIT: Final = 16


def _insert(fields: dict[str, Any], path: Path) -> None:
    """Add ``path`` to a ``fieldsV1`` document in SMD's form, in place, keeping it so."""
    level = fields
    last = len(path) - 1
    for depth, pe in enumerate(path):
        key = pe.serialize()
        node = level.get(key)
        if node is None:
            node = {}
            _insert_key(level, key, pe, node)
        elif depth == last:
            if node and "." not in node:
                below = dict(node)
                node.clear()
                node["."] = {}
                node.update(below)
            return
        elif not node:
            node["."] = {}  # a member that now has members below
        level = node


def _insert_key(level: dict[str, Any], key: str, pe: PathElement, value: dict[str, Any]) -> None:
    order = _sort_key(pe)
    items = list(level.items())
    for position, (other, _) in enumerate(items):
        if other != "." and order < _sort_key(_parse_key(other)):  # type: ignore[arg-type]
            items.insert(position, (key, value))
            level.clear()
            level.update(items)
            return
    level[key] = value

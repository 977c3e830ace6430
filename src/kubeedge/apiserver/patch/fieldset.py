"""Field sets: the paths a field manager owns, their ``FieldsV1`` wire form, and how a schema shapes them.

Server-side apply records, per manager, the set of fields it owns in
``metadata.managedFields[].fieldsV1``. This module is the value layer under that:

- :class:`PathElement`: one step of a path, ``f:<field>``, ``k:<key fields>`` (an item of an
  associative list), ``v:<value>`` (an item of a set) or ``i:<index>``;
- :class:`FieldSet`: an immutable set of paths with union, difference, intersection, and the
  ``FieldsV1`` codec. Encoding follows structured-merge-diff byte for byte: elements sorted as
  SMD orders them (field names, then keys, then values, then indexes), ``"."`` first in a node
  that is also a member, and Go's JSON escaping inside ``k:``/``v:`` keys;
- :class:`Typer`: the schema as SMD sees it (which maps and lists are granular, which are owned
  as one unit, how associative-list items are named), and :func:`fields_of`, the set of fields
  an object sets.

Why a set of whole paths rather than SMD's trie: the set algebra becomes plain ``frozenset``
algebra, and the trie is only built to serialise or to walk a value against a set.

Every write goes through here (its managedFields), so the inner loops are kept cheap: a path
element is a plain tuple (hashed and compared in C), the ``FieldsV1`` keys seen before are not
parsed again, and what the walks ask of a schema node is worked out once per schema (kept in
:attr:`TypedSchema.memo`).
"""

from __future__ import annotations

import enum
import functools
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, NamedTuple

from kubeedge.apiserver.schema.model import REF_PREFIX, Schema, SchemaSet, TypedSchema

__all__ = [
    "FieldSet",
    "FieldSetError",
    "Form",
    "Path",
    "PathElement",
    "PathKind",
    "SchemaType",
    "Trie",
    "TypedValueError",
    "Typer",
    "fields_of",
    "freeze",
    "go_json",
    "go_quote",
    "path_string",
    "with_named_members",
]


class FieldSetError(ValueError):
    """A ``FieldsV1`` document, or a value inside a path, that cannot be read."""


class TypedValueError(FieldSetError):
    """A value that does not fit its schema the way SMD requires (an associative-list item without
    its keys, duplicate keys...). ``str()`` is SMD's ``ValidationErrors`` text."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        texts = [f"{path}: {message}" if path else message for path, message in self.errors]
        if len(texts) == 1:
            return texts[0]
        return "errors:\n" + "\n".join("  " + text for text in texts)


# --- JSON values: hashable canonical form, SMD's ordering, Go's text ---------------------------

Frozen = tuple[Any, ...]


def freeze(value: Any) -> Frozen:
    """A hashable form of a JSON value under SMD's equality: ints and floats compare numerically,
    booleans never equal numbers, maps ignore key order."""
    if value is None:
        return ("z",)
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, Mapping):
        return ("m", tuple(sorted((str(k), freeze(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("l", tuple(freeze(v) for v in value))
    raise FieldSetError(f"not a JSON value: {value!r}")


def _thaw(frozen: Frozen) -> Any:
    tag = frozen[0]
    if tag == "z":
        return None
    if tag == "l":
        return [_thaw(v) for v in frozen[1]]
    if tag == "m":
        return {k: _thaw(v) for k, v in frozen[1]}
    return frozen[1]


_VALUE_RANK: Final = {"n": 0, "s": 1, "b": 2, "l": 3, "m": 4, "z": 5}


def _value_order(frozen: Frozen) -> tuple[Any, ...]:
    # SMD's total order over values: numbers < strings < booleans < lists < maps < null.
    tag = frozen[0]
    if tag == "l":
        return (3, tuple(_value_order(v) for v in frozen[1]))
    if tag == "m":
        return (4, tuple((k, _value_order(v)) for k, v in frozen[1]))
    if tag == "z":
        return (5,)
    return (_VALUE_RANK[tag], frozen[1])


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string (``strconv.Quote``)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _GO_SHORT_ESCAPES:
            out.append(_GO_SHORT_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_SHORT_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}
_JSON_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HTML_ESCAPES: Final = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _go_json_string(text: str, *, short_bf: bool) -> str:
    # encoding/json with HTML escaping; jsoniter (SMD) writes \b and \f as \u0008/\u000c where
    # Go >= 1.22's encoding/json writes \b and \f.
    out = ['"']
    for ch in text:
        if ch in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[ch])
        elif ch in _HTML_ESCAPES:
            out.append(_HTML_ESCAPES[ch])
        elif short_bf and ch in "\b\f":
            out.append("\\b" if ch == "\b" else "\\f")
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _go_json_float(number: float) -> str:
    if not math.isfinite(number):
        raise FieldSetError(f"not a JSON number: {number!r}")
    magnitude = abs(number)
    if magnitude == 0 or 1e-6 <= magnitude < 1e21:
        if number.is_integer():
            return str(int(number))
        text = repr(number)
        return format(Decimal(text), "f") if "e" in text else text
    mantissa, exponent = repr(number).split("e")
    sign, digits = exponent[0], exponent[1:].lstrip("0") or "0"
    # Go keeps two exponent digits for positive exponents and trims "e-07" to "e-7".
    return f"{mantissa}e{sign}{digits.zfill(2) if sign == '+' else digits}"


def go_json(value: Any, *, short_bf: bool = False) -> str:
    """Compact JSON as Go writes it: sorted map keys, HTML-safe escaping, Go number formatting."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_json_float(value)
    if isinstance(value, str):
        return _go_json_string(value, short_bf=short_bf)
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items())
        body = ",".join(_go_json_string(k, short_bf=short_bf) + ":" + go_json(v, short_bf=short_bf) for k, v in items)
        return "{" + body + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(go_json(v, short_bf=short_bf) for v in value) + "]"
    raise FieldSetError(f"not a JSON value: {value!r}")


def _go_value_string(frozen: Frozen) -> str:
    # SMD's value.ToString: %q strings, %v numbers, [a,b] lists, k=v maps.
    tag = frozen[0]
    if tag == "z":
        return "null"
    payload = frozen[1]
    if tag == "s":
        return go_quote(payload)
    if tag == "b":
        return "true" if payload else "false"
    if tag == "n":
        return str(payload) if isinstance(payload, int) else _go_g(payload)
    if tag == "l":
        return "[" + ",".join(_go_value_string(v) for v in payload) + "]"
    return "".join(f"{k}={_go_value_string(v)}" for k, v in payload)


def _go_g(number: float) -> str:
    # Go's %v of a float64: shortest digits, exponent form when the exponent is < -4 or >= 6.
    if number == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(number)).normalize().as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    exp = len(text) + exponent - 1
    prefix = "-" if sign else ""
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    point = exp + 1
    if point <= 0:
        return prefix + "0." + "0" * -point + text
    if point >= len(text):
        return prefix + text + "0" * (point - len(text))
    return prefix + text[:point] + "." + text[point:]


# --- path elements ------------------------------------------------------------------------------


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
            return (1, tuple((name, _value_order(v)) for name, v in self[1]))
        if kind is PathKind.VALUE:
            return (2, _value_order(self[1]))
        return (_KIND_RANK[kind], self[1])

    def __str__(self) -> str:
        """SMD's ``PathElement.String``: ``.name``, ``[k=v,...]``, ``[=v]``, ``[i]``."""
        kind, payload = self
        if kind is PathKind.FIELD:
            return "." + str(payload)
        if kind is PathKind.KEY:
            return "[" + ",".join(f"{name}={_go_value_string(v)}" for name, v in payload) + "]"
        if kind is PathKind.VALUE:
            return f"[={_go_value_string(payload)}]"
        return f"[{payload}]"

    def serialize(self) -> str:
        """The ``FieldsV1`` key: ``f:name``, ``k:{"name":"x"}``, ``v:"x"``, ``i:0``."""
        kind = self[0]
        if kind is PathKind.FIELD:
            return "f:" + str(self[1])
        if kind is PathKind.INDEX or _has_float(self[1] if kind is PathKind.VALUE else (v for _, v in self[1])):
            return _serialize(self)
        return _serialize_memo(self)

    @classmethod
    def parse(cls, text: str) -> PathElement | None:
        """Read a ``FieldsV1`` key; None for an element type this version does not know (SMD
        drops those, for forward compatibility)."""
        return _parse_key(text)


def _element(parts: tuple[PathKind, Any]) -> PathElement:
    # tuple.__new__ directly: NamedTuple's own __new__ is a Python-level function.
    return tuple.__new__(PathElement, parts)  # type: ignore[type-var]


def _sort_key(pe: PathElement) -> tuple[Any, ...]:
    # PathElement.sort_key with the common case (a field) inline.
    return (0, pe[1]) if pe[0] is PathKind.FIELD else pe.sort_key()


def _has_float(frozen: Any) -> bool:
    """Whether a frozen value (or an iterable of them) holds a float: ``1e21`` equals ``10**21``
    as an element but is written differently, so such elements are not memoised."""
    if not isinstance(frozen, tuple):
        return any(_has_float(v) for v in frozen)
    tag = frozen[0]
    if tag == "n":
        return isinstance(frozen[1], float)
    if tag == "l":
        return any(_has_float(v) for v in frozen[1])
    if tag == "m":
        return any(_has_float(v) for _, v in frozen[1])
    return False


def _serialize(pe: PathElement) -> str:
    kind, payload = pe
    if kind is PathKind.KEY:
        body = ",".join(_go_json_string(n, short_bf=False) + ":" + go_json(_thaw(v)) for n, v in payload)
        return "k:{" + body + "}"
    if kind is PathKind.VALUE:
        return "v:" + go_json(_thaw(payload))
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
        return FieldSet(self.paths.union(*(o.paths for o in others)))

    def difference(self, other: FieldSet) -> FieldSet:
        """Path-by-path difference: removing a parent does not remove its children."""
        return FieldSet(self.paths - other.paths)

    def intersection(self, other: FieldSet) -> FieldSet:
        return FieldSet(self.paths & other.paths)

    def recursive_difference(self, other: FieldSet) -> FieldSet:
        """Remove every path of ``other`` and everything under it."""
        removed = other.paths
        if not removed:
            return self
        # Only prefixes as long as some path of ``other`` can match.
        lengths = sorted({len(p) for p in removed})
        return FieldSet(frozenset(p for p in self.paths if not any(p[:n] in removed for n in lengths if n <= len(p))))

    def under(self, prefix: Path) -> FieldSet:
        """Only the paths equal to ``prefix`` or below it."""
        return FieldSet(frozenset(p for p in self.paths if p[: len(prefix)] == prefix))

    def trie(self) -> Trie:
        root = Trie()
        for path in self.paths:
            root.add(path)
        return root

    def to_fields_v1(self) -> dict[str, Any]:
        """The ``fieldsV1`` object, keys in SMD's order."""
        return self.trie().to_fields_v1()

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
        out: set[Path] = set()
        _read_fields(document, (), out)
        return cls(frozenset(out))


def _trie_json(node: Mapping[str, Any]) -> str:
    return "{" + ",".join(_go_json_string(k, short_bf=False) + ":" + _trie_json(v) for k, v in node.items()) + "}"


def _read_fields(document: Any, prefix: Path, out: set[Path]) -> bool:
    """Collect the paths of one node; True if it had any known child (SMD: then the node is a
    member only if it says ``"."``)."""
    if type(document) is not dict and not isinstance(document, Mapping):
        raise FieldSetError(f"expected an object at {path_string(prefix) or 'the root'}")
    known = False
    for key, sub in document.items():
        if key == ".":
            continue
        pe = _parse_key(key)
        if pe is None:
            continue
        known = True
        path = (*prefix, pe)
        if not sub:
            # An empty object: a member with nothing below (the common leaf).
            if type(sub) is not dict and not isinstance(sub, Mapping):
                raise FieldSetError(f"expected an object at {path_string(path)}")
            out.add(path)
        elif not _read_fields(sub, path, out) or "." in sub:
            out.add(path)
    return known


# --- the schema as SMD sees it -----------------------------------------------------------------


class Form(enum.Enum):
    """How a value is owned: as one unit, or member by member."""

    LEAF = "leaf"  # scalar, atomic list/map, or anything untyped-atomic
    MAP = "map"  # granular map or struct: one field per key
    SET = "set"  # associative list of scalars: one field per value
    KEYED = "keyed"  # associative list of maps: one field per key tuple


class _Mode(enum.Enum):
    TYPED = "typed"
    DEDUCED = "deduced"  # no schema: maps granular, lists atomic (SMD's __untyped_deduced_)
    ATOMIC = "atomic"  # SMD's __untyped_atomic_: everything is one unit


# Hard-coded as untyped scalars by kube's OpenAPI→SMD conversion, whatever their schema says.
_LEAF_DEFINITIONS: Final = frozenset(
    {"io.k8s.apimachinery.pkg.api.resource.Quantity", "io.k8s.apimachinery.pkg.runtime.RawExtension"}
)


class SchemaType:
    """A schema node (resolved), or one of SMD's untyped types.

    A typed node also carries the answers the walks need for every value they visit (its form
    for maps and for lists, its list keys, the types of its fields and items), filled in once:
    the :class:`Typer` that made it shares it with every later request of the same schema.
    Treat it as read-only.
    """

    __slots__ = (
        "_children",
        "_element",
        "_keys",
        "_list_form",
        "_map_form",
        "_names",
        "_other",
        "leaf",
        "mode",
        "node",
    )

    def __init__(self, mode: _Mode, node: Schema | None = None, leaf: bool = False) -> None:
        self.mode = mode
        self.node = node
        self.leaf = leaf
        self._children: dict[str, tuple[SchemaType, bool]] = {}
        self._element: SchemaType | None = None
        self._other: tuple[SchemaType, bool] | None = None
        self._keys: tuple[str, ...] = ()
        self._map_form: Form | None = None
        self._list_form: Form | None = None
        self._names: bool | None = None
        if mode is _Mode.TYPED and node is not None:
            typ = node.get("type")
            self._keys = Typer._keys(node)
            if typ == "object" or not typ:
                self._map_form = Form.LEAF if node.get("x-kubernetes-map-type") == "atomic" else Form.MAP
            if typ == "array" or not typ:
                self._list_form = _list_form(node, self._keys)


def _list_form(node: Schema, keys: tuple[str, ...]) -> Form:
    list_type = node.get("x-kubernetes-list-type")
    if list_type is not None:
        if list_type == "set":
            return Form.SET
        if list_type == "map":
            return Form.KEYED if keys else Form.SET
        return Form.LEAF
    if node.get("x-kubernetes-patch-strategy") in ("merge", "merge,retainKeys"):
        return Form.KEYED if keys else Form.SET
    return Form.LEAF


_DEDUCED: Final = SchemaType(_Mode.DEDUCED)
_UNTYPED_ATOMIC: Final = SchemaType(_Mode.ATOMIC)
_LEAF_TYPE: Final = SchemaType(_Mode.ATOMIC, leaf=True)
_DEDUCED_CHILD: Final = (_DEDUCED, False)
_ATOMIC_CHILD: Final = (_UNTYPED_ATOMIC, False)
_MEMO_KEY: Final = "fieldset.types"


def _ref_name(node: Schema) -> str:
    ref = node.get("$ref")
    if ref is None:
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], Mapping):
            ref = all_of[0].get("$ref")
    return ref.removeprefix(REF_PREFIX) if isinstance(ref, str) else ""


class Typer:
    """Answers SMD's schema questions about values, for one kind.

    Unknown fields (not in ``properties``, no ``additionalProperties``) are treated as deduced,
    as under ``x-kubernetes-preserve-unknown-fields``: pruning or rejecting them is the caller's.

    The type of each schema node is made once per :class:`TypedSchema` and kept in its memo
    (keyed by node identity, the node kept alongside so that the key stays valid), so building a
    Typer per request costs a dictionary lookup.
    """

    __slots__ = ("_schemas", "_types", "memo", "root")

    def __init__(self, schema: TypedSchema | None) -> None:
        if schema is None:
            self._schemas = SchemaSet()
            self.memo: dict[str, Any] = {}
            self._types: dict[int, tuple[Schema, SchemaType]] = {}
            self.root = _DEDUCED
            return
        self._schemas = schema.schemas
        self.memo = schema.memo
        types = self.memo.get(_MEMO_KEY)
        if types is None:
            types = self.memo[_MEMO_KEY] = {}
        self._types = types
        self.root = self.of(schema.root)

    def of(self, node: Schema | None) -> SchemaType:
        if node is None:
            return _DEDUCED
        hit = self._types.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        t = self._make(node)
        self._types[id(node)] = (node, t)
        return t

    def _make(self, node: Schema) -> SchemaType:
        if _ref_name(node) in _LEAF_DEFINITIONS:
            return _LEAF_TYPE
        resolved = self._schemas.resolve(node)
        if resolved is None:
            return _DEDUCED
        if resolved.get("x-kubernetes-int-or-string"):
            return _LEAF_TYPE
        return SchemaType(_Mode.TYPED, resolved)

    def form(self, t: SchemaType, value: Any) -> Form:
        """How ``value`` of type ``t`` is owned. null counts as an empty container."""
        mode = t.mode
        if mode is _Mode.TYPED:
            if value is None:
                return t._map_form or t._list_form or Form.LEAF
            if isinstance(value, dict):
                return t._map_form or Form.LEAF
            if isinstance(value, list):
                return t._list_form or Form.LEAF
            return Form.LEAF
        if mode is _Mode.DEDUCED:
            return Form.MAP if value is None or isinstance(value, dict) else Form.LEAF
        return Form.LEAF

    def list_form(self, t: SchemaType) -> Form:
        node = t.node or {}
        return _list_form(node, self._keys(node))

    @staticmethod
    def _keys(node: Schema) -> tuple[str, ...]:
        if node.get("x-kubernetes-list-type") is not None:
            keys = node.get("x-kubernetes-list-map-keys")
            return tuple(k for k in keys if isinstance(k, str)) if isinstance(keys, list) else ()
        key = node.get("x-kubernetes-patch-merge-key")
        return (key,) if isinstance(key, str) else ()

    def child(self, t: SchemaType, name: str) -> tuple[SchemaType, bool]:
        """The type of field ``name`` of a map-typed ``t``, and whether it is a declared field."""
        hit = t._children.get(name)
        if hit is not None:
            return hit
        node = t.node
        if t.mode is not _Mode.TYPED or node is None:
            return _DEDUCED_CHILD if t.mode is _Mode.DEDUCED else _ATOMIC_CHILD
        properties = node.get("properties")
        if isinstance(properties, Mapping) and name in properties:
            # Only declared names are kept: the others (labels, annotations...) are unbounded.
            hit = t._children[name] = (self.of(properties[name]), True)
            return hit
        if t._other is None:
            additional = node.get("additionalProperties")
            t._other = (self.of(additional), False) if isinstance(additional, Mapping) else _DEDUCED_CHILD
        return t._other

    def element(self, t: SchemaType) -> SchemaType:
        element = t._element
        if element is None:
            items = t.node.get("items") if t.node is not None else None
            element = self.of(items) if isinstance(items, Mapping) else _UNTYPED_ATOMIC
            if t.mode is _Mode.TYPED:
                t._element = element
        return element

    def names_items(self, t: SchemaType) -> bool:
        """Whether a value of type ``t`` can hold an associative list, whose items need names
        (so that a walk may skip the values where it cannot)."""
        if t.mode is not _Mode.TYPED:
            return False
        if t._names is None:
            t._names = self._reaches_associative_list(t)
        return t._names

    def _reaches_associative_list(self, start: SchemaType) -> bool:
        # Over the schema graph, which may be cyclic (JSONSchemaProps): once per type and schema.
        seen = {id(start)}
        stack = [start]
        while stack:
            t = stack.pop()
            node = t.node
            if t.mode is not _Mode.TYPED or node is None:
                continue
            if t._list_form is Form.SET or t._list_form is Form.KEYED:
                return True
            properties = node.get("properties")
            below = list(properties.values()) if isinstance(properties, Mapping) else []
            below += [node.get("additionalProperties"), node.get("items")]
            for sub in below:
                if isinstance(sub, Mapping):
                    sub_type = self.of(sub)
                    if id(sub_type) not in seen:
                        seen.add(id(sub_type))
                        stack.append(sub_type)
        return False

    def item_element(self, t: SchemaType, form: Form, item: Any) -> PathElement:
        """The path element naming ``item`` of an associative list (SMD's messages on failure).

        Raises:
            ValueError: the item cannot be named.
        """
        if form is Form.SET:
            if isinstance(item, dict):
                raise ValueError("associative list without keys has an element that's a map type")
            if isinstance(item, list):
                raise ValueError("not supported: associative list with lists as elements")
            if item is None:
                raise ValueError("associative list without keys has an element that's an explicit null")
            return PathElement.of_value(item)
        if item is None:
            raise ValueError("associative list with keys may not have a null element")
        if not isinstance(item, dict):
            raise ValueError("associative list with keys may not have non-map elements")
        keys = t._keys if t.mode is _Mode.TYPED else self._keys(t.node or {})
        if len(keys) == 1 and keys[0] in item:
            # The common case (containers by name, ports by containerPort...).
            return _element((PathKind.KEY, ((keys[0], freeze(item[keys[0]])),)))
        fields: dict[str, Any] = {}
        for name in keys:
            if name in item:
                fields[name] = item[name]
                continue
            default = self._key_default(t, name)
            if default is None:
                raise ValueError(
                    f"associative list with keys has an element that omits key field {go_quote(name)} "
                    "(and doesn't have default value)"
                )
            fields[name] = default
        return PathElement.of_key(fields)

    def _key_default(self, t: SchemaType, name: str) -> Any:
        element = self.element(t)
        if element.node is None:
            return None
        field_type, declared = self.child(element, name)
        return field_type.node.get("default") if declared and field_type.node is not None else None

    def named_child(self, t: SchemaType | None, pe: PathElement) -> tuple[SchemaType | None, bool]:
        """Follow ``pe`` without a value (for :func:`with_named_members`): the child type, and
        whether ``pe`` is a declared field of ``t``."""
        if t is None or t.leaf:
            return None, False
        if pe.kind is PathKind.FIELD:
            if t.mode is _Mode.ATOMIC or (t.node is not None and t.node.get("type") not in (None, "", "object")):
                return None, False
            return self.child(t, pe.payload)
        if pe.kind is PathKind.KEY and t.node is not None and t.node.get("type") in (None, "", "array"):
            return self.element(t), False
        return None, False


def fields_of(value: Any, typer: Typer) -> FieldSet:
    """The fields ``value`` sets (SMD's ``ToFieldSet``): every leaf, every list item, every map
    entry that is not a declared struct field, and declared fields that are null or ``{}``.

    Raises:
        TypedValueError: an associative-list item cannot be named.
    """
    out: set[Path] = set()
    _collect(typer, value, typer.root, (), out)
    return FieldSet(frozenset(out))


def _collect(typer: Typer, value: Any, t: SchemaType, path: Path, out: set[Path]) -> None:
    form = typer.form(t, value)
    if form is Form.LEAF:
        if path:
            out.add(path)
        return
    if value is None:
        return
    if form is Form.MAP:
        for name, child in value.items():
            child_type, declared = typer.child(t, name)
            child_path = (*path, PathElement.of_field(name))
            _collect(typer, child, child_type, child_path, out)
            if child is None or child == {} or not declared:
                out.add(child_path)
        return
    element = typer.element(t)
    seen: set[PathElement] = set()
    duplicates: set[PathElement] = set()
    names: list[PathElement] = []
    for index, item in enumerate(value):
        try:
            pe = typer.item_element(t, form, item)
        except ValueError as exc:
            raise TypedValueError([(path_string(path), f"element {index}: {exc}")]) from None
        names.append(pe)
        if pe in seen:
            duplicates.add(pe)
        seen.add(pe)
    for pe, item in zip(names, value, strict=True):
        item_path = (*path, pe)
        out.add(item_path)
        # A duplicated item is owned as a whole: its contents cannot be told apart.
        if pe not in duplicates:
            _collect(typer, item, element, item_path, out)


def with_named_members(fields: FieldSet, typer: Typer) -> FieldSet:
    """SMD's ``EnsureNamedFieldsAreMembers``: add every declared struct field on the way to a
    path, so that removing by this set also removes emptied structs (but not maps)."""
    out = set(fields.paths)
    for path in fields.paths:
        t: SchemaType | None = typer.root
        for depth, pe in enumerate(path[:-1], start=1):
            t, declared = typer.named_child(t, pe)
            if declared:
                out.add(path[:depth])
            if t is None:
                break
    return FieldSet(frozenset(out))

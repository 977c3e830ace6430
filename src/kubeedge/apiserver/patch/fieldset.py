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

The first two live in :mod:`._fieldpaths` (over the JSON value helpers of :mod:`._fieldvalues`);
this module is the one to import.

Every write goes through here (its managedFields), so the inner loops are kept cheap: a path
element is a plain tuple (hashed and compared in C), the ``FieldsV1`` keys seen before are not
parsed again, and what the walks ask of a schema node is worked out once per schema (kept in
:attr:`TypedSchema.memo`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final

from kubeedge.apiserver.patch._fieldpaths import (
    FieldSet,
    Path,
    PathElement,
    PathKind,
    Trie,
    key_element,
    path_string,
)
from kubeedge.apiserver.patch._fieldvalues import FieldSetError, TypedValueError, freeze, go_json, go_quote
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
        "_naming",
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
        self._naming: tuple[tuple[tuple[str, SchemaType], ...], SchemaType | None] | None = None
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
        return self._other_child(t)

    def _other_child(self, t: SchemaType) -> tuple[SchemaType, bool]:
        # The type of any field of a typed map that it does not declare.
        if t._other is None:
            additional = t.node.get("additionalProperties") if t.node is not None else None
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

    def naming_fields(self, t: SchemaType) -> tuple[tuple[tuple[str, SchemaType], ...], SchemaType | None]:
        """For a map of type ``t``: the declared fields (with their types) whose values can hold
        associative lists, and the type of its other fields if theirs can (else None)."""
        if t._naming is None:
            node = t.node or {}
            properties = node.get("properties")
            declared = tuple(
                (name, self.of(sub))
                for name, sub in (properties.items() if isinstance(properties, Mapping) else ())
                if isinstance(sub, Mapping) and self.names_items(self.of(sub))
            )
            other = self._other_child(t)[0]
            t._naming = (declared, other if self.names_items(other) else None)
        return t._naming

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
            return key_element(keys[0], item[keys[0]])
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

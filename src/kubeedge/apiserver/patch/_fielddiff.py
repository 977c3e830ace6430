"""The structured diff under field tracking: which fields a write added, changed and removed.

:func:`compare` is structured-merge-diff's ``Compare`` of an old and a new object, as sets of
paths (see :mod:`~kubeedge.apiserver.patch.managedfields` for what is done with them).
:func:`created_fields` is the same diff for a create, where nobody owns anything yet, written
straight in the ``FieldsV1`` wire form: the whole object is walked once and no set of paths is
built, sorted and encoded afterwards. Both take decoded JSON values.

Every write goes through here, so both avoid work the answer does not need: a subtree equal on
both sides (JSON-equal: ``true`` is not ``1``) is not walked, only checked, where the schema
allows associative lists below, for the list items SMD could not name (that must still fail).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import orjson

from kubeedge.apiserver.patch.fieldset import (
    FieldSet,
    Form,
    Path,
    PathElement,
    SchemaType,
    TypedValueError,
    Typer,
    freeze,
    path_string,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.patch.managedfields import ResetFilter

__all__ = ["Comparison", "Plan", "compare", "created_fields", "discard", "group_items", "removal_plan"]

_MISSING: Final[Any] = object()
_NOTHING: Final[dict[str, Any]] = {}
_SORTED_JSON: Final = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)
_SCALARS: Final = (str, int, bool, type(None), float)

Sets = tuple[set[Path], set[Path], set[Path]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """SMD's ``Comparison`` of an old (lhs) and new (rhs) object."""

    added: FieldSet
    modified: FieldSet
    removed: FieldSet

    def is_same(self) -> bool:
        return self.added.is_empty() and self.modified.is_empty() and self.removed.is_empty()

    def filtered(self, reset: ResetFilter) -> Comparison:
        return Comparison(
            added=reset.apply(self.added),
            modified=reset.apply(self.modified),
            removed=reset.apply(self.removed),
        )


def compare(lhs: Any, rhs: Any, typer: Typer) -> Comparison:
    """Which fields ``rhs`` added, modified and removed relative to ``lhs``.

    A granular map or list that appears (or disappears) is itself added (removed) along with its
    contents; two empty or null containers compare as leaves.

    Raises:
        TypedValueError: an associative-list item cannot be named.
    """
    sets: Sets = (set(), set(), set())
    _compare(typer, lhs, rhs, typer.root, (), sets)
    return Comparison(
        added=FieldSet(frozenset(sets[0])),
        modified=FieldSet(frozenset(sets[1])),
        removed=FieldSet(frozenset(sets[2])),
    )


def _same(lhs: Any, rhs: Any) -> bool:
    """Whether two values are equal as JSON (so SMD finds no difference anywhere inside).

    Python's ``==`` alone would take ``true`` for ``1``; the sorted JSON text settles that. A
    False answer is always safe: the caller then walks the values.
    """
    cls = lhs.__class__
    if cls is not rhs.__class__:
        return False
    if cls is dict or cls is list:
        try:
            return bool(lhs == rhs) and orjson.dumps(lhs, option=_SORTED_JSON) == orjson.dumps(rhs, option=_SORTED_JSON)
        except TypeError:  # not JSON (orjson's error is a TypeError)
            return False
    return cls in _SCALARS and bool(lhs == rhs)


def _leaf(lhs: Any, rhs: Any, path: Path, sets: Sets) -> None:
    if not path:
        return
    if lhs is _MISSING:
        sets[0].add(path)
    elif rhs is _MISSING:
        sets[2].add(path)
    elif freeze(lhs) != freeze(rhs):
        sets[1].add(path)


def _compare(typer: Typer, lhs: Any, rhs: Any, t: SchemaType, path: Path, sets: Sets) -> None:
    if lhs is not _MISSING and rhs is not _MISSING and _same(lhs, rhs):
        if typer.names_items(t):
            _check_names(typer, rhs, t, path)
        return
    lform = typer.form(t, lhs) if lhs is not _MISSING else None
    rform = typer.form(t, rhs) if rhs is not _MISSING else None
    form = rform or lform
    if form is Form.LEAF or (lform is not None and rform is not None and lform is not rform):
        _leaf(lhs, rhs, path, sets)
        return
    if form is Form.MAP:
        lmap = lhs if isinstance(lhs, dict) else _NOTHING
        rmap = rhs if isinstance(rhs, dict) else _NOTHING
        if not lmap and not rmap:
            _leaf(lhs, rhs, path, sets)
            return
        naming = typer.names_items(t)
        for name in {**lmap, **rmap}:
            left, right = lmap.get(name, _MISSING), rmap.get(name, _MISSING)
            if left is not _MISSING and right is not _MISSING and _same(left, right):
                # The common case on update; as _compare would do, without building a path.
                if naming:
                    child_type = typer.child(t, name)[0]
                    if typer.names_items(child_type):
                        _check_names(typer, right, child_type, (*path, PathElement.of_field(name)))
                continue
            _compare(typer, left, right, typer.child(t, name)[0], (*path, PathElement.of_field(name)), sets)
    else:
        llist = lhs if isinstance(lhs, list) else []
        rlist = rhs if isinstance(rhs, list) else []
        if not llist and not rlist:
            _leaf(lhs, rhs, path, sets)
            return
        assert form is not None
        _compare_items(typer, llist, rlist, t, form, path, sets)
    if path and lhs is _MISSING:
        sets[0].add(path)
    elif path and rhs is _MISSING:
        sets[2].add(path)


def _check_names(typer: Typer, value: Any, t: SchemaType, path: Path) -> None:
    """Raise where :func:`_compare` of ``value`` with itself would: an item it cannot name."""
    form = typer.form(t, value)
    if form is Form.LEAF:
        return
    if form is Form.MAP:
        if isinstance(value, dict):
            # Only the fields whose schema allows associative lists below.
            declared, other = typer.naming_fields(t)
            for name, child_type in declared:
                if name in value:
                    _check_names(typer, value[name], child_type, (*path, PathElement.of_field(name)))
            if other is not None:
                for name, child in value.items():
                    if not typer.child(t, name)[1]:
                        _check_names(typer, child, other, (*path, PathElement.of_field(name)))
        return
    if not isinstance(value, list) or not value:
        return
    element = typer.element(t)
    for pe, items in group_items(typer, t, form, value, path).items():
        # Duplicated items are compared whole, never walked.
        if len(items) == 1 and typer.names_items(element):
            _check_names(typer, items[0], element, (*path, pe))


def group_items(typer: Typer, t: SchemaType, form: Form, items: list[Any], path: Path) -> dict[PathElement, list[Any]]:
    """Items of an associative list by path element, in first-seen order.

    Raises:
        TypedValueError: an item cannot be named.
    """
    groups: dict[PathElement, list[Any]] = {}
    for index, item in enumerate(items):
        try:
            pe = typer.item_element(t, form, item)
        except ValueError as exc:
            raise TypedValueError([(path_string(path), f"element {index}: {exc}")]) from None
        group = groups.get(pe)
        if group is None:
            groups[pe] = [item]
        else:
            group.append(item)
    return groups


def _compare_items(
    typer: Typer,
    llist: list[Any],
    rlist: list[Any],
    t: SchemaType,
    form: Form,
    path: Path,
    sets: Sets,
) -> None:
    element = typer.element(t)
    lgroups = group_items(typer, t, form, llist, path)
    rgroups = group_items(typer, t, form, rlist, path)
    for pe in {**lgroups, **rgroups}:
        left, right = lgroups.get(pe, []), rgroups.get(pe, [])
        item_path = (*path, pe)
        if len(left) <= 1 and len(right) <= 1:
            _compare(
                typer,
                left[0] if left else _MISSING,
                right[0] if right else _MISSING,
                element,
                item_path,
                sets,
            )
        # Duplicated keys: the duplicates are compared as one atomic value.
        elif len(left) >= 2 and len(right) >= 2:
            if freeze(left) != freeze(right):
                sets[1].add(item_path)
        elif len(left) >= 2:
            if right:
                _compare(typer, _MISSING, right[0], element, item_path, sets)
            sets[2].add(item_path)
        else:
            if left:
                _compare(typer, left[0], _MISSING, element, item_path, sets)
            sets[0].add(item_path)


# --- a create, straight to FieldsV1 ---------------------------------------------------------------


def created_fields(typer: Typer, zero: Any, obj: Any) -> dict[str, Any]:
    """The ``fieldsV1`` of ``compare(zero, obj).added | .modified``, keys in SMD's order.

    ``zero`` is what a create is compared against (``{}``, or a kind's zero object): it must
    hold no list items, so that nothing is removed and no item of it needs a name.

    Raises:
        TypedValueError: an associative-list item of ``obj`` cannot be named.
    """
    return _changed(typer, zero, obj, typer.root)[1]


def _changed(typer: Typer, lhs: Any, rhs: Any, t: SchemaType) -> tuple[bool, dict[str, Any]]:
    """For a node ``rhs`` holds: whether it is itself added or modified, and the ``fieldsV1`` of
    what is below it (the rules of :func:`_compare`, keeping what it puts in added and modified;
    a node only ``lhs`` holds is never either)."""
    if lhs is _MISSING:
        return True, _added(typer, rhs, t)
    rform = typer.form(t, rhs)
    if rform is Form.LEAF or typer.form(t, lhs) is not rform:
        return freeze(lhs) != freeze(rhs), _NOTHING
    fields: dict[str, Any] = {}
    if rform is Form.MAP:
        lmap = lhs if isinstance(lhs, dict) else _NOTHING
        rmap = rhs if isinstance(rhs, dict) else _NOTHING
        if not lmap and not rmap:
            return freeze(lhs) != freeze(rhs), _NOTHING
        for name in sorted(rmap):
            member, below = _changed(typer, lmap.get(name, _MISSING), rmap[name], typer.child(t, name)[0])
            _put(fields, "f:" + name, member, below)
        return False, fields
    llist = lhs if isinstance(lhs, list) else []
    rlist = rhs if isinstance(rhs, list) else []
    if not llist and not rlist:
        return freeze(lhs) != freeze(rhs), _NOTHING
    element = typer.element(t)
    lgroups = group_items(typer, t, rform, llist, ())
    items: list[tuple[tuple[Any, ...], PathElement, bool, dict[str, Any]]] = []
    for pe, right in group_items(typer, t, rform, rlist, ()).items():
        left = lgroups.get(pe, ())
        if len(right) == 1:
            # One new item (a duplicated old one counts as gone): compared as a value.
            member, below = _changed(typer, left[0] if len(left) == 1 else _MISSING, right[0], element)
        elif len(left) >= 2:
            member, below = freeze(left) != freeze(right), _NOTHING
        else:
            # Duplicated new items are owned whole.
            member, below = True, _NOTHING
        if member or below:
            items.append((pe.sort_key(), pe, member, below))
    items.sort(key=lambda item: item[0])
    for _, pe, member, below in items:
        _put(fields, pe.serialize(), member, below)
    return False, fields


def _added(typer: Typer, value: Any, t: SchemaType) -> dict[str, Any]:
    """The ``fieldsV1`` node of a value ``lhs`` does not have: it and everything in it is added
    (``{}`` for a leaf or an empty container, else ``"."`` and its members)."""
    form = typer.form(t, value)
    if form is Form.LEAF or not value:
        return {}
    fields: dict[str, Any] = {".": {}}
    if form is Form.MAP:
        for name in sorted(value):
            sub = value[name]
            # A scalar, null or empty value is a leaf whatever its schema: no need to type it.
            below = _added(typer, sub, typer.child(t, name)[0]) if sub and isinstance(sub, dict | list) else {}
            fields["f:" + name] = below
        return fields
    element = typer.element(t)
    items = [
        # A duplicated item is owned whole.
        (pe.sort_key(), pe, _added(typer, same[0], element) if len(same) == 1 else {})
        for pe, same in group_items(typer, t, form, value, ()).items()
    ]
    items.sort(key=lambda item: item[0])
    for _, pe, below in items:
        fields[pe.serialize()] = below
    return fields


def _put(fields: dict[str, Any], key: str, member: bool, below: dict[str, Any]) -> None:
    # SMD's trie encoding: "." marks a node that is a member and also has members below it.
    if below:
        fields[key] = {".": {}, **below} if member else below
    elif member:
        fields[key] = {}


# --- removing paths from FieldsV1 ---------------------------------------------------------------

Plan = dict[str, tuple[bool, "Plan | None"]]


def removal_plan(fields: FieldSet) -> Plan:
    """``fields`` as :func:`discard` takes them: by ``fieldsV1`` key, whether the path itself is
    to go, and the plan for below it."""
    plan: Plan = {}
    for path in fields.paths:
        level = plan
        for depth, pe in enumerate(path, start=1):
            key = pe.serialize()
            member, below = level.get(key, (False, None))
            if depth == len(path):
                level[key] = (True, below)
            else:
                below = below if below is not None else {}
                level[key] = (member, below)
                level = below
    return plan


def discard(fields: dict[str, Any], plan: Plan) -> None:
    """Remove paths (each one alone, not what is below it) from a ``fieldsV1`` document, in
    place, dropping the nodes left with no member."""
    for key, (member, below) in plan.items():
        node = fields.get(key)
        if node is None:
            continue
        was_member = not node or "." in node
        if below is not None and node:
            discard(node, below)
        stays_member = was_member and not member
        if len(node) > ("." in node):
            if not stays_member:
                node.pop(".", None)
        elif stays_member:
            fields[key] = {}
        else:
            del fields[key]

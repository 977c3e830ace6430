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

__all__ = ["Comparison", "compare", "created_fields", "discard", "group_items"]

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
        for name in {**lmap, **rmap}:
            child_type, _ = typer.child(t, name)
            _compare(
                typer,
                lmap.get(name, _MISSING),
                rmap.get(name, _MISSING),
                child_type,
                (*path, PathElement.of_field(name)),
                sets,
            )
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
            for name, child in value.items():
                child_type, _ = typer.child(t, name)
                if typer.names_items(child_type):
                    _check_names(typer, child, child_type, (*path, PathElement.of_field(name)))
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
    rform = typer.form(t, rhs)
    lform = typer.form(t, lhs) if lhs is not _MISSING else None
    if rform is Form.LEAF or (lform is not None and lform is not rform):
        return lhs is _MISSING or freeze(lhs) != freeze(rhs), _NOTHING
    fields: dict[str, Any] = {}
    if rform is Form.MAP:
        lmap = lhs if isinstance(lhs, dict) else _NOTHING
        rmap = rhs if isinstance(rhs, dict) else _NOTHING
        if not lmap and not rmap:
            return lhs is _MISSING or freeze(lhs) != freeze(rhs), _NOTHING
        for name in sorted(rmap):
            member, below = _changed(typer, lmap.get(name, _MISSING), rmap[name], typer.child(t, name)[0])
            _put(fields, "f:" + name, member, below)
        return lhs is _MISSING, fields
    llist = lhs if isinstance(lhs, list) else []
    rlist = rhs if isinstance(rhs, list) else []
    if not llist and not rlist:
        return lhs is _MISSING or freeze(lhs) != freeze(rhs), _NOTHING
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
    return lhs is _MISSING, fields


def _put(fields: dict[str, Any], key: str, member: bool, below: dict[str, Any]) -> None:
    # SMD's trie encoding: "." marks a node that is a member and also has members below it.
    if below:
        fields[key] = {".": {}, **below} if member else below
    elif member:
        fields[key] = {}


def discard(fields: dict[str, Any], path: Path) -> None:
    """Remove ``path`` (only it, not what is below it) from a ``fieldsV1`` document, in place."""
    key = path[0].serialize()
    below = fields.get(key)
    if below is None:
        return
    if len(path) == 1:
        if not below:
            del fields[key]
        else:
            below.pop(".", None)
        return
    if not below:
        return
    discard(below, path[1:])
    if not below:
        del fields[key]
    elif len(below) == 1 and "." in below:
        fields[key] = {}

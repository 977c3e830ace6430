"""Element order of merged lists in a strategic merge patch (kube's "preserve order" rules).

After a merge, apimachinery splits the merged list into the elements the patch names and the
elements only the server had, orders each group by its own reference list, and interleaves them:
a server-only element goes before a patch element only when both appear in the live list in
that order. An element the live list never had is therefore placed as soon as it is reached:
adding a container without ``$setElementOrder`` puts it *before* the existing ones, which is
what kube-apiserver does (and what ``kubectl patch`` users see). With ``$setElementOrder`` (as
``kubectl apply`` sends it) the reference order for patch elements is that list.

Elements are matched by their merge key's value for lists of objects, by value for primitives,
with Go's typed equality. Also here: the checks apimachinery makes on the way (every element an
object carrying the merge key; ``$setElementOrder`` consistent with the patch list), with its
error texts.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.patch import _status, _values

if TYPE_CHECKING:
    from kubeedge.apiserver.errors import StatusError

__all__ = [
    "DIRECTIVE",
    "SET_ELEMENT_ORDER",
    "bad_arg_type",
    "element_kind",
    "no_merge_key",
    "normalize",
    "partition",
    "validate_set_order",
]

DIRECTIVE = "$patch"
SET_ELEMENT_ORDER = "$setElementOrder"
_MAP = "map[string]interface {}"
_LIST = "[]interface {}"


def no_merge_key(element: Mapping[str, Any], merge_key: str) -> StatusError:
    return _status.unhandled(f"map: {_values.go_format(element)} does not contain declared merge key: {merge_key}")


def bad_arg_type(expected: str, actual: Any) -> StatusError:
    return _status.unhandled(f"expected a {expected}, but received a {_values.go_type(actual)}")


def element_kind(*lists: Sequence[Any]) -> str:
    """``map`` or ``scalar``: the one element type of the lists (``sliceElementType``)."""
    first: str | None = None
    for values in lists:
        for value in values:
            kind = _values.go_type(value)
            if first is None:
                first = kind
                if kind == _LIST:
                    # The only list error kube answers with 422 (mergepatch.ErrNoListOfLists).
                    raise _status.not_applicable("lists of lists are not supported")
            elif kind != first:
                raise _status.unhandled(
                    f"list element types are not identical: {_values.go_format([list(v) for v in lists])}"
                )
    if first is None:
        raise _status.unhandled("no elements in any of the given slices")
    return "map" if first == _MAP else "scalar"


def _is_delete(element: Any) -> bool:
    return isinstance(element, Mapping) and element.get(DIRECTIVE) == "delete"


def _identity(element: Any, merge_key: str, kind: str) -> Hashable:
    """What an element is matched on: its merge key's value, or itself for primitives."""
    if kind == "map":
        return _values.hash_key(element.get(merge_key) if isinstance(element, Mapping) else None)
    return _values.hash_key(element)


def _ranks(order: Sequence[Any], merge_key: str, kind: str) -> dict[Hashable, int]:
    ranks: dict[Hashable, int] = {}
    for index, element in enumerate(order):
        ranks.setdefault(_identity(element, merge_key, kind), index)
    return ranks


def _require_merge_key(merge_key: str, *lists: Sequence[Any]) -> None:
    for values in lists:
        for value in values:
            if not isinstance(value, Mapping):
                raise bad_arg_type(_MAP, value)
            if merge_key not in value:
                raise no_merge_key(value, merge_key)


def _sorted_by(items: Sequence[Any], order: Sequence[Any], merge_key: str, kind: str) -> list[Any]:
    """``normalizeSliceOrder``: stable sort by position in ``order``; deletions go last."""
    deletions: list[Any] = []
    if kind == "map":
        _require_merge_key(merge_key, items, order)
        deletions = [item for item in items if _is_delete(item)]
        items = [item for item in items if not _is_delete(item)]
    ranks = _ranks(order, merge_key, kind)
    # Elements absent from ``order`` cannot occur on kube's paths; keep them stable at the end.
    ordered = sorted(items, key=lambda item: ranks.get(_identity(item, merge_key, kind), len(order)))
    return ordered + deletions


def partition(merged: Sequence[Any], named: Sequence[Any], merge_key: str) -> tuple[list[Any], list[Any]]:
    """Split ``merged`` into the elements ``named`` mentions and the server-only rest."""
    if not merge_key:
        wanted = {_values.hash_key(v) for v in named}
        return (
            [v for v in merged if _values.hash_key(v) in wanted],
            [v for v in merged if _values.hash_key(v) not in wanted],
        )
    for index, value in enumerate(named if merged else ()):
        if not isinstance(value, Mapping):
            raise _status.unhandled(f"value for key {index} is not a map")
    wanted = {_values.hash_key(v[merge_key]) for v in named if merge_key in v}
    mentioned: list[Any] = []
    server_only: list[Any] = []
    for value in merged:
        if not isinstance(value, Mapping):
            raise bad_arg_type(_MAP, value)
        if merge_key not in value:
            raise no_merge_key(value, merge_key)
        (mentioned if _values.hash_key(value[merge_key]) in wanted else server_only).append(value)
    return mentioned, server_only


def normalize(
    mentioned: Sequence[Any],
    server_only: Sequence[Any],
    *,
    patch_order: Sequence[Any],
    server_order: Sequence[Any],
    merge_key: str,
    kind: str,
) -> list[Any]:
    """``normalizeElementOrder``: order both groups, then interleave them by the live order."""
    left = _sorted_by(server_only, server_order, merge_key, kind)
    right = _sorted_by(mentioned, patch_order, merge_key, kind)
    ranks = _ranks(server_order, merge_key, kind)
    result: list[Any] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if j >= len(right):
            result.append(left[i])
            i += 1
            continue
        if i < len(left):
            left_rank = ranks.get(_identity(left[i], merge_key, kind))
            right_rank = ranks.get(_identity(right[j], merge_key, kind))
            if left_rank is not None and right_rank is not None and left_rank < right_rank:
                result.append(left[i])
                i += 1
                continue
        result.append(right[j])
        j += 1
    return result


def _merge_key_equal(left: Any, right: Any, merge_key: str) -> bool:
    if not merge_key:
        return _values.strict_equal(left, right)
    for side in (left, right):
        if not isinstance(side, Mapping):
            raise bad_arg_type(_MAP, side)
        if merge_key not in side:
            raise no_merge_key(side, merge_key)
    return _values.strict_equal(left[merge_key], right[merge_key])


def validate_set_order(patch_list: Sequence[Any], set_order: Sequence[Any], merge_key: str) -> None:
    """The patch list's elements must appear in ``$setElementOrder``, in the same order."""
    if not set_order or not patch_list:
        return
    candidates: Sequence[Any] = patch_list
    if merge_key:
        for value in patch_list:
            if not isinstance(value, Mapping):
                raise bad_arg_type(_MAP, value)
        candidates = [v for v in patch_list if not _is_delete(v)]
    patch_index = order_index = 0
    while patch_index < len(candidates) and order_index < len(set_order):
        element = candidates[patch_index]
        if isinstance(element, Mapping) and DIRECTIVE in element:
            patch_index += 1
            continue
        if _merge_key_equal(element, set_order[order_index], merge_key):
            patch_index += 1
        order_index += 1
    if patch_index < len(candidates):
        raise _status.unhandled(
            f"The order in patch list:\n{_values.go_format(list(patch_list))}\n doesn't match "
            f"{SET_ELEMENT_ORDER} list:\n{_values.go_format(list(set_order))}\n"
        )

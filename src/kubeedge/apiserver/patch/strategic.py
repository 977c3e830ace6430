"""Kubernetes strategic merge patch: the apply side of apimachinery's ``strategicpatch``.

A strategic merge patch is a JSON merge patch whose lists know how to merge. The schema says
how, per field, with two OpenAPI extensions (the Go ``patchStrategy``/``patchMergeKey`` tags):

- ``x-kubernetes-patch-strategy: merge`` + ``x-kubernetes-patch-merge-key: name``: a list of
  objects merges element by element, matched on the merge key (containers by ``name``, ports by
  ``containerPort``); a list of primitives with ``merge`` becomes a union (finalizers);
- no strategy: the patch's list replaces the live one (tolerations); ``replace`` on an object
  replaces it instead of merging; ``retainKeys`` only matters to clients computing patches.

And the patch carries directives, all removed from the result:

- ``$patch: delete`` / ``$patch: replace`` on an object, or as a list element (``delete`` needs
  the merge key; ``replace`` makes the rest of the list the new list); ``$patch: merge`` is
  rejected, as kube rejects it;
- ``$retainKeys: [...]`` clears every other field of the object (Deployment ``strategy`` going
  from RollingUpdate to Recreate);
- ``$deleteFromPrimitiveList/<field>: [...]`` removes values from a primitive list;
- ``$setElementOrder/<field>: [...]`` fixes the order of a merged list (``kubectl apply``).

Where the schema does not describe a field (unknown, or under preserve-unknown-fields), the
merge goes on without metadata: objects merge, lists are replaced -- JSON merge patch -- and
directives are still honoured, so none leaks into the stored object. (kube would answer ``500
unable to find api field`` for such a field; our schemas may describe less than Go's structs.)
Errors carry kube's status and wording: see :mod:`kubeedge.apiserver.patch._status`. Element
order after a merge follows :mod:`kubeedge.apiserver.patch._smp_order`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.patch import _smp_order, _status, _values
from kubeedge.apiserver.patch._smp_order import DIRECTIVE, SET_ELEMENT_ORDER

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema, SchemaSet, TypedSchema

__all__ = ["apply_strategic_merge_patch"]

RETAIN_KEYS = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList"
_LIST = "[]interface {}"


def apply_strategic_merge_patch(
    document: Mapping[str, Any] | None, patch: Mapping[str, Any] | None, schema: TypedSchema
) -> dict[str, Any]:
    """Apply a decoded strategic merge patch to an object and return the patched copy.

    Args:
        document: the current object (versioned JSON); never modified.
        patch: the decoded request body. ``None`` (a ``null`` body) changes nothing, as in kube.
        schema: the kind's schema; its patch extensions drive list merging.

    Returns:
        A new object sharing nothing with ``document`` or ``patch``.

    Raises:
        StatusError: 400 for a body that is not an object or a malformed directive
            (``invalid patch format of retainKeys``...), 422 for lists of lists, and kube's
            500 for the other failures (``map: map[image:x] does not contain declared merge
            key: name``, ``unknown patch type: foo in map: ...``).
    """
    if patch is None:
        patch = {}
    if not isinstance(patch, Mapping):
        kind = _values.go_json_kind(patch)
        raise _status.bad_request(f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}")
    if _values.is_too_deep(patch):
        raise _status.too_deep()
    if document is None:
        document = {}
    if not isinstance(document, Mapping):
        raise TypeError(f"a strategic merge patch applies to an object, not {type(document).__name__}")
    merger = _Merger(schema.schemas)
    return merger.merge_map(_values.copy_value(document), patch, schema.resolved_root())


@dataclass(frozen=True, slots=True, kw_only=True)
class _Field:
    """What the schema says about one field: its node and its patch metadata."""

    node: Schema | None = None
    strategy: str = ""  # "", "merge" or "replace"; retainKeys is dropped, as apply ignores it
    merge_key: str = ""


_UNKNOWN = _Field()


def _strategy(raw: Any) -> str:
    """``extractRetainKeysPatchStrategy``: the strategy other than ``retainKeys``."""
    if not isinstance(raw, str) or not raw:
        return ""
    parts = raw.split(",")
    others = [p for p in parts if p != "retainKeys"]
    if len(parts) == 1:
        return others[0] if others else ""
    if len(parts) == 2 and len(others) == 1:
        return others[0]
    raise _status.unhandled(f"unexpected patch strategy: [{' '.join(parts)}]")


def _extract_key(key: str, prefix: str) -> str:
    """The field a parallel-list directive names: ``$setElementOrder/containers`` -> ``containers``."""
    head, slash, name = key.partition("/")
    if not slash or head != prefix:
        what = "primitive list" if prefix == DELETE_FROM_PRIMITIVE_LIST else "setElementOrder list"
        raise _status.bad_request(f"invalid patch format of {what}")
    return name


def _is_directive_key(key: str) -> bool:
    return (
        key in (DIRECTIVE, RETAIN_KEYS)
        or key.startswith(SET_ELEMENT_ORDER)
        or key.startswith(DELETE_FROM_PRIMITIVE_LIST)
    )


def _clean(value: Any) -> tuple[Any, bool]:
    """A copy of a value the patch brings in whole, and whether to keep it at all.

    kube drops ``null`` members (``discardNullValuesFromPatch``) and objects carrying a
    ``$patch`` directive (``removeDirectives``); we also drop stray directive keys, which kube
    leaves for its typed decoding to discard.
    """
    if isinstance(value, Mapping):
        if value.get(DIRECTIVE) is not None:
            return None, False
        members: dict[str, Any] = {}
        for key, member in value.items():
            if member is None or _is_directive_key(key):
                continue
            cleaned, keep = _clean(member)
            if keep:
                members[key] = cleaned
        return members, True
    if isinstance(value, list):
        return [c for c, keep in map(_clean, value) if keep], True
    return value, True


def _cleaned(value: Any) -> Any:
    return _clean(value)[0]


class _Merger:
    """``mergeMap``/``mergeSlice`` over an original the merger owns (a private deep copy).

    The patch is only read; everything taken from it is copied on the way in.
    """

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas

    # --- schema lookups ------------------------------------------------------------------

    def field(self, node: Schema | None, key: str) -> _Field:
        node = self.schemas.resolve(node)
        if node is None:
            return _UNKNOWN
        properties = node.get("properties")
        if isinstance(properties, Mapping) and key in properties:
            child = self.schemas.resolve(properties[key]) or {}
            merge_key = child.get("x-kubernetes-patch-merge-key", "")
            return _Field(
                node=child,
                strategy=_strategy(child.get("x-kubernetes-patch-strategy")),
                merge_key=merge_key if isinstance(merge_key, str) else "",
            )
        additional = node.get("additionalProperties")
        if isinstance(additional, Mapping):
            # Map values (labels, resource lists) carry no patch metadata, as in Go.
            return _Field(node=self.schemas.resolve(additional))
        return _UNKNOWN

    def items(self, node: Schema | None) -> Schema | None:
        return self.schemas.items(node) if node is not None else None

    # --- objects -------------------------------------------------------------------------

    def merge_map(self, original: dict[str, Any], patch: Mapping[str, Any], node: Schema | None) -> dict[str, Any]:
        if DIRECTIVE in patch:
            return self._map_directive(patch)
        consumed: set[str] = set()
        if RETAIN_KEYS in patch:
            self._retain_keys(original, patch)
            consumed.add(RETAIN_KEYS)
        self._merge_ordered_lists(original, patch, node, consumed)
        for key, value in patch.items():
            if key in consumed:
                continue
            if key.startswith(DELETE_FROM_PRIMITIVE_LIST):
                self._merge_field(original, _extract_key(key, DELETE_FROM_PRIMITIVE_LIST), value, node, True)
            else:
                self._merge_field(original, key, value, node, False)
        return original

    def _map_directive(self, patch: Mapping[str, Any]) -> dict[str, Any]:
        directive = patch[DIRECTIVE]
        if directive == "replace":
            replacement: dict[str, Any] = _cleaned({k: v for k, v in patch.items() if k != DIRECTIVE})
            return replacement
        if directive == "delete":
            return {}
        raise _status.unhandled(
            f"unknown patch type: {_values.go_format_s(directive)} in map: {_values.go_format(patch)}"
        )

    @staticmethod
    def _retain_keys(original: dict[str, Any], patch: Mapping[str, Any]) -> None:
        retain = patch[RETAIN_KEYS]
        if not isinstance(retain, list):
            raise _status.bad_request("invalid patch format of retainKeys")
        allowed = {_values.hash_key(k) for k in retain}
        for key, value in patch.items():
            if key == RETAIN_KEYS or value is None:
                continue
            if key.startswith((DELETE_FROM_PRIMITIVE_LIST, SET_ELEMENT_ORDER)):
                continue
            if _values.hash_key(key) not in allowed:
                # Every field the patch sets must be one the directive keeps.
                raise _status.bad_request("invalid patch format of retainKeys")
        for key in [k for k in original if _values.hash_key(k) not in allowed]:
            del original[key]

    def _merge_field(
        self, original: dict[str, Any], key: str, value: Any, node: Schema | None, is_delete_list: bool
    ) -> None:
        if value is None:
            original.pop(key, None)
            return
        current = original.get(key)
        if key not in original or _values.go_type(current) != _values.go_type(value):
            if not is_delete_list:
                cleaned, keep = _clean(value)
                if keep:
                    original[key] = cleaned
                else:
                    original.pop(key, None)
            return
        if isinstance(current, dict):
            field = self.field(node, key)
            if field.strategy == "replace":
                original[key] = _cleaned(value)
            else:
                original[key] = self.merge_map(current, value, field.node)
        elif isinstance(current, list):
            original[key] = self._merge_list_field(current, value, self.field(node, key), is_delete_list)
        else:
            original[key] = value

    # --- lists ---------------------------------------------------------------------------

    def _merge_list_field(
        self, current: list[Any], incoming: Sequence[Any], field: _Field, is_delete_list: bool
    ) -> list[Any]:
        if field.strategy == "merge" or is_delete_list:
            return self.merge_list(current, incoming, self.items(field.node), field.merge_key, is_delete_list)
        replacement: list[Any] = _cleaned(incoming)
        return replacement

    def merge_list(
        self,
        original: list[Any],
        patch: Sequence[Any],
        item_node: Schema | None,
        merge_key: str,
        is_delete_list: bool,
    ) -> list[Any]:
        if not original and not patch:
            return original
        kind = _smp_order.element_kind(original, patch)
        if kind == "scalar":
            if is_delete_list:
                doomed = {_values.hash_key(v) for v in patch}
                return [v for v in original if _values.hash_key(v) not in doomed]
            merged = list({_values.hash_key(v): v for v in [*original, *patch]}.values())
            mentioned, server_only = _smp_order.partition(merged, patch, "")
            return _smp_order.normalize(
                mentioned, server_only, patch_order=patch, server_order=original, merge_key="", kind=kind
            )
        if not merge_key:
            raise _status.unhandled("cannot merge lists without merge key for struct")
        original, elements, replaced = self._special_elements(original, patch, merge_key)
        if replaced:
            merged = original
            elements = []
        else:
            server_order = list(original)
            merged = self._merge_elements(original, elements, merge_key, item_node)
            original = server_order
        mentioned, server_only = _smp_order.partition(merged, elements, merge_key)
        return _smp_order.normalize(
            mentioned,
            server_only,
            patch_order=elements,
            server_order=original,
            merge_key=merge_key,
            kind=kind,
        )

    @staticmethod
    def _special_elements(
        original: list[Any], patch: Sequence[Any], merge_key: str
    ) -> tuple[list[Any], list[Mapping[str, Any]], bool]:
        """Apply ``$patch`` elements; return the original, the plain elements, and replace-mode."""
        plain: list[Mapping[str, Any]] = []
        replace = False
        for element in patch:
            if DIRECTIVE not in element:
                plain.append(element)
                continue
            directive = element[DIRECTIVE]
            if directive == "delete":
                if merge_key not in element:
                    raise _smp_order.no_merge_key(element, merge_key)
                doomed = element[merge_key]
                original = [v for v in original if not (merge_key in v and _values.strict_equal(v[merge_key], doomed))]
            elif directive == "replace":
                replace = True  # keep going: the other directive elements are dropped, not kept
            elif directive == "merge":
                raise _status.unhandled("merging lists cannot yet be specified in the patch")
            else:
                shown = _values.go_format_s(directive)
                raise _status.unhandled(f"unknown patch type: {shown} in map: {_values.go_format(element)}")
        if replace:
            return [_cleaned(v) for v in plain], plain, True
        return original, plain, False

    def _merge_elements(
        self,
        original: list[Any],
        elements: Sequence[Mapping[str, Any]],
        merge_key: str,
        item_node: Schema | None,
    ) -> list[Any]:
        for element in elements:
            if merge_key not in element:
                raise _smp_order.no_merge_key(element, merge_key)
            wanted = element[merge_key]
            for index, candidate in enumerate(original):
                if merge_key in candidate and _values.strict_equal(candidate[merge_key], wanted):
                    original[index] = self.merge_map(candidate, element, item_node)
                    break
            else:
                original.append(_cleaned(element))
        return original

    def _merge_ordered_lists(
        self, original: dict[str, Any], patch: Mapping[str, Any], node: Schema | None, consumed: set[str]
    ) -> None:
        """``mergePatchIntoOriginal``: merge each list named by ``$setElementOrder`` and order it."""
        for key, order in patch.items():
            if not key.startswith(SET_ELEMENT_ORDER):
                continue
            consumed.add(key)
            if not isinstance(order, list):
                raise _smp_order.bad_arg_type(_LIST, order)
            name = _extract_key(key, SET_ELEMENT_ORDER)
            current, incoming = original.get(name), patch.get(name)
            for present, value in ((name in original, current), (name in patch, incoming)):
                if present and not isinstance(value, list):
                    raise _smp_order.bad_arg_type(_LIST, value)
            field = self.field(node, name)
            _smp_order.validate_set_order(incoming or [], order, field.merge_key)
            before = list(current or [])
            merged: list[Any]
            if isinstance(current, list) and isinstance(incoming, list):
                merged = self._merge_list_field(current, incoming, field, False)
            elif isinstance(current, list):
                merged = current
            elif isinstance(incoming, list):
                merged = _cleaned(incoming)
            else:
                continue
            mentioned, server_only = _smp_order.partition(merged, order, field.merge_key)
            kind = _smp_order.element_kind(before, incoming or [])
            original[name] = _smp_order.normalize(
                mentioned,
                server_only,
                patch_order=order,
                server_order=before,
                merge_key=field.merge_key,
                kind=kind,
            )
            consumed.add(name)

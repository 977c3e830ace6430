"""RFC 7386 JSON Merge Patch, as kube-apiserver applies ``application/merge-patch+json``.

Objects merge member by member, ``null`` deletes a member, and every other value replaces what
was there. kube runs evanphx/json-patch's ``MergePatch``, whose edges clients can observe and
which we therefore keep:

- a ``null`` or scalar patch is rejected with ``400 Invalid JSON Patch`` (the RFC would return the
  patch itself), while an array patch replaces the whole document;
- ``null`` members are pruned from values the patch brings in -- through nested arrays too --
  whenever the value it replaces was not an object; a non-object value that replaces an object
  is taken as it is. ``null`` elements of arrays are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubeedge.apiserver.patch import _status, _values

__all__ = ["apply_merge_patch"]


def apply_merge_patch(document: Any, patch: Any) -> Any:
    """Apply a decoded merge patch to a decoded document and return the merged copy.

    Args:
        document: the current object; never modified.
        patch: the decoded request body.

    Returns:
        A new document sharing nothing with ``document`` or ``patch``.

    Raises:
        StatusError: 400 ``Invalid JSON Patch`` if ``patch`` is null or a scalar; 400 if it nests
            deeper than the apiserver accepts.
    """
    if not isinstance(patch, Mapping | list):
        raise _status.bad_request("Invalid JSON Patch")
    if _values.is_too_deep(patch):
        raise _status.too_deep()
    if not isinstance(patch, Mapping) or not isinstance(document, Mapping):
        return _pruned(patch)
    target = _values.copy_value(document)
    _merge_into(target, patch)
    return target


def _merge_into(target: dict[str, Any], patch: Mapping[str, Any]) -> None:
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif key not in target or not isinstance(target[key], dict):
            # New members, and members that were not objects, take the value without its nulls.
            target[key] = _pruned(value)
        elif isinstance(value, Mapping):
            _merge_into(target[key], value)
        else:
            target[key] = _values.copy_value(value)


def _pruned(value: Any) -> Any:
    """A copy of ``value`` without ``null`` object members, at any depth."""
    if isinstance(value, Mapping):
        return {k: _pruned(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value

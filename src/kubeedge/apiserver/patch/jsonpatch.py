"""RFC 6902 JSON Patch, as kube-apiserver applies ``application/json-patch+json``.

kube applies JSON patches with evanphx/json-patch v4, and clients can observe where that library
departs from the RFC, so we follow the library rather than the letter of the RFC:

- negative array indices count from the end (``/items/-1``); ``-`` appends only for ``add``;
- ``replace`` of a missing *object member* adds it (only array indices and missing parents fail);
- ``copy`` from a missing object member copies ``null``; ``test`` of a missing member passes
  when the expected value is ``null`` or absent;
- the whole-document path ``""`` works for ``replace`` and ``test`` only;
- pointers are split on ``/`` and the first segment is ignored; ``~1`` and ``~0`` unescape.

Wire behaviour (``handlers/patch.go``): a body that is not an array of objects is ``400``; more
than 10000 operations is ``413``; any operation that fails -- including a failed ``test`` -- is
``422 Invalid`` with kube's fixed message, the operation-level reason riding along as the
exception's ``__cause__`` (a :class:`~kubeedge.apiserver.patch._status.PatchFailure`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch import _status, _values

__all__ = ["DEFAULT_MAX_COPY_BYTES", "MAX_JSON_PATCH_OPERATIONS", "apply_json_patch"]

# handlers/patch.go: maxJSONPatchOperations.
MAX_JSON_PATCH_OPERATIONS = 10000
# The apiserver's JSONPatchMaxCopyBytes default: the growth "copy" operations may cause.
DEFAULT_MAX_COPY_BYTES = 3 * 1024 * 1024

_MISSING = ": missing value"  # evanphx wraps ErrMissing into most messages
_INDEX = re.compile(r"[+-]?[0-9]+")  # what strconv.Atoi accepts
_ABSENT = object()


class _Failure(_status.PatchFailure):
    """An operation did not apply; the message is evanphx's."""


def apply_json_patch(document: Any, patch: Any, *, max_copy_bytes: int = DEFAULT_MAX_COPY_BYTES) -> Any:
    """Apply a decoded JSON patch to a decoded document and return the patched copy.

    Args:
        document: the current object (as stored); never modified.
        patch: the decoded request body: a list of operation objects. ``None`` (a ``null``
            body) is an empty patch, as it is for kube.
        max_copy_bytes: the most the ``copy`` operations together may grow the document by;
            0 disables the limit.

    Returns:
        A new document sharing nothing with ``document`` or ``patch``.

    Raises:
        StatusError: 400 if ``patch`` is not a list of objects or nests too deep, 413 for more
            than :data:`MAX_JSON_PATCH_OPERATIONS` operations, 422 if an operation fails.
    """
    operations = _decode(patch)
    if len(operations) > MAX_JSON_PATCH_OPERATIONS:
        raise StatusError.request_too_large(
            "Request entity too large: The allowed maximum operations in a JSON patch is "
            f"{MAX_JSON_PATCH_OPERATIONS}, got {len(operations)}"
        )
    if _values.is_too_deep(patch):
        raise _status.too_deep()
    if not isinstance(document, Mapping | list):
        kind = _values.go_json_kind(document)
        raise _status.not_applicable(f"json: cannot unmarshal {kind} into Go value of type jsonpatch.partialDoc")
    applier = _Applier(_values.copy_value(document), max_copy_bytes)
    try:
        for operation in operations:
            applier.apply(operation)
    except _Failure as failure:
        raise _status.not_applicable(str(failure)) from failure
    if _values.is_too_deep(applier.doc):
        raise _status.not_applicable(f"the patched object nests more than {_values.MAX_NESTING_DEPTH} levels")
    return applier.doc


def _decode(patch: Any) -> list[Mapping[str, Any] | None]:
    """Check the body's shape the way ``jsonpatch.DecodePatch`` (encoding/json) does."""
    if patch is None:
        return []
    if not isinstance(patch, list):
        kind = _values.go_json_kind(patch)
        raise _status.bad_request(f"json: cannot unmarshal {kind} into Go value of type jsonpatch.Patch")
    for operation in patch:
        if operation is not None and not isinstance(operation, Mapping):
            kind = _values.go_json_kind(operation)
            raise _status.bad_request(f"json: cannot unmarshal {kind} into Go value of type jsonpatch.Operation")
    return patch


def _unescape(token: str) -> str:
    # RFC 6901: "~1" then "~0", in one pass so that "~01" stays "~1".
    return re.sub(r"~[01]", lambda m: "/" if m.group() == "~1" else "~", token)


def _atoi(key: str) -> int:
    if not _INDEX.fullmatch(key):
        raise _Failure(f'strconv.Atoi: parsing "{key}": invalid syntax')
    return int(key)


def _invalid_index(index: int) -> _Failure:
    return _Failure(f"Unable to access invalid index: {index}: invalid index referenced")


class _Applier:
    """Applies operations in order to a document it owns, mutating it in place."""

    def __init__(self, doc: Any, max_copy_bytes: int) -> None:
        self.doc = doc
        self.max_copy_bytes = max_copy_bytes
        self.copied_bytes = 0

    def apply(self, operation: Mapping[str, Any] | None) -> None:
        op = operation or {}
        kind = op.get("op")
        handler = {
            "add": self._add,
            "remove": self._remove,
            "replace": self._replace,
            "move": self._move,
            "test": self._test,
            "copy": self._copy,
        }.get(kind if isinstance(kind, str) else "")
        if handler is None:
            raise _Failure(f"Unexpected kind: {kind if isinstance(kind, str) else 'unknown'}")
        handler(op)

    # --- pointers and containers -----------------------------------------------------------

    @staticmethod
    def _pointer(op: Mapping[str, Any], field: str) -> str:
        value = op.get(field)
        if value is None:
            what = "operation missing path field" if field == "path" else "operation, missing from field"
            raise _Failure(what + _MISSING)
        if not isinstance(value, str):
            kind = _values.go_json_kind(value)
            raise _Failure(f"json: cannot unmarshal {kind} into Go value of type string")
        return value

    def _find(self, path: str) -> tuple[Any, str] | None:
        """The container holding the pointer's last token, and that token (evanphx findObject)."""
        tokens = path.split("/")
        if len(tokens) < 2:
            return None
        node = self.doc
        for token in tokens[1:-1]:
            try:
                child = self._get(node, _unescape(token))
            except _Failure:
                return None
            if not isinstance(child, dict | list):
                return None  # missing, null, or a scalar: no container to descend into
            node = child
        return node, _unescape(tokens[-1])

    @staticmethod
    def _get(container: Any, key: str) -> Any:
        """The value at ``key``; ``None`` for a missing object member (as evanphx does)."""
        if isinstance(container, dict):
            return container.get(key)
        index = _atoi(key)
        if index < 0:
            if index < -len(container):
                raise _invalid_index(index)
            index += len(container)
        if index >= len(container):
            raise _invalid_index(index)
        return container[index]

    @staticmethod
    def _set(container: Any, key: str, value: Any) -> None:
        """Replace an existing entry (``_get`` has checked the index)."""
        if isinstance(container, dict):
            container[key] = value
            return
        index = _atoi(key)
        container[index + len(container) if index < 0 else index] = value

    @staticmethod
    def _insert(container: Any, key: str, value: Any) -> None:
        if isinstance(container, dict):
            container[key] = value
            return
        if key == "-":
            container.append(value)
            return
        try:
            index = _atoi(key)
        except _Failure as failure:
            raise _Failure(f"value was not a proper array index: '{key}': {failure}") from None
        size = len(container) + 1
        if index >= size or index < -size:
            raise _invalid_index(index)
        container.insert(index + size if index < 0 else index, value)

    @staticmethod
    def _delete(container: Any, key: str) -> None:
        if isinstance(container, dict):
            if key not in container:
                raise _Failure(f"Unable to remove nonexistent key: {key}{_MISSING}")
            del container[key]
            return
        index = _atoi(key)
        if index >= len(container) or index < -len(container):
            raise _invalid_index(index)
        del container[index]

    # --- operations ------------------------------------------------------------------------

    def _add(self, op: Mapping[str, Any]) -> None:
        try:
            path = self._pointer(op, "path")
        except _Failure:
            raise _Failure("add operation failed to decode path" + _MISSING) from None
        found = self._find(path)
        if found is None:
            raise _Failure(f'add operation does not apply: doc is missing path: "{path}"{_MISSING}')
        try:
            self._insert(*found, _values.copy_value(op.get("value")))
        except _Failure as failure:
            raise _Failure(f"error in add for path: '{path}': {failure}") from None

    def _remove(self, op: Mapping[str, Any]) -> None:
        try:
            path = self._pointer(op, "path")
        except _Failure:
            raise _Failure("remove operation failed to decode path" + _MISSING) from None
        found = self._find(path)
        if found is None:
            raise _Failure(f'remove operation does not apply: doc is missing path: "{path}"{_MISSING}')
        try:
            self._delete(*found)
        except _Failure as failure:
            raise _Failure(f"error in remove for path: '{path}': {failure}") from None

    def _replace(self, op: Mapping[str, Any]) -> None:
        try:
            path = self._pointer(op, "path")
        except _Failure as failure:
            raise _Failure(f"replace operation failed to decode path: {failure}") from None
        value = op.get("value")
        if path == "":
            if not isinstance(value, Mapping | list):
                raise _Failure("replace operation value must be object or array: %!w(<nil>)")
            self.doc = _values.copy_value(value)
            return
        found = self._find(path)
        if found is None:
            raise _Failure(f"replace operation does not apply: doc is missing path: {path}{_MISSING}")
        container, key = found
        try:
            self._get(container, key)
        except _Failure:
            raise _Failure(f"replace operation does not apply: doc is missing key: {path}{_MISSING}") from None
        self._set(container, key, _values.copy_value(value))

    def _move(self, op: Mapping[str, Any]) -> None:
        try:
            source = self._pointer(op, "from")
        except _Failure as failure:
            raise _Failure(f"move operation failed to decode from: {failure}") from None
        found = self._find(source)
        if found is None:
            raise _Failure(f"move operation does not apply: doc is missing from path: {source}{_MISSING}")
        container, key = found
        try:
            value = self._get(container, key)
            self._delete(container, key)
        except _Failure as failure:
            raise _Failure(f"error in move for path: '{key}': {failure}") from None
        try:
            path = self._pointer(op, "path")
        except _Failure as failure:
            raise _Failure(f"move operation failed to decode path: {failure}") from None
        target = self._find(path)
        if target is None:
            raise _Failure(f"move operation does not apply: doc is missing destination path: {path}{_MISSING}")
        try:
            self._insert(*target, value)
        except _Failure as failure:
            raise _Failure(f"error in move for path: '{path}': {failure}") from None

    def _copy(self, op: Mapping[str, Any]) -> None:
        try:
            source = self._pointer(op, "from")
        except _Failure as failure:
            raise _Failure(f"copy operation failed to decode from: {failure}") from None
        found = self._find(source)
        if found is None:
            raise _Failure(f"copy operation does not apply: doc is missing from path: {source}{_MISSING}")
        try:
            value = self._get(*found)
        except _Failure as failure:
            raise _Failure(f"error in copy for from: '{source}': {failure}") from None
        try:
            path = self._pointer(op, "path")
        except _Failure:
            raise _Failure("copy operation failed to decode path" + _MISSING) from None
        target = self._find(path)
        if target is None:
            raise _Failure(f"copy operation does not apply: doc is missing destination path: {path}{_MISSING}")
        if value is not None:
            self.copied_bytes += len(orjson.dumps(value))
        if 0 < self.max_copy_bytes < self.copied_bytes:
            raise _Failure(
                "Unable to complete the copy, the accumulated size increase of copy is "
                f"{self.copied_bytes}, exceeding the limit {self.max_copy_bytes}"
            )
        try:
            self._insert(*target, _values.copy_value(value))
        except _Failure as failure:
            raise _Failure(f"error while adding value during copy: {failure}") from None

    def _test(self, op: Mapping[str, Any]) -> None:
        try:
            path = self._pointer(op, "path")
        except _Failure as failure:
            raise _Failure(f"test operation failed to decode path: {failure}") from None
        expected = op.get("value", _ABSENT)
        failed = _Failure(f"testing value {path} failed: test failed")
        if path == "":
            if expected is _ABSENT or not _values.strict_equal(self.doc, expected):
                raise failed
            return
        found = self._find(path)
        if found is None:
            raise _Failure(f"test operation does not apply: is missing path: {path}{_MISSING}")
        try:
            actual = self._get(*found)
        except _Failure as failure:
            raise _Failure(f"error in test for path: '{path}': {failure}") from None
        if actual is None:
            # A missing member and a null one look alike to evanphx: both match null or no value.
            if expected is _ABSENT or expected is None:
                return
            raise failed
        if expected is _ABSENT or not _values.strict_equal(actual, expected):
            raise failed

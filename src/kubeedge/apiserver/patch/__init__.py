"""PATCH algorithms of kube-apiserver, as pure functions over decoded JSON.

- :func:`parse_patch_body`: ``Content-Type`` to :class:`PatchType`, and the body decoded;
- :func:`apply_json_patch`: RFC 6902 (``application/json-patch+json``);
- :func:`apply_merge_patch`: RFC 7386 (``application/merge-patch+json``);
- :func:`apply_strategic_merge_patch`: Kubernetes strategic merge patch, driven by the schema's
  ``x-kubernetes-patch-*`` extensions (``application/strategic-merge-patch+json``).

Each returns a new document and never touches its inputs; each fails with the
:class:`~kubeedge.apiserver.errors.StatusError` kube-apiserver would send. Server-side apply
(``application/apply-patch+yaml``) lives beside these, in its own modules.
"""

from __future__ import annotations

from kubeedge.apiserver.patch._values import MAX_NESTING_DEPTH
from kubeedge.apiserver.patch.body import ALL_PATCH_TYPES, PatchType, parse_patch_body
from kubeedge.apiserver.patch.jsonpatch import (
    DEFAULT_MAX_COPY_BYTES,
    MAX_JSON_PATCH_OPERATIONS,
    apply_json_patch,
)
from kubeedge.apiserver.patch.mergepatch import apply_merge_patch
from kubeedge.apiserver.patch.strategic import apply_strategic_merge_patch

__all__ = [
    "ALL_PATCH_TYPES",
    "DEFAULT_MAX_COPY_BYTES",
    "MAX_JSON_PATCH_OPERATIONS",
    "MAX_NESTING_DEPTH",
    "PatchType",
    "apply_json_patch",
    "apply_merge_patch",
    "apply_strategic_merge_patch",
    "parse_patch_body",
]

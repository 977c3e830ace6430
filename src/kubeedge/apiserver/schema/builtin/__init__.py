"""The OpenAPI v3 schemas of the Kubernetes built-in types kubeedge-apiserver serves, as data.

Definitions are keyed by their Kubernetes OpenAPI names (``io.k8s.api.core.v1.Pod``,
``io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`` ...) and reference each other with
``{"$ref": "#/components/schemas/<name>"}``, so one :class:`SchemaSet` feeds strategic merge
patch, server-side apply, pruning, field validation and the ``/openapi`` documents alike.

Fields follow the installed official client (its model classes, Kubernetes release-1.37), which
a test checks definition by definition. Types, formats, ``required``, enums and the
``x-kubernetes-*`` extensions follow the Kubernetes Go types (``+listType``, ``+listMapKey``,
``+mapType``/``+structType``, ``patchStrategy``/``patchMergeKey`` tags, ``+enum``) as
kube-openapi renders them. Fields newer than the Go source we could consult (v1.31 for core/v1,
v1.33 for apps/v1) take the conventions of their siblings; test_builtin_extensions lists them.
``required`` follows the client, except ``spec`` of the apps kinds, optional as in the v1.32/v1.33
Go types that kube-apiserver v1.32 serves.

Two deliberate additions to what kube-openapi prints: RawExtension, FieldsV1 and the
JSON-valued apiextensions types carry ``x-kubernetes-preserve-unknown-fields: true``, because
kube keeps their content verbatim and our walkers must too; and IntOrString carries
``x-kubernetes-int-or-string: true`` next to its ``oneOf``.

Field descriptions are left out to keep the data compact; each definition has a one-line one.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import TYPE_CHECKING

import orjson

from kubeedge.apiserver.schema.builtin import (
    apiextensions,
    apps,
    autoscaling,
    coordination,
    core_container,
    core_other,
    core_pod,
    core_volume,
    meta,
    reviews,
)
from kubeedge.apiserver.schema.model import Schema, SchemaSet

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["DEFINITION_BY_GVK", "builtin_schemas"]

_MODULES = (
    meta,
    core_pod,
    core_container,
    core_volume,
    core_other,
    apps,
    autoscaling,
    coordination,
    apiextensions,
    reviews,
)


def _collect() -> dict[str, Schema]:
    merged: dict[str, Schema] = {}
    for module in _MODULES:
        for name, node in module.DEFINITIONS.items():
            if name in merged:
                raise ValueError(f"schema definition {name!r} is defined twice")
            merged[name] = node
    return merged


def _index_kinds(definitions: Mapping[str, Schema]) -> Mapping[tuple[str, str, str], str]:
    index: dict[tuple[str, str, str], str] = {}
    for name, node in definitions.items():
        for gvk in node.get("x-kubernetes-group-version-kind", ()):
            index[(gvk["group"], gvk["version"], gvk["kind"])] = name
    return MappingProxyType(index)


DEFINITION_BY_GVK: Mapping[tuple[str, str, str], str] = _index_kinds(_collect())
"""(group, version, kind) to definition name, for every top-level kind, list kind and option type."""


@functools.cache
def builtin_schemas() -> SchemaSet:
    """The definitions of every built-in type we serve, built once.

    The result is shared by every caller and must be treated as immutable. Its nodes are plain
    dicts and lists (so they serialize as they are) and share no sub-objects with each other.
    """
    # A JSON round trip gives every node its own dicts: the data modules reuse field tables.
    definitions: dict[str, Schema] = orjson.loads(orjson.dumps(_collect()))
    return SchemaSet(definitions=definitions)

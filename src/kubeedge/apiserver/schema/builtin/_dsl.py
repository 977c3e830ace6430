"""A few constructors that keep the built-in schema data short and uniform.

The data modules (``meta.py``, ``core_*.py``, ``apps.py`` ...) describe every Kubernetes type as
an OpenAPI v3 node with kube-openapi's extensions. Written out as raw dicts, a PodSpec alone
would be hundreds of lines of ``{"type": "array", "items": ..., "x-kubernetes-...": ...}``;
these helpers spell each recurring shape once, so that a data line reads like the Go field it
mirrors: ``"volumeMounts": array(core("VolumeMount"), keys=["mountPath"], merge="mountPath")``.

The helpers build plain dicts and lists (what the OpenAPI serializer and the schema walkers
consume). Scalars are functions, not shared constants, so no two nodes share a dict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.schema.model import REF_PREFIX, Schema

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "APIEXT",
    "APPS",
    "AUTOSCALING",
    "COORDINATION",
    "CORE",
    "INTSTR",
    "META",
    "QUANTITY",
    "RUNTIME",
    "apiext",
    "apps",
    "array",
    "boolean",
    "byte_map",
    "bytes_",
    "core",
    "double",
    "enum",
    "int32",
    "int64",
    "kind",
    "list_kind",
    "meta",
    "obj",
    "quantity",
    "quantity_map",
    "ref",
    "string",
    "string_map",
    "with_ext",
]

CORE = "io.k8s.api.core.v1."
APPS = "io.k8s.api.apps.v1."
AUTOSCALING = "io.k8s.api.autoscaling.v1."
COORDINATION = "io.k8s.api.coordination.v1."
APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
INTSTR = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
RUNTIME = "io.k8s.apimachinery.pkg.runtime."

Node = dict[str, Any]


def ref(name: str) -> Node:
    """A reference to the named definition."""
    return {"$ref": REF_PREFIX + name}


def core(name: str) -> Node:
    return ref(CORE + name)


def meta(name: str) -> Node:
    return ref(META + name)


def apps(name: str) -> Node:
    return ref(APPS + name)


def apiext(name: str) -> Node:
    return ref(APIEXT + name)


def quantity() -> Node:
    return ref(QUANTITY)


def with_ext(node: Schema, **extensions: Any) -> Node:
    """A reference that carries extensions at the use site, wrapped in ``allOf`` as kube-openapi does.

    Keyword names use ``_`` for ``-`` and drop the ``x_kubernetes_`` prefix:
    ``with_ext(apps("DeploymentStrategy"), patch_strategy="retainKeys")``.
    """
    wrapped: Node = {"allOf": [node]}
    for key, value in extensions.items():
        wrapped["x-kubernetes-" + key.replace("_", "-")] = value
    return wrapped


def string(fmt: str | None = None) -> Node:
    node: Node = {"type": "string"}
    if fmt is not None:
        node["format"] = fmt
    return node


def bytes_() -> Node:
    """base64-encoded bytes on the wire (Go ``[]byte``)."""
    return string("byte")


def enum(*values: str) -> Node:
    """A string enum; kube-openapi lists the values of a ``+enum`` type sorted."""
    return {"type": "string", "enum": sorted(values)}


def int32() -> Node:
    return {"type": "integer", "format": "int32"}


def int64() -> Node:
    return {"type": "integer", "format": "int64"}


def double() -> Node:
    return {"type": "number", "format": "double"}


def boolean() -> Node:
    return {"type": "boolean"}


def array(
    items: Schema,
    *,
    list_type: str | None = None,
    keys: Sequence[str] = (),
    merge: str | None = None,
    strategy: str | None = None,
) -> Node:
    """An array, with SSA list semantics and strategic-merge-patch directives.

    Args:
        items: the element schema.
        list_type: ``atomic``, ``set`` or ``map``; implied ``map`` when ``keys`` are given.
        keys: ``x-kubernetes-list-map-keys`` of a ``map`` list, in declaration order.
        merge: ``x-kubernetes-patch-merge-key``; implies patch strategy ``merge`` unless
            ``strategy`` says otherwise.
        strategy: ``x-kubernetes-patch-strategy`` (``merge``, ``retainKeys``, ``merge,retainKeys``).
    """
    node: Node = {"type": "array", "items": items}
    if keys:
        list_type = list_type or "map"
        node["x-kubernetes-list-map-keys"] = list(keys)
    if list_type is not None:
        node["x-kubernetes-list-type"] = list_type
    if merge is not None:
        node["x-kubernetes-patch-merge-key"] = merge
        strategy = strategy or "merge"
    if strategy is not None:
        node["x-kubernetes-patch-strategy"] = strategy
    return node


def string_map(*, map_type: str | None = None) -> Node:
    """``map[string]string``."""
    node: Node = {"type": "object", "additionalProperties": string()}
    if map_type is not None:
        node["x-kubernetes-map-type"] = map_type
    return node


def quantity_map() -> Node:
    """A ``ResourceList``: resource name to Quantity."""
    return {"type": "object", "additionalProperties": quantity()}


def byte_map() -> Node:
    """``map[string][]byte`` (Secret.data, ConfigMap.binaryData)."""
    return {"type": "object", "additionalProperties": bytes_()}


def obj(
    description: str,
    properties: Mapping[str, Schema],
    *,
    required: Sequence[str] = (),
    map_type: str | None = None,
    gvk: Sequence[tuple[str, str, str]] = (),
    **extensions: Any,
) -> Node:
    """A named struct definition.

    Args:
        description: one short line.
        properties: field name to schema.
        required: the fields Kubernetes marks required, in its order.
        map_type: ``x-kubernetes-map-type`` (``atomic`` for ``+structType=atomic`` types).
        gvk: ``x-kubernetes-group-version-kind`` entries as (group, version, kind).
        extensions: further ``x-kubernetes-*`` keys, named as in :func:`with_ext`.
    """
    node: Node = {"description": description, "type": "object"}
    if properties:
        node["properties"] = dict(properties)
    if required:
        node["required"] = list(required)
    if map_type is not None:
        node["x-kubernetes-map-type"] = map_type
    if gvk:
        node["x-kubernetes-group-version-kind"] = [
            {"group": group, "kind": kind_name, "version": version} for group, version, kind_name in gvk
        ]
    for key, value in extensions.items():
        node["x-kubernetes-" + key.replace("_", "-")] = value
    return node


def kind(
    description: str,
    gvk: tuple[str, str, str],
    properties: Mapping[str, Schema],
    *,
    required: Sequence[str] = (),
) -> Node:
    """A top-level kind: ``apiVersion`` and ``kind`` plus the given fields."""
    props: dict[str, Schema] = {"apiVersion": string(), "kind": string()}
    props.update(properties)
    return obj(description, props, required=required, gvk=[gvk])


def list_kind(description: str, gvk: tuple[str, str, str], item: Schema) -> Node:
    """A ``<Kind>List``: ``items`` (required) and ``metadata`` (ListMeta)."""
    return kind(
        description,
        gvk,
        {"items": array(item), "metadata": meta("ListMeta")},
        required=["items"],
    )

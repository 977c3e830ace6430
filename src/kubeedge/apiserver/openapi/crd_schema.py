"""The published schemas of a custom resource version, built the way apiextensions-apiserver builds them.

kube does not publish a CRD's ``openAPIV3Schema`` verbatim. It reads it as a structural schema
(which keeps the type, value validations, junctors and the ``x-kubernetes-*`` extensions, and
drops ``example``, ``externalDocs`` and other non-structural keywords), then:

- OpenAPI v3: unfolds ``x-kubernetes-int-or-string`` into ``anyOf: [integer, string]``;
- OpenAPI v2 (``ToStructuralOpenAPIV2``): drops ``allOf``/``oneOf``/``anyOf``/``not``; a nullable
  node loses its type, items and properties (and its name leaves the parent's ``required``);
  ``x-kubernetes-preserve-unknown-fields`` nodes lose items and properties and, for objects, their
  type; an array left without items loses its type. A preserve-unknown-fields root is published
  as a bare ``type: object``, because kubectl would otherwise reject the unknown fields;
- both: ``metadata`` becomes a reference to ObjectMeta, ``apiVersion`` and ``kind`` are added, and
  ``x-kubernetes-embedded-resource`` nodes get the same three fields (not in v2 when they also
  preserve unknown fields); the root carries ``x-kubernetes-group-version-kind``.

The list kind is kube's fixed ``<Kind>List`` shape. Nodes come out in v3 form (``#/components/
schemas/`` references); the v2 renderer rewrites references and prunes defaults like any node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.openapi import support
from kubeedge.apiserver.openapi.naming import crd_definition_name
from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["CustomDefinitions", "custom_definitions"]

Node = dict[str, Any]

# Keywords a structural schema keeps (ToKubeOpenAPI); everything else in a CRD schema is dropped.
_STRUCTURAL_KEYS = frozenset(
    {
        "description",
        "type",
        "format",
        "title",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "multipleOf",
        "enum",
        "maxProperties",
        "minProperties",
        "required",
        "x-kubernetes-list-map-keys",
        "x-kubernetes-list-type",
        "x-kubernetes-map-type",
        "x-kubernetes-validations",
    }
)
# Boolean keywords a structural schema only records when true.
_TRUE_ONLY = (
    "nullable",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-int-or-string",
)
_JUNCTORS = ("allOf", "oneOf", "anyOf")
_INT_OR_STRING = [{"type": "integer"}, {"type": "string"}]
_CONVENTIONS = "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
_EMBEDDED_API_VERSION = (
    f"apiVersion defines the versioned schema of this representation of an object. More info: {_CONVENTIONS}#resources"
)
_EMBEDDED_KIND = (
    f"kind is a string value representing the type of this object. In CamelCase. More info: {_CONVENTIONS}#types-kinds"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomDefinitions:
    """The kind and list definitions of one custom resource version, in both published forms."""

    kind_name: str
    list_name: str
    kind_v3: Schema
    list_v3: Schema
    kind_v2: Schema
    list_v2: Schema


def custom_definitions(info: ResourceInfo) -> CustomDefinitions:
    kind_name = crd_definition_name(info.group, info.version, info.kind)
    list_name = crd_definition_name(info.group, info.version, info.list_kind)
    root = info.schema.root if info.schema is not None else None
    gvk = [{"group": info.group, "kind": info.kind, "version": info.version}]
    list_node = _list_schema(info, kind_name)
    return CustomDefinitions(
        kind_name=kind_name,
        list_name=list_name,
        kind_v3={**_kind_v3(root), "x-kubernetes-group-version-kind": gvk},
        list_v3=list_node,
        kind_v2={**_kind_v2(root), "x-kubernetes-group-version-kind": gvk},
        list_v2=list_node,
    )


def _kind_v3(root: Schema | None) -> Node:
    if root is None:
        return {"type": "object"}
    return _kube_native(_unfold(_structural(root)), v2=False)


def _kind_v2(root: Schema | None) -> Node:
    if root is None or root.get("x-kubernetes-preserve-unknown-fields") is True:
        return {"type": "object"}
    return _kube_native(_to_v2(_structural(root)), v2=True)


def _kube_native(node: Node, *, v2: bool) -> Node:
    properties = dict(node.get("properties") or {})
    properties["metadata"] = {"$ref": REF_PREFIX + support.OBJECT_META, "description": support.METADATA_DOC}
    properties["apiVersion"] = {"description": support.API_VERSION_DOC, "type": "string"}
    properties["kind"] = {"description": support.KIND_DOC, "type": "string"}
    node["properties"] = properties
    return _embedded(node, v2=v2)


def _list_schema(info: ResourceInfo, kind_name: str) -> Node:
    # kube's buildListSchema sets no "type" on the list kind.
    return {
        "description": f"{info.list_kind} is a list of {info.kind}",
        "properties": {
            "apiVersion": {"description": support.API_VERSION_DOC, "type": "string"},
            "items": {
                "description": f"List of {info.plural}. More info: {_CONVENTIONS}",
                "items": {"$ref": REF_PREFIX + kind_name},
                "type": "array",
            },
            "kind": {"description": support.KIND_DOC, "type": "string"},
            "metadata": {"$ref": REF_PREFIX + support.LIST_META, "description": support.LIST_METADATA_DOC},
        },
        "required": ["items"],
        "x-kubernetes-group-version-kind": [{"group": info.group, "kind": info.list_kind, "version": info.version}],
    }


def _structural(node: Mapping[str, Any]) -> Node:
    """The keywords of ``node`` a structural schema keeps, recursively."""
    out: Node = {}
    for key, value in node.items():
        if key in _STRUCTURAL_KEYS:
            out[key] = value
        elif key in _TRUE_ONLY:
            if value is True:
                out[key] = True
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: _structural(sub) for name, sub in value.items() if isinstance(sub, dict)}
        elif key == "items" and isinstance(value, dict):
            out[key] = _structural(value)
        elif key == "additionalProperties":
            if isinstance(value, dict):
                out[key] = _structural(value)
            elif isinstance(value, bool):
                out[key] = value
        elif key in _JUNCTORS and isinstance(value, list):
            out[key] = [_structural(sub) for sub in value if isinstance(sub, dict)]
        elif key == "not" and isinstance(value, dict):
            out[key] = _structural(value)
    return out


def _children(node: Node, transform: Any) -> None:
    """Apply ``transform`` to the structural children (properties, items, additionalProperties) in place."""
    properties = node.get("properties")
    if properties:
        node["properties"] = {name: transform(sub) for name, sub in properties.items()}
    items = node.get("items")
    if isinstance(items, dict):
        node["items"] = transform(items)
    additional = node.get("additionalProperties")
    if isinstance(additional, dict):
        node["additionalProperties"] = transform(additional)


def _unfold(node: Node) -> Node:
    node = dict(node)
    if node.get("x-kubernetes-int-or-string"):
        if "anyOf" not in node:
            node["anyOf"] = [dict(alternative) for alternative in _INT_OR_STRING]
        else:
            node["allOf"] = [{"anyOf": [dict(a) for a in _INT_OR_STRING]}, *node.get("allOf", [])]
    _children(node, _unfold)
    return node


def _to_v2(node: Node) -> Node:
    """apiextensions' ToStructuralOpenAPIV2 for one node and (unless it cleared them) its children."""
    node = dict(node)
    for junctor in (*_JUNCTORS, "not"):
        node.pop(junctor, None)
    if node.pop("nullable", False):
        # kubectl breaks on untyped values with items or properties
        for key in ("type", "items", "properties"):
            node.pop(key, None)
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    if preserve:
        node.pop("items", None)
        node.pop("properties", None)
    if "items" not in node and node.get("type") == "array":
        node.pop("type")
    if preserve and node.get("type") == "object":
        node.pop("type")
    properties = node.get("properties") or {}
    nullable = {name for name, sub in properties.items() if sub.get("nullable") is True}
    if nullable and "required" in node:
        kept = [name for name in node["required"] if name not in nullable]
        if kept:
            node["required"] = kept
        else:
            del node["required"]
    additional = node.get("additionalProperties")
    if isinstance(additional, dict) and additional.get("nullable") is True:
        node.pop("required", None)
    _children(node, _to_v2)
    return node


def _embedded(node: Node, *, v2: bool) -> Node:
    node = dict(node)
    _children(node, lambda sub: _embedded(sub, v2=v2))
    if v2 and node.get("x-kubernetes-preserve-unknown-fields") is True:
        # v2 publishes no metadata fields here: kubectl would then refuse the unknown ones
        return node
    if node.get("x-kubernetes-embedded-resource") is True:
        properties = dict(node.get("properties") or {})
        properties["apiVersion"] = {"description": _EMBEDDED_API_VERSION, "type": "string"}
        properties["kind"] = {"description": _EMBEDDED_KIND, "type": "string"}
        properties["metadata"] = {"$ref": REF_PREFIX + support.OBJECT_META, "description": support.METADATA_DOC}
        node["properties"] = properties
        required = list(node.get("required") or [])
        for name in ("kind", "apiVersion"):
            if name not in required:
                required.append(name)
        node["required"] = required
    return node

"""Structure of the built-in schema set: references resolve, kinds are indexed, nodes are well formed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import orjson
import pytest

from kubeedge.apiserver.schema import builtin
from kubeedge.apiserver.schema.builtin import DEFINITION_BY_GVK, builtin_schemas
from kubeedge.apiserver.schema.model import REF_PREFIX

CORE = "io.k8s.api.core.v1."
META = "io.k8s.apimachinery.pkg.apis.meta.v1."

SERVED_KINDS = [
    ("", "v1", "Namespace"),
    ("", "v1", "Node"),
    ("", "v1", "Pod"),
    ("", "v1", "ConfigMap"),
    ("", "v1", "Secret"),
    ("", "v1", "Service"),
    ("", "v1", "Endpoints"),
    ("", "v1", "Event"),
    ("", "v1", "ServiceAccount"),
    ("coordination.k8s.io", "v1", "Lease"),
    ("apps", "v1", "Deployment"),
    ("apps", "v1", "ReplicaSet"),
    ("apps", "v1", "DaemonSet"),
    ("apps", "v1", "ControllerRevision"),
    ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
]
SINGLE_KINDS = [
    ("", "v1", "Binding"),
    ("autoscaling", "v1", "Scale"),
    ("", "v1", "Status"),
    ("", "v1", "DeleteOptions"),
    ("", "v1", "WatchEvent"),
]
REQUIRED_DEFINITIONS = [
    META + name
    for name in (
        "ObjectMeta",
        "ListMeta",
        "OwnerReference",
        "ManagedFieldsEntry",
        "Time",
        "MicroTime",
        "LabelSelector",
        "LabelSelectorRequirement",
        "Status",
        "StatusDetails",
        "StatusCause",
        "DeleteOptions",
        "Preconditions",
        "WatchEvent",
    )
] + [
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
]
VALID_TYPES = {"object", "string", "integer", "number", "boolean", "array"}
VALID_FORMATS = {"int32", "int64", "double", "byte", "date-time", "int-or-string"}


def _nodes(node: Any, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every schema node below ``node`` (not descending into references)."""
    if not isinstance(node, Mapping):
        return
    yield path, node
    for name, child in node.get("properties", {}).items():
        yield from _nodes(child, f"{path}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), Mapping):
            yield from _nodes(node[key], f"{path}[{key}]")
    for key in ("allOf", "oneOf", "anyOf"):
        for index, child in enumerate(node.get(key, ())):
            yield from _nodes(child, f"{path}.{key}[{index}]")


def _all_nodes() -> Iterator[tuple[str, Mapping[str, Any]]]:
    for name, definition in builtin_schemas().definitions.items():
        yield from _nodes(definition, name)


def _refs(node: Mapping[str, Any]) -> Iterator[str]:
    for _, child in _nodes(node, ""):
        if "$ref" in child:
            yield child["$ref"]


def test_public_names() -> None:
    assert sorted(builtin.__all__) == ["DEFINITION_BY_GVK", "builtin_schemas"]


def test_builtin_schemas_is_built_once() -> None:
    assert builtin_schemas() is builtin_schemas()


def test_every_reference_resolves() -> None:
    schemas = builtin_schemas()
    for path, node in _all_nodes():
        if "$ref" in node:
            assert node["$ref"].startswith(REF_PREFIX), path
            assert node["$ref"].removeprefix(REF_PREFIX) in schemas.definitions, path
            assert schemas.resolve(node) is not None


def test_every_definition_is_reachable_from_an_indexed_kind() -> None:
    definitions = builtin_schemas().definitions
    seen: set[str] = set()
    todo = list(set(DEFINITION_BY_GVK.values()))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(ref.removeprefix(REF_PREFIX) for ref in _refs(definitions[name]))
    assert set(definitions) - seen == set()


@pytest.mark.parametrize("gvk", SERVED_KINDS)
def test_served_kind_and_its_list_are_indexed(gvk: tuple[str, str, str]) -> None:
    group, version, kind = gvk
    for kind_name in (kind, kind + "List"):
        name = DEFINITION_BY_GVK[(group, version, kind_name)]
        definition = builtin_schemas().definition(name)
        assert {"group": group, "version": version, "kind": kind_name} in definition["x-kubernetes-group-version-kind"]
        assert {"apiVersion", "kind", "metadata"} <= set(definition["properties"])


@pytest.mark.parametrize("gvk", SINGLE_KINDS)
def test_option_and_subresource_kinds_are_indexed(gvk: tuple[str, str, str]) -> None:
    assert DEFINITION_BY_GVK[gvk] in builtin_schemas().definitions


@pytest.mark.parametrize("group", ["", "apps", "autoscaling", "coordination.k8s.io", "apiextensions.k8s.io"])
def test_delete_options_and_watch_event_exist_in_every_served_group(group: str) -> None:
    assert DEFINITION_BY_GVK[(group, "v1", "DeleteOptions")] == META + "DeleteOptions"
    assert DEFINITION_BY_GVK[(group, "v1", "WatchEvent")] == META + "WatchEvent"


def test_index_and_extensions_agree() -> None:
    for (group, version, kind), name in DEFINITION_BY_GVK.items():
        gvks = builtin_schemas().definition(name)["x-kubernetes-group-version-kind"]
        assert {"group": group, "version": version, "kind": kind} in gvks


@pytest.mark.parametrize("name", REQUIRED_DEFINITIONS)
def test_meta_and_scalar_definitions_exist(name: str) -> None:
    assert name in builtin_schemas().definitions


def test_nodes_are_well_formed() -> None:
    schemas = builtin_schemas()
    for path, node in _all_nodes():
        if "type" in node:
            assert node["type"] in VALID_TYPES, path
        if "format" in node:
            assert node["format"] in VALID_FORMATS, path
        if "enum" in node:
            assert node["type"] == "string", path
            assert node["enum"] == sorted(set(node["enum"])), path
        if node.get("type") == "array":
            assert isinstance(node.get("items"), Mapping), path
        if "required" in node:
            assert set(node["required"]) <= set(node.get("properties", {})), path
        if "x-kubernetes-list-map-keys" in node:
            assert node["x-kubernetes-list-type"] == "map", path
            item = schemas.items(node)
            assert item is not None
            assert set(node["x-kubernetes-list-map-keys"]) <= set(item["properties"]), path
        if node.get("x-kubernetes-list-type") == "map":
            assert node.get("x-kubernetes-list-map-keys"), path
        if "x-kubernetes-list-type" in node:
            assert node["x-kubernetes-list-type"] in {"atomic", "set", "map"}, path
        if "x-kubernetes-patch-merge-key" in node:
            assert "merge" in node["x-kubernetes-patch-strategy"].split(","), path
        if "x-kubernetes-patch-strategy" in node:
            assert set(node["x-kubernetes-patch-strategy"].split(",")) <= {"merge", "retainKeys"}, path


def test_merge_keys_are_fields_of_the_items() -> None:
    schemas = builtin_schemas()
    for path, node in _all_nodes():
        key = node.get("x-kubernetes-patch-merge-key")
        if key is None or node.get("type") != "array":
            continue
        item = schemas.items(node)
        assert item is not None
        assert key in item["properties"], path


def test_every_definition_has_a_short_description() -> None:
    for name, definition in builtin_schemas().definitions.items():
        description = builtin_schemas().resolve(definition)["description"]  # type: ignore[index]
        assert 0 < len(description) <= 100, name


def test_nodes_share_no_objects() -> None:
    # The set is shared by every caller; no two places may alias one dict or list.
    seen: dict[int, str] = {}

    def visit(value: Any, path: str) -> None:
        if isinstance(value, dict | list):
            assert id(value) not in seen, f"{path} aliases {seen.get(id(value))}"
            seen[id(value)] = path
            children = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in children:
                visit(child, f"{path}/{key}")

    visit(builtin_schemas().definitions, "")


def test_schema_set_serializes_as_openapi_components() -> None:
    document = orjson.loads(orjson.dumps({"components": {"schemas": builtin_schemas().definitions}}))
    assert document["components"]["schemas"] == builtin_schemas().definitions


def test_json_schema_props_refers_to_itself() -> None:
    schemas = builtin_schemas()
    props = schemas.definition("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps")
    nested = schemas.property(props, "properties")
    assert nested is not None
    assert schemas.property(nested, "spec") is props

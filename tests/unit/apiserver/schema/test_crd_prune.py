"""Pruning of unknown fields, for custom resources and (through $refs) built-in kinds."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.schema.model import SchemaSet, TypedSchema
from kubeedge.apiserver.schema.prune import (
    OBJECT_META_DEFINITION,
    prune,
    strict_decoding_error,
    unknown_field_warnings,
)

CRDS = Path("/work/shared/kubeedge-crds")
STR = {"type": "string"}


def typed(root: dict[str, Any], definitions: dict[str, Any] | None = None) -> TypedSchema:
    return TypedSchema(schemas=SchemaSet(definitions=definitions or {}), root=root)


SPEC = typed(
    {
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "name": STR,
                    "items": {"type": "array", "items": {"type": "object", "properties": {"a": STR}}},
                    "labels": {"type": "object", "additionalProperties": STR},
                    "config": {
                        "type": "object",
                        "x-kubernetes-preserve-unknown-fields": True,
                        "properties": {"known": {"type": "object", "properties": {"a": STR}}},
                    },
                    "free": {
                        "type": "array",
                        "x-kubernetes-preserve-unknown-fields": True,
                        "items": {"type": "object", "properties": {"a": STR}},
                    },
                    "closed": {"type": "object", "additionalProperties": False},
                    "template": {
                        "type": "object",
                        "x-kubernetes-embedded-resource": True,
                        "properties": {"spec": {"type": "object", "properties": {"x": STR}}},
                    },
                },
            }
        },
    }
)


@pytest.mark.parametrize(
    ("spec", "kept", "paths"),
    [
        ({"name": "n", "foo": 1}, {"name": "n"}, ["spec.foo"]),
        (
            {"items": [{"a": "x", "b": {"deep": 1}}, {"c": 2}]},
            {"items": [{"a": "x"}, {}]},
            ["spec.items[0].b", "spec.items[1].c"],
        ),
        ({"labels": {"k": "v"}}, {"labels": {"k": "v"}}, []),
        (
            {"config": {"anything": {"x": 1}, "known": {"a": "1", "b": 2}}},
            {"config": {"anything": {"x": 1}, "known": {"a": "1"}}},
            ["spec.config.known.b"],
        ),
        ({"free": [{"a": "1", "b": 2}]}, {"free": [{"a": "1", "b": 2}]}, []),
        # additionalProperties: false keeps the key (validation rejects it) but nothing inside it
        ({"closed": {"k": {"x": 1}, "s": 1}}, {"closed": {"k": {}, "s": 1}}, ["spec.closed.k.x"]),
        (
            {
                "template": {
                    "apiVersion": "v1",
                    "kind": "K",
                    "metadata": {"name": "t", "bogus": 1},
                    "spec": {"x": "1", "y": 2},
                    "z": 3,
                }
            },
            {"template": {"apiVersion": "v1", "kind": "K", "metadata": {"name": "t"}, "spec": {"x": "1"}}},
            ["spec.template.spec.y", "spec.template.z", "spec.template.metadata.bogus"],
        ),
    ],
)
def test_prune_cases(spec: dict[str, Any], kept: dict[str, Any], paths: list[str]) -> None:
    obj = {"apiVersion": "g/v1", "kind": "K", "metadata": {"name": "n"}, "spec": spec}
    assert prune(obj, SPEC) == paths
    assert obj == {"apiVersion": "g/v1", "kind": "K", "metadata": {"name": "n"}, "spec": kept}


def test_resource_root_keeps_type_meta_and_prunes_metadata_to_object_meta() -> None:
    obj = {
        "apiVersion": "g/v1",
        "kind": "K",
        "metadata": {
            "name": "n",
            "labels": {"a": "b"},
            "creationTimestamp": None,
            "annotations": None,
            "color": "red",
            "ownerReferences": [{"apiVersion": "v1", "kind": "K", "name": "o", "uid": "u", "extra": 1}],
            "managedFields": [{"manager": "m", "fieldsV1": {"f:spec": {"f:x": {}}}}],
        },
        "unknown": 1,
    }
    assert prune(obj, typed({"type": "object", "properties": {"metadata": {"type": "object"}}})) == [
        "unknown",
        "metadata.color",
        "metadata.ownerReferences[0].extra",
    ]
    assert obj == {
        "apiVersion": "g/v1",
        "kind": "K",
        "metadata": {
            "name": "n",
            "labels": {"a": "b"},
            "ownerReferences": [{"apiVersion": "v1", "kind": "K", "name": "o", "uid": "u"}],
            "managedFields": [{"manager": "m", "fieldsV1": {"f:spec": {"f:x": {}}}}],
        },
    }


def test_not_a_resource_root_and_metadata_left_alone() -> None:
    schema = typed({"type": "object", "properties": {"a": STR}})
    obj = {"kind": "K", "a": "1", "b": 2}
    assert prune(obj, schema, is_resource_root=False) == ["b"]  # kube drops a root "kind" silently
    assert obj == {"a": "1"}
    obj = {"kind": "K", "metadata": {"x": 1}, "b": 2}
    assert prune(obj, schema, prune_metadata=False) == ["b"]
    assert obj == {"kind": "K", "metadata": {"x": 1}}


def test_builtin_kinds_are_pruned_through_refs() -> None:
    definitions = {
        OBJECT_META_DEFINITION: {"type": "object", "properties": {"name": STR, "namespace": STR}},
        "Pod": {
            "type": "object",
            "properties": {
                "apiVersion": STR,
                "kind": STR,
                "metadata": {"$ref": f"#/components/schemas/{OBJECT_META_DEFINITION}"},
                "spec": {"allOf": [{"$ref": "#/components/schemas/PodSpec"}]},
            },
        },
        "PodSpec": {
            "type": "object",
            "properties": {"containers": {"type": "array", "items": {"$ref": "#/components/schemas/Container"}}},
        },
        "Container": {"type": "object", "properties": {"name": STR, "image": STR}},
    }
    pod: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "labels": {"a": "b"}},
        "spec": {"containers": [{"name": "c", "image": "i", "imagePullPolicy": "Always"}], "nodeName": "n"},
    }
    schema = typed({"$ref": "#/components/schemas/Pod"}, definitions)
    assert prune(pod, schema) == ["spec.containers[0].imagePullPolicy", "spec.nodeName", "metadata.labels"]
    assert pod == {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "c", "image": "i"}]},
    }


def test_builtin_schemas_when_available() -> None:
    builtin = pytest.importorskip("kubeedge.apiserver.schema.builtin")
    schema = TypedSchema(
        schemas=builtin.builtin_schemas(), root={"$ref": "#/components/schemas/io.k8s.api.core.v1.Pod"}
    )
    pod: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "labels": {"app": "x"}, "bogus": 1},
        "spec": {
            "containers": [
                {
                    "name": "c",
                    "image": "nginx",
                    "ports": [{"containerPort": 80, "nope": 1}],
                    "resources": {"limits": {"cpu": "1"}},
                }
            ],
            "extra": True,
        },
    }
    assert prune(pod, schema) == ["spec.containers[0].ports[0].nope", "spec.extra", "metadata.bogus"]
    assert pod["spec"]["containers"][0]["resources"] == {"limits": {"cpu": "1"}}


def test_field_validation_helpers() -> None:
    paths = ["spec.foo", "spec.bar"]
    assert unknown_field_warnings(paths) == ['unknown field "spec.foo"', 'unknown field "spec.bar"']
    error = strict_decoding_error(paths)
    assert error.to_status()["code"] == 400
    assert error.to_status()["reason"] == "BadRequest"
    assert error.message == 'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"'


def test_kubeedge_device_unknown_fields() -> None:
    if not CRDS.is_dir():
        pytest.skip(f"{CRDS} is absent")
    doc = next(d for d in yaml.safe_load_all((CRDS / "devices/devices_v1beta1_device.yaml").read_text()) if d)
    schema = typed(next(v for v in doc["spec"]["versions"] if v["name"] == "v1beta1")["schema"]["openAPIV3Schema"])
    device: dict[str, Any] = {
        "apiVersion": "devices.kubeedge.io/v1beta1",
        "kind": "Device",
        "metadata": {"name": "d", "namespace": "default"},
        "spec": {
            "deviceModelRef": {"name": "m", "kind": "DeviceModel"},
            "protocol": {"protocolName": "modbus", "configData": {"anything": {"goes": True}}},
            "properties": [
                {"name": "t", "visitors": {"protocolName": "modbus", "configData": {"x": 1}}, "colour": "red"}
            ],
        },
        "status": {"twins": []},  # status preserves unknown fields in this CRD
    }
    assert prune(device, schema) == ["spec.deviceModelRef.kind", "spec.properties[0].colour"]
    assert device["spec"]["protocol"]["configData"] == {"anything": {"goes": True}}
    assert device["status"] == {"twins": []}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "spec",
                    "name",
                    "items",
                    "a",
                    "b",
                    "labels",
                    "config",
                    "free",
                    "closed",
                    "template",
                    "metadata",
                    "kind",
                    "known",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON)
def test_prune_is_idempotent(value: Any) -> None:
    obj = {"apiVersion": "g/v1", "kind": "K", "spec": value}
    prune(obj, SPEC)
    once = copy.deepcopy(obj)
    assert prune(obj, SPEC) == []
    assert obj == once


def test_drop_nulls_for_typed_kinds_keeps_preserved_parts() -> None:
    schema = TypedSchema(
        SchemaSet({}),
        {
            "type": "object",
            "properties": {
                "spec": {
                    "type": "object",
                    "properties": {
                        "selector": {"type": "object", "additionalProperties": {"type": "string"}},
                        "raw": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                    },
                }
            },
        },
    )
    obj = {"apiVersion": "v1", "kind": "X", "spec": {"selector": None, "raw": {"keep": None}}}
    assert prune(obj, schema, drop_nulls=True) == []
    assert obj["spec"] == {"raw": {"keep": None}}
    kept = {"apiVersion": "v1", "kind": "X", "spec": {"selector": None}}
    prune(kept, schema)
    assert kept["spec"] == {"selector": None}

"""Structural defaulting and null pruning of custom resources."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.schema.defaulting import apply_schema_defaults, check_defaults, prune_nulls
from kubeedge.apiserver.schema.model import SchemaSet, TypedSchema

CRDS = Path("/work/shared/kubeedge-crds")

SCHEMA = TypedSchema(
    schemas=SchemaSet(),
    root={
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "replicas": {"type": "integer", "default": 1},
                    "mode": {"type": "string", "default": "auto", "nullable": True},
                    "note": {"type": "string"},
                    "nullableNote": {"type": "string", "nullable": True},
                    "strategy": {
                        "type": "object",
                        "default": {},
                        "properties": {
                            "type": {"type": "string", "default": "Rolling"},
                            "max": {"type": "integer"},
                        },
                    },
                    "probe": {"type": "object", "properties": {"period": {"type": "integer", "default": 10}}},
                    "ports": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "default": {"name": "http"},
                            "properties": {
                                "name": {"type": "string"},
                                "protocol": {"type": "string", "default": "TCP"},
                            },
                        },
                    },
                    "limits": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {"unit": {"type": "string", "default": "m"}},
                        },
                    },
                },
            }
        },
    },
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({}, {"replicas": 1, "mode": "auto", "strategy": {"type": "Rolling"}}),
        (
            {"replicas": 3, "mode": "manual"},
            {"replicas": 3, "mode": "manual", "strategy": {"type": "Rolling"}},
        ),
        # non-nullable null is defaulted, a nullable null is kept
        ({"replicas": None, "mode": None}, {"replicas": 1, "mode": None, "strategy": {"type": "Rolling"}}),
        # nested defaults only where the parent exists
        (
            {"probe": {}},
            {"replicas": 1, "mode": "auto", "strategy": {"type": "Rolling"}, "probe": {"period": 10}},
        ),
        (
            {"strategy": {"max": 2}},
            {"replicas": 1, "mode": "auto", "strategy": {"max": 2, "type": "Rolling"}},
        ),
        (
            {"ports": [{"name": "a"}, None]},
            {
                "replicas": 1,
                "mode": "auto",
                "strategy": {"type": "Rolling"},
                "ports": [{"name": "a", "protocol": "TCP"}, {"name": "http", "protocol": "TCP"}],
            },
        ),
        (
            {"limits": {"cpu": {}}},
            {
                "replicas": 1,
                "mode": "auto",
                "strategy": {"type": "Rolling"},
                "limits": {"cpu": {"unit": "m"}},
            },
        ),
    ],
)
def test_apply_schema_defaults(spec: dict[str, Any], expected: dict[str, Any]) -> None:
    obj = {"spec": spec}
    apply_schema_defaults(obj, SCHEMA)
    assert obj == {"spec": expected}


def test_no_parent_no_defaults() -> None:
    obj: dict[str, Any] = {"metadata": {"name": "x"}}
    apply_schema_defaults(obj, SCHEMA)
    assert obj == {"metadata": {"name": "x"}}


def test_defaults_are_copies() -> None:
    first: dict[str, Any] = {"spec": {}}
    apply_schema_defaults(first, SCHEMA)
    first["spec"]["strategy"]["type"] = "Changed"
    second: dict[str, Any] = {"spec": {}}
    apply_schema_defaults(second, SCHEMA)
    assert second["spec"]["strategy"] == {"type": "Rolling"}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"note": None}, {}),  # neither nullable nor defaulted: dropped
        ({"nullableNote": None}, {"nullableNote": None}),
        ({"replicas": None}, {"replicas": None}),  # defaulted later
        ({"ports": [{"name": None, "protocol": None}]}, {"ports": [{"protocol": None}]}),
        ({"unknown": None}, {"unknown": None}),  # not in the schema: pruning's business
    ],
)
def test_prune_nulls(spec: dict[str, Any], expected: dict[str, Any]) -> None:
    obj = {"spec": spec}
    prune_nulls(obj, SCHEMA)
    assert obj == {"spec": expected}


def test_request_pipeline_prunes_nulls_then_defaults() -> None:
    obj = {"spec": {"note": None, "replicas": None, "ports": [{"protocol": None}]}}
    prune_nulls(obj, SCHEMA)
    apply_schema_defaults(obj, SCHEMA)
    assert obj == {
        "spec": {
            "replicas": 1,
            "mode": "auto",
            "strategy": {"type": "Rolling"},
            "ports": [{"protocol": "TCP"}],
        }
    }


def test_defaults_through_refs() -> None:
    schemas = SchemaSet(
        definitions={"Spec": {"type": "object", "properties": {"n": {"type": "integer", "default": 5}}}}
    )
    schema = TypedSchema(
        schemas=schemas,
        root={"type": "object", "properties": {"spec": {"$ref": "#/components/schemas/Spec"}}},
    )
    obj: dict[str, Any] = {"spec": {}}
    apply_schema_defaults(obj, schema)
    assert obj == {"spec": {"n": 5}}


def test_check_defaults_paths() -> None:
    schema = {
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "size": {"type": "string", "enum": ["S", "M"], "default": "XL"},
                    "items": {"type": "array", "items": {"type": "integer", "minimum": 0, "default": -1}},
                },
            }
        },
    }
    base = "spec.versions[0].schema.openAPIV3Schema"
    assert [str(e) for e in check_defaults(schema, base)] == [
        f'{base}.properties[spec].properties[size].default: Unsupported value: "XL": supported values: "S", "M"',
        f"{base}.properties[spec].properties[items].items.default: Invalid value: -1:  in body should be greater "
        "than or equal to 0",
    ]


def test_kubeedge_device_model_ref_default() -> None:
    if not CRDS.is_dir():
        pytest.skip(f"{CRDS} is absent")
    doc = next(d for d in yaml.safe_load_all((CRDS / "devices/devices_v1beta1_device.yaml").read_text()) if d)
    root = next(v for v in doc["spec"]["versions"] if v["name"] == "v1beta1")["schema"]["openAPIV3Schema"]
    schema = TypedSchema(schemas=SchemaSet(), root=root)
    obj: dict[str, Any] = {"spec": {"deviceModelRef": {}}}
    apply_schema_defaults(obj, schema)
    assert obj == {"spec": {"deviceModelRef": {"name": ""}}}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["spec", "replicas", "mode", "strategy", "ports", "limits", "probe", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON)
def test_defaulting_is_idempotent(value: Any) -> None:
    obj = {"spec": value}
    prune_nulls(obj, SCHEMA)
    apply_schema_defaults(obj, SCHEMA)
    once = copy.deepcopy(obj)
    prune_nulls(obj, SCHEMA)
    apply_schema_defaults(obj, SCHEMA)
    assert obj == once

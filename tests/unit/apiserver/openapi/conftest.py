"""Shared fixtures for the OpenAPI tests: the built-in catalog, and a CRD that exercises the schema rules."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest

from kubeedge.apiserver.registry.builtin import builtin_resources
from kubeedge.apiserver.registry.catalog import Catalog
from kubeedge.apiserver.registry.crds import resources_from_crd
from kubeedge.apiserver.schema.builtin import builtin_schemas

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import SchemaSet

_DEVICE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A device.",
    "properties": {
        "spec": {
            "type": "object",
            "properties": {
                "replicas": {"type": "integer", "minimum": 0},
                "port": {"x-kubernetes-int-or-string": True},
                "note": {"type": "string", "nullable": True, "example": "hello"},
                "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                "template": {
                    "type": "object",
                    "x-kubernetes-embedded-resource": True,
                    "properties": {"spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}},
                },
                "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
                "mode": {"type": "string", "enum": ["a", "b"], "default": "a"},
            },
            "required": ["note", "replicas"],
        },
        "status": {"type": "object", "properties": {"replicas": {"type": "integer"}}},
    },
}

DEVICE_CRD: dict[str, Any] = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "devices.devices.kubeedge.io"},
    "spec": {
        "group": "devices.kubeedge.io",
        "names": {"kind": "Device", "plural": "devices", "singular": "device", "listKind": "DeviceList"},
        "scope": "Namespaced",
        "versions": [
            {
                "name": "v1beta1",
                "served": True,
                "storage": True,
                "subresources": {
                    "status": {},
                    "scale": {"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"},
                },
                "schema": {"openAPIV3Schema": _DEVICE_SCHEMA},
            },
            {
                "name": "v1alpha1",
                "served": True,
                "storage": False,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}},
            },
        ],
    },
}


@pytest.fixture
def schemas() -> SchemaSet:
    return builtin_schemas()


@pytest.fixture
def catalog(schemas: SchemaSet) -> Catalog:
    return Catalog(builtin_resources(schemas))


@pytest.fixture
def device_crd() -> dict[str, Any]:
    return copy.deepcopy(DEVICE_CRD)


@pytest.fixture
def catalog_with_crd(catalog: Catalog, device_crd: dict[str, Any]) -> Catalog:
    catalog.set_custom(device_crd["metadata"]["name"], resources_from_crd(device_crd))
    return catalog

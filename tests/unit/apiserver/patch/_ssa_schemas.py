"""Small schemas shaped like Deployment, Pod and ConfigMap, for the server-side apply tests.

They carry exactly the extensions field management reads (list types and keys, merge keys, map
types, key defaults, non-pointer struct defaults), so each test states its inputs in a few lines.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.schema.model import REF_PREFIX, SchemaSet, TypedSchema

__all__ = ["CONFIGMAP", "CRD_LIKE", "DEPLOYMENT", "POD", "UNTYPED"]


def _ref(name: str, **extra: Any) -> dict[str, Any]:
    if extra:
        return {"allOf": [{"$ref": REF_PREFIX + name}], **extra}
    return {"$ref": REF_PREFIX + name}


def _string() -> dict[str, Any]:
    return {"type": "string"}


def _int() -> dict[str, Any]:
    return {"type": "integer"}


def _string_map(**extra: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": _string(), **extra}


_DEFINITIONS: dict[str, Any] = {
    "ObjectMeta": {
        "type": "object",
        "properties": {
            "name": _string(),
            "namespace": _string(),
            "uid": _string(),
            "resourceVersion": _string(),
            "generation": _int(),
            "creationTimestamp": _string(),
            "labels": _string_map(),
            "annotations": _string_map(),
            "finalizers": {"type": "array", "items": _string(), "x-kubernetes-patch-strategy": "merge"},
            "managedFields": {"type": "array", "items": {"type": "object"}},
            "ownerReferences": {
                "type": "array",
                "items": _ref("OwnerReference"),
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["uid"],
            },
        },
    },
    "OwnerReference": {
        "type": "object",
        "properties": {"uid": _string(), "name": _string(), "kind": _string()},
        "required": ["uid", "name", "kind"],
    },
    "LabelSelector": {
        "type": "object",
        "properties": {"matchLabels": _string_map()},
        "x-kubernetes-map-type": "atomic",
    },
    "Quantity": {"type": "string"},
    "ContainerPort": {
        "type": "object",
        "properties": {
            "name": _string(),
            "containerPort": _int(),
            "protocol": {"type": "string", "default": "TCP"},
        },
        "required": ["containerPort"],
    },
    "EnvVar": {"type": "object", "properties": {"name": _string(), "value": _string()}, "required": ["name"]},
    "Container": {
        "type": "object",
        "properties": {
            "name": _string(),
            "image": _string(),
            "args": {"type": "array", "items": _string(), "x-kubernetes-list-type": "atomic"},
            "ports": {
                "type": "array",
                "items": _ref("ContainerPort"),
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
                "x-kubernetes-patch-merge-key": "containerPort",
                "x-kubernetes-patch-strategy": "merge",
            },
            "env": {
                "type": "array",
                "items": _ref("EnvVar"),
                "x-kubernetes-patch-merge-key": "name",
                "x-kubernetes-patch-strategy": "merge",
            },
            "resources": _ref("ResourceRequirements", default={}),
        },
        "required": ["name"],
    },
    "ResourceRequirements": {
        "type": "object",
        "properties": {
            "limits": {"type": "object", "additionalProperties": _ref("Quantity")},
            "requests": {"type": "object", "additionalProperties": _ref("Quantity")},
        },
    },
    "PodSpec": {
        "type": "object",
        "properties": {
            "containers": {
                "type": "array",
                "items": _ref("Container"),
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["name"],
                "x-kubernetes-patch-merge-key": "name",
                "x-kubernetes-patch-strategy": "merge",
            },
            "nodeSelector": _string_map(**{"x-kubernetes-map-type": "atomic"}),
            "restartPolicy": _string(),
            "tolerations": {"type": "array", "items": {"type": "object"}, "x-kubernetes-list-type": "atomic"},
        },
        "required": ["containers"],
    },
    "PodTemplateSpec": {
        "type": "object",
        "properties": {"metadata": _ref("ObjectMeta", default={}), "spec": _ref("PodSpec", default={})},
    },
    "DeploymentSpec": {
        "type": "object",
        "properties": {
            "replicas": _int(),
            "paused": {"type": "boolean"},
            "selector": _ref("LabelSelector"),
            "template": _ref("PodTemplateSpec", default={}),
            "strategy": _ref("DeploymentStrategy", default={}),
        },
        "required": ["selector", "template"],
    },
    "DeploymentStrategy": {
        "type": "object",
        "properties": {
            "type": _string(),
            "rollingUpdate": {
                "type": "object",
                "properties": {"maxSurge": {"x-kubernetes-int-or-string": True}, "maxUnavailable": {}},
            },
        },
    },
    "DeploymentStatus": {"type": "object", "properties": {"replicas": _int(), "readyReplicas": _int()}},
    "Deployment": {
        "type": "object",
        "properties": {
            "apiVersion": _string(),
            "kind": _string(),
            "metadata": _ref("ObjectMeta", default={}),
            "spec": _ref("DeploymentSpec", default={}),
            "status": _ref("DeploymentStatus", default={}),
        },
    },
    "Pod": {
        "type": "object",
        "properties": {
            "apiVersion": _string(),
            "kind": _string(),
            "metadata": _ref("ObjectMeta", default={}),
            "spec": _ref("PodSpec", default={}),
            "status": {"type": "object", "properties": {"phase": _string()}},
        },
    },
    "ConfigMap": {
        "type": "object",
        "properties": {
            "apiVersion": _string(),
            "kind": _string(),
            "metadata": _ref("ObjectMeta", default={}),
            "data": _string_map(),
            "binaryData": _string_map(),
            "immutable": {"type": "boolean"},
        },
    },
}

_SET = SchemaSet(_DEFINITIONS)
DEPLOYMENT = TypedSchema(_SET, _ref("Deployment"))
POD = TypedSchema(_SET, _ref("Pod"))
CONFIGMAP = TypedSchema(_SET, _ref("ConfigMap"))
# A CRD-like inline schema: spec preserves unknown fields, status is typed.
CRD_LIKE = TypedSchema(
    _SET,
    {
        "type": "object",
        "properties": {
            "apiVersion": _string(),
            "kind": _string(),
            "metadata": _ref("ObjectMeta"),
            "spec": {
                "type": "object",
                "x-kubernetes-preserve-unknown-fields": True,
                "properties": {
                    "size": _int(),
                    "tags": {"type": "array", "items": _string(), "x-kubernetes-list-type": "set"},
                },
            },
            "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}},
        },
    },
)
UNTYPED = None

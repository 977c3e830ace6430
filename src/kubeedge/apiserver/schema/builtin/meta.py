"""meta/v1 types shared by every kind, and the apimachinery scalars (IntOrString, Quantity, RawExtension).

Time and MicroTime are RFC 3339 strings. IntOrString and Quantity follow kube-openapi v3: a
``oneOf`` of the JSON types they accept (IntOrString also carries ``x-kubernetes-int-or-string``,
the marker CRD schemas use for the same shape). RawExtension and FieldsV1 hold arbitrary JSON, so
they are marked ``x-kubernetes-preserve-unknown-fields`` for the schema walkers (pruning, strict
field validation), which must keep whatever is inside them.

DeleteOptions and WatchEvent are registered in every group we serve, as kube-apiserver does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    INTSTR,
    META,
    QUANTITY,
    RUNTIME,
    array,
    boolean,
    int32,
    int64,
    kind,
    meta,
    obj,
    ref,
    string,
    string_map,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS", "OPTION_GROUP_VERSIONS"]

# The built-in group versions we serve; DeleteOptions and WatchEvent belong to each of them.
OPTION_GROUP_VERSIONS: tuple[tuple[str, str], ...] = (
    ("", "v1"),
    ("apiextensions.k8s.io", "v1"),
    ("apps", "v1"),
    ("autoscaling", "v1"),
    ("coordination.k8s.io", "v1"),
)


def _in_every_group(kind_name: str) -> list[tuple[str, str, str]]:
    return [(group, version, kind_name) for group, version in OPTION_GROUP_VERSIONS]


DEFINITIONS: dict[str, Schema] = {
    META + "Condition": obj(
        "One aspect of the current state of a resource.",
        {
            "lastTransitionTime": meta("Time"),
            "message": string(),
            "observedGeneration": int64(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
        required=["lastTransitionTime", "message", "reason", "status", "type"],
    ),
    META + "DeleteOptions": obj(
        "Options of a delete request.",
        {
            "apiVersion": string(),
            "kind": string(),
            "dryRun": array(string(), list_type="atomic"),
            "gracePeriodSeconds": int64(),
            "ignoreStoreReadErrorWithClusterBreakingPotential": boolean(),
            "orphanDependents": boolean(),
            "preconditions": meta("Preconditions"),
            "propagationPolicy": string(),
        },
        gvk=_in_every_group("DeleteOptions"),
    ),
    META + "FieldsV1": obj(
        "The set of fields a manager owns, in the FieldsV1 trie format.",
        {},
        preserve_unknown_fields=True,
    ),
    META + "LabelSelector": obj(
        "A label query over a set of resources.",
        {
            "matchExpressions": array(meta("LabelSelectorRequirement"), list_type="atomic"),
            "matchLabels": string_map(),
        },
        map_type="atomic",
    ),
    META + "LabelSelectorRequirement": obj(
        "A selector requirement: a key, an operator and values.",
        {
            # kube's Go struct tags this scalar with patchMergeKey/patchStrategy; kube-openapi emits them.
            "key": {
                **string(),
                "x-kubernetes-patch-merge-key": "key",
                "x-kubernetes-patch-strategy": "merge",
            },
            "operator": string(),
            "values": array(string(), list_type="atomic"),
        },
        required=["key", "operator"],
    ),
    META + "ListMeta": obj(
        "Metadata of synthetic resources such as lists and status objects.",
        {
            "continue": string(),
            "remainingItemCount": int64(),
            "resourceVersion": string(),
            "selfLink": string(),
            "shardInfo": meta("ShardInfo"),
        },
    ),
    META + "ManagedFieldsEntry": obj(
        "A manager, an operation and the set of fields it owns.",
        {
            "apiVersion": string(),
            "fieldsType": string(),
            "fieldsV1": meta("FieldsV1"),
            "manager": string(),
            "operation": string(),
            "subresource": string(),
            "time": meta("Time"),
        },
    ),
    META + "MicroTime": {"description": "A timestamp with microsecond precision.", **string("date-time")},
    META + "ObjectMeta": obj(
        "Metadata that all persisted resources must have.",
        {
            "annotations": string_map(),
            "creationTimestamp": meta("Time"),
            "deletionGracePeriodSeconds": int64(),
            "deletionTimestamp": meta("Time"),
            "finalizers": array(string(), list_type="set", strategy="merge"),
            "generateName": string(),
            "generation": int64(),
            "labels": string_map(),
            "managedFields": array(meta("ManagedFieldsEntry"), list_type="atomic"),
            "name": string(),
            "namespace": string(),
            "ownerReferences": array(meta("OwnerReference"), keys=["uid"], merge="uid"),
            "resourceVersion": string(),
            "selfLink": string(),
            "uid": string(),
        },
    ),
    META + "OwnerReference": obj(
        "Identifies an owning object.",
        {
            "apiVersion": string(),
            "blockOwnerDeletion": boolean(),
            "controller": boolean(),
            "kind": string(),
            "name": string(),
            "uid": string(),
        },
        required=["apiVersion", "kind", "name", "uid"],
        map_type="atomic",
    ),
    META + "Preconditions": obj(
        "Preconditions that must hold before an operation is carried out.",
        {
            "resourceVersion": string(),
            "uid": string(),
        },
    ),
    META + "ShardInfo": obj(
        "The shard of a sharded list response.",
        {
            "selector": string(),
        },
        required=["selector"],
    ),
    META + "Status": kind(
        "A return value for calls that don't return other objects.",
        ("", "v1", "Status"),
        {
            "code": int32(),
            "details": meta("StatusDetails"),
            "message": string(),
            "metadata": meta("ListMeta"),
            "reason": string(),
            "status": string(),
        },
    ),
    META + "StatusCause": obj(
        "More information about an api.Status failure.",
        {
            "field": string(),
            "message": string(),
            "reason": string(),
        },
    ),
    META + "StatusDetails": obj(
        "Additional properties the server may set on a Status.",
        {
            "causes": array(meta("StatusCause"), list_type="atomic"),
            "group": string(),
            "kind": string(),
            "name": string(),
            "retryAfterSeconds": int32(),
            "uid": string(),
        },
    ),
    META + "Time": {"description": "An RFC 3339 timestamp with second precision.", **string("date-time")},
    META + "WatchEvent": obj(
        "An event on a watch stream.",
        {
            "object": ref(RUNTIME + "RawExtension"),
            "type": string(),
        },
        required=["object", "type"],
        gvk=_in_every_group("WatchEvent"),
    ),
    INTSTR: {
        "description": "An int32 or a string.",
        "format": "int-or-string",
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "x-kubernetes-int-or-string": True,
    },
    QUANTITY: {
        "description": "A fixed-point number with an optional suffix (100m, 1.5Gi, 2e3), or a JSON number.",
        "oneOf": [{"type": "string"}, {"type": "number"}],
    },
    RUNTIME + "RawExtension": obj(
        "An embedded object of any kind, kept as it was sent.",
        {},
        preserve_unknown_fields=True,
    ),
}

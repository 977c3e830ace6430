"""autoscaling/v1 Scale, the body of the scale subresource of Deployments and ReplicaSets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import AUTOSCALING, int32, kind, meta, obj, ref, string

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

DEFINITIONS: dict[str, Schema] = {
    AUTOSCALING + "Scale": kind(
        "The scaling request of a resource.",
        ("autoscaling", "v1", "Scale"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": ref(AUTOSCALING + "ScaleSpec"),
            "status": ref(AUTOSCALING + "ScaleStatus"),
        },
    ),
    AUTOSCALING + "ScaleSpec": obj(
        "ScaleSpec describes the attributes of a scale subresource.",
        {
            "replicas": int32(),
        },
    ),
    AUTOSCALING + "ScaleStatus": obj(
        "ScaleStatus represents the current status of a scale subresource.",
        {
            "replicas": int32(),
            "selector": string(),
        },
        required=["replicas"],
    ),
}

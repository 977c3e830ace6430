"""coordination.k8s.io/v1 Lease: node heartbeats and leader election (times are MicroTime)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    COORDINATION,
    int32,
    kind,
    list_kind,
    meta,
    obj,
    ref,
    string,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

DEFINITIONS: dict[str, Schema] = {
    COORDINATION + "Lease": kind(
        "A lease.",
        ("coordination.k8s.io", "v1", "Lease"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": ref(COORDINATION + "LeaseSpec"),
        },
    ),
    COORDINATION + "LeaseList": list_kind(
        "LeaseList is a list of Lease objects.",
        ("coordination.k8s.io", "v1", "LeaseList"),
        ref(COORDINATION + "Lease"),
    ),
    COORDINATION + "LeaseSpec": obj(
        "LeaseSpec is a specification of a Lease.",
        {
            "acquireTime": meta("MicroTime"),
            "holderIdentity": string(),
            "leaseDurationSeconds": int32(),
            "leaseTransitions": int32(),
            "preferredHolder": string(),
            "renewTime": meta("MicroTime"),
            "strategy": string(),
        },
    ),
}

"""Nodes and Namespaces."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError, FieldErrorType
from kubeedge.apiserver.validation import cluster, names
from kubeedge.apiserver.validation.gotext import GoValue


def node(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "edge-node-1", "labels": {"node-role.kubernetes.io/edge": ""}},
        "spec": spec,
        "status": {"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"}, "allocatable": {"cpu": "3800m"}},
    }


NODE_CASES: list[tuple[str, dict[str, Any], list[FieldError]]] = [
    (
        "valid",
        node(
            taints=[{"key": "node-role.kubernetes.io/edge", "effect": "NoSchedule"}],
            podCIDRs=["10.244.1.0/24"],
        ),
        [],
    ),
    (
        "namespaced node",
        {**node(), "metadata": {"name": "n", "namespace": "default"}},
        [FieldError.forbidden("metadata.namespace", "not allowed on this type")],
    ),
    (
        "taint effect required (reported under metadata.taints)",
        node(taints=[{"key": "k"}]),
        [FieldError.required("metadata.taints[0].effect")],
    ),
    (
        "taint value",
        node(taints=[{"key": "k", "value": "-v", "effect": "NoExecute"}]),
        [FieldError.invalid("metadata.taints[0].value", "-v", names.is_valid_label_value("-v")[0])],
    ),
    (
        "duplicate taint",
        node(taints=[{"key": "k", "effect": "NoSchedule"}, {"key": "k", "value": "x", "effect": "NoSchedule"}]),
        [
            FieldError(
                FieldErrorType.DUPLICATE,
                "metadata.taints[1]",
                GoValue('core.Taint{Key:"k", Value:"x", Effect:"NoSchedule", TimeAdded:<nil>}'),
                "taints must be unique by key and effect pair",
            )
        ],
    ),
    (
        "pod CIDRs",
        node(podCIDRs=["10.244.1.0/24", "10.244.2.0/24"]),
        [
            FieldError.invalid(
                "spec.podCIDRs",
                GoValue('[]string{"10.244.1.0/24", "10.244.2.0/24"}'),
                "may specify no more than one CIDR for each IP family",
            )
        ],
    ),
    (
        "bad CIDR",
        node(podCIDRs=["10.244.1.0"]),
        [
            FieldError.invalid(
                "spec.podCIDRs[0]",
                "10.244.1.0",
                "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
            )
        ],
    ),
]


@pytest.mark.parametrize(("obj", "expected"), [c[1:] for c in NODE_CASES], ids=[c[0] for c in NODE_CASES])
def test_node(obj: dict[str, Any], expected: list[FieldError]) -> None:
    assert cluster.validate_node(obj) == expected


def test_node_capacity_quantities() -> None:
    n = node()
    n["status"]["capacity"] = {"cpu": "-1", "pods": "1.5"}
    assert cluster.validate_node(n) == [
        FieldError.invalid("status.capacity.cpu", "-1", "must be greater than or equal to 0"),
        FieldError.invalid("status.capacity.pods", GoValue("1500m"), "must be an integer"),
    ]


def _stored_node(**spec: Any) -> dict[str, Any]:
    n = node(**spec)
    n["metadata"].update(uid="u", resourceVersion="10")
    return n


def test_node_update() -> None:
    old = _stored_node(podCIDRs=["10.244.1.0/24"], providerID="kubeedge://edge-node-1")
    new = copy.deepcopy(old)
    new["spec"].update(podCIDRs=["10.244.9.0/24"], providerID="other", unschedulable=True)
    new["status"]["addresses"] = [
        {"type": "InternalIP", "address": "192.168.1.10"},
        {"type": "InternalIP", "address": "192.168.1.10"},
    ]
    assert cluster.validate_node_update(new, old) == [
        FieldError.duplicate(
            "status.addresses[1]", GoValue('core.NodeAddress{Type:"InternalIP", Address:"192.168.1.10"}')
        ),
        FieldError.forbidden("spec.podCIDRs", 'node updates may not change podCIDR except from "" to valid'),
        FieldError.forbidden("spec.providerID", 'node updates may not change providerID except from "" to valid'),
    ]
    first_cidr = _stored_node()
    assigned = copy.deepcopy(first_cidr)
    assigned["spec"]["podCIDRs"] = ["10.244.3.0/24"]
    assert cluster.validate_node_update(assigned, first_cidr) == []


def namespace(name: str = "edge-apps", finalizers: list[str] | None = None) -> dict[str, Any]:
    return {"metadata": {"name": name}, "spec": {"finalizers": finalizers or ["kubernetes"]}}


def test_namespace() -> None:
    assert cluster.validate_namespace(namespace()) == []
    assert cluster.validate_namespace(namespace("Edge.Apps")) == [
        FieldError.invalid("metadata.name", "Edge.Apps", names.is_dns1123_label("Edge.Apps")[0])
    ]
    assert cluster.validate_namespace(namespace(finalizers=["custom"])) == [
        FieldError.invalid(
            "spec.finalizers", "custom", "name is neither a standard finalizer name nor is it fully qualified"
        )
    ]


def test_namespace_status_phase() -> None:
    old = namespace()
    old["metadata"].update(uid="u", resourceVersion="1")
    new = copy.deepcopy(old)
    new["status"] = {"phase": "Terminating"}
    assert cluster.validate_namespace_status_update(new, old) == [
        FieldError.invalid("status.Phase", "Terminating", "may only be 'Active' if `deletionTimestamp` is empty")
    ]
    old["metadata"]["deletionTimestamp"] = "2025-01-01T00:00:00Z"
    new = copy.deepcopy(old)
    new["status"] = {"phase": "Active"}
    assert cluster.validate_namespace_status_update(new, old) == [
        FieldError.invalid("status.Phase", "Active", "may only be 'Terminating' if `deletionTimestamp` is not empty")
    ]


def test_namespace_finalize() -> None:
    old = namespace()
    old["metadata"].update(uid="u", resourceVersion="1")
    new = copy.deepcopy(old)
    new["spec"]["finalizers"] = ["kubernetes", "bad"]
    assert cluster.validate_namespace_finalize_update(new, old) == [
        FieldError.invalid(
            "spec.finalizers[1]", "bad", "name is neither a standard finalizer name nor is it fully qualified"
        )
    ]

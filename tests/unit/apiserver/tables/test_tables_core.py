"""Tables of core kinds: nodes, namespaces, configmaps, secrets, services, endpoints, leases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kubeedge.apiserver.tables import core

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
META = {"name": "x", "namespace": "d", "creationTimestamp": "2024-04-29T09:00:00Z"}  # 2d3h old


def _cells(plural: str, obj: dict[str, Any], group: str = "") -> tuple[Any, ...]:
    return core.PRINTERS[(group, plural)].print_row(obj, NOW).cells


def _columns(plural: str, group: str = "") -> list[tuple[str, str, int]]:
    return [(c.name, c.type, c.priority) for c in core.PRINTERS[(group, plural)].columns]


def _node(
    conditions: list[dict[str, str]], *, unschedulable: bool = False, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "metadata": {**META, "labels": labels or {}},
        "spec": {"unschedulable": unschedulable},
        "status": {"conditions": conditions},
    }


@pytest.mark.parametrize(
    ("node", "status"),
    [
        (_node([{"type": "Ready", "status": "True"}]), "Ready"),
        (_node([{"type": "Ready", "status": "False"}]), "NotReady"),
        (_node([{"type": "Ready", "status": "Unknown"}]), "NotReady"),
        (_node([]), "Unknown"),
        (_node([{"type": "MemoryPressure", "status": "True"}]), "Unknown"),
        (_node([{"type": "Ready", "status": "True"}], unschedulable=True), "Ready,SchedulingDisabled"),
        (_node([], unschedulable=True), "Unknown,SchedulingDisabled"),
        (_node([{"type": "Ready", "status": "False"}, {"type": "Ready", "status": "True"}]), "Ready"),
    ],
)
def test_node_status(node: dict[str, Any], status: str) -> None:
    assert core.node_status(node) == status


@pytest.mark.parametrize(
    ("labels", "roles"),
    [
        ({}, []),
        ({"node-role.kubernetes.io/control-plane": ""}, ["control-plane"]),
        ({"node-role.kubernetes.io/edge": "", "node-role.kubernetes.io/agent": "true"}, ["agent", "edge"]),
        ({"node-role.kubernetes.io/": ""}, []),
        ({"kubernetes.io/role": "master"}, ["master"]),
        ({"kubernetes.io/role": ""}, []),
        ({"kubernetes.io/role": "edge", "node-role.kubernetes.io/edge": ""}, ["edge"]),
        ({"node-role.kubernetes.io": "x", "example.com/role": "y"}, []),
    ],
)
def test_node_roles(labels: dict[str, str], roles: list[str]) -> None:
    assert core.node_roles(labels) == roles


def test_node_row() -> None:
    node = _node([{"type": "Ready", "status": "True"}], labels={"node-role.kubernetes.io/edge": ""})
    node["status"]["nodeInfo"] = {
        "kubeletVersion": "v1.30.0-kubeedge-v1.18.0",
        "osImage": "Ubuntu 22.04.4 LTS",
        "kernelVersion": "6.5.0",
        "containerRuntimeVersion": "containerd://1.7.2",
    }
    node["status"]["addresses"] = [
        {"type": "Hostname", "address": "edge-1"},
        {"type": "InternalIP", "address": "192.168.1.10"},
        {"type": "InternalIP", "address": "192.168.1.11"},
    ]
    assert _cells("nodes", node) == (
        "x",
        "Ready",
        "edge",
        "2d3h",
        "v1.30.0-kubeedge-v1.18.0",
        "192.168.1.10",
        "<none>",
        "Ubuntu 22.04.4 LTS",
        "6.5.0",
        "containerd://1.7.2",
    )


def test_node_row_defaults() -> None:
    assert _cells("nodes", _node([])) == (
        "x",
        "Unknown",
        "<none>",
        "2d3h",
        "",
        "<none>",
        "<none>",
        "<unknown>",
        "<unknown>",
        "<unknown>",
    )
    assert _columns("nodes") == [
        ("Name", "string", 0),
        ("Status", "string", 0),
        ("Roles", "string", 0),
        ("Age", "string", 0),
        ("Version", "string", 0),
        ("Internal-IP", "string", 1),
        ("External-IP", "string", 1),
        ("OS-Image", "string", 1),
        ("Kernel-Version", "string", 1),
        ("Container-Runtime", "string", 1),
    ]


@pytest.mark.parametrize(
    ("plural", "obj", "cells"),
    [
        ("namespaces", {"metadata": META, "status": {"phase": "Active"}}, ("x", "Active", "2d3h")),
        ("namespaces", {"metadata": META}, ("x", "", "2d3h")),
        (
            "configmaps",
            {"metadata": META, "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}},
            ("x", 3, "2d3h"),
        ),
        ("configmaps", {"metadata": META}, ("x", 0, "2d3h")),
        ("secrets", {"metadata": META, "type": "Opaque", "data": {"a": "MQ=="}}, ("x", "Opaque", 1, "2d3h")),
        ("serviceaccounts", {"metadata": META, "secrets": [{"name": "t"}]}, ("x", 1, "2d3h")),
        ("serviceaccounts", {"metadata": META}, ("x", 0, "2d3h")),
    ],
)
def test_simple_rows(plural: str, obj: dict[str, Any], cells: tuple[Any, ...]) -> None:
    assert _cells(plural, obj) == cells


def test_lease_row() -> None:
    lease = {"metadata": META, "spec": {"holderIdentity": "edge-1"}}
    assert _cells("leases", lease, "coordination.k8s.io") == ("x", "edge-1", "2d3h")
    assert _cells("leases", {"metadata": META}, "coordination.k8s.io") == ("x", "", "2d3h")
    assert _columns("leases", "coordination.k8s.io") == [
        ("Name", "string", 0),
        ("Holder", "string", 0),
        ("Age", "string", 0),
    ]


def test_secret_and_configmap_columns() -> None:
    assert _columns("secrets") == [
        ("Name", "string", 0),
        ("Type", "string", 0),
        ("Data", "string", 0),
        ("Age", "string", 0),
    ]
    assert _columns("configmaps") == [("Name", "string", 0), ("Data", "string", 0), ("Age", "string", 0)]
    assert _columns("namespaces") == [("Name", "string", 0), ("Status", "string", 0), ("Age", "string", 0)]


def _service(spec: dict[str, Any], status: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"metadata": META, "spec": spec, "status": status or {}}


@pytest.mark.parametrize(
    ("service", "cells"),
    [
        (
            _service(
                {
                    "type": "ClusterIP",
                    "clusterIP": "10.96.0.10",
                    "clusterIPs": ["10.96.0.10"],
                    "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
                    "selector": {"k8s-app": "kube-dns"},
                }
            ),
            ("x", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP", "2d3h", "k8s-app=kube-dns"),
        ),
        (
            _service({"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"]}),
            ("x", "ClusterIP", "None", "<none>", "<none>", "2d3h", "<none>"),
        ),
        (
            _service(
                {
                    "type": "NodePort",
                    "clusterIPs": ["10.0.0.2"],
                    "externalIPs": ["1.2.3.4", "5.6.7.8"],
                    "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}],
                    "selector": {"b": "2", "a": "1"},
                }
            ),
            ("x", "NodePort", "10.0.0.2", "1.2.3.4,5.6.7.8", "80:30080/TCP", "2d3h", "a=1,b=2"),
        ),
        (
            _service({"type": "LoadBalancer", "clusterIPs": ["10.0.0.3"], "ports": [{"port": 443}]}),
            ("x", "LoadBalancer", "10.0.0.3", "<pending>", "443/TCP", "2d3h", "<none>"),
        ),
        (
            _service(
                {"type": "LoadBalancer", "clusterIPs": ["10.0.0.3"], "externalIPs": ["9.9.9.9"]},
                {"loadBalancer": {"ingress": [{"ip": "34.1.1.1"}, {"hostname": "lb.example.com"}, {"ip": "34.1.1.1"}]}},
            ),
            ("x", "LoadBalancer", "10.0.0.3", "34.1.1.1,lb.example.com,9.9.9.9", "<none>", "2d3h", "<none>"),
        ),
        (
            _service({"type": "ExternalName", "externalName": "db.example.com"}),
            ("x", "ExternalName", "<none>", "db.example.com", "<none>", "2d3h", "<none>"),
        ),
        (
            _service({"clusterIP": "10.0.0.9"}),
            ("x", "", "10.0.0.9", "<unknown>", "<none>", "2d3h", "<none>"),
        ),
    ],
)
def test_service_rows(service: dict[str, Any], cells: tuple[Any, ...]) -> None:
    assert _cells("services", service) == cells


def test_service_columns() -> None:
    assert _columns("services") == [
        ("Name", "string", 0),
        ("Type", "string", 0),
        ("Cluster-IP", "string", 0),
        ("External-IP", "string", 0),
        ("Port(s)", "string", 0),
        ("Age", "string", 0),
        ("Selector", "string", 1),
    ]


@pytest.mark.parametrize(
    ("subsets", "text"),
    [
        ([], "<none>"),
        ([{"addresses": [{"ip": "10.0.0.1"}], "ports": [{"port": 80}]}], "10.0.0.1:80"),
        ([{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}]}], "10.0.0.1,10.0.0.2"),
        ([{"addresses": [{"ip": "fd00::1"}], "ports": [{"port": 80}]}], "[fd00::1]:80"),
        (
            [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "ports": [{"port": 80}, {"port": 443}]}],
            "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...",
        ),
        (
            [
                {"addresses": [{"ip": "10.0.0.1"}], "ports": [{"port": 80}]},
                {
                    "addresses": [{"ip": "10.0.0.2"}, {"ip": "10.0.0.3"}, {"ip": "10.0.0.4"}],
                    "ports": [{"port": 81}],
                },
            ],
            "10.0.0.1:80,10.0.0.2:81,10.0.0.3:81 + 1 more...",
        ),
        ([{"notReadyAddresses": [{"ip": "10.0.0.1"}], "ports": [{"port": 80}]}], ""),
    ],
)
def test_endpoints(subsets: list[dict[str, Any]], text: str) -> None:
    assert _cells("endpoints", {"metadata": META, "subsets": subsets}) == ("x", text, "2d3h")

"""Endpoints controller core: selection, readiness, port resolution, repacking, the write to make."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.controllers import endpoints_plan


def service(**spec: Any) -> dict[str, Any]:
    body = {
        "selector": {"app": "web"},
        "clusterIP": "10.96.0.10",
        "ipFamilies": ["IPv4"],
        "ports": [
            {"name": "http", "port": 80, "targetPort": "web", "protocol": "TCP"},
            {"name": "metrics", "port": 9090, "targetPort": 9100, "protocol": "TCP"},
        ],
    }
    body.update(spec)
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "default", "labels": {"team": "a"}},
        "spec": body,
    }


def pod(
    name: str,
    ip: str | None,
    *,
    ready: bool = True,
    port_name: str = "web",
    container_port: int = 8080,
    labels: dict[str, str] | None = None,
    namespace: str = "default",
    phase: str = "Running",
    deleting: bool = False,
    **spec: Any,
) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "name": name,
        "namespace": namespace,
        "uid": f"uid-{name}",
        "labels": labels or {"app": "web"},
    }
    if deleting:
        metadata["deletionTimestamp"] = "2024-05-01T12:00:00Z"
    status: dict[str, Any] = {
        "phase": phase,
        "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
    }
    if ip:
        status["podIP"] = ip
        status["podIPs"] = [{"ip": ip}]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": metadata,
        "spec": {
            "nodeName": "edge-1",
            "containers": [{"name": "c", "ports": [{"name": port_name, "containerPort": container_port}]}],
            **spec,
        },
        "status": status,
    }


def address(name: str, ip: str, **extra: Any) -> dict[str, Any]:
    return {
        "ip": ip,
        **extra,
        "nodeName": "edge-1",
        "targetRef": {"kind": "Pod", "namespace": "default", "name": name, "uid": f"uid-{name}"},
    }


PORTS = [
    {"name": "http", "port": 8080, "protocol": "TCP"},
    {"name": "metrics", "port": 9100, "protocol": "TCP"},
]


def test_named_ports_and_not_ready_pods() -> None:
    pods = [pod("b", "10.0.0.2"), pod("a", "10.0.0.1"), pod("c", "10.0.0.3", ready=False)]
    endpoints = endpoints_plan.desired_endpoints(service(), pods)
    assert endpoints == {
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {"name": "web", "namespace": "default", "labels": {"team": "a"}},
        "subsets": [
            {
                "addresses": [address("a", "10.0.0.1"), address("b", "10.0.0.2")],
                "notReadyAddresses": [address("c", "10.0.0.3")],
                "ports": PORTS,
            }
        ],
    }


def test_pods_with_different_port_numbers_get_separate_subsets() -> None:
    pods = [pod("a", "10.0.0.1"), pod("b", "10.0.0.2", container_port=8081)]
    subsets = endpoints_plan.desired_endpoints(service(), pods)["subsets"]  # type: ignore[index]
    shape = [([a["ip"] for a in s["addresses"]], [(p["name"], p["port"]) for p in s["ports"]]) for s in subsets]
    assert shape == [
        (["10.0.0.1"], [("http", 8080)]),
        (["10.0.0.2"], [("http", 8081)]),
        (["10.0.0.1", "10.0.0.2"], [("metrics", 9100)]),
    ]


def test_pods_without_the_named_port_are_left_out_of_that_port() -> None:
    subsets = endpoints_plan.desired_endpoints(service(), [pod("a", "10.0.0.1", port_name="other")])["subsets"]  # type: ignore[index]
    assert subsets == [{"addresses": [address("a", "10.0.0.1")], "ports": [PORTS[1]]}]


@pytest.mark.parametrize(
    ("candidate", "included"),
    [
        (pod("x", None), False),  # no IP yet
        (pod("x", "10.0.0.9", phase="Succeeded"), False),
        (pod("x", "10.0.0.9", deleting=True), False),
        (pod("x", "10.0.0.9", labels={"app": "other"}), False),
        (pod("x", "10.0.0.9", namespace="other"), False),
        (pod("x", "fd00::9"), False),  # wrong family
        (pod("x", "10.0.0.9"), True),
    ],
)
def test_which_pods_are_endpoints(candidate: dict[str, Any], included: bool) -> None:
    endpoints = endpoints_plan.desired_endpoints(service(), [candidate])
    assert endpoints is not None
    assert ("subsets" in endpoints) is included


def test_publish_not_ready_addresses_includes_terminating_and_unready_as_ready() -> None:
    pods = [pod("a", "10.0.0.1", ready=False), pod("b", "10.0.0.2", deleting=True)]
    subsets = endpoints_plan.desired_endpoints(service(publishNotReadyAddresses=True), pods)["subsets"]  # type: ignore[index]
    assert [a["ip"] for a in subsets[0]["addresses"]] == ["10.0.0.1", "10.0.0.2"]
    assert "notReadyAddresses" not in subsets[0]


def test_headless_service_hostname_and_portless_subsets() -> None:
    svc = service(clusterIP="None", ports=[])
    pods = [pod("a", "10.0.0.1", hostname="db-0", subdomain="web"), pod("b", "10.0.0.2", hostname="db-1")]
    endpoints = endpoints_plan.desired_endpoints(svc, pods)
    assert endpoints is not None
    assert endpoints["metadata"]["labels"] == {"team": "a", "service.kubernetes.io/headless": ""}
    assert endpoints["subsets"] == [
        {"addresses": [address("a", "10.0.0.1", hostname="db-0"), address("b", "10.0.0.2")]}
    ]


def test_ipv6_services_take_the_ipv6_pod_address() -> None:
    dual = pod("a", "10.0.0.1")
    dual["status"]["podIPs"].append({"ip": "fd00::1"})
    endpoints = endpoints_plan.desired_endpoints(service(ipFamilies=["IPv6"]), [dual])
    assert endpoints["subsets"][0]["addresses"][0]["ip"] == "fd00::1"  # type: ignore[index]


@pytest.mark.parametrize("svc", [service(selector=None), service(selector={}), service(type="ExternalName")])
def test_services_without_selector_are_not_managed(svc: dict[str, Any]) -> None:
    assert endpoints_plan.desired_endpoints(svc, [pod("a", "10.0.0.1")]) is None
    assert endpoints_plan.plan_endpoints(svc, [pod("a", "10.0.0.1")], None) is None


def test_plan_create_update_noop_delete() -> None:
    pods = [pod("a", "10.0.0.1")]
    created = endpoints_plan.plan_endpoints(service(), pods, None)
    assert isinstance(created, endpoints_plan.CreateEndpoints)
    current = {
        **created.endpoints,
        "metadata": {**created.endpoints["metadata"], "resourceVersion": "7", "uid": "e"},
    }
    assert endpoints_plan.plan_endpoints(service(), pods, current) is None
    updated = endpoints_plan.plan_endpoints(service(), [*pods, pod("b", "10.0.0.2")], current)
    assert isinstance(updated, endpoints_plan.UpdateEndpoints)
    assert updated.endpoints["metadata"]["resourceVersion"] == "7"
    assert len(updated.endpoints["subsets"][0]["addresses"]) == 2
    emptied = endpoints_plan.plan_endpoints(service(), [], current)
    assert isinstance(emptied, endpoints_plan.UpdateEndpoints)
    assert "subsets" not in emptied.endpoints
    deleted = endpoints_plan.plan_endpoints(None, pods, current)
    assert isinstance(deleted, endpoints_plan.DeleteEndpoints)
    assert deleted.target.uid == "e"
    assert endpoints_plan.plan_endpoints(None, pods, None) is None


def test_label_changes_on_the_service_update_the_endpoints() -> None:
    current = endpoints_plan.desired_endpoints(service(), [pod("a", "10.0.0.1")])
    relabelled = service()
    relabelled["metadata"]["labels"] = {"team": "b"}
    action = endpoints_plan.plan_endpoints(relabelled, [pod("a", "10.0.0.1")], current)
    assert isinstance(action, endpoints_plan.UpdateEndpoints)
    assert action.endpoints["metadata"]["labels"] == {"team": "b"}


def test_address_family_without_ip_families_and_pods_reporting_only_pod_ip() -> None:
    v6 = pod("a", "fd00::1")
    del v6["status"]["podIPs"]
    headless = service(clusterIP="None", ipFamilies=None)
    assert endpoints_plan.desired_endpoints(headless, [v6])["subsets"][0]["addresses"][0]["ip"] == "fd00::1"  # type: ignore[index]
    by_cluster_ip = service(clusterIP="fd00::10", ipFamilies=None)
    assert "subsets" in endpoints_plan.desired_endpoints(by_cluster_ip, [v6])  # type: ignore[operator]


def test_app_protocol_is_carried_over() -> None:
    svc = service(
        ports=[{"name": "grpc", "port": 50051, "targetPort": 50051, "protocol": "TCP", "appProtocol": "grpc"}]
    )
    subsets = endpoints_plan.desired_endpoints(svc, [pod("a", "10.0.0.1")])["subsets"]  # type: ignore[index]
    assert subsets[0]["ports"] == [{"name": "grpc", "port": 50051, "protocol": "TCP", "appProtocol": "grpc"}]

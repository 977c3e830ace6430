"""Service, Secret, Namespace, Node and Endpoints defaulting."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest

from kubeedge.apiserver.defaults import apply_defaults


def service(**spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": "web", "namespace": "default"}, "spec": spec}


def test_kubectl_expose_service() -> None:
    obj = service(ports=[{"protocol": "TCP", "port": 80, "targetPort": 8080}], selector={"app": "web"})
    apply_defaults("", "services", obj)
    assert obj["spec"] == {
        "ports": [{"protocol": "TCP", "port": 80, "targetPort": 8080}],
        "selector": {"app": "web"},
        "sessionAffinity": "None",
        "type": "ClusterIP",
        "internalTrafficPolicy": "Cluster",
        "ipFamilyPolicy": "SingleStack",
        "ipFamilies": ["IPv4"],
    }


@pytest.mark.parametrize("target", [None, 0, ""])
def test_target_port_defaults_to_port(target: Any) -> None:
    port: dict[str, Any] = {"port": 443}
    if target is not None:
        port["targetPort"] = target
    obj = service(ports=[port])
    apply_defaults("", "services", obj)
    assert obj["spec"]["ports"] == [{"port": 443, "protocol": "TCP", "targetPort": 443}]


def test_named_target_port_is_kept() -> None:
    obj = service(ports=[{"port": 80, "targetPort": "http"}])
    apply_defaults("", "services", obj)
    assert obj["spec"]["ports"][0]["targetPort"] == "http"


def test_node_port_and_load_balancer() -> None:
    obj = service(type="LoadBalancer", ports=[{"port": 80}])
    obj["status"] = {"loadBalancer": {"ingress": [{"ip": "1.2.3.4"}, {"hostname": "lb.example.com"}]}}
    apply_defaults("", "services", obj)
    spec = obj["spec"]
    assert spec["externalTrafficPolicy"] == "Cluster"
    assert spec["allocateLoadBalancerNodePorts"] is True
    assert spec["internalTrafficPolicy"] == "Cluster"
    assert obj["status"]["loadBalancer"]["ingress"] == [
        {"ip": "1.2.3.4", "ipMode": "VIP"},
        {"hostname": "lb.example.com"},
    ]


def test_session_affinity() -> None:
    obj = service(sessionAffinity="ClientIP", ports=[{"port": 80}])
    apply_defaults("", "services", obj)
    assert obj["spec"]["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}
    obj = service(sessionAffinity="None", sessionAffinityConfig={"clientIP": {"timeoutSeconds": 5}})
    apply_defaults("", "services", obj)
    assert "sessionAffinityConfig" not in obj["spec"]


def test_ip_families() -> None:
    headless = service(clusterIP="None", ports=[])
    apply_defaults("", "services", headless)
    assert headless["spec"]["clusterIPs"] == ["None"]
    assert headless["spec"]["ipFamilyPolicy"] == "RequireDualStack"
    v6 = service(clusterIPs=["fd00::10"], ports=[{"port": 80}])
    apply_defaults("", "services", v6)
    assert (v6["spec"]["clusterIP"], v6["spec"]["ipFamilies"]) == ("fd00::10", ["IPv6"])
    external = service(type="ExternalName", externalName="db.example.com")
    apply_defaults("", "services", external)
    assert "ipFamilies" not in external["spec"]
    assert "ipFamilyPolicy" not in external["spec"]
    assert "internalTrafficPolicy" not in external["spec"]


def test_secret_type_and_string_data() -> None:
    obj: dict[str, Any] = {
        "metadata": {"name": "s"},
        "data": {"a": "YQ=="},
        "stringData": {"b": "bee", "a": "over"},
    }
    apply_defaults("", "secrets", obj)
    assert obj == {
        "metadata": {"name": "s"},
        "type": "Opaque",
        "data": {"a": base64.b64encode(b"over").decode(), "b": base64.b64encode(b"bee").decode()},
    }


def test_namespace() -> None:
    obj: dict[str, Any] = {"metadata": {"name": "edge"}}
    apply_defaults("", "namespaces", obj)
    assert obj == {
        "metadata": {"name": "edge", "labels": {"kubernetes.io/metadata.name": "edge"}},
        "status": {"phase": "Active"},
    }
    generated: dict[str, Any] = {"metadata": {"generateName": "edge-"}, "status": {"phase": "Terminating"}}
    apply_defaults("", "namespaces", generated)
    assert generated == {"metadata": {"generateName": "edge-"}, "status": {"phase": "Terminating"}}


def test_node_allocatable() -> None:
    obj: dict[str, Any] = {
        "metadata": {"name": "n"},
        "status": {"capacity": {"cpu": "4000m", "memory": "8192Mi"}},
    }
    apply_defaults("", "nodes", obj)
    assert obj["status"] == {
        "capacity": {"cpu": "4", "memory": "8Gi"},
        "allocatable": {"cpu": "4", "memory": "8Gi"},
    }


def test_endpoints() -> None:
    obj: dict[str, Any] = {"subsets": [{"addresses": [{"ip": "10.0.0.1"}], "ports": [{"port": 80}]}]}
    apply_defaults("", "endpoints", obj)
    assert obj["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]


def test_kinds_without_defaults_are_untouched() -> None:
    for group, plural in [
        ("", "configmaps"),
        ("", "events"),
        ("coordination.k8s.io", "leases"),
        ("x.io", "things"),
    ]:
        obj: dict[str, Any] = {"metadata": {"name": "a"}, "data": {}}
        apply_defaults(group, plural, obj)
        assert obj == {"metadata": {"name": "a"}, "data": {}}


@pytest.mark.parametrize(
    ("plural", "obj"),
    [
        ("services", service(type="NodePort", sessionAffinity="ClientIP", ports=[{"port": 80}])),
        ("secrets", {"metadata": {"name": "s"}, "stringData": {"k": "v"}}),
        ("namespaces", {"metadata": {"name": "n"}}),
        ("nodes", {"metadata": {"name": "n"}, "status": {"capacity": {"cpu": "0.5"}}}),
    ],
)
def test_idempotent(plural: str, obj: dict[str, Any]) -> None:
    apply_defaults("", plural, obj)
    once = copy.deepcopy(obj)
    apply_defaults("", plural, obj)
    assert obj == once

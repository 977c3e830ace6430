"""Services and Endpoints."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import endpoints, names, service
from kubeedge.apiserver.validation.gotext import GoValue


def valid_service() -> dict[str, Any]:
    """A ClusterIP service after defaulting and IP allocation."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "type": "ClusterIP",
            "selector": {"app": "web"},
            "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}],
            "sessionAffinity": "None",
            "clusterIP": "10.96.0.10",
            "clusterIPs": ["10.96.0.10"],
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster",
        },
    }


Mutation = Callable[[dict[str, Any]], None]


def spec(s: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = s["spec"]
    return result


CASES: list[tuple[str, Mutation, list[FieldError]]] = [
    (
        "name must be a DNS-1035 label",
        lambda s: s["metadata"].update(name="1web"),
        [FieldError.invalid("metadata.name", "1web", names.is_dns1035_label("1web")[0])],
    ),
    ("ports required", lambda s: spec(s).update(ports=[]), [FieldError.required("spec.ports")]),
    (
        "headless needs no ports",
        lambda s: spec(s).update(ports=[], clusterIP="None", clusterIPs=["None"]),
        [],
    ),
    (
        "port out of range",
        lambda s: spec(s)["ports"][0].update(port=0),
        [FieldError.invalid("spec.ports[0].port", 0, "must be between 1 and 65535, inclusive")],
    ),
    (
        "several ports need names",
        lambda s: spec(s)["ports"].append({"port": 443, "targetPort": 443, "protocol": "TCP"}),
        [FieldError.required("spec.ports[1].name")],
    ),
    (
        "duplicate port",
        lambda s: spec(s)["ports"].append({"name": "again", "port": 80, "targetPort": 81, "protocol": "TCP"}),
        [
            FieldError.duplicate(
                "spec.ports[1]",
                GoValue(
                    'core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, '
                    'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'
                ),
            )
        ],
    ),
    (
        "protocol",
        lambda s: spec(s)["ports"][0].update(protocol="ICMP"),
        [FieldError.not_supported("spec.ports[0].protocol", "ICMP", ["SCTP", "TCP", "UDP"])],
    ),
    (
        "named target port",
        lambda s: spec(s)["ports"][0].update(targetPort="8080"),
        [FieldError.invalid("spec.ports[0].targetPort", "8080", "must contain at least one letter (a-z)")],
    ),
    (
        "type",
        lambda s: spec(s).update(type="Internal"),
        [FieldError.not_supported("spec.type", "Internal", ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"])],
    ),
    (
        "node port on ClusterIP",
        lambda s: spec(s)["ports"][0].update(nodePort=30080),
        [FieldError.forbidden("spec.ports[0].nodePort", "may not be used when `type` is 'ClusterIP'")],
    ),
    (
        "session affinity",
        lambda s: spec(s).update(sessionAffinity="Sticky"),
        [FieldError.not_supported("spec.sessionAffinity", "Sticky", ["ClientIP", "None"])],
    ),
    (
        "affinity config without ClientIP",
        lambda s: spec(s).update(sessionAffinityConfig={"clientIP": {"timeoutSeconds": 10}}),
        [FieldError.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None")],
    ),
    (
        "client IP timeout",
        lambda s: spec(s).update(sessionAffinity="ClientIP", sessionAffinityConfig={"clientIP": {"timeoutSeconds": 0}}),
        [
            FieldError.invalid(
                "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                0,
                "must be greater than 0 and less than 86400",
            )
        ],
    ),
    (
        "cluster IPs in step",
        lambda s: spec(s).update(clusterIPs=["10.96.0.11"]),
        [
            FieldError.invalid(
                "spec.clusterIPs", GoValue('[]string{"10.96.0.11"}'), "first value must match `clusterIP`"
            )
        ],
    ),
    (
        "cluster IP family",
        lambda s: spec(s).update(ipFamilies=["IPv6"]),
        [
            FieldError.invalid(
                "spec.clusterIPs[0]", "10.96.0.10", "expected an IPv6 value as indicated by `ipFamilies[0]`"
            )
        ],
    ),
    (
        "ip family policy",
        lambda s: spec(s).update(ipFamilyPolicy="DualStack"),
        [
            FieldError.not_supported(
                "spec.ipFamilyPolicy", "DualStack", ["PreferDualStack", "RequireDualStack", "SingleStack"]
            )
        ],
    ),
    (
        "external IP",
        lambda s: spec(s).update(externalIPs=["127.0.0.1"], externalTrafficPolicy="Cluster"),
        [
            FieldError.invalid(
                "spec.externalIPs[0]", "127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)"
            )
        ],
    ),
    (
        "external traffic policy on an internal service",
        lambda s: spec(s).update(externalTrafficPolicy="Local"),
        [
            FieldError.invalid(
                "spec.externalTrafficPolicy", "Local", "may only be set for externally-accessible services"
            )
        ],
    ),
    (
        "internal traffic policy required",
        lambda s: spec(s).pop("internalTrafficPolicy"),
        [FieldError.required("spec.internalTrafficPolicy")],
    ),
    (
        "load balancer fields",
        lambda s: spec(s).update(loadBalancerSourceRanges=["10.0.0.0/8"], loadBalancerClass="example.com/lb"),
        [
            FieldError.forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"),
            FieldError.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"),
        ],
    ),
    (
        "load balancer needs node port allocation flag",
        lambda s: spec(s).update(type="LoadBalancer", externalTrafficPolicy="Cluster"),
        [FieldError.required("allocateLoadBalancerNodePorts")],
    ),
    (
        "headless NodePort",
        lambda s: spec(s).update(
            type="NodePort", clusterIP="None", clusterIPs=["None"], externalTrafficPolicy="Cluster"
        ),
        [FieldError.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for NodePort services")],
    ),
    (
        "selector labels",
        lambda s: spec(s).update(selector={"app": "-web"}),
        [FieldError.invalid("spec.selector", "-web", names.is_valid_label_value("-web")[0])],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_service(mutate: Mutation, expected: list[FieldError]) -> None:
    s = valid_service()
    mutate(s)
    assert service.validate_service(s) == expected


def test_valid_service() -> None:
    assert service.validate_service(valid_service()) == []


def test_external_name_service() -> None:
    s: dict[str, Any] = {
        "metadata": {"name": "db", "namespace": "default"},
        "spec": {"type": "ExternalName", "externalName": "db.example.com.", "sessionAffinity": "None"},
    }
    assert service.validate_service(s) == []
    s["spec"].update(externalName="", clusterIPs=["10.0.0.1"], ipFamilyPolicy="SingleStack")
    assert service.validate_service(s) == [
        FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"),
        FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"),
        FieldError.required("spec.externalName"),
    ]


def _stored() -> dict[str, Any]:
    s = valid_service()
    s["metadata"].update(uid="u", resourceVersion="4")
    return s


def test_cluster_ip_is_immutable() -> None:
    old = _stored()
    new = copy.deepcopy(old)
    spec(new).update(clusterIP="10.96.0.99", clusterIPs=["10.96.0.99"])
    assert service.validate_service_update(new, old) == [
        FieldError.invalid("spec.clusterIPs[0]", GoValue('[]string{"10.96.0.99"}'), "may not change once set")
    ]


def test_secondary_cluster_ip_may_be_added() -> None:
    old = _stored()
    new = copy.deepcopy(old)
    spec(new).update(
        clusterIPs=["10.96.0.10", "fd00::10"], ipFamilies=["IPv4", "IPv6"], ipFamilyPolicy="PreferDualStack"
    )
    assert service.validate_service_update(new, old) == []


def test_status_update() -> None:
    old = _stored()
    new = copy.deepcopy(old)
    new["status"] = {"loadBalancer": {"ingress": [{"ip": "bad"}, {"ip": "1.2.3.4", "ipMode": "VIP"}]}}
    assert service.validate_service_status_update(new, old) == [
        FieldError.invalid(
            "status.loadBalancer.ingress[0].ip",
            "bad",
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        ),
        FieldError.required("status.loadBalancer.ingress[0].ipMode", "must be specified when `ip` is set"),
    ]


def test_endpoints() -> None:
    ep: dict[str, Any] = {
        "metadata": {"name": "web", "namespace": "default"},
        "subsets": [
            {
                "addresses": [{"ip": "10.244.1.5", "nodeName": "edge-1"}],
                "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
            }
        ],
    }
    assert endpoints.validate_endpoints(ep) == []
    ep["subsets"].append({"ports": [{"port": 1}, {"port": 2, "protocol": "TCP"}]})
    ep["subsets"][0]["addresses"].append({"ip": "169.254.1.1"})
    assert endpoints.validate_endpoints(ep) == [
        FieldError.invalid(
            "subsets[0].addresses[1].ip",
            "169.254.1.1",
            "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
        ),
        FieldError.required("subsets[1]", "must specify `addresses` or `notReadyAddresses`"),
        FieldError.required("subsets[1].ports[0].name"),
        FieldError.required("subsets[1].ports[0].protocol"),
        FieldError.required("subsets[1].ports[1].name"),
    ]

"""Defaults of core kinds other than pods: Service, Secret, Namespace, Node, Endpoints.

Services also get what kube's IP allocator decides besides the addresses themselves: the IP
family policy and families (single-stack IPv4 here, headless services without a selector
``RequireDualStack``), and ``clusterIP``/``clusterIPs`` kept in step. Allocating addresses and
node ports is the caller's job.

A Secret's ``stringData`` is write-only: kube folds it into ``data`` (base64) when decoding, so
it never reaches storage or clients; we do the same here.
"""

from __future__ import annotations

import base64
from typing import Any

from kubeedge.apiserver.defaults.fields import child_map, child_maps, normalize_resource_list, set_if_unset

__all__ = ["default_endpoints", "default_namespace", "default_node", "default_secret", "default_service"]

_CLIENT_IP_TIMEOUT = 10800
_NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


def _ip_families(spec: dict[str, Any]) -> None:
    if spec.get("type") == "ExternalName":
        return
    cluster_ip = spec.get("clusterIP")
    cluster_ips = spec.get("clusterIPs")
    if cluster_ip and not cluster_ips:
        spec["clusterIPs"] = [cluster_ip]
    elif cluster_ips and isinstance(cluster_ips, list) and not cluster_ip:
        spec["clusterIP"] = cluster_ips[0]
    headless = spec.get("clusterIPs") == ["None"]
    if headless and not spec.get("selector"):
        set_if_unset(spec, "ipFamilyPolicy", "RequireDualStack")
    else:
        set_if_unset(spec, "ipFamilyPolicy", "SingleStack")
    if not spec.get("ipFamilies"):
        ips = [ip for ip in spec.get("clusterIPs") or [] if isinstance(ip, str) and ip != "None"]
        spec["ipFamilies"] = ["IPv6" if ":" in ip else "IPv4" for ip in ips] or ["IPv4"]


def default_service(service: dict[str, Any]) -> None:
    spec = child_map(service, "spec")
    if spec is None:
        return
    set_if_unset(spec, "sessionAffinity", "None")
    if spec["sessionAffinity"] == "None":
        spec.pop("sessionAffinityConfig", None)
    elif spec["sessionAffinity"] == "ClientIP":
        config = child_map(spec, "sessionAffinityConfig")
        client_ip = child_map(config, "clientIP") if config is not None else None
        if client_ip is None or client_ip.get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": _CLIENT_IP_TIMEOUT}}
    set_if_unset(spec, "type", "ClusterIP")
    for port in child_maps(spec, "ports"):
        set_if_unset(port, "protocol", "TCP")
        # targetPort 0 or "" means "same as port" (Go compares the IntOrString to both zeros).
        set_if_unset(port, "targetPort", port.get("port"))
    kind = spec["type"]
    accessible = kind in ("LoadBalancer", "NodePort") or (kind == "ClusterIP" and bool(spec.get("externalIPs")))
    if accessible:
        set_if_unset(spec, "externalTrafficPolicy", "Cluster")
    if spec.get("internalTrafficPolicy") is None and kind in ("NodePort", "LoadBalancer", "ClusterIP"):
        spec["internalTrafficPolicy"] = "Cluster"
    if kind == "LoadBalancer":
        if spec.get("allocateLoadBalancerNodePorts") is None:
            spec["allocateLoadBalancerNodePorts"] = True
        load_balancer = child_map(child_map(service, "status") or {}, "loadBalancer")
        for ingress in child_maps(load_balancer, "ingress") if load_balancer is not None else []:
            if ingress.get("ip") and ingress.get("ipMode") is None:
                ingress["ipMode"] = "VIP"
    _ip_families(spec)


def default_secret(secret: dict[str, Any]) -> None:
    set_if_unset(secret, "type", "Opaque")
    string_data = secret.pop("stringData", None)
    if isinstance(string_data, dict) and string_data:
        data = secret.get("data")
        if not isinstance(data, dict):
            data = secret["data"] = {}
        for name, value in string_data.items():
            text = value if isinstance(value, str) else ""
            data[name] = base64.b64encode(text.encode()).decode()


def default_namespace(namespace: dict[str, Any]) -> None:
    metadata = child_map(namespace, "metadata")
    name = metadata.get("name") if metadata is not None else None
    if metadata is not None and isinstance(name, str) and name:
        labels = metadata.get("labels")
        if not isinstance(labels, dict):
            labels = metadata["labels"] = {}
        labels[_NAMESPACE_NAME_LABEL] = name
    status = namespace.get("status")
    if not isinstance(status, dict):
        status = namespace["status"] = {}
    set_if_unset(status, "phase", "Active")


def default_node(node: dict[str, Any]) -> None:
    status = child_map(node, "status")
    if status is None:
        return
    normalize_resource_list(status, "capacity")
    normalize_resource_list(status, "allocatable")
    capacity = child_map(status, "capacity")
    if status.get("allocatable") is None and capacity is not None:
        status["allocatable"] = dict(capacity)


def default_endpoints(endpoints: dict[str, Any]) -> None:
    for subset in child_maps(endpoints, "subsets"):
        for port in child_maps(subset, "ports"):
            set_if_unset(port, "protocol", "TCP")

"""The Endpoints controller's sync, as a pure function (``pkg/controller/endpoint``).

``desired_endpoints(service, pods)`` builds the ``v1.Endpoints`` object kube would write for a
Service: one address per selected pod that has an IP of the Service's family, is not terminal,
and is not terminating (unless ``publishNotReadyAddresses``), under ``addresses`` when the pod is
ready (or the Service publishes not-ready addresses) and ``notReadyAddresses`` otherwise, with
``nodeName``, ``targetRef`` ``{kind: Pod, namespace, name, uid}`` and, for pods whose
``subdomain`` is the Service, ``hostname``. Each Service port is resolved per pod: a numeric
``targetPort`` as is, a named one to the pod's container port of that name and protocol (pods
without it are left out of that port). The subsets are then repacked as ``RepackSubsets`` does:
one subset per distinct set of addresses, carrying every port those addresses serve.

Services without a selector, and ``ExternalName`` Services, are not managed (``None``): their
Endpoints belong to whoever wrote them. Differences from kube, none visible to clients: the
order of ports and subsets is sorted by value where kube sorts by an md5 of Go's dump; the
optional ``endpoints.kubernetes.io/last-change-trigger-time`` annotation is not written; pods
that report only ``status.podIP`` (no ``podIPs``) are accepted; the 1000-address truncation
(``over-capacity``) is not applied.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import (
    EMPTY,
    KubeObject,
    ObjectRef,
    is_pod_ready,
    is_pod_terminal,
    labels_of,
    map_matches,
    meta,
    spec,
    status,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "HEADLESS_LABEL",
    "CreateEndpoints",
    "DeleteEndpoints",
    "UpdateEndpoints",
    "desired_endpoints",
    "plan_endpoints",
]

HEADLESS_LABEL = "service.kubernetes.io/headless"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEndpoints:
    """POST ``endpoints``."""

    endpoints: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateEndpoints:
    """PUT ``endpoints`` (the current object with new subsets and labels)."""

    endpoints: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteEndpoints:
    """DELETE the Endpoints of a Service that no longer exists."""

    target: ObjectRef


def _is_ipv6(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).version == 6
    except ValueError:
        return False


def _pod_ip(service: Mapping[str, Any], pod: Mapping[str, Any]) -> str | None:
    """The pod IP of the Service's (first) family, as ``podToEndpointAddressForService``."""
    families = spec(service).get("ipFamilies") or ()
    cluster_ip = spec(service).get("clusterIP") or ""
    if families:
        ipv6 = families[0] == "IPv6"
    elif cluster_ip and cluster_ip != "None":
        ipv6 = _is_ipv6(cluster_ip)
    else:
        ipv6 = _is_ipv6(status(pod).get("podIP") or "")
    candidates = [entry.get("ip", "") for entry in status(pod).get("podIPs") or ()]
    if not candidates and status(pod).get("podIP"):
        candidates = [status(pod)["podIP"]]
    return next((ip for ip in candidates if ip and _is_ipv6(ip) == ipv6), None)


def _container_port(pod: Mapping[str, Any], service_port: Mapping[str, Any]) -> int | None:
    """``podutil.FindPort``: a number is taken as is, a name is looked up with the protocol."""
    target = service_port.get("targetPort", service_port.get("port"))
    if isinstance(target, int):
        return target
    protocol = service_port.get("protocol") or "TCP"
    containers = [
        *(spec(pod).get("containers") or ()),
        # Sidecars (restartable init containers) serve ports too.
        *(c for c in spec(pod).get("initContainers") or () if c.get("restartPolicy") == "Always"),
    ]
    for container in containers:
        for port in container.get("ports") or ():
            if port.get("name") == target and (port.get("protocol") or "TCP") == protocol:
                return int(port["containerPort"])
    return None


def _endpoint_port(service_port: Mapping[str, Any], number: int) -> KubeObject:
    port: KubeObject = {}
    if service_port.get("name"):
        port["name"] = service_port["name"]
    port["port"] = number
    port["protocol"] = service_port.get("protocol") or "TCP"
    if service_port.get("appProtocol"):
        port["appProtocol"] = service_port["appProtocol"]
    return port


def _address(service: Mapping[str, Any], pod: Mapping[str, Any], ip: str) -> KubeObject:
    address: KubeObject = {"ip": ip}
    pod_spec, pod_meta = spec(pod), meta(pod)
    same_namespace = pod_meta.get("namespace", "") == meta(service).get("namespace", "")
    if pod_spec.get("hostname") and pod_spec.get("subdomain") == meta(service).get("name") and same_namespace:
        address["hostname"] = pod_spec["hostname"]
    if pod_spec.get("nodeName"):
        address["nodeName"] = pod_spec["nodeName"]
    address["targetRef"] = {
        "kind": "Pod",
        "namespace": pod_meta.get("namespace", ""),
        "name": pod_meta.get("name", ""),
        "uid": pod_meta.get("uid", ""),
    }
    return address


def _port_key(port: Mapping[str, Any]) -> tuple[str, int, str, str]:
    return port.get("name", ""), port.get("port", -1), port.get("protocol", ""), port.get("appProtocol", "")


def _address_key(address: Mapping[str, Any]) -> tuple[str, str]:
    return address["ip"], (address.get("targetRef") or EMPTY).get("uid", "")


_Served = dict[tuple[str, str], tuple[KubeObject, bool]]  # address key -> (address, ready)


def _repack(entries: list[tuple[KubeObject | None, KubeObject, bool]]) -> list[KubeObject]:
    """``RepackSubsets``: group ports by the exact set of addresses (and readiness) serving them."""
    by_port: dict[tuple[str, int, str, str], _Served] = {}
    port_objects: dict[tuple[str, int, str, str], KubeObject | None] = {}
    for port, address, ready in entries:
        key = _port_key(port) if port is not None else ("", -1, "", "")
        port_objects[key] = port
        served = by_port.setdefault(key, {})
        known = served.get(_address_key(address))
        # An address ready for a port stays ready, whatever another entry says.
        served[_address_key(address)] = (address, ready or (known is not None and known[1]))
    groups: dict[frozenset[tuple[tuple[str, str], bool]], tuple[_Served, list[tuple[str, int, str, str]]]] = {}
    for key, served in by_port.items():
        group = frozenset((address_key, ready) for address_key, (_, ready) in served.items())
        groups.setdefault(group, (served, []))[1].append(key)
    subsets = []
    for served, port_keys in groups.values():
        subset: KubeObject = {}
        listed = [served[address_key] for address_key in sorted(served)]
        ready_addresses = [address for address, is_ready in listed if is_ready]
        not_ready_addresses = [address for address, is_ready in listed if not is_ready]
        if ready_addresses:
            subset["addresses"] = ready_addresses
        if not_ready_addresses:
            subset["notReadyAddresses"] = not_ready_addresses
        ports = [port_objects[key] for key in sorted(port_keys) if key[1] > 0]  # -1: no ports
        if ports:
            subset["ports"] = ports
        subsets.append(subset)
    subsets.sort(
        key=lambda s: (
            [_port_key(p) for p in s.get("ports", ())],
            [_address_key(a) for a in s.get("addresses", ())],
            [_address_key(a) for a in s.get("notReadyAddresses", ())],
        )
    )
    return subsets


def _is_managed(service: Mapping[str, Any]) -> bool:
    return bool(spec(service).get("selector")) and spec(service).get("type") != "ExternalName"


def desired_endpoints(service: Mapping[str, Any], pods: Iterable[Mapping[str, Any]]) -> KubeObject | None:
    """The Endpoints object for ``service`` given the namespace's pods, or None if unmanaged.

    Args:
        service: the Service as served.
        pods: the pods of its namespace (selection happens here).

    Returns:
        ``{"apiVersion": "v1", "kind": "Endpoints", "metadata": {name, namespace, labels},
        "subsets": [...]}`` (``subsets`` omitted when empty, as the API serializes it).
    """
    if not _is_managed(service):
        return None
    selector = spec(service)["selector"]
    publish_not_ready = bool(spec(service).get("publishNotReadyAddresses"))
    service_ports = spec(service).get("ports") or ()
    headless = (spec(service).get("clusterIP") or "None") == "None"
    entries: list[tuple[KubeObject | None, KubeObject, bool]] = []
    for pod in pods:
        if meta(pod).get("namespace", "") != meta(service).get("namespace", ""):
            continue
        if not map_matches(selector, labels_of(pod)) or is_pod_terminal(pod):
            continue
        if meta(pod).get("deletionTimestamp") and not publish_not_ready:
            continue
        ip = _pod_ip(service, pod)
        if ip is None:
            continue
        address = _address(service, pod, ip)
        ready = publish_not_ready or is_pod_ready(pod)
        if not service_ports:
            if headless:  # a headless Service may list addresses without ports
                entries.append((None, address, ready))
            continue
        for service_port in service_ports:
            number = _container_port(pod, service_port)
            if number is not None:
                entries.append((_endpoint_port(service_port, number), address, ready))
    labels = dict(labels_of(service))
    if headless:
        labels[HEADLESS_LABEL] = ""
    metadata: KubeObject = {
        "name": meta(service).get("name", ""),
        "namespace": meta(service).get("namespace", ""),
    }
    if labels:
        metadata["labels"] = labels
    endpoints: KubeObject = {"apiVersion": "v1", "kind": "Endpoints", "metadata": metadata}
    subsets = _repack(entries)
    if subsets:
        endpoints["subsets"] = subsets
    return endpoints


def plan_endpoints(
    service: Mapping[str, Any] | None,
    pods: Iterable[Mapping[str, Any]],
    current: Mapping[str, Any] | None,
) -> CreateEndpoints | UpdateEndpoints | DeleteEndpoints | None:
    """What ``syncService`` writes, if anything.

    Args:
        service: the Service, or None once it is gone.
        pods: the pods of its namespace.
        current: the Endpoints object of the same name, if it exists.

    Returns:
        None when there is nothing to do (unmanaged, or already up to date).
    """
    if service is None:
        if current is None:
            return None
        return DeleteEndpoints(target=ObjectRef.of(current, api_version="v1", kind="Endpoints"))
    desired = desired_endpoints(service, pods)
    if desired is None:
        return None
    if current is None:
        return CreateEndpoints(endpoints=desired)
    if (current.get("subsets") or []) == desired.get("subsets", []) and dict(labels_of(current)) == desired[
        "metadata"
    ].get("labels", {}):
        return None
    updated = {key: value for key, value in current.items() if key != "subsets"}
    updated["metadata"] = {**meta(current), "labels": desired["metadata"].get("labels", {})}
    if "subsets" in desired:
        updated["subsets"] = desired["subsets"]
    return UpdateEndpoints(endpoints=updated)

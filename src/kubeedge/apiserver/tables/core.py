"""Tables for core/v1 kinds other than pods and events, and for coordination.k8s.io leases.

Each printer follows kube's ``pkg/printers/internalversion/printers.go``: the same column names
(kubectl upper-cases them), types, priorities and cell rules, e.g. a node's STATUS is
``Ready``/``NotReady``/``Unknown`` from its Ready condition plus ``SchedulingDisabled`` when
cordoned, and its ROLES come from ``node-role.kubernetes.io/<role>`` and ``kubernetes.io/role``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.tables import _docs
from kubeedge.apiserver.tables.columns import (
    Column,
    Printer,
    Row,
    age_column,
    as_int,
    as_list,
    as_map,
    as_str,
    format_labels,
    name_column,
    since,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

__all__ = [
    "PRINTERS",
    "format_endpoints",
    "node_roles",
    "node_status",
    "service_external_ip",
    "service_ports",
]


def _meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    return as_map(obj.get("metadata"))


def _name_and_age(obj: Mapping[str, Any], now: datetime) -> tuple[str, str]:
    metadata = _meta(obj)
    return as_str(metadata.get("name")), since(metadata.get("creationTimestamp"), now)


# --- nodes ---------------------------------------------------------------------------------

_ROLE_PREFIX = "node-role.kubernetes.io/"
_ROLE_LABEL = "kubernetes.io/role"


def node_roles(labels: Mapping[str, Any]) -> list[str]:
    """Sorted roles from ``node-role.kubernetes.io/<role>`` keys and ``kubernetes.io/role`` values."""
    roles: set[str] = set()
    for key, value in labels.items():
        if key.startswith(_ROLE_PREFIX) and key[len(_ROLE_PREFIX) :]:
            roles.add(key[len(_ROLE_PREFIX) :])
        elif key == _ROLE_LABEL and value:
            roles.add(as_str(value))
    return sorted(roles)


def node_status(node: Mapping[str, Any]) -> str:
    """``Ready``, ``NotReady`` or ``Unknown``, plus ``,SchedulingDisabled`` when unschedulable."""
    by_type: dict[Any, Mapping[str, Any]] = {}
    for condition in as_list(as_map(node.get("status")).get("conditions")):
        by_type[as_map(condition).get("type")] = as_map(condition)  # the last one of a type wins
    parts: list[str] = []
    ready = by_type.get("Ready")
    if ready is not None:
        parts.append("Ready" if ready.get("status") == "True" else "NotReady")
    if not parts:
        parts.append("Unknown")
    if as_map(node.get("spec")).get("unschedulable") is True:
        parts.append("SchedulingDisabled")
    return ",".join(parts)


def _node_address(node: Mapping[str, Any], kind: str) -> str:
    for address in as_list(as_map(node.get("status")).get("addresses")):
        if as_map(address).get("type") == kind:
            return as_str(as_map(address).get("address"))
    return "<none>"


def _print_node(node: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(node, now)
    info = as_map(as_map(node.get("status")).get("nodeInfo"))
    roles = ",".join(node_roles(as_map(_meta(node).get("labels")))) or "<none>"
    return Row(
        cells=(
            name,
            node_status(node),
            roles,
            age,
            as_str(info.get("kubeletVersion")),
            _node_address(node, "InternalIP"),
            _node_address(node, "ExternalIP"),
            as_str(info.get("osImage")) or "<unknown>",
            as_str(info.get("kernelVersion")) or "<unknown>",
            as_str(info.get("containerRuntimeVersion")) or "<unknown>",
        )
    )


_NODE = Printer(
    columns=(
        name_column(),
        Column(name="Status", type="string", description="The status of the node"),
        Column(name="Roles", type="string", description="The roles of the node"),
        age_column(),
        Column(name="Version", type="string", description=_docs.DOCS["NodeSystemInfo.kubeletVersion"]),
        Column(name="Internal-IP", type="string", priority=1, description=_docs.DOCS["NodeStatus.addresses"]),
        Column(name="External-IP", type="string", priority=1, description=_docs.DOCS["NodeStatus.addresses"]),
        Column(name="OS-Image", type="string", priority=1, description=_docs.DOCS["NodeSystemInfo.osImage"]),
        Column(
            name="Kernel-Version",
            type="string",
            priority=1,
            description=_docs.DOCS["NodeSystemInfo.kernelVersion"],
        ),
        Column(
            name="Container-Runtime",
            type="string",
            priority=1,
            description=_docs.DOCS["NodeSystemInfo.containerRuntimeVersion"],
        ),
    ),
    print_row=_print_node,
)

# --- namespaces, configmaps, secrets, serviceaccounts, leases -------------------------------


def _print_namespace(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(obj, now)
    return Row(cells=(name, as_str(as_map(obj.get("status")).get("phase")), age))


def _print_config_map(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(obj, now)
    return Row(cells=(name, len(as_map(obj.get("data"))) + len(as_map(obj.get("binaryData"))), age))


def _print_secret(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(obj, now)
    return Row(cells=(name, as_str(obj.get("type")), len(as_map(obj.get("data"))), age))


def _print_service_account(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(obj, now)
    return Row(cells=(name, len(as_list(obj.get("secrets"))), age))


def _print_lease(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(obj, now)
    return Row(cells=(name, as_str(as_map(obj.get("spec")).get("holderIdentity")), age))


_NAMESPACE = Printer(
    columns=(
        name_column(),
        Column(name="Status", type="string", description="The status of the namespace"),
        age_column(),
    ),
    print_row=_print_namespace,
)
_CONFIG_MAP = Printer(
    columns=(
        name_column(),
        Column(name="Data", type="string", description=_docs.DOCS["ConfigMap.data"]),
        age_column(),
    ),
    print_row=_print_config_map,
)
_SECRET = Printer(
    columns=(
        name_column(),
        Column(name="Type", type="string", description=_docs.DOCS["Secret.type"]),
        Column(name="Data", type="string", description=_docs.DOCS["Secret.data"]),
        age_column(),
    ),
    print_row=_print_secret,
)
_SERVICE_ACCOUNT = Printer(
    columns=(
        name_column(),
        Column(name="Secrets", type="string", description=_docs.DOCS["ServiceAccount.secrets"]),
        age_column(),
    ),
    print_row=_print_service_account,
)
_LEASE = Printer(
    columns=(
        name_column(),
        Column(name="Holder", type="string", description=_docs.DOCS["LeaseSpec.holderIdentity"]),
        age_column(),
    ),
    print_row=_print_lease,
)

# --- services and endpoints ----------------------------------------------------------------


def _load_balancer_addresses(service: Mapping[str, Any]) -> list[str]:
    found: set[str] = set()
    for ingress in as_list(as_map(as_map(service.get("status")).get("loadBalancer")).get("ingress")):
        entry = as_map(ingress)
        address = as_str(entry.get("ip")) or as_str(entry.get("hostname"))
        if address:
            found.add(address)
    return sorted(found)


def service_external_ip(service: Mapping[str, Any]) -> str:
    """EXTERNAL-IP by service type, untruncated (the server always prints wide)."""
    spec = as_map(service.get("spec"))
    external = [as_str(ip) for ip in as_list(spec.get("externalIPs"))]
    kind = spec.get("type")
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else "<none>"
    if kind == "LoadBalancer":
        balancers = _load_balancer_addresses(service)
        if external:
            return ",".join(balancers + external)
        return ",".join(balancers) if balancers else "<pending>"
    if kind == "ExternalName":
        return as_str(spec.get("externalName"))
    return "<unknown>"


def service_ports(ports: Any) -> str:
    pieces = []
    for raw in as_list(ports):
        port = as_map(raw)
        protocol = as_str(port.get("protocol")) or "TCP"
        node_port = as_int(port.get("nodePort"))
        number = as_int(port.get("port"))
        pieces.append(f"{number}:{node_port}/{protocol}" if node_port > 0 else f"{number}/{protocol}")
    return ",".join(pieces)


def _print_service(service: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(service, now)
    spec = as_map(service.get("spec"))
    cluster_ips = as_list(spec.get("clusterIPs"))
    cluster_ip = as_str(cluster_ips[0]) if cluster_ips else as_str(spec.get("clusterIP"))
    return Row(
        cells=(
            name,
            as_str(spec.get("type")),
            cluster_ip or "<none>",
            service_external_ip(service),
            service_ports(spec.get("ports")) or "<none>",
            age,
            format_labels(spec.get("selector")),
        )
    )


def _host_port(ip: str, port: int) -> str:
    # net.JoinHostPort brackets any host containing a colon (IPv6).
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def format_endpoints(endpoints: Mapping[str, Any]) -> str:
    """Up to three ``ip:port`` entries, then `` + N more...``; ``<none>`` without subsets."""
    subsets = [as_map(s) for s in as_list(endpoints.get("subsets"))]
    if not subsets:
        return "<none>"
    shown: list[str] = []
    limit = 3
    more = False
    count = 0
    for subset in subsets:
        addresses = [as_str(as_map(a).get("ip")) for a in as_list(subset.get("addresses"))]
        ports = [as_map(p) for p in as_list(subset.get("ports"))]
        if not ports:
            # Headless services may have no ports: list the bare addresses.
            count += len(addresses)
            for address in addresses:
                if len(shown) == limit:
                    more = True
                    break
                shown.append(address)
            continue
        for port in ports:
            count += len(addresses)
            for address in addresses:
                if len(shown) == limit:
                    more = True
                    break
                shown.append(_host_port(address, as_int(port.get("port"))))
    text = ",".join(shown)
    return f"{text} + {count - limit} more..." if more else text


def _print_endpoints(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age = _name_and_age(obj, now)
    return Row(cells=(name, format_endpoints(obj), age))


_SERVICE = Printer(
    columns=(
        name_column(),
        Column(name="Type", type="string", description=_docs.DOCS["ServiceSpec.type"]),
        Column(name="Cluster-IP", type="string", description=_docs.DOCS["ServiceSpec.clusterIP"]),
        Column(name="External-IP", type="string", description=_docs.DOCS["ServiceSpec.externalIPs"]),
        Column(name="Port(s)", type="string", description=_docs.DOCS["ServiceSpec.ports"]),
        age_column(),
        Column(name="Selector", type="string", priority=1, description=_docs.DOCS["ServiceSpec.selector"]),
    ),
    print_row=_print_service,
)
_ENDPOINTS = Printer(
    columns=(
        name_column(),
        Column(name="Endpoints", type="string", description=_docs.DOCS["Endpoints.subsets"]),
        age_column(),
    ),
    print_row=_print_endpoints,
)

PRINTERS = MappingProxyType(
    {
        ("", "nodes"): _NODE,
        ("", "namespaces"): _NAMESPACE,
        ("", "configmaps"): _CONFIG_MAP,
        ("", "secrets"): _SECRET,
        ("", "serviceaccounts"): _SERVICE_ACCOUNT,
        ("", "services"): _SERVICE,
        ("", "endpoints"): _ENDPOINTS,
        ("coordination.k8s.io", "leases"): _LEASE,
    }
)

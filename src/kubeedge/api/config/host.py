"""The few default values KubeEdge computes from the host, gathered in one place.

KubeEdge's ``NewDefaultEdgeCoreConfig`` puts the host name into ``edged.hostnameOverride`` and the
host's IP into the hub server addresses, and ``NewDefaultCloudCoreConfig`` puts an IP into
``cloudHub.advertiseAddress``. The config models stay pure by taking those values as a
:class:`HostFacts`; :func:`detect_host_facts` is the only function here that looks at the machine,
and it does so the way KubeEdge does (``util.GetHostname``, ``util.GetLocalIP``,
``utilnet.ChooseHostInterface``), with the standard library only.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from dataclasses import dataclass
from typing import Final

__all__ = [
    "DEFAULT_HOSTNAME",
    "HostFacts",
    "detect_host_facts",
    "is_node_name",
    "join_host_port",
    "normalize_hostname",
]

logger = logging.getLogger(__name__)

DEFAULT_HOSTNAME: Final = "default-edge-node"
"""KubeEdge's ``constants.DefaultHostnameOverride``, used when the host name is not a node name."""

_DNS1123_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN = re.compile(rf"^{_DNS1123_LABEL}(\.{_DNS1123_LABEL})*$")
# Addresses used only to ask the kernel which source address its default route would pick;
# connecting a UDP socket sends no packet.
_PROBE_TARGETS: Final = ((socket.AF_INET, "8.8.8.8"), (socket.AF_INET6, "2001:4860:4860::8888"))


@dataclass(frozen=True, slots=True, kw_only=True)
class HostFacts:
    """What the default configs need to know about the machine."""

    hostname: str
    """Default ``edged.hostnameOverride`` (a valid node name)."""
    node_ip: str
    """The edge's ``<localIP>`` in ``edgeHub.websocket.server``, ``quic.server`` and ``httpServer``."""
    advertise_ip: str
    """The cloud's default ``cloudHub.advertiseAddress``."""


def is_node_name(name: str) -> bool:
    """Whether ``name`` is a valid Kubernetes node name (an RFC 1123 subdomain)."""
    return len(name) <= 253 and _DNS1123_SUBDOMAIN.match(name) is not None


def normalize_hostname(raw: str) -> str:
    """KubeEdge's ``util.GetHostname`` on an already-read host name: trimmed, lower-cased, and
    :data:`DEFAULT_HOSTNAME` when the result is not a valid node name."""
    name = raw.strip().lower()
    return name if is_node_name(name) else DEFAULT_HOSTNAME


def join_host_port(host: str, port: int) -> str:
    """Go's ``net.JoinHostPort``: brackets around IPv6 addresses."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _default_route_ip() -> str | None:
    for family, target in _PROBE_TARGETS:
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 53))
                address = probe.getsockname()[0]
        except OSError:
            continue
        if isinstance(address, str):
            return address
    return None


def _is_usable_node_ip(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.is_loopback or ip.is_multicast or ip.is_link_local or ip.is_unspecified:
        return False
    # KubeEdge also requires the address to belong to a local interface; binding proves that.
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.bind((address, 0))
    except OSError:
        return False
    return True


def _local_ip(hostname: str, fallback: str) -> str:
    try:
        infos = socket.getaddrinfo(hostname, None)
    except OSError:
        infos = []
    candidates = [str(info[4][0]) for info in infos]
    usable = [address for address in dict.fromkeys(candidates) if _is_usable_node_ip(address)]
    ipv4 = [address for address in usable if ":" not in address]
    return (ipv4 or usable or [fallback])[0]


def detect_host_facts() -> HostFacts:
    """Look at this machine the way KubeEdge's default-config constructors do.

    The host name comes from :func:`socket.gethostname`; the edge IP is the first usable address the
    host name resolves to (IPv4 preferred), else the source address of the default route; the cloud
    advertise address is the default route's source address. Without any route, ``127.0.0.1``.
    """
    hostname = normalize_hostname(socket.gethostname())
    route_ip = _default_route_ip()
    if route_ip is None:
        logger.warning("No default route found; using 127.0.0.1 as the host address")
        route_ip = "127.0.0.1"
    return HostFacts(hostname=hostname, node_ip=_local_ip(hostname, route_ip), advertise_ip=route_ip)

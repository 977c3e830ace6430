"""kube-apiserver's bootstrap controller: the ``kubernetes`` Service and its Endpoints.

Every cluster has ``default/kubernetes``: a ClusterIP Service on ``10.96.0.1:443`` (port name
``https``, targetPort the apiserver's secure port), labelled ``component=apiserver,
provider=kubernetes``, and an Endpoints object of the same name listing the apiserver's address
with the ``endpointslice.kubernetes.io/skip-mirror`` label. In-cluster clients find the apiserver
through them. Both are created if missing and put back if changed or deleted — on every change to
them and every 10 s, as kube's ``EndpointReconciler`` interval does.

The address is kube's default advertise address: the bind address, unless that is a wildcard or a
loopback address — Endpoints may not hold those (validation refuses them, and no other host
could use them) — in which case it is the address of the host's default-route interface. A host
with no such address gets the Service but no Endpoints.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import meta, spec
from kubeedge.apiserver.controllers._writes import every
from kubeedge.apiserver.controllers.runtime import ControllerLoop

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.apiserver.controllers.runtime import InternalClient
    from kubeedge.apiserver.storage.mvcc import EventType

__all__ = ["CLUSTER_IP", "KubernetesServiceController", "advertised_address", "host_address"]

logger = logging.getLogger(__name__)

NAMESPACE = "default"
NAME = "kubernetes"
CLUSTER_IP = "10.96.0.1"
INTERVAL = 10.0


def host_address() -> str | None:
    """The IPv4 address of the interface the default route uses (``ChooseHostInterface``).

    Connecting a UDP socket only selects a route; no packet is sent.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    parsed = ipaddress.ip_address(address)
    return None if parsed.is_loopback or parsed.is_unspecified else address


def advertised_address(bind_address: str, *, fallback: Callable[[], str | None] = host_address) -> str | None:
    """The address to publish: the bind address, or the host's for a wildcard or loopback one."""
    text = bind_address.strip("[]")
    try:
        parsed = ipaddress.ip_address(text) if text else None
    except ValueError:
        return fallback()  # a host name: let the host's own address stand for it
    if parsed is None or parsed.is_unspecified or parsed.is_loopback:
        return fallback()
    return text


class KubernetesServiceController:
    """Keeps ``default/kubernetes`` (Service and Endpoints) pointing at this apiserver."""

    name = "bootstrap"

    def __init__(self, client: InternalClient, *, secure_port: int, bind_address: str) -> None:
        self.client = client
        self.secure_port = secure_port
        self.address = advertised_address(bind_address)
        if self.address is None:
            logger.info("No address to advertise for %s: default/kubernetes gets no Endpoints", bind_address)
        self.services = client.resource("", "services")
        self.endpoints = client.resource("", "endpoints")
        self.loop = ControllerLoop(self.name, self.reconcile, workers=1)

    def start(self) -> None:
        self.client.observe(self.services, self._on_change)
        self.client.observe(self.endpoints, self._on_change)
        self.loop.enqueue(NAME)

    async def run(self) -> None:
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self.loop.run())
            tasks.create_task(every(INTERVAL, lambda: self.loop.enqueue(NAME), what="kubernetes service check"))

    def _on_change(self, _kind: EventType, obj: dict[str, Any]) -> None:
        if meta(obj).get("namespace") == NAMESPACE and meta(obj).get("name") == NAME:
            self.loop.enqueue(NAME)

    def service_ports(self) -> list[dict[str, Any]]:
        return [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": self.secure_port}]

    def endpoint_subsets(self, address: str) -> list[dict[str, Any]]:
        return [
            {
                "addresses": [{"ip": address}],
                "ports": [{"name": "https", "port": self.secure_port, "protocol": "TCP"}],
            }
        ]

    async def reconcile(self, _key: str) -> float | None:
        await self._service()
        await self._endpoints()
        return None

    async def _service(self) -> None:
        current = self.client.get(self.services, NAMESPACE, NAME)
        if current is None:
            await self.client.create(
                self.services,
                NAMESPACE,
                {
                    "apiVersion": "v1",
                    "kind": "Service",
                    "metadata": {"name": NAME, "labels": {"component": "apiserver", "provider": "kubernetes"}},
                    "spec": {
                        "type": "ClusterIP",
                        "clusterIP": CLUSTER_IP,
                        "clusterIPs": [CLUSTER_IP],
                        "ports": self.service_ports(),
                        "sessionAffinity": "None",
                        "ipFamilies": ["IPv4"],
                        "ipFamilyPolicy": "SingleStack",
                        "internalTrafficPolicy": "Cluster",
                    },
                },
            )
            return
        # CreateOrUpdateMasterServiceIfNeeded: only the ports and the type are reconciled.
        if spec(current).get("ports") == self.service_ports() and spec(current).get("type") == "ClusterIP":
            return
        updated = {**current, "spec": {**spec(current), "ports": self.service_ports(), "type": "ClusterIP"}}
        await self.client.update(self.services, updated)

    async def _endpoints(self) -> None:
        if self.address is None:
            return
        subsets = self.endpoint_subsets(self.address)
        current = self.client.get(self.endpoints, NAMESPACE, NAME)
        labels = {"endpointslice.kubernetes.io/skip-mirror": "true"}
        if current is None:
            await self.client.create(
                self.endpoints,
                NAMESPACE,
                {
                    "apiVersion": "v1",
                    "kind": "Endpoints",
                    "metadata": {"name": NAME, "labels": labels},
                    "subsets": subsets,
                },
            )
            return
        if current.get("subsets") == subsets and (meta(current).get("labels") or {}) == labels:
            return
        updated = {**current, "subsets": subsets}
        updated["metadata"] = {**meta(current), "labels": labels}
        await self.client.update(self.endpoints, updated)

"""ClusterIP and NodePort allocation for Services (kube's service IP/port allocators).

Allocation state is derived from the services in the store rather than kept in a bitmap: the
store is the truth and the event loop serialises creates, so a scan at admission cannot race.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import FieldError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["ServiceAllocator"]

DEFAULT_SERVICE_CIDR = "10.96.0.0/12"
NODE_PORT_RANGE = (30000, 32767)


class ServiceAllocator:
    def __init__(self, cidr: str = DEFAULT_SERVICE_CIDR) -> None:
        self.network = ipaddress.ip_network(cidr)
        self._next_ip = 10  # below: .1 is the kubernetes service, the rest reserved like kube's static band
        self._next_port = NODE_PORT_RANGE[0]

    def allocate(self, service: dict[str, Any], existing: Iterable[dict[str, Any]]) -> list[FieldError]:
        """Fill in spec.clusterIP(s) and nodePorts of a new service; errors if a request is taken."""
        spec = service.setdefault("spec", {})
        kind = spec.get("type") or "ClusterIP"
        used_ips: set[str] = set()
        used_ports: set[int] = set()
        for other in existing:
            other_spec = other.get("spec") or {}
            used_ips.update(ip for ip in other_spec.get("clusterIPs") or [other_spec.get("clusterIP")] if ip)
            used_ports.update(int(p["nodePort"]) for p in other_spec.get("ports") or [] if p.get("nodePort"))
        errors: list[FieldError] = []
        if kind != "ExternalName":
            requested = spec.get("clusterIP") or ""
            if requested == "None":
                spec["clusterIPs"] = ["None"]
            elif requested:
                errors += self._check_requested(requested, used_ips)
                spec["clusterIPs"] = [requested]
            else:
                ip = self._free_ip(used_ips)
                if ip is None:
                    errors.append(FieldError.invalid("spec.clusterIPs", "", "range is full"))
                else:
                    spec["clusterIP"] = ip
                    spec["clusterIPs"] = [ip]
        if kind in ("NodePort", "LoadBalancer"):
            for index, port in enumerate(spec.get("ports") or []):
                wanted = port.get("nodePort")
                if wanted:
                    if wanted in used_ports:
                        errors.append(
                            FieldError.invalid(
                                f"spec.ports[{index}].nodePort", wanted, "provided port is already allocated"
                            )
                        )
                    elif not NODE_PORT_RANGE[0] <= int(wanted) <= NODE_PORT_RANGE[1]:
                        errors.append(
                            FieldError.invalid(
                                f"spec.ports[{index}].nodePort",
                                wanted,
                                f"provided port is not in the valid range. The range of valid ports is "
                                f"{NODE_PORT_RANGE[0]}-{NODE_PORT_RANGE[1]}",
                            )
                        )
                    used_ports.add(int(wanted))
                    continue
                free = self._free_port(used_ports)
                if free is None:
                    errors.append(FieldError.invalid(f"spec.ports[{index}].nodePort", 0, "range is full"))
                else:
                    port["nodePort"] = free
                    used_ports.add(free)
        return errors

    def _check_requested(self, requested: str, used: set[str]) -> list[FieldError]:
        try:
            address = ipaddress.ip_address(requested)
        except ValueError:
            return [FieldError.invalid("spec.clusterIPs[0]", requested, "must be a valid IP address")]
        if address not in self.network:
            return [
                FieldError.invalid(
                    "spec.clusterIPs",
                    [requested],
                    f"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. "
                    f"The range of valid IPs is {self.network}",
                )
            ]
        if requested in used:
            return [
                FieldError.invalid(
                    "spec.clusterIPs",
                    [requested],
                    f"failed to allocate IP {requested}: provided IP is already allocated",
                )
            ]
        return []

    def _free_ip(self, used: set[str]) -> str | None:
        size = self.network.num_addresses - 2
        for step in range(size):
            offset = (self._next_ip - 1 + step) % size + 1
            candidate = str(self.network.network_address + offset)
            if candidate not in used and offset != 1:
                self._next_ip = offset + 1
                return candidate
        return None

    def _free_port(self, used: set[int]) -> int | None:
        low, high = NODE_PORT_RANGE
        span = high - low + 1
        for step in range(span):
            candidate = low + (self._next_port - low + step) % span
            if candidate not in used:
                self._next_port = candidate + 1
                return candidate
        return None

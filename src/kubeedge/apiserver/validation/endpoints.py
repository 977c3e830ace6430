"""Endpoints (core validation).

Each subset needs addresses (ready or not); addresses are real IPs that are not unspecified,
loopback or link-local, since kube-proxy would route to them; ports are named when there are
several, like service ports.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, meta, names, rules
from kubeedge.apiserver.validation.paths import child, index

__all__ = ["validate_endpoints", "validate_endpoints_update", "validate_non_special_ip"]

_PROTOCOLS = ("SCTP", "TCP", "UDP")


def validate_non_special_ip(ip: str, path: str) -> list[FieldError]:
    """Not unspecified, loopback or link-local (``ValidateNonSpecialIP``)."""
    address = names.parse_ip_sloppy(ip)
    if address is None:
        return [FieldError.invalid(path, ip, "must be a valid IP address")]
    errs: list[FieldError] = []
    if address.is_unspecified:
        errs.append(FieldError.invalid(path, ip, f"may not be unspecified ({ip})"))
    if address.is_loopback:
        errs.append(FieldError.invalid(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
    if address.is_link_local:
        errs.append(FieldError.invalid(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
    link_local_multicast = ipaddress.ip_network("224.0.0.0/24" if address.version == 4 else "ff02::/16")
    if address in link_local_multicast:
        errs.append(
            FieldError.invalid(path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")
        )
    return errs


def _endpoint_address(raw: Any, path: str) -> list[FieldError]:
    address = access.mapping(raw)
    ip = access.text(address.get("ip"))
    errs = rules.invalid_each(child(path, "ip"), ip, names.is_valid_ip(ip))
    hostname = access.text(address.get("hostname"))
    if hostname:
        errs += rules.invalid_each(child(path, "hostname"), hostname, names.is_dns1123_label(hostname))
    if address.get("nodeName") is not None:
        node = access.text(address["nodeName"])
        errs += rules.invalid_each(child(path, "nodeName"), node, names.name_is_dns_subdomain(node, False))
    return errs + validate_non_special_ip(ip, child(path, "ip"))


def validate_endpoints(obj: Any) -> list[FieldError]:
    endpoints = access.mapping(obj)
    errs = meta.validate_object_meta(
        endpoints.get("metadata"), namespaced=True, name_validator=names.name_is_dns_subdomain
    )
    for i, raw in enumerate(access.items(endpoints.get("subsets"))):
        subset = access.mapping(raw)
        subset_path = index("subsets", i)
        if not access.items(subset.get("addresses")) and not access.items(subset.get("notReadyAddresses")):
            errs.append(FieldError.required(subset_path, "must specify `addresses` or `notReadyAddresses`"))
        for field in ("addresses", "notReadyAddresses"):
            for j, address in enumerate(access.items(subset.get(field))):
                errs += _endpoint_address(address, index(child(subset_path, field), j))
        ports = [access.mapping(p) for p in access.items(subset.get("ports"))]
        for j, port in enumerate(ports):
            port_path = index(child(subset_path, "ports"), j)
            name = access.text(port.get("name"))
            if len(ports) > 1 and not name:
                errs.append(FieldError.required(child(port_path, "name")))
            elif name:
                errs += rules.invalid_each(child(port_path, "name"), name, names.is_dns1123_label(name))
            number = access.integer(port.get("port")) or 0
            errs += rules.invalid_each(child(port_path, "port"), number, names.is_valid_port_num(number))
            errs += rules.enum_value(access.text(port.get("protocol")), child(port_path, "protocol"), _PROTOCOLS)
            if port.get("appProtocol") is not None:
                app = access.text(port["appProtocol"])
                errs += rules.invalid_each(child(port_path, "appProtocol"), app, names.is_qualified_name(app))
    return errs


def validate_endpoints_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    return meta.validate_object_meta_update(n.get("metadata"), o.get("metadata")) + validate_endpoints(n)

"""Services (core validation).

Services are named as DNS-1035 labels, need ports unless headless or ``ExternalName``, and keep
their cluster IPs: once allocated, ``clusterIPs`` may only gain or drop a secondary address. kube
validates *after* its allocator ran (``clusterIP``, ``ipFamilies``, ``ipFamilyPolicy`` and node
ports are filled in by then), so callers must allocate before calling these functions.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, gotext, meta, names, rules
from kubeedge.apiserver.validation.endpoints import validate_non_special_ip
from kubeedge.apiserver.validation.paths import child, index, key
from kubeedge.apiserver.validation.probes import validate_port_num_or_name

__all__ = [
    "validate_service",
    "validate_service_status_update",
    "validate_service_update",
]

_PROTOCOLS = ("SCTP", "TCP", "UDP")
_SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
_AFFINITIES = ("ClientIP", "None")
_IP_FAMILIES = ("IPv4", "IPv6")
_IP_FAMILY_POLICIES = ("PreferDualStack", "RequireDualStack", "SingleStack")
_TRAFFIC_POLICIES = ("Cluster", "Local")
_MAX_AFFINITY_SECONDS = 86400
_LB_ONLY = "may only be used when `type` is 'LoadBalancer'"
_TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints"
_TOPOLOGY_MODE = "service.kubernetes.io/topology-mode"


def _is_headless(spec: dict[str, Any]) -> bool:
    ips = access.items(spec.get("clusterIPs"))
    return len(ips) == 1 and ips[0] == "None"


def _externally_accessible(spec: dict[str, Any]) -> bool:
    kind = access.text(spec.get("type"))
    return kind in ("LoadBalancer", "NodePort") or (kind == "ClusterIP" and bool(access.items(spec.get("externalIPs"))))


def _go_service_port(protocol: str, port: int) -> gotext.GoValue:
    return gotext.GoValue(
        f'core.ServicePort{{Name:"", Protocol:{gotext.go_quote(protocol)}, AppProtocol:(*string)(nil), '
        f'Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:""}}, NodePort:0}}'
    )


def _ports(spec: dict[str, Any]) -> list[FieldError]:
    ports = [access.mapping(p) for p in access.items(spec.get("ports"))]
    errs: list[FieldError] = []
    seen_names: set[str] = set()
    for i, port in enumerate(ports):
        port_path = index("spec.ports", i)
        name = access.text(port.get("name"))
        if len(ports) > 1 and not name:
            errs.append(FieldError.required(child(port_path, "name")))
        elif name:
            errs += rules.invalid_each(child(port_path, "name"), name, names.is_dns1123_label(name))
            if name in seen_names:
                errs.append(FieldError.duplicate(child(port_path, "name"), name))
            seen_names.add(name)
        number = access.integer(port.get("port")) or 0
        errs += rules.invalid_each(child(port_path, "port"), number, names.is_valid_port_num(number))
        errs += rules.enum_value(access.text(port.get("protocol")), child(port_path, "protocol"), _PROTOCOLS)
        errs += validate_port_num_or_name(port.get("targetPort"), child(port_path, "targetPort"))
        if port.get("appProtocol") is not None:
            app = access.text(port["appProtocol"])
            errs += rules.invalid_each(child(port_path, "appProtocol"), app, names.is_qualified_name(app))
    return errs


def _session_affinity(spec: dict[str, Any]) -> list[FieldError]:
    affinity = access.text(spec.get("sessionAffinity"))
    errs = rules.enum_value(affinity, "spec.sessionAffinity", _AFFINITIES)
    config_path = "spec.sessionAffinityConfig"
    config = spec.get("sessionAffinityConfig")
    if affinity == "ClientIP":
        detail = "when session affinity type is ClientIP"
        client_ip = access.mapping(config).get("clientIP")
        if config is None:
            errs.append(FieldError.required(config_path, detail))
        elif client_ip is None:
            errs.append(FieldError.required(child(config_path, "clientIP"), detail))
        elif access.mapping(client_ip).get("timeoutSeconds") is None:
            errs.append(FieldError.required(child(config_path, "clientIP", "timeoutSeconds"), detail))
        else:
            timeout = access.integer(access.mapping(client_ip).get("timeoutSeconds")) or 0
            if not 0 < timeout <= _MAX_AFFINITY_SECONDS:
                errs.append(
                    FieldError.invalid(
                        child(config_path, "clientIP", "timeoutSeconds"),
                        timeout,
                        f"must be greater than 0 and less than {_MAX_AFFINITY_SECONDS}",
                    )
                )
    elif affinity == "None" and config is not None:
        errs.append(FieldError.forbidden(config_path, "must not be set when session affinity is None"))
    return errs


def _cluster_ips(spec: dict[str, Any]) -> list[FieldError]:
    if access.text(spec.get("type")) == "ExternalName":
        return []
    errs: list[FieldError] = []
    cluster_ip = access.text(spec.get("clusterIP"))
    ips = [access.text(ip) for ip in access.items(spec.get("clusterIPs"))]
    shown = gotext.go_string_slice(ips)
    if cluster_ip:
        if not ips:
            errs.append(FieldError.required("spec.clusterIPs"))
        elif ips[0] != cluster_ip:
            errs.append(FieldError.invalid("spec.clusterIPs", shown, "first value must match `clusterIP`"))
    elif ips:
        errs.append(FieldError.invalid("spec.clusterIPs", shown, "must be empty when `clusterIP` is not specified"))
    families = [access.text(f) for f in access.items(spec.get("ipFamilies"))]
    for i, family in enumerate(families):
        if family not in _IP_FAMILIES:
            errs.append(FieldError.not_supported(index("spec.ipFamilies", i), family, list(_IP_FAMILIES)))
        if family in families[:i]:
            errs.append(FieldError.duplicate(index("spec.ipFamilies", i), family))
    if spec.get("ipFamilyPolicy") is not None:
        policy = access.text(spec["ipFamilyPolicy"])
        if policy not in _IP_FAMILY_POLICIES:
            errs.append(FieldError.not_supported("spec.ipFamilyPolicy", policy, list(_IP_FAMILY_POLICIES)))
    has_invalid = False
    for i, ip in enumerate(ips):
        if i == 0 and ip == "None":
            if len(ips) > 1:
                has_invalid = True
                errs.append(FieldError.invalid("spec.clusterIPs", shown, "'None' must be the first and only value"))
            continue
        problems = names.is_valid_ip(ip)
        has_invalid = has_invalid or bool(problems)
        errs += rules.invalid_each(index("spec.clusterIPs", i), ip, problems)
    if len(ips) > 2:
        errs.append(FieldError.invalid("spec.clusterIPs", shown, "may only hold up to 2 values"))
    if has_invalid:
        return errs
    if len(ips) > 1 and len({":" in ip for ip in ips}) != 2:
        errs.append(FieldError.invalid("spec.clusterIPs", shown, "may specify no more than one IP for each IP family"))
    if not _is_headless(spec):
        for i, (ip, family) in enumerate(zip(ips, families, strict=False)):
            if (family == "IPv6") != (":" in ip):
                expected = "IPv6" if family == "IPv6" else "IPv4"
                errs.append(
                    FieldError.invalid(
                        index("spec.clusterIPs", i),
                        ip,
                        f"expected an {expected} value as indicated by `ipFamilies[{i}]`",
                    )
                )
    return errs


def _type_and_ports(spec: dict[str, Any]) -> list[FieldError]:
    kind = access.text(spec.get("type"))
    errs = rules.enum_value(kind, "spec.type", _SERVICE_TYPES)
    ports = [access.mapping(p) for p in access.items(spec.get("ports"))]
    if kind == "ClusterIP":
        for i, port in enumerate(ports):
            if access.integer(port.get("nodePort")):
                errs.append(
                    FieldError.forbidden(
                        child(index("spec.ports", i), "nodePort"),
                        "may not be used when `type` is 'ClusterIP'",
                    )
                )
    node_ports: set[tuple[str, int]] = set()
    for i, port in enumerate(ports):
        node_port = access.integer(port.get("nodePort")) or 0
        if not node_port:
            continue
        entry = (access.text(port.get("protocol")), node_port)
        if entry in node_ports:
            errs.append(FieldError.duplicate(child(index("spec.ports", i), "nodePort"), node_port))
        node_ports.add(entry)
    seen: set[tuple[str, int]] = set()
    for i, port in enumerate(ports):
        entry = (access.text(port.get("protocol")), access.integer(port.get("port")) or 0)
        if entry in seen:
            errs.append(FieldError.duplicate(index("spec.ports", i), _go_service_port(*entry)))
        seen.add(entry)
    return errs


def _load_balancer(service: dict[str, Any], spec: dict[str, Any]) -> list[FieldError]:
    is_lb = access.text(spec.get("type")) == "LoadBalancer"
    errs: list[FieldError] = []
    ranges = [access.text(r) for r in access.items(spec.get("loadBalancerSourceRanges"))]
    annotations = access.string_map(access.mapping(service.get("metadata")).get("annotations"))
    ranges_annotation = "service.beta.kubernetes.io/load-balancer-source-ranges"
    if ranges:
        if not is_lb:
            errs.append(FieldError.forbidden("spec.LoadBalancerSourceRanges", _LB_ONLY))
        for i, value in enumerate(ranges):
            cidr = value.strip()
            errs += rules.invalid_each(index("spec.LoadBalancerSourceRanges", i), cidr, names.is_valid_cidr(cidr))
    elif ranges_annotation in annotations:
        path = key("metadata.annotations", ranges_annotation)
        if not is_lb:
            errs.append(FieldError.forbidden(path, _LB_ONLY))
        for value in filter(None, (v.strip() for v in annotations[ranges_annotation].strip().split(","))):
            errs += rules.invalid_each(path, value, names.is_valid_cidr(value))
    if spec.get("allocateLoadBalancerNodePorts") is not None and not is_lb:
        errs.append(FieldError.forbidden("spec.allocateLoadBalancerNodePorts", _LB_ONLY))
    if is_lb and spec.get("allocateLoadBalancerNodePorts") is None:
        # kube builds this path without the "spec." prefix (sic).
        errs.append(FieldError.required("allocateLoadBalancerNodePorts"))
    lb_class = spec.get("loadBalancerClass")
    if lb_class is not None:
        if is_lb:
            text = access.text(lb_class)
            errs += rules.invalid_each("spec.loadBalancerClass", text, names.is_qualified_name(text))
        else:
            errs.append(FieldError.forbidden("spec.loadBalancerClass", _LB_ONLY))
    return errs


def _traffic_policies(spec: dict[str, Any]) -> list[FieldError]:
    errs: list[FieldError] = []
    external = access.text(spec.get("externalTrafficPolicy"))
    if not _externally_accessible(spec):
        if external:
            errs.append(
                FieldError.invalid(
                    "spec.externalTrafficPolicy",
                    external,
                    "may only be set for externally-accessible services",
                )
            )
    else:
        errs += rules.enum_value(external, "spec.externalTrafficPolicy", _TRAFFIC_POLICIES)
    needs_health_check = access.text(spec.get("type")) == "LoadBalancer" and external == "Local"
    health_port = access.integer(spec.get("healthCheckNodePort")) or 0
    if not needs_health_check:
        if health_port:
            errs.append(
                FieldError.invalid(
                    "spec.healthCheckNodePort",
                    health_port,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
                )
            )
    elif not health_port:
        errs.append(FieldError.required("spec.healthCheckNodePort"))
    else:
        errs += rules.invalid_each("spec.healthCheckNodePort", health_port, names.is_valid_port_num(health_port))
    internal = spec.get("internalTrafficPolicy")
    if internal is None:
        if access.text(spec.get("type")) in ("NodePort", "LoadBalancer", "ClusterIP"):
            errs.append(FieldError.required("spec.internalTrafficPolicy"))
    elif access.text(internal) not in _TRAFFIC_POLICIES:
        errs.append(
            FieldError.not_supported("spec.internalTrafficPolicy", access.text(internal), list(_TRAFFIC_POLICIES))
        )
    if spec.get("trafficDistribution") is not None and spec["trafficDistribution"] != "PreferClose":
        errs.append(
            FieldError.not_supported(
                "spec.trafficDistribution", access.text(spec["trafficDistribution"]), ["PreferClose"]
            )
        )
    return errs


def validate_service(obj: Any) -> list[FieldError]:
    service = access.mapping(obj)
    metadata = access.mapping(service.get("metadata"))
    spec = access.mapping(service.get("spec"))
    errs = meta.validate_object_meta(metadata, namespaced=True, name_validator=names.name_is_dns1035_label)
    annotations = access.string_map(metadata.get("annotations"))
    mode, hints = annotations.get(_TOPOLOGY_MODE), annotations.get(_TOPOLOGY_HINTS)
    if mode is not None and hints is not None and mode != hints:
        errs.append(
            FieldError.invalid(
                key("metadata.annotations", _TOPOLOGY_MODE),
                mode,
                f"must match annotations[{_TOPOLOGY_HINTS}] when both are specified",
            )
        )
    kind = access.text(spec.get("type"))
    if not access.items(spec.get("ports")) and not _is_headless(spec) and kind != "ExternalName":
        errs.append(FieldError.required("spec.ports"))
    if kind in ("LoadBalancer", "NodePort") and _is_headless(spec):
        errs.append(FieldError.invalid("spec.clusterIPs[0]", "None", f"may not be set to 'None' for {kind} services"))
    elif kind == "ExternalName":
        for field in ("clusterIPs", "ipFamilies"):
            if access.items(spec.get(field)):
                errs.append(FieldError.forbidden(f"spec.{field}", "may not be set for ExternalName services"))
        if spec.get("ipFamilyPolicy") is not None:
            errs.append(FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"))
        cname = access.text(spec.get("externalName")).removesuffix(".")
        if cname:
            errs += rules.invalid_each("spec.externalName", cname, names.is_dns1123_subdomain(cname))
        else:
            errs.append(FieldError.required("spec.externalName"))
    errs += _ports(spec)
    if spec.get("selector") is not None:
        errs += meta.validate_labels(spec["selector"], "spec.selector")
    errs += _session_affinity(spec)
    errs += _cluster_ips(spec)
    for i, ip in enumerate(access.text(v) for v in access.items(spec.get("externalIPs"))):
        problems = names.is_valid_ip(ip)
        errs += rules.invalid_each(index("spec.externalIPs", i), ip, problems) or validate_non_special_ip(
            ip, index("spec.externalIPs", i)
        )
    errs += _type_and_ports(spec)
    errs += _load_balancer(service, spec)
    return errs + _traffic_policies(spec)


def _upgrade_downgrade(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    if "ExternalName" in (access.text(new.get("type")), access.text(old.get("type"))):
        return []
    errs: list[FieldError] = []
    new_ips = [access.text(v) for v in access.items(new.get("clusterIPs"))]
    old_ips = [access.text(v) for v in access.items(old.get("clusterIPs"))]
    shown = gotext.go_string_slice(new_ips)
    if not (_is_headless(new) and _is_headless(old)):
        if len(new_ips) == len(old_ips):
            errs += [
                FieldError.invalid(index("spec.clusterIPs", i), shown, "may not change once set")
                for i, ip in enumerate(old_ips)
                if ip != new_ips[i]
            ]
        elif len(old_ips) > len(new_ips):
            if not new_ips:
                errs.append(FieldError.invalid("spec.clusterIPs[0]", shown, "primary clusterIP can not be unset"))
            elif new_ips[0] != old_ips[0]:
                errs.append(FieldError.invalid("spec.clusterIPs[0]", shown, "may not change once set"))
            if len(new_ips) == 1 and new.get("ipFamilyPolicy") != "SingleStack":
                policy = new.get("ipFamilyPolicy")
                errs.append(
                    FieldError.invalid(
                        "spec.ipFamilyPolicy",
                        gotext.GoValue("null") if policy is None else access.text(policy),
                        "must be set to 'SingleStack' when releasing the secondary clusterIP",
                    )
                )
        elif old_ips and new_ips[0] != old_ips[0]:
            errs.append(FieldError.invalid("spec.clusterIPs[0]", shown, "may not change once set"))
    if _is_headless(new) or _is_headless(old):
        return errs
    new_families = [access.text(v) for v in access.items(new.get("ipFamilies"))]
    old_families = [access.text(v) for v in access.items(old.get("ipFamilies"))]
    families_shown = gotext.GoValue("[]core.IPFamily{" + ", ".join(gotext.go_quote(f) for f in new_families) + "}")
    if len(new_families) == len(old_families):
        errs += [
            FieldError.invalid("spec.ipFamilies[0]", families_shown, "may not change once set")
            for a, b in zip(old_families, new_families, strict=True)
            if a != b
        ]
    elif new_families and old_families and new_families[0] != old_families[0]:
        errs.append(FieldError.invalid("spec.ipFamilies[0]", shown, "may not change once set"))
    return errs


def validate_service_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    new_spec, old_spec = access.mapping(n.get("spec")), access.mapping(o.get("spec"))
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    errs += _upgrade_downgrade(new_spec, old_spec)
    if access.text(new_spec.get("type")) == access.text(old_spec.get("type")) == "LoadBalancer":
        if new_spec.get("loadBalancerClass") != old_spec.get("loadBalancerClass"):
            value = new_spec.get("loadBalancerClass")
            errs.append(
                FieldError.invalid(
                    "spec.loadBalancerClass",
                    gotext.GoValue("null") if value is None else access.text(value),
                    "may not change once set",
                )
            )
        local = (
            access.text(new_spec.get("externalTrafficPolicy"))
            == access.text(old_spec.get("externalTrafficPolicy"))
            == "Local"
        )
        if local and new_spec.get("healthCheckNodePort") != old_spec.get("healthCheckNodePort"):
            errs.append(FieldError.forbidden("spec.healthCheckNodePort", "field is immutable"))
    return errs + validate_service(n)


def validate_service_status_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    ingress = access.items(
        access.mapping(access.mapping(access.mapping(n.get("status")).get("loadBalancer"))).get("ingress")
    )
    for i, raw in enumerate(ingress):
        entry = access.mapping(raw)
        entry_path = index("status.loadBalancer.ingress", i)
        ip = access.text(entry.get("ip"))
        if ip:
            errs += rules.invalid_each(child(entry_path, "ip"), ip, names.is_valid_ip(ip))
        if entry.get("ipMode") is None and ip:
            errs.append(FieldError.required(child(entry_path, "ipMode"), "must be specified when `ip` is set"))
        elif entry.get("ipMode") is not None and not ip:
            errs.append(FieldError.forbidden(child(entry_path, "ipMode"), "may not be specified when `ip` is not set"))
        elif entry.get("ipMode") is not None and entry["ipMode"] not in ("Proxy", "VIP"):
            errs.append(
                FieldError.not_supported(child(entry_path, "ipMode"), access.text(entry["ipMode"]), ["Proxy", "VIP"])
            )
        hostname = access.text(entry.get("hostname"))
        if hostname:
            errs += rules.invalid_each(child(entry_path, "hostname"), hostname, names.is_dns1123_subdomain(hostname))
            if not names.is_valid_ip(hostname):
                errs.append(
                    FieldError.invalid(child(entry_path, "hostname"), hostname, "must be a DNS name, not an IP address")
                )
    return errs

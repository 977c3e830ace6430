"""``PodSpec`` and ``PodTemplateSpec`` validation (core ``ValidatePodSpec``).

The order of checks follows kube so that error lists come out in the same order: grace period,
volumes, containers (regular, init, ephemeral), host-network ports, restart and DNS policies,
node selector, security context, pull secrets, affinity, DNS config, gates, topology spread,
names of referenced objects, deadlines, tolerations, host aliases, priority, runtime class,
preemption, overhead, OS.

Fields behind feature gates that are off in kube 1.32 (resource claims, pod-level resources,
``hostUsers``, resize policies) are dropped by kube's strategy before validation; we do not
validate them either.
"""

from __future__ import annotations

import re
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, compute, containers, gotext, names, rules, scheduling
from kubeedge.apiserver.validation.meta import validate_labels, validate_template_meta
from kubeedge.apiserver.validation.paths import child, index, key
from kubeedge.apiserver.validation.security import validate_pod_security_context
from kubeedge.apiserver.validation.volume_files import validate_local_descending_path
from kubeedge.apiserver.validation.volumes import validate_volumes

__all__ = ["validate_pod_spec", "validate_pod_specific_annotations", "validate_pod_template_spec"]

MAX_INT32 = 2**31 - 1
MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror"
POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
_RESTART_POLICIES = ("Always", "OnFailure", "Never")
_DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
_PREEMPTION_POLICIES = ("PreemptLowerPriority", "Never")
_MAX_NAMESERVERS = 3
_MAX_SEARCH_PATHS = 32
_MAX_SEARCH_CHARS = 2048


def _dns_config(config: Any, policy: str, path: str) -> list[FieldError]:
    if policy == "None":
        if config is None:
            return [FieldError.required(path, "must provide `dnsConfig` when `dnsPolicy` is None")]
        if not access.items(access.mapping(config).get("nameservers")):
            return [
                FieldError.required(
                    child(path, "nameservers"),
                    "must provide at least one DNS nameserver when `dnsPolicy` is None",
                )
            ]
    if config is None:
        return []
    dns = access.mapping(config)
    errs: list[FieldError] = []
    nameservers = [access.text(n) for n in access.items(dns.get("nameservers"))]
    if len(nameservers) > _MAX_NAMESERVERS:
        errs.append(
            FieldError.invalid(
                child(path, "nameservers"),
                gotext.go_string_slice(nameservers),
                f"must not have more than {_MAX_NAMESERVERS} nameservers",
            )
        )
    for i, server in enumerate(nameservers):
        errs += rules.invalid_each(index(child(path, "nameservers"), i), server, names.is_valid_ip(server))
    searches = [access.text(s) for s in access.items(dns.get("searches"))]
    if len(searches) > _MAX_SEARCH_PATHS:
        errs.append(
            FieldError.invalid(
                child(path, "searches"),
                gotext.go_string_slice(searches),
                f"must not have more than {_MAX_SEARCH_PATHS} search paths",
            )
        )
    if len(" ".join(searches).encode()) > _MAX_SEARCH_CHARS:
        errs.append(
            FieldError.invalid(
                child(path, "searches"),
                gotext.go_string_slice(searches),
                f"must not have more than {_MAX_SEARCH_CHARS} characters (including spaces) in the search list",
            )
        )
    for i, search in enumerate(searches):
        trimmed = search.removesuffix(".")
        errs += rules.invalid_each(index(child(path, "searches"), i), trimmed, names.is_dns1123_subdomain(trimmed))
    for i, option in enumerate(access.items(dns.get("options"))):
        if not access.text(access.mapping(option).get("name")):
            errs.append(FieldError.required(index(child(path, "options"), i), "must not be empty"))
    return errs


def _host_network_ports(spec: dict[str, Any], path: str, *, is_pod: bool) -> list[FieldError]:
    if spec.get("hostNetwork") is not True:
        return []
    errs: list[FieldError] = []
    for i, container in enumerate(access.mapping(c) for c in access.items(spec.get("containers"))):
        for j, raw in enumerate(access.items(container.get("ports"))):
            port = access.mapping(raw)
            host_port = access.integer(port.get("hostPort")) or 0
            container_port = access.integer(port.get("containerPort")) or 0
            # A template may leave hostPort 0: pod defaulting fills it in later.
            if (is_pod or host_port != 0) and host_port != container_port:
                port_path = index(child(index(child(path, "containers"), i), "ports"), j)
                errs.append(
                    FieldError.invalid(
                        child(port_path, "hostPort"),
                        host_port,
                        "must match `containerPort` when `hostNetwork` is true",
                    )
                )
    return errs


def _pull_secrets(secrets: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, raw in enumerate(access.items(secrets)):
        ref = access.mapping(raw)
        if set(ref) - {"name"}:
            shown = gotext.GoValue(f"core.LocalObjectReference{{Name:{gotext.go_quote(access.text(ref.get('name')))}}}")
            errs.append(FieldError.invalid(index(path, i), shown, "only name may be set"))
    return errs


def _gates(spec: dict[str, Any], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, gate in enumerate(access.items(spec.get("readinessGates"))):
        condition = access.text(access.mapping(gate).get("conditionType"))
        gate_path = child(index(child(path, "readinessGates"), i), "conditionType")
        errs += rules.invalid_each(gate_path, condition, names.is_qualified_name(condition))
    seen: set[str] = set()
    for i, gate in enumerate(access.items(spec.get("schedulingGates"))):
        name = access.text(access.mapping(gate).get("name"))
        gate_path = index(child(path, "schedulingGates"), i)
        errs += rules.invalid_each(gate_path, name, names.is_qualified_name(name))
        if name in seen:
            errs.append(FieldError.duplicate(gate_path, name))
        seen.add(name)
    return errs


def _named(spec: dict[str, Any], field: str, path: str, check: names.NameValidator) -> list[FieldError]:
    value = access.text(spec.get(field))
    if not value:
        return []
    return rules.invalid_each(child(path, field), value, check(value, False))


def _os(spec: dict[str, Any], path: str) -> list[FieldError]:
    if spec.get("os") is None:
        return []
    name = access.text(access.mapping(spec["os"]).get("name"))
    os_path = child(path, "os")
    if not name:
        return [FieldError.required(child(os_path, "name"), "cannot be empty")]
    if name not in ("linux", "windows"):
        return [FieldError.not_supported(os_path, name, ["linux", "windows"])]
    if name == "windows":
        return []
    errs: list[FieldError] = []
    if access.present(access.mapping(spec.get("securityContext")), "windowsOptions"):
        errs.append(
            FieldError.forbidden(
                child(path, "securityContext", "windowsOptions"),
                "windows options cannot be set for a linux pod",
            )
        )
    for list_name in ("containers", "initContainers", "ephemeralContainers"):
        for i, container in enumerate(access.mapping(c) for c in access.items(spec.get(list_name))):
            if access.present(access.mapping(container.get("securityContext")), "windowsOptions"):
                errs.append(
                    FieldError.forbidden(
                        child(index(child(path, list_name), i), "securityContext", "windowsOptions"),
                        "windows options cannot be set for a linux pod",
                    )
                )
    return errs


def validate_pod_spec(raw: Any, path: str, *, pod_name: str = "", is_pod: bool = False) -> list[FieldError]:
    """Validate a pod spec at ``path`` (``spec`` for pods, ``spec.template.spec`` for templates)."""
    spec = access.mapping(raw)
    errs: list[FieldError] = []
    grace = access.integer(spec.get("terminationGracePeriodSeconds"))
    if grace is None:
        errs.append(FieldError.required(child(path, "terminationGracePeriodSeconds")))
    volumes, volume_errs = validate_volumes(
        spec.get("volumes"), child(path, "volumes"), pod_name=pod_name, is_pod=is_pod
    )
    errs += volume_errs
    ctx: dict[str, Any] = {"grace": grace, "claims": (), "host_users": True}
    errs += containers.validate_containers(spec.get("containers"), volumes, child(path, "containers"), ctx)
    errs += containers.validate_init_containers(
        spec.get("initContainers"), spec.get("containers"), volumes, child(path, "initContainers"), ctx
    )
    errs += containers.validate_ephemeral_containers(
        spec.get("ephemeralContainers"),
        spec.get("containers"),
        spec.get("initContainers"),
        volumes,
        child(path, "ephemeralContainers"),
        ctx,
    )
    errs += _host_network_ports(spec, path, is_pod=is_pod)
    errs += rules.enum_value(access.text(spec.get("restartPolicy")), child(path, "restartPolicy"), _RESTART_POLICIES)
    dns_policy = access.text(spec.get("dnsPolicy"))
    errs += rules.enum_value(dns_policy, child(path, "dnsPolicy"), _DNS_POLICIES)
    errs += validate_labels(spec.get("nodeSelector"), child(path, "nodeSelector"))
    errs += validate_pod_security_context(spec.get("securityContext"), child(path, "securityContext"), spec)
    errs += _pull_secrets(spec.get("imagePullSecrets"), child(path, "imagePullSecrets"))
    errs += scheduling.validate_affinity(spec.get("affinity"), child(path, "affinity"))
    errs += _dns_config(spec.get("dnsConfig"), dns_policy, child(path, "dnsConfig"))
    errs += _gates(spec, path)
    errs += scheduling.validate_topology_spread_constraints(
        spec.get("topologySpreadConstraints"), child(path, "topologySpreadConstraints")
    )
    errs += _named(spec, "serviceAccountName", path, names.name_is_dns_subdomain)
    errs += _named(spec, "nodeName", path, names.name_is_dns_subdomain)
    deadline = access.integer(spec.get("activeDeadlineSeconds"))
    if deadline is not None and not 1 <= deadline <= MAX_INT32:
        errs.append(
            FieldError.invalid(
                child(path, "activeDeadlineSeconds"), deadline, names.inclusive_range_error(1, MAX_INT32)
            )
        )
    for field in ("hostname", "subdomain"):
        errs += _named(spec, field, path, names.name_is_dns_label)
    errs += scheduling.validate_tolerations(spec.get("tolerations"), child(path, "tolerations"))
    for i, raw_alias in enumerate(access.items(spec.get("hostAliases"))):
        alias = access.mapping(raw_alias)
        alias_path = index(child(path, "hostAliases"), i)
        ip = access.text(alias.get("ip"))
        errs += rules.invalid_each(child(alias_path, "ip"), ip, names.is_valid_ip(ip))
        for j, hostname in enumerate(access.items(alias.get("hostnames"))):
            text = access.text(hostname)
            errs += rules.invalid_each(index(child(alias_path, "hostnames"), j), text, names.is_dns1123_subdomain(text))
    errs += _named(spec, "priorityClassName", path, names.name_is_dns_subdomain)
    if spec.get("runtimeClassName") is not None:
        runtime_class = access.text(spec["runtimeClassName"])
        errs += rules.invalid_each(
            child(path, "runtimeClassName"), runtime_class, names.name_is_dns_subdomain(runtime_class, False)
        )
    if spec.get("preemptionPolicy") is not None:
        errs += rules.enum_value(
            access.text(spec["preemptionPolicy"]), child(path, "preemptionPolicy"), _PREEMPTION_POLICIES
        )
    if spec.get("overhead") is not None:
        errs += compute.validate_resource_requirements({"limits": spec["overhead"]}, child(path, "overhead"))
    return errs + _os(spec, path)


def _seccomp_annotation(profile: str, path: str) -> list[FieldError]:
    if profile in ("runtime/default", "docker/default", "unconfined"):
        return []
    if profile.startswith("localhost/"):
        return validate_local_descending_path(profile.removeprefix("localhost/"), path)
    return [FieldError.invalid(path, profile, "must be a valid seccomp profile")]


def validate_pod_specific_annotations(annotations: Any, spec: Any, path: str) -> list[FieldError]:
    """Annotations with meaning for pods: mirror pods, deletion cost, legacy seccomp."""
    values = access.string_map(annotations)
    errs: list[FieldError] = []
    if MIRROR_POD_ANNOTATION in values and not access.text(access.mapping(spec).get("nodeName")):
        errs.append(
            FieldError.invalid(
                key(path, MIRROR_POD_ANNOTATION),
                values[MIRROR_POD_ANNOTATION],
                "must set spec.nodeName if mirror pod annotation is set",
            )
        )
    if POD_DELETION_COST in values and not _is_int32(values[POD_DELETION_COST]):
        errs.append(
            FieldError.invalid(key(path, POD_DELETION_COST), values[POD_DELETION_COST], "must be a 32bit integer")
        )
    for name, profile in values.items():
        if name == SECCOMP_POD_ANNOTATION or name.startswith(SECCOMP_CONTAINER_PREFIX):
            # kube uses Child() here, so the key is joined with a dot rather than bracketed.
            errs += _seccomp_annotation(profile, child(path, name))
    return errs


def _is_int32(text: str) -> bool:
    # No "+" sign and no leading zeros, as GetDeletionCostFromPodAnnotations requires.
    if not text or not (text[0] == "-" or text == "0" or "1" <= text[0] <= "9"):
        return False
    return re.fullmatch("-?[0-9]+", text) is not None and -(2**31) <= int(text) <= MAX_INT32


def validate_pod_template_spec(raw: Any, path: str) -> list[FieldError]:
    """A ``PodTemplateSpec``: its metadata, its spec, no ephemeral containers."""
    template = access.mapping(raw)
    meta = access.mapping(template.get("metadata"))
    # kube reports template labels/annotations at "<path>.labels", without ".metadata".
    errs = validate_template_meta(meta, path)
    errs += validate_pod_specific_annotations(meta.get("annotations"), template.get("spec"), child(path, "annotations"))
    errs += validate_pod_spec(template.get("spec"), child(path, "spec"))
    if access.items(access.mapping(template.get("spec")).get("ephemeralContainers")):
        errs.append(
            FieldError.forbidden(
                child(path, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"
            )
        )
    return errs

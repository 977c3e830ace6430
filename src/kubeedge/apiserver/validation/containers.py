"""Containers of a pod spec: regular, init and ephemeral (core validation).

Every container gets the common checks (name, image, ports, env, envFrom, mounts, devices, pull
policy, resources, security context) in kube's order. Names are unique across all three lists;
probes and lifecycle hooks belong to regular containers and to init containers with
``restartPolicy: Always`` (sidecars); host ports may not collide.

Environment variable names follow kube 1.32, where ``RelaxedEnvironmentVariableValidation`` is
on: any printable ASCII except ``=``.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import (
    access,
    compute,
    mounts,
    names,
    probes,
    rules,
    security,
    volume_files,
)
from kubeedge.apiserver.validation.paths import child, index

__all__ = [
    "image_whitespace",
    "validate_containers",
    "validate_ephemeral_containers",
    "validate_init_containers",
]

_PROTOCOLS = ("SCTP", "TCP", "UDP")
_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
_TERMINATION_MESSAGE_POLICIES = ("File", "FallbackToLogsOnError")
_EPHEMERAL_FORBIDDEN = ("ports", "resources", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle")


def _ports(ports: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    seen: set[str] = set()
    for i, raw in enumerate(access.items(ports)):
        port_path = index(path, i)
        port = access.mapping(raw)
        name = access.text(port.get("name"))
        if name:
            problems = names.is_valid_port_name(name)
            if problems:
                errs += rules.invalid_each(child(port_path, "name"), name, problems)
            elif name in seen:
                errs.append(FieldError.duplicate(child(port_path, "name"), name))
            else:
                seen.add(name)
        number = access.integer(port.get("containerPort")) or 0
        if number == 0:
            errs.append(FieldError.required(child(port_path, "containerPort")))
        else:
            errs += rules.invalid_each(child(port_path, "containerPort"), number, names.is_valid_port_num(number))
        host_port = access.integer(port.get("hostPort")) or 0
        if host_port:
            errs += rules.invalid_each(child(port_path, "hostPort"), host_port, names.is_valid_port_num(host_port))
        errs += rules.enum_value(access.text(port.get("protocol")), child(port_path, "protocol"), _PROTOCOLS)
    return errs


def _key_selector(selector: dict[str, Any], path: str) -> list[FieldError]:
    name = access.text(selector.get("name"))
    errs = rules.invalid_each(child(path, "name"), name, names.name_is_dns_subdomain(name, False))
    key = access.text(selector.get("key"))
    if not key:
        errs.append(FieldError.required(child(path, "key")))
    else:
        errs += rules.invalid_each(child(path, "key"), key, names.is_config_map_key(key))
    return errs


def _value_from(var: dict[str, Any], path: str) -> list[FieldError]:
    if var.get("valueFrom") is None:
        return []
    source = access.mapping(var["valueFrom"])
    errs: list[FieldError] = []
    count = 0
    if access.present(source, "fieldRef"):
        count += 1
        errs += volume_files.validate_object_field_selector(
            source["fieldRef"], volume_files.ENV_FIELD_PATHS, child(path, "fieldRef")
        )
    if access.present(source, "resourceFieldRef"):
        count += 1
        errs += volume_files.validate_resource_field_selector(
            source["resourceFieldRef"], child(path, "resourceFieldRef"), in_volume=False
        )
    for kind in ("configMapKeyRef", "secretKeyRef"):
        if access.present(source, kind):
            count += 1
            errs += _key_selector(access.mapping(source[kind]), child(path, kind))
    if count == 0:
        errs.append(
            FieldError.invalid(
                path,
                "",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            )
        )
    elif access.text(var.get("value")):
        errs.append(FieldError.invalid(path, "", "may not be specified when `value` is not empty"))
    elif count > 1:
        errs.append(FieldError.invalid(path, "", "may not have more than one field specified at a time"))
    return errs


def _env(env: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, raw in enumerate(access.items(env)):
        var_path = index(path, i)
        var = access.mapping(raw)
        name = access.text(var.get("name"))
        if not name:
            errs.append(FieldError.required(child(var_path, "name")))
        else:
            errs += rules.invalid_each(child(var_path, "name"), name, names.is_relaxed_env_var_name(name))
        errs += _value_from(var, child(var_path, "valueFrom"))
    return errs


def _env_from(sources: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, raw in enumerate(access.items(sources)):
        source_path = index(path, i)
        source = access.mapping(raw)
        prefix = access.text(source.get("prefix"))
        if prefix:
            errs += rules.invalid_each(child(source_path, "prefix"), prefix, names.is_relaxed_env_var_name(prefix))
        count = 0
        for kind in ("configMapRef", "secretRef"):
            if not access.present(source, kind):
                continue
            count += 1
            name = access.text(access.mapping(source[kind]).get("name"))
            name_path = child(source_path, kind, "name")
            if not name:
                errs.append(FieldError.required(name_path))
            else:
                errs += rules.invalid_each(name_path, name, names.name_is_dns_subdomain(name, True))
        # kube reports these on the envFrom list itself, not on the entry.
        if count == 0:
            errs.append(FieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
        elif count > 1:
            errs.append(FieldError.invalid(path, "", "may not have more than one field specified at a time"))
    return errs


def _common(
    container: dict[str, Any], volumes: dict[str, dict[str, Any]], path: str, ctx: dict[str, Any]
) -> list[FieldError]:
    errs: list[FieldError] = []
    name = access.text(container.get("name"))
    if not name:
        errs.append(FieldError.required(child(path, "name")))
    else:
        errs += rules.invalid_each(child(path, "name"), name, names.is_dns1123_label(name))
    if not access.text(container.get("image")):
        errs.append(FieldError.required(child(path, "image")))
    errs += rules.enum_value(
        access.text(container.get("terminationMessagePolicy")),
        child(path, "terminationMessagePolicy"),
        _TERMINATION_MESSAGE_POLICIES,
    )
    errs += _ports(container.get("ports"), child(path, "ports"))
    errs += _env(container.get("env"), child(path, "env"))
    errs += _env_from(container.get("envFrom"), child(path, "envFrom"))
    errs += mounts.validate_volume_mounts(container, volumes, child(path, "volumeMounts"))
    errs += mounts.validate_volume_devices(container, volumes, child(path, "volumeDevices"))
    errs += rules.enum_value(
        access.text(container.get("imagePullPolicy")), child(path, "imagePullPolicy"), _PULL_POLICIES
    )
    errs += compute.validate_resource_requirements(
        container.get("resources"), child(path, "resources"), pod_claim_names=ctx["claims"]
    )
    errs += security.validate_container_security_context(
        container.get("securityContext"), child(path, "securityContext"), host_users=ctx["host_users"]
    )
    return errs


def image_whitespace(container: dict[str, Any], path: str) -> list[FieldError]:
    """Pod-only check (not for templates, where a blank image is a known placeholder)."""
    image = access.text(container.get("image"))
    if image != image.strip():
        return [FieldError.invalid(child(path, "image"), image, "must not have leading or trailing whitespace")]
    return []


def _host_port_conflicts(containers: list[dict[str, Any]], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    seen: set[str] = set()
    for ci, container in enumerate(containers):
        for pi, raw in enumerate(access.items(container.get("ports"))):
            port = access.mapping(raw)
            host_port = access.integer(port.get("hostPort")) or 0
            if not host_port:
                continue
            entry = f"{access.text(port.get('protocol'))}/{access.text(port.get('hostIP'))}/{host_port}"
            if entry in seen:
                errs.append(FieldError.duplicate(child(index(child(index(path, ci), "ports"), pi), "hostPort"), entry))
            seen.add(entry)
    return errs


def _probes_and_hooks(container: dict[str, Any], path: str, grace: int | None) -> list[FieldError]:
    errs: list[FieldError] = []
    if container.get("lifecycle") is not None:
        errs += probes.validate_lifecycle(container["lifecycle"], child(path, "lifecycle"), grace)
    errs += probes.validate_liveness_probe(container.get("livenessProbe"), child(path, "livenessProbe"), grace)
    errs += probes.validate_readiness_probe(container.get("readinessProbe"), child(path, "readinessProbe"), grace)
    errs += probes.validate_startup_probe(container.get("startupProbe"), child(path, "startupProbe"), grace)
    return errs


def validate_containers(
    raw: Any, volumes: dict[str, dict[str, Any]], path: str, ctx: dict[str, Any]
) -> list[FieldError]:
    """``spec.containers``: at least one; ``ctx`` carries the grace period, claim names, host_users."""
    containers = [access.mapping(c) for c in access.items(raw)]
    if not containers:
        return [FieldError.required(path)]
    errs: list[FieldError] = []
    seen: set[str] = set()
    for i, container in enumerate(containers):
        container_path = index(path, i)
        errs += _common(container, volumes, container_path, ctx)
        name = access.text(container.get("name"))
        if name in seen:
            errs.append(FieldError.duplicate(child(container_path, "name"), name))
        seen.add(name)
        errs += _probes_and_hooks(container, container_path, ctx["grace"])
        if container.get("restartPolicy") is not None:
            errs.append(
                FieldError.forbidden(child(container_path, "restartPolicy"), "may not be set for non-init containers")
            )
    return errs + _host_port_conflicts(containers, path)


def validate_init_containers(
    raw: Any, regular: Any, volumes: dict[str, dict[str, Any]], path: str, ctx: dict[str, Any]
) -> list[FieldError]:
    errs: list[FieldError] = []
    seen = {access.text(access.mapping(c).get("name")) for c in access.items(regular)}
    for i, container in enumerate(access.mapping(c) for c in access.items(raw)):
        container_path = index(path, i)
        errs += _common(container, volumes, container_path, ctx)
        restart_always = False
        if container.get("restartPolicy") is not None:
            policy = access.text(container["restartPolicy"])
            if policy != "Always":
                errs.append(FieldError.not_supported(child(container_path, "restartPolicy"), policy, ["Always"]))
            restart_always = policy == "Always"
        name = access.text(container.get("name"))
        if name in seen:
            errs.append(FieldError.duplicate(child(container_path, "name"), name))
        elif name:
            seen.add(name)
        # Init containers run one at a time, so only ports within one can collide.
        errs += _host_port_conflicts([container], path)
        if restart_always:
            errs += _probes_and_hooks(container, container_path, ctx["grace"])
        else:
            for field in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                if container.get(field) is not None:
                    errs.append(
                        FieldError.forbidden(
                            child(container_path, field),
                            "may not be set for init containers without restartPolicy=Always",
                        )
                    )
    return errs


def validate_ephemeral_containers(
    raw: Any,
    containers: Any,
    init_containers: Any,
    volumes: dict[str, dict[str, Any]],
    path: str,
    ctx: dict[str, Any],
) -> list[FieldError]:
    others = {
        access.text(access.mapping(c).get("name")) for c in [*access.items(containers), *access.items(init_containers)]
    }
    seen = set(others)
    errs: list[FieldError] = []
    for i, container in enumerate(access.mapping(c) for c in access.items(raw)):
        container_path = index(path, i)
        errs += _common(container, volumes, container_path, ctx)
        errs += image_whitespace(container, container_path)
        name = access.text(container.get("name"))
        if name in seen:
            errs.append(FieldError.duplicate(child(container_path, "name"), name))
        else:
            seen.add(name)
        target = access.text(container.get("targetContainerName"))
        if target and target not in others:
            errs.append(FieldError.not_found(child(container_path, "targetContainerName"), target))
        for field in _EPHEMERAL_FORBIDDEN:
            if container.get(field):
                errs.append(
                    FieldError.forbidden(child(container_path, field), "cannot be set for an Ephemeral Container")
                )
        for j, mount in enumerate(access.mapping(m) for m in access.items(container.get("volumeMounts"))):
            for field in ("subPath", "subPathExpr"):
                if access.text(mount.get(field)):
                    errs.append(
                        FieldError.forbidden(
                            child(index(child(container_path, "volumeMounts"), j), field),
                            "cannot be set for an Ephemeral Container",
                        )
                    )
    return errs

"""Pods and bindings: create, update and status-update rules (core ``ValidatePod*``).

A running pod's spec is frozen except for container and init-container images,
``activeDeadlineSeconds`` (may only shrink), additions to ``tolerations`` (existing ones may only
change ``tolerationSeconds``), removals from ``schedulingGates``, a negative grace period reset to
1, and - while the pod is still gated - additions to ``nodeSelector``. Anything else is rejected
with kube's ``pod updates may not change fields other than ...`` message.
"""

from __future__ import annotations

import copy
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, equality, gotext, names, rules, scheduling
from kubeedge.apiserver.validation.containers import image_whitespace
from kubeedge.apiserver.validation.meta import validate_object_meta, validate_object_meta_update
from kubeedge.apiserver.validation.paths import child, index, key
from kubeedge.apiserver.validation.pod_spec import (
    MAX_INT32,
    MIRROR_POD_ANNOTATION,
    validate_pod_spec,
    validate_pod_specific_annotations,
)

__all__ = [
    "UPDATABLE_POD_SPEC_FIELDS",
    "validate_binding",
    "validate_pod",
    "validate_pod_status_update",
    "validate_pod_update",
]

UPDATABLE_POD_SPEC_FIELDS = (
    "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
    "`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)
_SYSTEM_CONDITIONS = frozenset({"PodScheduled", "Ready", "Initialized"})


def _metadata_and_spec(pod: dict[str, Any]) -> list[FieldError]:
    meta = access.mapping(pod.get("metadata"))
    spec = access.mapping(pod.get("spec"))
    errs = validate_object_meta(meta, namespaced=True, name_validator=names.name_is_dns_subdomain)
    errs += validate_pod_specific_annotations(meta.get("annotations"), spec, "metadata.annotations")
    errs += validate_pod_spec(spec, "spec", pod_name=access.text(meta.get("name")), is_pod=True)
    if not access.text(spec.get("serviceAccountName")):
        for i, volume in enumerate(access.mapping(v) for v in access.items(spec.get("volumes"))):
            if not access.present(volume, "projected"):
                continue
            for j, source in enumerate(access.items(access.mapping(volume["projected"]).get("sources"))):
                if access.present(access.mapping(source), "serviceAccountToken"):
                    source_path = index(child(index("spec.volumes", i), "projected", "sources"), j)
                    errs.append(
                        FieldError.forbidden(
                            child(source_path, "serviceAccountToken"),
                            "must not be specified when serviceAccountName is not set",
                        )
                    )
    for list_name in ("containers", "initContainers"):
        for i, container in enumerate(access.mapping(c) for c in access.items(spec.get(list_name))):
            errs += image_whitespace(container, index(child("spec", list_name), i))
    return errs


def validate_pod(pod: Any) -> list[FieldError]:
    """Validate a pod being created (after defaulting)."""
    p = access.mapping(pod)
    spec = access.mapping(p.get("spec"))
    errs = _metadata_and_spec(p)
    if access.items(spec.get("ephemeralContainers")):
        errs.append(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"))
    if access.text(spec.get("nodeName")) and access.items(spec.get("schedulingGates")):
        errs.append(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"))
    return errs


def _annotation_updates(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    new_values = access.string_map(access.mapping(new.get("metadata")).get("annotations"))
    old_values = access.string_map(access.mapping(old.get("metadata")).get("annotations"))
    path = key("metadata.annotations", MIRROR_POD_ANNOTATION)
    errs: list[FieldError] = []
    if (
        MIRROR_POD_ANNOTATION in old_values
        and new_values.get(MIRROR_POD_ANNOTATION) != old_values[MIRROR_POD_ANNOTATION]
    ):
        errs.append(FieldError.forbidden(path, "may not remove or update mirror pod annotation"))
    if MIRROR_POD_ANNOTATION in new_values and MIRROR_POD_ANNOTATION not in old_values:
        errs.append(FieldError.forbidden(path, "may not add mirror pod annotation"))
    meta = access.mapping(new.get("metadata"))
    return errs + validate_pod_specific_annotations(meta.get("annotations"), new.get("spec"), "metadata.annotations")


def _container_updates(new: Any, old: Any, path: str) -> tuple[list[FieldError], bool]:
    new_list, old_list = access.items(new), access.items(old)
    if len(new_list) != len(old_list):
        return [FieldError.forbidden(path, "pod updates may not add or remove containers")], True
    errs: list[FieldError] = []
    for i, container in enumerate(access.mapping(c) for c in new_list):
        if not access.text(container.get("image")):
            errs.append(FieldError.required(child(index(path, i), "image")))
        errs += image_whitespace(container, index(path, i))
    return errs, False


def _toleration_identity(raw: Any) -> tuple[str, str, str, str]:
    tol = access.mapping(raw)
    return tuple(access.text(tol.get(f)) for f in ("key", "operator", "value", "effect"))  # type: ignore[return-value]


def _tolerations_only_added(new: Any, old: Any) -> list[FieldError]:
    existing = {_toleration_identity(t) for t in access.items(new)}
    for tol in access.items(old):
        if _toleration_identity(tol) not in existing:
            return [
                FieldError.forbidden(
                    "spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"
                )
            ]
    return scheduling.validate_tolerations(new, "spec.tolerations")


def _gates_only_deleted(new: Any, old: Any) -> list[FieldError]:
    old_names = {access.text(access.mapping(g).get("name")) for g in access.items(old)}
    errs: list[FieldError] = []
    positions: dict[str, int] = {}
    for i, gate in enumerate(access.items(new)):
        positions[access.text(access.mapping(gate).get("name"))] = i
    for name, i in positions.items():
        if name not in old_names:
            errs.append(
                FieldError.forbidden(
                    child(index("spec.schedulingGates", i), "name"),
                    f"only deletion is allowed, but found new scheduling gate '{name}'",
                )
            )
    return errs


def _munged_spec(new_spec: dict[str, Any], old_spec: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """``new_spec`` with every field an update may change set back to the old value."""
    munged = copy.deepcopy(new_spec)
    errs: list[FieldError] = []
    for list_name in ("containers", "initContainers"):
        old_containers = access.items(old_spec.get(list_name))
        for i, container in enumerate(access.items(munged.get(list_name))):
            if isinstance(container, dict) and i < len(old_containers):
                container["image"] = access.mapping(old_containers[i]).get("image")
    for name in ("activeDeadlineSeconds", "schedulingGates", "tolerations"):
        munged[name] = old_spec.get(name)
    old_grace = access.integer(old_spec.get("terminationGracePeriodSeconds"))
    if old_grace is not None and old_grace < 0 and access.integer(munged.get("terminationGracePeriodSeconds")) == 1:
        munged["terminationGracePeriodSeconds"] = old_grace
    if access.items(old_spec.get("schedulingGates")):
        new_selector = access.string_map(munged.get("nodeSelector"))
        old_selector = access.string_map(old_spec.get("nodeSelector"))
        if new_selector != old_selector:
            if any(new_selector.get(k) != v for k, v in old_selector.items()):
                errs.append(
                    FieldError.invalid(
                        "spec.nodeSelector",
                        gotext.go_string_map(new_selector),
                        "only additions to spec.nodeSelector are allowed (no mutations or deletions)",
                    )
                )
            munged["nodeSelector"] = old_spec.get("nodeSelector")
    return munged, errs


def validate_pod_update(new: Any, old: Any) -> list[FieldError]:
    """Validate an update of a pod's metadata and spec (not ``/status``)."""
    n, o = access.mapping(new), access.mapping(old)
    errs = validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    errs += _metadata_and_spec(n)
    errs += _annotation_updates(n, o)
    new_spec, old_spec = access.mapping(n.get("spec")), access.mapping(o.get("spec"))
    for list_name in ("containers", "initContainers"):
        container_errs, stop = _container_updates(new_spec.get(list_name), old_spec.get(list_name), f"spec.{list_name}")
        errs += container_errs
        if stop:
            return errs
    new_deadline = access.integer(new_spec.get("activeDeadlineSeconds"))
    old_deadline = access.integer(old_spec.get("activeDeadlineSeconds"))
    deadline_path = "spec.activeDeadlineSeconds"
    if new_deadline is not None:
        if not 0 <= new_deadline <= MAX_INT32:
            return [
                *errs,
                FieldError.invalid(deadline_path, new_deadline, names.inclusive_range_error(0, MAX_INT32)),
            ]
        if old_deadline is not None and old_deadline < new_deadline:
            return [
                *errs,
                FieldError.invalid(deadline_path, new_deadline, "must be less than or equal to previous value"),
            ]
    elif old_deadline is not None:
        errs.append(FieldError.invalid(deadline_path, None, "must not update from a positive integer to nil value"))
    errs += _tolerations_only_added(new_spec.get("tolerations"), old_spec.get("tolerations"))
    if access.items(new_spec.get("schedulingGates")):
        errs += _gates_only_deleted(new_spec.get("schedulingGates"), old_spec.get("schedulingGates"))
    if equality.semantic_equal(new_spec, old_spec):
        return errs
    munged, munge_errs = _munged_spec(new_spec, old_spec)
    errs += munge_errs
    if not equality.semantic_equal(munged, old_spec):
        diff = equality.describe_difference(old_spec, munged, "spec")
        errs.append(
            FieldError.forbidden(
                "spec", f"pod updates may not change fields other than {UPDATABLE_POD_SPEC_FIELDS}\n{diff}"
            )
        )
    return errs


def _state_transitions(new: Any, old: Any, path: str, restart_policy: str, restartable: set[str]) -> list[FieldError]:
    if restart_policy == "Always":
        return []
    new_running = {
        access.text(access.mapping(s).get("name"))
        for s in access.items(new)
        if not access.present(access.mapping(access.mapping(s).get("state")), "terminated")
    }
    errs: list[FieldError] = []
    for i, raw in enumerate(access.items(old)):
        status = access.mapping(raw)
        terminated = access.mapping(status.get("state")).get("terminated")
        if terminated is None:
            continue
        exit_code = access.integer(access.mapping(terminated).get("exitCode")) or 0
        name = access.text(status.get("name"))
        if (exit_code != 0 and restart_policy == "OnFailure") or name in restartable:
            continue
        if name in new_running:
            errs.append(
                FieldError.forbidden(child(index(path, i), "state"), "may not be transitioned to non-terminated state")
            )
    return errs


def _ip_list(entries: Any, path: str, go_type: str) -> list[FieldError]:
    ips = [access.text(access.mapping(e).get("ip")) for e in access.items(entries)]
    errs: list[FieldError] = []
    for i, ip in enumerate(ips):
        errs += rules.invalid_each(index(path, i), ip, names.is_valid_ip(ip))
    if len(ips) > 1 and not errs:
        families = {":" in ip for ip in ips}
        if len(families) != 2 or len(ips) > 2:
            shown = gotext.GoValue(
                f"[]{go_type}{{" + ", ".join(f"{go_type}{{IP:{gotext.go_quote(ip)}}}" for ip in ips) + "}"
            )
            errs.append(FieldError.invalid(path, shown, "may specify no more than one IP for each IP family"))
        seen: set[str] = set()
        for i, ip in enumerate(ips):
            if ip in seen:
                errs.append(
                    FieldError.duplicate(index(path, i), gotext.GoValue(f"{go_type}{{IP:{gotext.go_quote(ip)}}}"))
                )
            seen.add(ip)
    return errs


def validate_pod_status_update(new: Any, old: Any) -> list[FieldError]:
    """Validate a write to ``pods/status``."""
    n, o = access.mapping(new), access.mapping(old)
    errs = validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    errs += _annotation_updates(n, o)
    new_status, old_status = access.mapping(n.get("status")), access.mapping(o.get("status"))
    for i, condition in enumerate(access.items(new_status.get("conditions"))):
        kind = access.text(access.mapping(condition).get("type"))
        if kind not in _SYSTEM_CONDITIONS:
            # kube builds this path from "metadata" (sic): metadata.conditions[i].Type.
            errs += rules.invalid_each(
                child(index("metadata.conditions", i), "Type"), kind, names.is_qualified_name(kind)
            )
    new_spec, old_spec = access.mapping(n.get("spec")), access.mapping(o.get("spec"))
    if access.text(new_spec.get("nodeName")) != access.text(old_spec.get("nodeName")):
        errs.append(FieldError.forbidden("status.nodeName", "may not be changed directly"))
    nominated = access.text(new_status.get("nominatedNodeName"))
    if nominated and nominated != access.text(old_status.get("nominatedNodeName")):
        errs += rules.invalid_each("status.nominatedNodeName", nominated, names.name_is_dns_subdomain(nominated, False))
    errs += rules.immutable(
        access.text(new_status.get("qosClass")), access.text(old_status.get("qosClass")), "status.qosClass"
    )
    restart_policy = access.text(old_spec.get("restartPolicy"))
    sidecars = {
        access.text(access.mapping(c).get("name"))
        for c in access.items(old_spec.get("initContainers"))
        if access.mapping(c).get("restartPolicy") == "Always"
    }
    for field, policy, restartable in (
        ("containerStatuses", restart_policy, set()),
        ("initContainerStatuses", restart_policy, sidecars),
        ("ephemeralContainerStatuses", "Never", set()),
    ):
        errs += _state_transitions(new_status.get(field), old_status.get(field), f"status.{field}", policy, restartable)
    errs += _ip_list(new_status.get("podIPs"), "status.podIPs", "core.PodIP")
    host_ips = access.items(new_status.get("hostIPs"))
    if host_ips:
        first = access.text(access.mapping(host_ips[0]).get("ip"))
        if access.text(new_status.get("hostIP")) != first:
            errs.append(FieldError.invalid("status.hostIPs[0].ip", first, "must be equal to `hostIP`"))
        errs += _ip_list(host_ips, "status.hostIPs", "core.HostIP")
    return errs


def validate_binding(binding: Any) -> list[FieldError]:
    """A ``Binding`` (``pods/binding``): the target must be a node, by name."""
    target = access.mapping(access.mapping(binding).get("target"))
    kind = access.text(target.get("kind"))
    errs: list[FieldError] = []
    if kind and kind != "Node":
        errs.append(FieldError.not_supported("target.kind", kind, ["Node", "<empty>"]))
    if not access.text(target.get("name")):
        errs.append(FieldError.required("target.name"))
    return errs

"""Cluster-scoped core kinds: Nodes and Namespaces (core validation).

Node names are DNS subdomains, taints are unique per key and effect, capacity and allocatable
quantities are non-negative, ``podCIDRs`` hold at most one CIDR per IP family and, like
``providerID``, may only be set once. Namespace names are DNS labels; ``spec.finalizers`` hold
qualified (or standard) finalizer names; the status phase follows ``deletionTimestamp``.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, compute, gotext, meta, names, rules, scheduling
from kubeedge.apiserver.validation.paths import child, index

__all__ = [
    "validate_namespace",
    "validate_namespace_finalize_update",
    "validate_namespace_status_update",
    "validate_namespace_update",
    "validate_node",
    "validate_node_update",
]

_NOT_ONCE = 'node updates may not change {field} except from "" to valid'


def _taints(taints: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(access.items(taints)):
        taint_path = index(path, i)
        taint = access.mapping(raw)
        taint_key, value, effect = (access.text(taint.get(f)) for f in ("key", "value", "effect"))
        errs += meta.validate_label_name(taint_key, child(taint_path, "key"))
        problems = names.is_valid_label_value(value)
        if problems:
            errs.append(FieldError.invalid(child(taint_path, "value"), value, ";".join(problems)))
        errs += scheduling.validate_taint_effect(effect, child(taint_path, "effect"), allow_empty=False)
        if (taint_key, effect) in seen:
            shown = gotext.GoValue(
                f"core.Taint{{Key:{gotext.go_quote(taint_key)}, Value:{gotext.go_quote(value)}, "
                f"Effect:{gotext.go_quote(effect)}, TimeAdded:<nil>}}"
            )
            duplicate = FieldError.duplicate(taint_path, shown)
            errs.append(
                FieldError(
                    duplicate.type,
                    duplicate.field,
                    duplicate.value,
                    "taints must be unique by key and effect pair",
                )
            )
            continue
        seen.add((taint_key, effect))
    return errs


def _resources(node: dict[str, Any]) -> list[FieldError]:
    errs: list[FieldError] = []
    status = access.mapping(node.get("status"))
    for list_name in ("capacity", "allocatable"):
        for name, raw in access.mapping(status.get(list_name)).items():
            # kube joins the resource name with a dot here, not as a [key].
            path = child("status", list_name, name)
            quantity, parse_errs = compute.parse_field_quantity(raw, path)
            errs += parse_errs
            if quantity is not None:
                errs += compute.validate_resource_quantity_value(name, quantity, path)
    return errs


def _pod_cidrs(cidrs: list[str]) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, cidr in enumerate(cidrs):
        errs += rules.invalid_each(index("spec.podCIDRs", i), cidr, names.is_valid_cidr(cidr))
    if len(cidrs) > 1 and not errs:
        if len({":" in c for c in cidrs}) != 2 or len(cidrs) > 2:
            errs.append(
                FieldError.invalid(
                    "spec.podCIDRs",
                    gotext.go_string_slice(cidrs),
                    "may specify no more than one CIDR for each IP family",
                )
            )
        seen: set[str] = set()
        for i, cidr in enumerate(cidrs):
            if cidr in seen:
                errs.append(FieldError.duplicate(index("spec.podCIDRs", i), cidr))
            seen.add(cidr)
    return errs


def validate_node(obj: Any) -> list[FieldError]:
    node = access.mapping(obj)
    errs = meta.validate_object_meta(node.get("metadata"), namespaced=False, name_validator=names.name_is_dns_subdomain)
    spec = access.mapping(node.get("spec"))
    # kube validates spec.taints under "metadata.taints" (sic).
    errs += _taints(spec.get("taints"), "metadata.taints")
    errs += _resources(node)
    return errs + _pod_cidrs([access.text(c) for c in access.items(spec.get("podCIDRs"))])


def validate_node_update(new: Any, old: Any) -> list[FieldError]:
    """Node updates (main resource and ``/status`` alike, as kube does)."""
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    errs += _resources(n)
    seen: list[dict[str, Any]] = []
    for i, raw in enumerate(access.items(access.mapping(n.get("status")).get("addresses"))):
        address = access.mapping(raw)
        normalized = {
            "type": access.text(address.get("type")),
            "address": access.text(address.get("address")),
        }
        if normalized in seen:
            shown = gotext.GoValue(
                f"core.NodeAddress{{Type:{gotext.go_quote(normalized['type'])}, "
                f"Address:{gotext.go_quote(normalized['address'])}}}"
            )
            errs.append(FieldError.duplicate(index("status.addresses", i), shown))
        seen.append(normalized)
    new_spec, old_spec = access.mapping(n.get("spec")), access.mapping(o.get("spec"))
    old_cidrs = [access.text(c) for c in access.items(old_spec.get("podCIDRs"))]
    new_cidrs = [access.text(c) for c in access.items(new_spec.get("podCIDRs"))]
    if old_cidrs:
        forbidden = FieldError.forbidden("spec.podCIDRs", _NOT_ONCE.format(field="podCIDR"))
        if len(old_cidrs) != len(new_cidrs):
            errs.append(forbidden)
        else:
            errs += [forbidden for a, b in zip(old_cidrs, new_cidrs, strict=True) if a != b]
    old_provider = access.text(old_spec.get("providerID"))
    if old_provider and old_provider != access.text(new_spec.get("providerID")):
        errs.append(FieldError.forbidden("spec.providerID", _NOT_ONCE.format(field="providerID")))
    errs += _taints(new_spec.get("taints"), "metadata.taints")
    if access.text(new_spec.get("externalID")) != access.text(old_spec.get("externalID")):
        errs.append(FieldError.forbidden("spec.externalID", "may not be updated"))
    return errs


def _finalizer_name(name: str, path: str) -> list[FieldError]:
    errs = rules.invalid_each(path, name, names.is_qualified_name(name))
    return errs + meta.validate_kube_finalizer_name(name, path)


def validate_namespace(obj: Any) -> list[FieldError]:
    ns = access.mapping(obj)
    errs = meta.validate_object_meta(ns.get("metadata"), namespaced=False, name_validator=names.name_is_dns_label)
    for name in access.items(access.mapping(ns.get("spec")).get("finalizers")):
        errs += _finalizer_name(access.text(name), "spec.finalizers")
    return errs


def validate_namespace_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    return meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))


def validate_namespace_status_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    phase = access.text(access.mapping(n.get("status")).get("phase"))
    deleting = bool(access.mapping(n.get("metadata")).get("deletionTimestamp"))
    if not deleting and phase != "Active":
        errs.append(FieldError.invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"))
    elif deleting and phase != "Terminating":
        errs.append(
            FieldError.invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")
        )
    return errs


def validate_namespace_finalize_update(new: Any, old: Any) -> list[FieldError]:
    """``namespaces/finalize``: the finalizer list, each name checked at its index."""
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    for i, name in enumerate(access.items(access.mapping(n.get("spec")).get("finalizers"))):
        errs += _finalizer_name(access.text(name), index("spec.finalizers", i))
    return errs

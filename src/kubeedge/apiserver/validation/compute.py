"""Compute resources: resource names, quantities and ``requests``/``limits`` (core validation).

Covers ``ValidateResourceQuantityValue``, resource-name rules (standard names, extended
resources such as ``example.com/gpu``, hugepages) and ``ValidateContainerResourceRequirements``:
requests may not exceed limits, and resources that cannot be overcommitted (hugepages, extended
resources) need ``requests == limits``.

A value that is not a quantity at all never reaches kube's validation: its JSON decoder answers
400 (``... cannot be handled as a Pod: quantities must match ...``). When one reaches us anyway
we report it as ``Invalid`` with the parser's message so nothing invalid is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, gotext, names, rules
from kubeedge.apiserver.validation.paths import child, index, key
from kubeedge.apiserver.validation.quantity import Quantity, QuantityError, parse_quantity

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "is_extended_resource_name",
    "is_hugepage_resource_name",
    "is_native_resource",
    "is_overcommit_allowed",
    "parse_field_quantity",
    "quantity_text",
    "validate_container_resource_name",
    "validate_resource_name",
    "validate_resource_quantity_value",
    "validate_resource_requirements",
]

_STANDARD_CONTAINER_RESOURCES = frozenset({"cpu", "memory", "ephemeral-storage"})
_STANDARD_RESOURCES = _STANDARD_CONTAINER_RESOURCES | {
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "services",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
}
_INTEGER_RESOURCES = frozenset(
    {
        "pods",
        "services",
        "replicationcontrollers",
        "resourcequotas",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "services.nodeports",
        "services.loadbalancers",
    }
)
_HUGEPAGES_PREFIX = "hugepages-"
_REQUESTS_PREFIX = "requests."
_QOS_RESOURCES = frozenset({"cpu", "memory"})


def quantity_text(raw: Any) -> str:
    """The text of a quantity as it came off the wire (JSON numbers are accepted too)."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool) or raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def parse_field_quantity(raw: Any, path: str) -> tuple[Quantity | None, list[FieldError]]:
    """Parse a quantity field, turning a parse failure into an ``Invalid`` error at ``path``."""
    text = quantity_text(raw)
    try:
        return parse_quantity(text), []
    except QuantityError as exc:
        return None, [FieldError.invalid(path, text, str(exc))]


def is_hugepage_resource_name(name: str) -> bool:
    return name.startswith(_HUGEPAGES_PREFIX)


def is_native_resource(name: str) -> bool:
    return "/" not in name or "kubernetes.io/" in name


def is_extended_resource_name(name: str) -> bool:
    if is_native_resource(name) or name.startswith(_REQUESTS_PREFIX):
        return False
    return not names.is_qualified_name(_REQUESTS_PREFIX + name)


def is_overcommit_allowed(name: str) -> bool:
    return is_native_resource(name) and not is_hugepage_resource_name(name)


def _is_standard_resource_name(name: str) -> bool:
    return (
        name in _STANDARD_RESOURCES
        or is_hugepage_resource_name(name)
        or name.startswith(_REQUESTS_PREFIX + _HUGEPAGES_PREFIX)
    )


def _is_integer_resource(name: str) -> bool:
    return name in _INTEGER_RESOURCES or is_extended_resource_name(name)


def validate_resource_name(name: str, path: str) -> list[FieldError]:
    errs = rules.invalid_each(path, name, names.is_qualified_name(name))
    if errs:
        return errs
    if "/" not in name and not _is_standard_resource_name(name):
        return [FieldError.invalid(path, name, "must be a standard resource type or fully qualified")]
    return []


def validate_container_resource_name(name: str, path: str) -> list[FieldError]:
    errs = validate_resource_name(name, path)
    if "/" not in name:
        if name not in _STANDARD_CONTAINER_RESOURCES and not is_hugepage_resource_name(name):
            return [*errs, FieldError.invalid(path, name, "must be a standard resource for containers")]
    elif not is_native_resource(name) and not is_extended_resource_name(name):
        return [*errs, FieldError.invalid(path, name, "doesn't follow extended resource name standard")]
    return errs


def validate_resource_quantity_value(name: str, quantity: Quantity, path: str) -> list[FieldError]:
    """Not negative; whole numbers for countable and extended resources."""
    errs: list[FieldError] = []
    if quantity.value < 0:
        errs.append(FieldError.invalid(path, quantity.canonical(), rules.IS_NEGATIVE))
    if _is_integer_resource(name) and quantity.milli_value() % 1000 != 0:
        errs.append(FieldError.invalid(path, gotext.GoValue(quantity.canonical()), "must be an integer"))
    return errs


def _hugepage_error(name: str, quantity: Quantity) -> str | None:
    try:
        page = parse_quantity(name[len(_HUGEPAGES_PREFIX) :])
    except QuantityError:
        page = None
    if (
        page is not None
        and page.value > 0
        and page.milli_value() % 1000 == 0
        and quantity.int_value() % page.int_value() == 0
    ):
        return None
    return f"{quantity.canonical()} is not positive integer multiple of {name}"


def _parsed_list(raw: Any, path: str, errs: list[FieldError], name_check: Any) -> dict[str, Quantity]:
    parsed: dict[str, Quantity] = {}
    for name, value in access.mapping(raw).items():
        entry_path = key(path, name)
        errs += name_check(name, entry_path)
        quantity, parse_errs = parse_field_quantity(value, entry_path)
        errs += parse_errs
        if quantity is None:
            continue
        errs += validate_resource_quantity_value(name, quantity, entry_path)
        if is_hugepage_resource_name(name) and (message := _hugepage_error(name, quantity)) is not None:
            errs.append(FieldError.invalid(entry_path, quantity.canonical(), message))
        parsed[name] = quantity
    return parsed


def validate_resource_requirements(
    requirements: Any,
    path: str,
    *,
    pod_claim_names: Iterable[str] = (),
    name_check: Any = validate_container_resource_name,
) -> list[FieldError]:
    """A container's ``resources``: names, quantities, and ``requests <= limits``."""
    reqs = access.mapping(requirements)
    limits_path, requests_path = child(path, "limits"), child(path, "requests")
    errs: list[FieldError] = []
    limits = _parsed_list(reqs.get("limits"), limits_path, errs, name_check)
    requests: dict[str, Quantity] = {}
    for name, value in access.mapping(reqs.get("requests")).items():
        entry_path = key(requests_path, name)
        errs += name_check(name, entry_path)
        quantity, parse_errs = parse_field_quantity(value, entry_path)
        errs += parse_errs
        if quantity is None:
            continue
        errs += validate_resource_quantity_value(name, quantity, entry_path)
        limit = limits.get(name)
        if name in access.mapping(reqs.get("limits")):
            if limit is None:
                pass  # the unparseable limit is already reported
            elif quantity.cmp(limit) != 0 and not is_overcommit_allowed(name):
                errs.append(
                    FieldError.invalid(
                        requests_path,
                        quantity.canonical(),
                        f"must be equal to {name} limit of {limit.canonical()}",
                    )
                )
            elif quantity.cmp(limit) > 0:
                errs.append(
                    FieldError.invalid(
                        requests_path,
                        quantity.canonical(),
                        f"must be less than or equal to {name} limit of {limit.canonical()}",
                    )
                )
        elif not is_overcommit_allowed(name):
            errs.append(FieldError.required(limits_path, "Limit must be set for non overcommitable resources"))
        if is_hugepage_resource_name(name) and (message := _hugepage_error(name, quantity)) is not None:
            errs.append(FieldError.invalid(entry_path, quantity.canonical(), message))
        requests[name] = quantity
    all_names = set(limits) | set(requests)
    if not all_names & _QOS_RESOURCES and any(is_hugepage_resource_name(n) for n in all_names):
        errs.append(FieldError.forbidden(path, "HugePages require cpu or memory"))
    errs += _validate_claim_refs(reqs.get("claims"), child(path, "claims"), set(pod_claim_names))
    return errs


def _validate_claim_refs(claims: Any, path: str, pod_claim_names: set[str]) -> list[FieldError]:
    errs: list[FieldError] = []
    seen: set[str] = set()
    for i, raw in enumerate(access.items(claims)):
        claim = access.mapping(raw)
        name = access.text(claim.get("name"))
        if not name:
            errs.append(FieldError.required(index(path, i)))
            continue
        request = access.text(claim.get("request"))
        entry = f"{name}/{request}" if request else name
        if name in seen or entry in seen:
            errs.append(FieldError.duplicate(index(path, i), entry if name not in seen else name))
        seen.add(entry)
        if name not in pod_claim_names:
            detail = "must be one of the names in pod.spec.resourceClaims"
            detail += ": " + ", ".join(sorted(pod_claim_names)) if pod_claim_names else " which is empty"
            errs.append(FieldError(FieldError.not_found(index(path, i), name).type, index(path, i), name, detail))
    return errs

"""Files projected into a volume: ``items`` of secret/configMap volumes, downward API files,
projected sources, and the local-path rules they share (core validation).

Paths inside a volume must be relative, may not contain ``..`` and may not start with ``..``.
Downward API ``fieldRef``s are checked against the field paths kube can resolve, and
``resourceFieldRef`` divisors against the units kube supports per resource.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, names, rules
from kubeedge.apiserver.validation.compute import parse_field_quantity
from kubeedge.apiserver.validation.paths import child, index

__all__ = [
    "ENV_FIELD_PATHS",
    "FILE_MODE_ERROR",
    "VOLUME_FIELD_PATHS",
    "validate_downward_api_file",
    "validate_file_mode",
    "validate_key_to_paths",
    "validate_local_descending_path",
    "validate_local_non_reserved_path",
    "validate_object_field_selector",
    "validate_path_no_backsteps",
    "validate_projected_sources",
    "validate_resource_field_selector",
]

FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive"

# Field paths the downward API resolves for env vars and for volume files.
ENV_FIELD_PATHS = (
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
)
VOLUME_FIELD_PATHS = (
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
)
# What ConvertDownwardAPIFieldLabel accepts for v1 at all (before the per-use list above).
_CONVERTIBLE_FIELD_PATHS = frozenset(
    {
        "metadata.annotations",
        "metadata.labels",
        "metadata.name",
        "metadata.namespace",
        "metadata.uid",
        "spec.nodeName",
        "spec.restartPolicy",
        "spec.serviceAccountName",
        "spec.schedulerName",
        "status.phase",
        "status.hostIP",
        "status.hostIPs",
        "status.podIP",
        "status.podIPs",
    }
)
_RESOURCE_FIELD_PATHS = (
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
)
_HUGEPAGE_FIELD_PREFIXES = ("limits.hugepages-", "requests.hugepages-")
_BYTE_DIVISORS = frozenset({"1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"})
_BYTE_DIVISOR_LIST = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"


def validate_path_no_backsteps(target: str, path: str) -> list[FieldError]:
    if ".." in target.split("/"):
        return [FieldError.invalid(path, target, "must not contain '..'")]
    return []


def validate_local_descending_path(target: str, path: str) -> list[FieldError]:
    errs = []
    if target.startswith("/"):
        errs.append(FieldError.invalid(path, target, "must be a relative path"))
    return errs + validate_path_no_backsteps(target, path)


def validate_local_non_reserved_path(target: str, path: str) -> list[FieldError]:
    errs = validate_local_descending_path(target, path)
    if target.startswith("..") and not target.startswith("../"):
        errs.append(FieldError.invalid(path, target, "must not start with '..'"))
    return errs


def validate_file_mode(obj: dict[str, Any], name: str, path: str) -> list[FieldError]:
    mode = access.integer(obj.get(name))
    if mode is not None and not 0 <= mode <= 0o777:
        return [FieldError.invalid(child(path, name), mode, FILE_MODE_ERROR)]
    return []


def validate_key_to_paths(raw_items: Any, path: str) -> list[FieldError]:
    """``items`` of a secret or configMap volume: key and relative path required, mode in range."""
    errs: list[FieldError] = []
    for i, raw in enumerate(access.items(raw_items)):
        item_path = index(path, i)
        item = access.mapping(raw)
        if not access.text(item.get("key")):
            errs.append(FieldError.required(child(item_path, "key")))
        target = access.text(item.get("path"))
        if not target:
            errs.append(FieldError.required(child(item_path, "path")))
        errs += validate_local_non_reserved_path(target, child(item_path, "path"))
        errs += validate_file_mode(item, "mode", item_path)
    return errs


def _split_subscripted(field_path: str) -> tuple[str, str] | None:
    if not field_path.endswith("']"):
        return None
    base, sep, subscript = field_path[:-2].partition("['")
    if not sep or not base:
        return None
    return base, subscript


def validate_object_field_selector(selector: Any, allowed: tuple[str, ...], path: str) -> list[FieldError]:
    """A ``fieldRef``: an apiVersion and a field path kube can resolve for pods."""
    fs = access.mapping(selector)
    api_version = access.text(fs.get("apiVersion"))
    field_path = access.text(fs.get("fieldPath"))
    if not api_version:
        return [FieldError.required(child(path, "apiVersion"))]
    if not field_path:
        return [FieldError.required(child(path, "fieldPath"))]
    subscripted = _split_subscripted(field_path)
    if api_version != "v1":
        problem = f"unsupported pod version: {api_version}"
    elif subscripted is not None and subscripted[0] not in ("metadata.annotations", "metadata.labels"):
        problem = f"field label does not support subscript: {field_path}"
    elif subscripted is None and field_path not in _CONVERTIBLE_FIELD_PATHS | {"spec.host"}:
        problem = f"field label not supported: {field_path}"
    else:
        problem = ""
    if problem:
        return [FieldError.invalid(child(path, "fieldPath"), field_path, f"error converting fieldPath: {problem}")]
    if subscripted is not None:
        base, subscript = subscripted
        value = subscript.lower() if base == "metadata.annotations" else subscript
        return rules.invalid_each(path, value, names.is_qualified_name(value))
    internal = "spec.nodeName" if field_path == "spec.host" else field_path
    if internal not in allowed:
        return [FieldError.not_supported(child(path, "fieldPath"), internal, sorted(allowed))]
    return []


def _divisor_error(resource: str, divisor: str) -> str | None:
    if resource in ("limits.cpu", "requests.cpu") and divisor not in ("1m", "1"):
        return "only divisor's values 1m and 1 are supported with the cpu resource"
    if resource in ("limits.memory", "requests.memory") and divisor not in _BYTE_DIVISORS:
        return f"only divisor's values {_BYTE_DIVISOR_LIST} are supported with the memory resource"
    if resource in ("limits.ephemeral-storage", "requests.ephemeral-storage") and divisor not in _BYTE_DIVISORS:
        return f"only divisor's values {_BYTE_DIVISOR_LIST} are supported with the local ephemeral storage resource"
    if resource.startswith(_HUGEPAGE_FIELD_PREFIXES) and divisor not in _BYTE_DIVISORS:
        return f"only divisor's values {_BYTE_DIVISOR_LIST} are supported with the hugepages resource"
    return None


def validate_resource_field_selector(selector: Any, path: str, *, in_volume: bool) -> list[FieldError]:
    """A ``resourceFieldRef``: which container resource, and a supported divisor."""
    fs = access.mapping(selector)
    resource = access.text(fs.get("resource"))
    errs: list[FieldError] = []
    if in_volume and not access.text(fs.get("containerName")):
        errs.append(FieldError.required(child(path, "containerName")))
    elif not resource:
        errs.append(FieldError.required(child(path, "resource")))
    elif resource not in _RESOURCE_FIELD_PATHS and not resource.startswith(_HUGEPAGE_FIELD_PREFIXES):
        errs.append(FieldError.not_supported(child(path, "resource"), resource, list(_RESOURCE_FIELD_PATHS)))
    if fs.get("divisor") is not None:
        divisor, parse_errs = parse_field_quantity(fs.get("divisor"), child(path, "divisor"))
        errs += parse_errs
        if divisor is not None and not divisor.is_zero:
            message = _divisor_error(resource, divisor.canonical())
            if message is not None:
                errs.append(FieldError.invalid(child(path, "divisor"), resource, message))
    return errs


def validate_downward_api_file(raw: Any, path: str) -> list[FieldError]:
    """One downward API file; kube reports its problems on the *volume's* path, not the item's."""
    file = access.mapping(raw)
    target = access.text(file.get("path"))
    errs: list[FieldError] = []
    if not target:
        errs.append(FieldError.required(child(path, "path")))
    errs += validate_local_non_reserved_path(target, child(path, "path"))
    if access.present(file, "fieldRef"):
        errs += validate_object_field_selector(file["fieldRef"], VOLUME_FIELD_PATHS, child(path, "fieldRef"))
        if access.present(file, "resourceFieldRef"):
            errs.append(
                FieldError.invalid(
                    path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"
                )
            )
    elif access.present(file, "resourceFieldRef"):
        errs += validate_resource_field_selector(
            file["resourceFieldRef"], child(path, "resourceFieldRef"), in_volume=True
        )
    else:
        errs.append(FieldError.required(path, "one of fieldRef and resourceFieldRef is required"))
    errs += validate_file_mode(file, "mode", path)
    return errs


def _keyed_source(source: dict[str, Any], src_path: str, path: str, seen: set[str]) -> list[FieldError]:
    errs: list[FieldError] = []
    if not access.text(source.get("name")):
        errs.append(FieldError.required(child(src_path, "name")))
    errs += validate_key_to_paths(source.get("items"), child(src_path, "items"))
    for raw in access.items(source.get("items")):
        target = access.text(access.mapping(raw).get("path"))
        if target and target in seen:
            errs.append(FieldError.invalid(path, access.text(source.get("name")), "conflicting duplicate paths"))
        seen.add(target)
    return errs


def validate_projected_sources(sources: Any, path: str) -> list[FieldError]:
    """``projected.sources``: one kind per entry, no two files at the same path."""
    errs: list[FieldError] = []
    seen: set[str] = set()
    for i, raw in enumerate(access.items(sources)):
        source = access.mapping(raw)
        src_path = index(child(path, "sources"), i)
        count = 0
        for kind in ("secret", "configMap"):
            if access.present(source, kind):
                count += 1
                errs += _keyed_source(access.mapping(source[kind]), child(src_path, kind), path, seen)
        if access.present(source, "downwardAPI"):
            count += 1
            api_path = child(src_path, "downwardAPI")
            for item in access.items(access.mapping(source["downwardAPI"]).get("items")):
                errs += validate_downward_api_file(item, api_path)
                target = access.text(access.mapping(item).get("path"))
                if target and target in seen:
                    errs.append(FieldError.invalid(path, target, "conflicting duplicate paths"))
                seen.add(target)
        if access.present(source, "serviceAccountToken"):
            count += 1
            errs += _token_projection(
                access.mapping(source["serviceAccountToken"]), child(src_path, "serviceAccountToken"), path
            )
        if access.present(source, "clusterTrustBundle"):
            count += 1
            bundle = access.mapping(source["clusterTrustBundle"])
            bundle_path = child(src_path, "clusterTrustBundle")
            if not access.present(bundle, "name") and not access.present(bundle, "signerName"):
                errs.append(FieldError.required(bundle_path, "either name or signerName must be specified"))
            target = access.text(bundle.get("path"))
            if not target:
                errs.append(FieldError.required(child(bundle_path, "path")))
            errs += validate_local_non_reserved_path(target, child(bundle_path, "path"))
            if target in seen:
                errs.append(FieldError.invalid(path, target, "conflicting duplicate paths"))
            seen.add(target)
        if count > 1:
            errs.append(FieldError.forbidden(src_path, "may not specify more than 1 volume type per source"))
    return errs


def _token_projection(token: dict[str, Any], token_path: str, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    seconds = access.integer(token.get("expirationSeconds")) or 0
    if seconds < 10 * 60:
        errs.append(
            FieldError.invalid(
                child(token_path, "expirationSeconds"),
                seconds,
                "may not specify a duration less than 10 minutes",
            )
        )
    if seconds > 1 << 32:
        errs.append(
            FieldError.invalid(
                child(token_path, "expirationSeconds"),
                seconds,
                "may not specify a duration larger than 2^32 seconds",
            )
        )
    target = access.text(token.get("path"))
    if not target:
        # kube reports the missing path on the projected volume, not on the token source.
        errs.append(FieldError.required(child(path, "path")))
    else:
        errs += validate_local_non_reserved_path(target, child(path, "path"))
    return errs

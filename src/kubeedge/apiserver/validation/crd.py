"""CustomResourceDefinitions (``apiextensions.k8s.io/v1`` validation, minus the schema itself).

Checks names (plural, singular, kind, listKind, short names, categories), that ``metadata.name``
is ``<plural>.<group>``, the scope, versions (DNS-1035 names, unique, exactly one storage
version, a schema for each), scale subresource paths, printer columns, conversion settings,
stored versions, and the API-approval annotation for ``*.k8s.io``/``*.kubernetes.io`` groups.

The OpenAPI schema (structural-schema rules, defaults, CEL) is checked elsewhere. Its errors come
in through ``schema_errors`` and are placed where kube reports them. kube validates its internal
type, to which a v1 CRD converts by *folding* a schema, subresources or columns that all versions
share into top-level fields, so a single-version CRD reports ``spec.validation.openAPIV3Schema``
rather than ``spec.versions[0].schema.openAPIV3Schema``. :func:`schema_path` says which.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, crd_conversion, gotext, meta, names, rules
from kubeedge.apiserver.validation.equality import semantic_equal
from kubeedge.apiserver.validation.paths import child, index, key

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["schema_path", "validate_crd", "validate_crd_status_update", "validate_crd_update"]

_COLUMN_TYPES = "boolean,date,integer,number,string"
_COLUMN_FORMATS = "byte,date,date-time,double,float,int32,int64,password"
_APPROVAL = "api-approved.kubernetes.io"


def _folded(spec: dict[str, Any], field: str) -> bool:
    """Whether kube folds this per-version field to the top level (all versions agree)."""
    versions = [access.mapping(v) for v in access.items(spec.get("versions"))]
    if not versions or versions[0].get(field) in (None, []):
        return False
    return all(semantic_equal(v.get(field), versions[0].get(field)) for v in versions)


def schema_path(crd: Any, version_index: int) -> str:
    """Where kube reports schema problems of ``spec.versions[version_index]``."""
    spec = access.mapping(access.mapping(crd).get("spec"))
    if _folded(spec, "schema"):
        return "spec.validation.openAPIV3Schema"
    return child(index("spec.versions", version_index), "schema", "openAPIV3Schema")


def _crd_name_validator(spec: dict[str, Any]) -> names.NameValidator:
    required = f"{access.text(access.mapping(spec.get('names')).get('plural'))}.{access.text(spec.get('group'))}"

    def check(name: str, prefix: bool) -> list[str]:
        problems = names.name_is_dns_subdomain(name, prefix)
        if name != required:
            problems.append('must be spec.names.plural+"."+spec.group')
        return problems

    return check


def _names(raw: Any, path: str) -> list[FieldError]:
    crd_names = access.mapping(raw)
    errs: list[FieldError] = []
    for field in ("plural", "singular"):
        value = access.text(crd_names.get(field))
        if value:
            problems = names.is_dns1035_label(value)
            if problems:
                errs.append(FieldError.invalid(child(path, field), value, ",".join(problems)))
    for field in ("kind", "listKind"):
        value = access.text(crd_names.get(field))
        problems = names.is_dns1035_label(value.lower())
        if value and problems:
            detail = "may have mixed case, but should otherwise match: " + ",".join(problems)
            errs.append(FieldError.invalid(child(path, field), value, detail))
    for field in ("shortNames", "categories"):
        if field == "categories":
            kind, list_kind = access.text(crd_names.get("kind")), access.text(crd_names.get("listKind"))
            if kind and kind == list_kind:
                errs.append(
                    FieldError.invalid(child(path, "listKind"), list_kind, "kind and listKind may not be the same")
                )
        for i, value in enumerate(access.text(v) for v in access.items(crd_names.get(field))):
            problems = names.is_dns1035_label(value)
            if problems:
                errs.append(FieldError.invalid(index(child(path, field), i), value, ",".join(problems)))
    return errs


def _simple_json_path(value: str, path: str) -> list[FieldError]:
    if not value:
        return [FieldError.invalid(path, value, "must not be empty")]
    if not value.startswith("."):
        return [FieldError.invalid(path, value, "must be a simple json path starting with .")]
    return []


def _subresources(raw: Any, path: str) -> list[FieldError]:
    if raw is None or access.mapping(raw).get("scale") is None:
        return []
    scale = access.mapping(access.mapping(raw)["scale"])
    errs: list[FieldError] = []
    for field, prefix, under in (
        ("specReplicasPath", (".spec.",), ".spec"),
        ("statusReplicasPath", (".status.",), ".status"),
    ):
        value = access.text(scale.get(field))
        field_path = child(path, f"scale.{field}")
        if not value:
            errs.append(FieldError.required(field_path))
        elif problems := _simple_json_path(value, field_path):
            errs += problems
        elif not value.startswith(prefix):
            errs.append(FieldError.invalid(field_path, value, f"should be a json path under {under}"))
    selector = access.text(scale.get("labelSelectorPath"))
    if selector:
        field_path = child(path, "scale.labelSelectorPath")
        if problems := _simple_json_path(selector, field_path):
            errs += problems
        elif not selector.startswith((".spec.", ".status.")):
            errs.append(FieldError.invalid(field_path, selector, "should be a json path under either .spec or .status"))
    return errs


def _columns(raw: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, column in enumerate(access.mapping(c) for c in access.items(raw)):
        column_path = index(path, i)
        if not access.text(column.get("name")):
            errs.append(FieldError.required(child(column_path, "name")))
        kind = access.text(column.get("type"))
        if not kind:
            errs.append(FieldError.required(child(column_path, "type"), f"must be one of {_COLUMN_TYPES}"))
        elif kind not in _COLUMN_TYPES.split(","):
            errs.append(FieldError.invalid(child(column_path, "type"), kind, f"must be one of {_COLUMN_TYPES}"))
        fmt = access.text(column.get("format"))
        if fmt and fmt not in _COLUMN_FORMATS.split(","):
            errs.append(FieldError.invalid(child(column_path, "format"), fmt, f"must be one of {_COLUMN_FORMATS}"))
        json_path = access.text(column.get("jsonPath"))
        if not json_path:
            errs.append(FieldError.required(child(column_path, "JSONPath")))
        else:
            errs += _simple_json_path(json_path, child(column_path, "JSONPath"))
    return errs


def _deprecation_warning(version: dict[str, Any], path: str) -> list[FieldError]:
    warning = version.get("deprecationWarning")
    if warning is None:
        return []
    text = access.text(warning)
    if version.get("deprecated") is not True:
        return [FieldError.invalid(path, text, "can only be set for deprecated versions")]
    problems = []
    if len(text.encode()) > 256:
        problems.append("must be <= 256 characters long")
    if not text:
        problems.append("must not be an empty string")
    for position, char in enumerate(text):
        if not char.isprintable():
            problems.append(
                f"must only contain printable UTF-8 characters; non-printable character found at index {position}"
            )
            break
    return rules.invalid_each(path, text, problems)


def _versions(spec: dict[str, Any], fold: dict[str, bool]) -> list[FieldError]:
    versions = [access.mapping(v) for v in access.items(spec.get("versions"))]
    errs: list[FieldError] = []
    for i, version in enumerate(versions):
        version_path = index("spec.versions", i)
        name = access.text(version.get("name"))
        problems = names.is_dns1035_label(name)
        if problems:
            errs.append(FieldError.invalid(child(version_path, "name"), name, ",".join(problems)))
        errs += _deprecation_warning(version, child(version_path, "deprecationWarning"))
        if not fold["subresources"]:
            errs += _subresources(version.get("subresources"), child(version_path, "subresources"))
        if not fold["additionalPrinterColumns"]:
            errs += _columns(version.get("additionalPrinterColumns"), child(version_path, "additionalPrinterColumns"))
    shown = gotext.GoValue("[]apiextensions.CustomResourceDefinitionVersion{...}")
    version_names = [access.text(v.get("name")) for v in versions]
    if len(set(version_names)) != len(version_names):
        errs.append(FieldError.invalid("spec.versions", shown, "must contain unique version names"))
    if sum(v.get("storage") is True for v in versions) != 1:
        errs.append(
            FieldError.invalid("spec.versions", shown, "must have exactly one version marked as storage version")
        )
    return errs


def _spec(spec: dict[str, Any], schema_errors: Sequence[FieldError]) -> list[FieldError]:
    errs: list[FieldError] = []
    group = access.text(spec.get("group"))
    if not group:
        errs.append(FieldError.required("spec.group"))
    elif problems := names.is_dns1123_subdomain(group):
        errs.append(FieldError.invalid("spec.group", group, ",".join(problems)))
    elif "." not in group:
        errs.append(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"))
    errs += rules.enum_value(access.text(spec.get("scope")), "spec.scope", ["Cluster", "Namespaced"])
    fold = {f: _folded(spec, f) for f in ("schema", "subresources", "additionalPrinterColumns")}
    if not fold["schema"]:
        for i, version in enumerate(access.mapping(v) for v in access.items(spec.get("versions"))):
            if access.mapping(version.get("schema")).get("openAPIV3Schema") is None:
                errs.append(FieldError.required(schema_path({"spec": spec}, i), "schemas are required"))
    errs += _versions(spec, fold)
    if not fold["schema"]:
        errs += schema_errors
    crd_names = access.mapping(spec.get("names"))
    for field in ("plural", "singular", "kind", "listKind"):
        if not access.text(crd_names.get(field)):
            errs.append(FieldError.required(child("spec.names", field)))
    errs += _names(crd_names, "spec.names")
    versions = [access.mapping(v) for v in access.items(spec.get("versions"))]
    if fold["schema"]:
        errs += schema_errors
    if fold["subresources"]:
        errs += _subresources(versions[0].get("subresources"), "spec.subresources")
    if fold["additionalPrinterColumns"]:
        errs += _columns(versions[0].get("additionalPrinterColumns"), "spec.additionalPrinterColumns")
    strategy = access.text(access.mapping(spec.get("conversion")).get("strategy"))
    if spec.get("conversion") is not None and strategy != "None" and spec.get("preserveUnknownFields") is True:
        errs.append(
            FieldError.invalid(
                "spec.conversion.strategy", strategy, "must be None if spec.preserveUnknownFields is true"
            )
        )
    return errs + crd_conversion.validate_conversion(spec)


def _stored_versions(crd: dict[str, Any]) -> list[FieldError]:
    stored = [access.text(v) for v in access.items(access.mapping(crd.get("status")).get("storedVersions"))]
    path = "status.storedVersions"
    if not stored:
        return [FieldError.invalid(path, gotext.go_string_slice(None), "must have at least one stored version")]
    errs: list[FieldError] = []
    remaining = {v: i for i, v in enumerate(stored)}
    for version in (access.mapping(v) for v in access.items(access.mapping(crd.get("spec")).get("versions"))):
        name = access.text(version.get("name"))
        if version.get("storage") is True and name not in remaining:
            errs.append(
                FieldError.invalid(path, gotext.go_string_slice(stored), f"must have the storage version {name}")
            )
        remaining.pop(name, None)
    for name, i in remaining.items():
        detail = (
            f"missing from spec.versions; {name} was previously a storage version, and must remain in "
            f"spec.versions until a storage migration ensures no data remains persisted in {name} and "
            f"removes {name} from status.storedVersions"
        )
        errs.append(FieldError.invalid(index(path, i), name, detail))
    return errs


def _approval_state(annotations: dict[str, str]) -> tuple[str, str]:
    value = annotations.get(_APPROVAL, "")
    link = "see https://github.com/kubernetes/enhancements/pull/1111"
    if not value:
        return "missing", f'protected groups must have approval annotation "{_APPROVAL}", {link}'
    if value.startswith("unapproved"):
        return "bypassed", ""
    parsed = urllib.parse.urlsplit(value)
    if not parsed.scheme or not parsed.netloc:
        return "invalid", (
            f'protected groups must have approval annotation "{_APPROVAL}" with either a URL or a reason '
            f'starting with "unapproved", {link}'
        )
    return "approved", ""


def _api_approval(new: dict[str, Any], old: dict[str, Any] | None) -> list[FieldError]:
    group = access.text(access.mapping(new.get("spec")).get("group"))
    protected = group in ("k8s.io", "kubernetes.io") or group.endswith((".k8s.io", ".kubernetes.io"))
    if not protected:
        return []
    annotations = access.string_map(access.mapping(new.get("metadata")).get("annotations"))
    state, reason = _approval_state(annotations)
    if old is not None:
        old_annotations = access.string_map(access.mapping(old.get("metadata")).get("annotations"))
        if _approval_state(old_annotations)[0] == state:
            return []
    path = key("metadata.annotations", _APPROVAL)
    if state == "missing":
        return [FieldError.required(path, reason)]
    if state == "invalid":
        return [FieldError.invalid(path, annotations.get(_APPROVAL, ""), reason)]
    return []


def _preserve_unknown_fields(new: dict[str, Any], old: dict[str, Any] | None) -> list[FieldError]:
    if old is not None and access.mapping(old.get("spec")).get("preserveUnknownFields") is True:
        return []
    if access.mapping(new.get("spec")).get("preserveUnknownFields") is True:
        detail = "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in " + (
            "spec.versions[*].schema instead"
        )
        return [FieldError.invalid("spec.preserveUnknownFields", True, detail)]
    return []


def _status(crd: dict[str, Any]) -> list[FieldError]:
    return _names(access.mapping(crd.get("status")).get("acceptedNames"), "status.acceptedNames")


def validate_crd(obj: Any, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
    """Validate a CRD being created (after defaulting and ``storedVersions`` preparation)."""
    crd = access.mapping(obj)
    spec = access.mapping(crd.get("spec"))
    errs = meta.validate_object_meta(
        crd.get("metadata"), namespaced=False, name_validator=_crd_name_validator(spec), kube_finalizers=False
    )
    errs += _spec(spec, schema_errors)
    errs += _status(crd) + _stored_versions(crd)
    return errs + _api_approval(crd, None) + _preserve_unknown_fields(crd, None)


def _established(crd: dict[str, Any]) -> bool:
    conditions = access.items(access.mapping(crd.get("status")).get("conditions"))
    return any(
        access.mapping(c).get("type") == "Established" and access.mapping(c).get("status") == "True" for c in conditions
    )


def validate_crd_update(new: Any, old: Any, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    new_spec, old_spec = access.mapping(n.get("spec")), access.mapping(o.get("spec"))
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"), kube_finalizers=False)
    errs += _spec(new_spec, schema_errors)
    new_names, old_names = access.mapping(new_spec.get("names")), access.mapping(old_spec.get("names"))
    if _established(o):
        errs += rules.immutable(access.text(new_spec.get("scope")), access.text(old_spec.get("scope")), "spec.scope")
        errs += rules.immutable(
            access.text(new_names.get("kind")), access.text(old_names.get("kind")), "spec.names.kind"
        )
    errs += rules.immutable(access.text(new_spec.get("group")), access.text(old_spec.get("group")), "spec.group")
    errs += rules.immutable(
        access.text(new_names.get("plural")), access.text(old_names.get("plural")), "spec.names.plural"
    )
    errs += _status(n) + _stored_versions(n)
    return errs + _api_approval(n, o) + _preserve_unknown_fields(n, o)


def validate_crd_status_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"), kube_finalizers=False)
    return errs + _status(n)

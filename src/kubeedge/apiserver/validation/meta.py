"""``metadata`` validation shared by every kind (apimachinery ``api/validation/objectmeta.go``).

Create checks: name (or generateName) against the kind's name rule, namespace presence and format,
labels and annotations (keys are qualified names, annotations total at most 256 KiB), owner
references, finalizers, managedFields. Update checks: identity fields are immutable, generation
never goes down, a resourceVersion is present, and no finalizer may be added once
``deletionTimestamp`` is set.

``kube_finalizers`` selects core's extra rule (pkg/apis/core ``validateKubeFinalizerName``): a
finalizer without a ``/`` must be one of the standard names. Built-in kinds validated by
``pkg/apis/core`` and ``pkg/apis/apps`` use it; leases, CRDs and custom resources do not.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, gotext, names, rules
from kubeedge.apiserver.validation.paths import child, index

__all__ = [
    "TOTAL_ANNOTATION_SIZE_LIMIT",
    "validate_annotations",
    "validate_field_manager",
    "validate_finalizers",
    "validate_kube_finalizer_name",
    "validate_label_name",
    "validate_label_selector",
    "validate_labels",
    "validate_managed_fields",
    "validate_object_meta",
    "validate_object_meta_update",
    "validate_owner_references",
    "validate_template_meta",
]

TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024
FIELD_MANAGER_MAX = 128
SUBRESOURCE_NAME_MAX = 256
STANDARD_FINALIZERS = frozenset({"kubernetes", "orphan", "foregroundDeletion"})
_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def validate_label_name(name: str, path: str) -> list[FieldError]:
    return rules.invalid_each(path, name, names.is_qualified_name(name))


def validate_labels(labels: Any, path: str) -> list[FieldError]:
    """Keys are qualified names, values label values; errors sit on the map's path."""
    errs: list[FieldError] = []
    for key, value in access.string_map(labels).items():
        errs += validate_label_name(key, path)
        errs += rules.invalid_each(path, value, names.is_valid_label_value(value))
    return errs


def validate_annotations(annotations: Any, path: str) -> list[FieldError]:
    """Keys are qualified names in any case; keys plus values total at most 256 KiB."""
    errs: list[FieldError] = []
    values = access.string_map(annotations)
    for key in values:
        errs += rules.invalid_each(path, key, names.is_qualified_name(key.lower()))
    total = sum(len(k.encode()) + len(v.encode()) for k, v in values.items())
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(FieldError.too_long(path, "", TOTAL_ANNOTATION_SIZE_LIMIT))
    return errs


def validate_label_selector(selector: Any, path: str, *, allow_invalid_label_value: bool = False) -> list[FieldError]:
    """A ``metav1.LabelSelector``: matchLabels as labels, matchExpressions by operator."""
    if selector is None:
        return []
    sel = access.mapping(selector)
    errs = validate_labels(sel.get("matchLabels"), child(path, "matchLabels"))
    for i, raw in enumerate(access.items(sel.get("matchExpressions"))):
        expr_path = index(child(path, "matchExpressions"), i)
        expr = access.mapping(raw)
        operator = access.text(expr.get("operator"))
        values = access.items(expr.get("values"))
        if operator in ("In", "NotIn"):
            if not values:
                errs.append(
                    FieldError.required(
                        child(expr_path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"
                    )
                )
        elif operator in ("Exists", "DoesNotExist"):
            if values:
                errs.append(
                    FieldError.forbidden(
                        child(expr_path, "values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    )
                )
        else:
            errs.append(FieldError.invalid(child(expr_path, "operator"), operator, "not a valid selector operator"))
        errs += validate_label_name(access.text(expr.get("key")), child(expr_path, "key"))
        if not allow_invalid_label_value:
            for j, value in enumerate(values):
                text = access.text(value)
                errs += rules.invalid_each(index(child(expr_path, "values"), j), text, names.is_valid_label_value(text))
    return errs


def _go_owner_reference(ref: dict[str, Any]) -> str:
    def pointer(name: str) -> str:
        value = ref.get(name)
        return "(*bool)(nil)" if value is None else f"&{str(value is True).lower()}"

    return (
        "v1.OwnerReference{"
        f"APIVersion:{gotext.go_quote(access.text(ref.get('apiVersion')))}, "
        f"Kind:{gotext.go_quote(access.text(ref.get('kind')))}, "
        f"Name:{gotext.go_quote(access.text(ref.get('name')))}, "
        f"UID:{gotext.go_quote(access.text(ref.get('uid')))}, "
        f"Controller:{pointer('controller')}, BlockOwnerDeletion:{pointer('blockOwnerDeletion')}"
        "}"
    )


def _api_version_parts(api_version: str) -> tuple[str, str]:
    # schema.ParseGroupVersion: "v1" -> ("", "v1"), "apps/v1" -> ("apps", "v1"), "a/b/c" -> error.
    if api_version.count("/") > 1:
        return "", ""
    group, _, version = api_version.rpartition("/")
    return group, version


def validate_owner_references(refs: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    first_controller = ""
    references = [access.mapping(r) for r in access.items(refs)]
    for ref in references:
        api_version = access.text(ref.get("apiVersion"))
        kind = access.text(ref.get("kind"))
        group, version = _api_version_parts(api_version)
        if not version:
            errs.append(FieldError.invalid(child(path, "apiVersion"), api_version, "version must not be empty"))
        if not kind:
            errs.append(FieldError.invalid(child(path, "kind"), kind, "must not be empty"))
        if not access.text(ref.get("name")):
            errs.append(FieldError.invalid(child(path, "name"), access.text(ref.get("name")), "must not be empty"))
        if not access.text(ref.get("uid")):
            errs.append(FieldError.invalid(child(path, "uid"), access.text(ref.get("uid")), "must not be empty"))
        if (group, version, kind) == ("", "v1", "Event"):
            errs.append(
                FieldError.invalid(
                    path,
                    gotext.GoValue(_go_owner_reference(ref)),
                    "/v1, Kind=Event is disallowed from being an owner",
                )
            )
        if ref.get("controller") is True:
            current = f"{kind}/{access.text(ref.get('name'))}"
            if first_controller:
                shown = "[]v1.OwnerReference{" + ", ".join(_go_owner_reference(r) for r in references) + "}"
                errs.append(
                    FieldError.invalid(
                        path,
                        gotext.GoValue(shown),
                        'Only one reference can have Controller set to true. Found "true" in references for '
                        f"{first_controller} and {current}",
                    )
                )
            else:
                first_controller = current
    return errs


def validate_finalizers(finalizers: Any, path: str) -> list[FieldError]:
    """Qualified names; ``orphan`` and ``foregroundDeletion`` are mutually exclusive."""
    values = [access.text(f) for f in access.items(finalizers)]
    errs: list[FieldError] = []
    for name in values:
        errs += rules.invalid_each(path, name, names.is_qualified_name(name))
    if "orphan" in values and "foregroundDeletion" in values:
        errs.append(
            FieldError.invalid(
                path,
                gotext.go_string_slice(values),
                "finalizer orphan and foregroundDeletion cannot be both set",
            )
        )
    return errs


def validate_kube_finalizer_name(name: str, path: str) -> list[FieldError]:
    """Core's rule: a finalizer without ``/`` must be a standard one."""
    if "/" not in name and name not in STANDARD_FINALIZERS:
        return [FieldError.invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified")]
    return []


def _kube_finalizer_errors(meta: dict[str, Any], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, name in enumerate(access.items(meta.get("finalizers"))):
        errs += validate_kube_finalizer_name(access.text(name), index(child(path, "finalizers"), i))
    return errs


def validate_field_manager(manager: str, path: str) -> list[FieldError]:
    if manager.isprintable() and len(manager) <= FIELD_MANAGER_MAX // 4:
        return []  # the usual short printable name: nothing to report, whatever its bytes
    errs: list[FieldError] = []
    if len(manager.encode()) > FIELD_MANAGER_MAX:
        errs.append(FieldError.too_long(path, manager, FIELD_MANAGER_MAX))
    position = 0
    for char in manager:
        if not char.isprintable():
            errs.append(
                FieldError.invalid(path, manager, f"invalid character U+{ord(char):04X} (at position {position})")
            )
        position += len(char.encode())
    return errs


def _plainly_valid_entry(entry: dict[str, Any]) -> bool:
    # The usual entry, which the checks below pass, recognised without building their paths.
    manager = access.text(entry.get("manager"))
    return (
        access.text(entry.get("operation")) in ("Apply", "Update")
        and access.text(entry.get("fieldsType")) in ("", "FieldsV1")
        and manager.isprintable()
        and len(manager) <= FIELD_MANAGER_MAX // 4
        and len(access.text(entry.get("subresource"))) <= SUBRESOURCE_NAME_MAX // 4
    )


def validate_managed_fields(entries: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, raw in enumerate(access.items(entries)):
        entry = access.mapping(raw)
        if _plainly_valid_entry(entry):
            continue
        entry_path = index(path, i)
        operation = access.text(entry.get("operation"))
        if operation not in ("Apply", "Update"):
            errs.append(FieldError.invalid(child(entry_path, "operation"), operation, "must be `Apply` or `Update`"))
        fields_type = access.text(entry.get("fieldsType"))
        if fields_type and fields_type != "FieldsV1":
            errs.append(FieldError.invalid(child(entry_path, "fieldsType"), fields_type, "must be `FieldsV1`"))
        errs += validate_field_manager(access.text(entry.get("manager")), child(entry_path, "manager"))
        subresource = access.text(entry.get("subresource"))
        if len(subresource.encode()) > SUBRESOURCE_NAME_MAX:
            errs.append(FieldError.too_long(child(entry_path, "subresource"), subresource, SUBRESOURCE_NAME_MAX))
    return errs


def validate_object_meta(
    meta: Any,
    *,
    namespaced: bool,
    name_validator: names.NameValidator,
    path: str = "metadata",
    kube_finalizers: bool = True,
) -> list[FieldError]:
    """Validate ``metadata`` of an object being created (after name generation).

    Args:
        meta: the object's ``metadata`` mapping.
        namespaced: whether the kind lives in a namespace (a namespace is then required,
            otherwise forbidden).
        name_validator: the kind's name rule, e.g. :func:`names.name_is_dns_subdomain`.
        path: where ``metadata`` sits (``spec.template.metadata`` for embedded objects).
        kube_finalizers: also apply core's standard-finalizer-name rule.

    Returns:
        The problems found, in kube's order; empty when the metadata is valid.
    """
    m = access.mapping(meta)
    errs: list[FieldError] = []
    generate_name = access.text(m.get("generateName"))
    if generate_name:
        errs += rules.invalid_each(child(path, "generateName"), generate_name, name_validator(generate_name, True))
    name = access.text(m.get("name"))
    if not name:
        errs.append(FieldError.required(child(path, "name"), "name or generateName is required"))
    else:
        errs += rules.invalid_each(child(path, "name"), name, name_validator(name, False))
    errs += _common_meta(m, namespaced=namespaced, path=path)
    if kube_finalizers:
        errs += _kube_finalizer_errors(m, path)
    return errs


def _common_meta(m: dict[str, Any], *, namespaced: bool, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    namespace = access.text(m.get("namespace"))
    if namespaced:
        if not namespace:
            errs.append(FieldError.required(child(path, "namespace")))
        else:
            errs += rules.invalid_each(child(path, "namespace"), namespace, names.name_is_dns_label(namespace, False))
    elif namespace:
        errs.append(FieldError.forbidden(child(path, "namespace"), "not allowed on this type"))
    errs += rules.non_negative(access.integer(m.get("generation")), child(path, "generation"))
    errs += validate_labels(m.get("labels"), child(path, "labels"))
    errs += validate_annotations(m.get("annotations"), child(path, "annotations"))
    errs += validate_owner_references(m.get("ownerReferences"), child(path, "ownerReferences"))
    errs += validate_finalizers(m.get("finalizers"), child(path, "finalizers"))
    errs += validate_managed_fields(m.get("managedFields"), child(path, "managedFields"))
    return errs


def validate_object_meta_update(
    new: Any, old: Any, *, path: str = "metadata", kube_finalizers: bool = True
) -> list[FieldError]:
    """Validate ``metadata`` on update: identity is immutable, finalizers cannot grow while deleting."""
    n, o = access.mapping(new), access.mapping(old)
    errs: list[FieldError] = []
    new_finalizers = [access.text(f) for f in access.items(n.get("finalizers"))]
    if o.get("deletionTimestamp"):
        added = sorted(set(new_finalizers) - {access.text(f) for f in access.items(o.get("finalizers"))})
        if added:
            errs.append(
                FieldError.forbidden(
                    child(path, "finalizers"),
                    "no new finalizers can be added if the object is being deleted, found new finalizers "
                    + str(gotext.go_string_slice(added)),
                )
            )
    if not access.text(n.get("resourceVersion")):
        errs.append(FieldError.invalid(child(path, "resourceVersion"), "", "must be specified for an update"))
    new_generation = access.integer(n.get("generation")) or 0
    if new_generation < (access.integer(o.get("generation")) or 0):
        errs.append(FieldError.invalid(child(path, "generation"), new_generation, "must not be decremented"))
    for name in ("name", "namespace", "uid"):
        errs += rules.immutable(access.text(n.get(name)), access.text(o.get(name)), child(path, name))
    # The printed forms (Go's time text) are only worked out for a field that did change.
    new_created = n.get("creationTimestamp")
    if new_created != o.get("creationTimestamp"):
        errs += rules.immutable(
            new_created,
            o.get("creationTimestamp"),
            child(path, "creationTimestamp"),
            shown=gotext.go_time(new_created),
        )
    new_deletion = n.get("deletionTimestamp")
    if new_deletion != o.get("deletionTimestamp"):
        errs += rules.immutable(
            new_deletion,
            o.get("deletionTimestamp"),
            child(path, "deletionTimestamp"),
            shown=gotext.go_time(new_deletion) if new_deletion else gotext.GoValue("null"),
        )
    new_grace = access.integer(n.get("deletionGracePeriodSeconds"))
    errs += rules.immutable(
        new_grace,
        access.integer(o.get("deletionGracePeriodSeconds")),
        child(path, "deletionGracePeriodSeconds"),
        shown=gotext.GoValue("null") if new_grace is None else new_grace,
    )
    errs += validate_labels(n.get("labels"), child(path, "labels"))
    errs += validate_annotations(n.get("annotations"), child(path, "annotations"))
    errs += validate_owner_references(n.get("ownerReferences"), child(path, "ownerReferences"))
    errs += validate_managed_fields(n.get("managedFields"), child(path, "managedFields"))
    if kube_finalizers:
        errs += _kube_finalizer_errors(n, path)
    return errs


def validate_template_meta(meta: Any, path: str) -> list[FieldError]:
    """Metadata of an embedded template: only labels and annotations are checked."""
    m = access.mapping(meta)
    return validate_labels(m.get("labels"), child(path, "labels")) + validate_annotations(
        m.get("annotations"), child(path, "annotations")
    )

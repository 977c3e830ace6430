"""The concrete :class:`~kubeedge.apiserver.registry.hooks.Hooks`.

It wires the type-specific pure cores into the generic verbs, in kube-apiserver's order:
decode (prune unknown fields; fieldValidation decides whether that is silent, a warning or a
400) → default (built-in ``SetDefaults_*``, create-only strategy/admission defaults, or a CRD's
schema defaults) → validate (built-in validators, or the CRD schema plus generic metadata
rules) → admit (namespace lifecycle, Service IP/port allocation) → track managedFields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from kubeedge.apiserver import defaults
from kubeedge.apiserver.errors import FieldError, StatusError
from kubeedge.apiserver.patch import apply as ssa
from kubeedge.apiserver.patch import managedfields
from kubeedge.apiserver.registry.allocator import ServiceAllocator
from kubeedge.apiserver.registry.options import FieldValidation, WriteOptions
from kubeedge.apiserver.schema import defaulting, prune, structural
from kubeedge.apiserver.schema import validate as schema_validate
from kubeedge.apiserver.schema.model import SchemaSet, TypedSchema
from kubeedge.apiserver.selectors import fields as field_selectors
from kubeedge.apiserver.storage.mvcc import Attrs
from kubeedge.apiserver.validation.registry import validators_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.storage.store import Store

__all__ = ["TypeHooks"]

_CRD = ("apiextensions.k8s.io", "customresourcedefinitions")
_EMPTY_SCHEMAS = SchemaSet({})
# One instance, so that what field tracking derives from it (TypedSchema.memo) is kept.
_UNTYPED = TypedSchema(_EMPTY_SCHEMAS, {"type": "object", "x-kubernetes-preserve-unknown-fields": True})


def _manager(opts: WriteOptions) -> str:
    return opts.field_manager or managedfields.default_manager(opts.user_agent)


def _crd_schema_errors(crd: dict[str, Any]) -> list[FieldError]:
    """Structural-schema and default checks of every version's schema of a CRD."""
    errors: list[FieldError] = []
    versions = (crd.get("spec") or {}).get("versions") or []
    if not isinstance(versions, list):
        return errors
    for index, version in enumerate(versions):
        if not isinstance(version, dict):
            continue
        schema = (version.get("schema") or {}).get("openAPIV3Schema")
        if not isinstance(schema, dict):
            continue
        path = f"spec.versions[{index}].schema.openAPIV3Schema"
        has_status = isinstance(version.get("subresources"), dict) and "status" in version["subresources"]
        errors += structural.check_structural(schema, path, status_subresource=has_status)
        errors += defaulting.check_defaults(schema, path)
    return errors


class TypeHooks:
    """See the module docstring."""

    def __init__(self, *, store: Store, namespace_of: Callable[[str], dict[str, Any] | None]) -> None:
        self._store = store
        self._namespace_of = namespace_of
        self._allocator = ServiceAllocator()

    # --- decode ------------------------------------------------------------------------------

    def prepare_body(
        self, resource: ResourceInfo, obj: dict[str, Any], opts: WriteOptions, warnings: list[str]
    ) -> None:
        if resource.schema is None:
            return
        paths = prune.prune(obj, resource.schema, is_resource_root=True, drop_nulls=not resource.is_custom)
        if not paths:
            return
        if opts.field_validation is FieldValidation.STRICT:
            raise prune.strict_decoding_error(paths)
        if opts.field_validation is FieldValidation.WARN:
            warnings.extend(prune.unknown_field_warnings(paths))

    # --- default -----------------------------------------------------------------------------

    def default(self, resource: ResourceInfo, obj: dict[str, Any], *, creating: bool) -> None:
        if resource.is_custom:
            if resource.schema is not None:
                defaulting.prune_nulls(obj, resource.schema)
                defaulting.apply_schema_defaults(obj, resource.schema)
            return
        defaults.apply_defaults(resource.group, resource.plural, obj)
        if creating:
            defaults.apply_create_defaults(resource.group, resource.plural, obj)

    # --- validate ----------------------------------------------------------------------------

    def validate(
        self, resource: ResourceInfo, obj: dict[str, Any], old: dict[str, Any] | None, subresource: str
    ) -> list[FieldError]:
        checks = validators_for(resource.group, resource.plural, namespaced=resource.namespaced)
        schema_errors: list[FieldError] = []
        if resource.is_custom:
            schema_errors = schema_validate.validate_custom_resource_root(
                obj, api_version=None, kind=resource.kind, namespaced=resource.namespaced
            )
            if resource.schema is not None and not schema_errors:
                schema_errors += schema_validate.validate(obj, resource.schema)
        elif (resource.group, resource.plural) == _CRD:
            schema_errors = _crd_schema_errors(obj)
        if old is None:
            return checks.create(obj, schema_errors=schema_errors)
        if subresource == "status" and checks.status_update is not None:
            return checks.status_update(obj, old, schema_errors=schema_errors)
        if subresource == "scale" and checks.scale is not None:
            return checks.scale(obj, old, schema_errors=schema_errors)
        if subresource == "finalize" and checks.finalize is not None:
            return checks.finalize(obj, old, schema_errors=schema_errors)
        if subresource == "binding":
            return []
        return checks.update(obj, old, schema_errors=schema_errors)

    # --- admit -------------------------------------------------------------------------------

    def admit(
        self, resource: ResourceInfo, obj: dict[str, Any], old: dict[str, Any] | None, opts: WriteOptions
    ) -> None:
        if old is not None:
            return
        if resource.namespaced:
            self._admit_namespace(resource, obj)
        if resource.group == "" and resource.plural == "services":
            existing = [orjson.loads(e.value) for e in self._store.list_prefix("/core/services/")]
            errors = self._allocator.allocate(obj, existing)
            if errors:
                raise StatusError.invalid("Service", "", obj["metadata"].get("name", ""), errors)

    def _admit_namespace(self, resource: ResourceInfo, obj: dict[str, Any]) -> None:
        meta = obj["metadata"]
        namespace = meta.get("namespace", "")
        ns = self._namespace_of(namespace)
        if ns is None:
            raise StatusError.not_found("namespaces", "", namespace)
        if ns["metadata"].get("deletionTimestamp"):
            name = meta.get("name", "")
            message = (
                f'{resource.plural} "{name}" is forbidden: unable to create new content in namespace '
                f"{namespace} because it is being terminated"
            )
            cause = {
                "reason": "NamespaceTerminating",
                "message": f"namespace {namespace} is being terminated",
                "field": "metadata.namespace",
            }
            raise StatusError(403, "Forbidden", message, {"name": name, "kind": resource.plural, "causes": [cause]})

    # --- managedFields -----------------------------------------------------------------------

    def _schema(self, resource: ResourceInfo) -> TypedSchema:
        if resource.schema is not None:
            return resource.schema
        return _UNTYPED

    def manage_fields(
        self,
        resource: ResourceInfo,
        old: dict[str, Any] | None,
        new: dict[str, Any],
        opts: WriteOptions,
        subresource: str,
        now: str,
    ) -> None:
        managed = managedfields.tracked_managed_fields(
            old,
            new,
            manager=_manager(opts),
            api_version=resource.api_version,
            subresource=subresource,
            now=now,
            schema=self._schema(resource),
            ignore_status=self._ignores_status(resource, subresource),
            builtin=not resource.is_custom,
        )
        if managed:
            new["metadata"]["managedFields"] = managed
        else:
            new["metadata"].pop("managedFields", None)

    def _ignores_status(self, resource: ResourceInfo, subresource: str) -> bool:
        return "status" in resource.subresources and subresource == ""

    def server_side_apply(
        self,
        resource: ResourceInfo,
        live: dict[str, Any] | None,
        applied: dict[str, Any],
        opts: WriteOptions,
        subresource: str,
        now: str,
    ) -> dict[str, Any]:
        meta = applied.get("metadata") or {}
        return ssa.server_side_apply(
            live,
            applied,
            manager=_manager(opts),
            force=opts.force,
            api_version=resource.api_version,
            subresource=subresource,
            now=now,
            schema=self._schema(resource),
            ignore_status=self._ignores_status(resource, subresource),
            kind=resource.kind,
            name=meta.get("name"),
            namespace=meta.get("namespace") if resource.namespaced else None,
            builtin=not resource.is_custom,
        )

    # --- selectors ---------------------------------------------------------------------------

    def attrs(self, resource: ResourceInfo, obj: dict[str, Any]) -> Attrs:
        labels = obj.get("metadata", {}).get("labels") or {}
        return Attrs(labels, field_selectors.field_values(obj, resource))

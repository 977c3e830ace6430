"""Structural defaulting of custom resources, and the checks a CRD's ``default`` values must pass.

kube-apiserver defaults a custom resource both when decoding a request and when reading it from
storage, after pruning, in this order:

1. :func:`prune_nulls` -- a ``null`` in a field that is neither nullable nor defaulted is
   dropped (as if the client had not sent the field);
2. :func:`apply_schema_defaults` -- every missing field whose schema has a ``default`` is set,
   but only where its parent object exists (defaults never create parents, except through the
   parent's own default); a ``null`` in a non-nullable field is replaced by the default, a
   ``null`` in a nullable field is kept.

Defaults are deep-copied: callers may mutate the result freely. :func:`check_defaults` is what
the CRD registry runs on a new schema: each default must be pruned already and valid against
its own schema (``ValidateDefaults``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.schema import prune as pruning
from kubeedge.apiserver.schema import validate as validation
from kubeedge.apiserver.schema.model import Schema, SchemaSet, TypedSchema

__all__ = ["apply_schema_defaults", "check_defaults", "prune_nulls"]


def apply_schema_defaults(obj: Any, schema: TypedSchema) -> None:
    """Set, in place, the defaults of ``schema`` on the missing fields of ``obj``."""
    _default(obj, schema.root, schema.schemas)


def prune_nulls(obj: Any, schema: TypedSchema) -> None:
    """Drop, in place, ``null`` values of fields that are neither nullable nor defaulted."""
    _prune_nulls(obj, schema.root, schema.schemas)


def _resolve(schemas: SchemaSet, raw: Any) -> Schema | None:
    return schemas.resolve(raw) if isinstance(raw, Mapping) else None


def _has_default(node: Schema | None) -> bool:
    # a JSON null default is no default at all, as in kube (JSON.Object == nil)
    return node is not None and node.get("default") is not None


def _non_nullable_null(value: Any, node: Schema | None) -> bool:
    return value is None and node is not None and not node.get("nullable")


def _default(value: Any, raw: Any, schemas: SchemaSet) -> None:
    node = _resolve(schemas, raw)
    if node is None:
        return
    if isinstance(value, dict):
        properties = node.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        for key, prop_raw in properties.items():
            prop = _resolve(schemas, prop_raw)
            missing = key not in value or _non_nullable_null(value[key], prop)
            if prop is not None and _has_default(prop) and missing:
                value[key] = copy.deepcopy(prop["default"])
        additional = _resolve(schemas, node.get("additionalProperties"))
        for key in list(value):
            if key in properties:
                _default(value[key], properties[key], schemas)
            elif "additionalProperties" in node:
                if additional is not None and _non_nullable_null(value[key], additional):
                    value[key] = copy.deepcopy(additional.get("default"))
                _default(value[key], additional, schemas)
    elif isinstance(value, list):
        items = _resolve(schemas, node.get("items"))
        for i in range(len(value)):
            if items is not None and _non_nullable_null(value[i], items):
                value[i] = copy.deepcopy(items.get("default"))
            _default(value[i], items, schemas)


def _prune_nulls(value: Any, raw: Any, schemas: SchemaSet) -> None:
    node = _resolve(schemas, raw)
    if isinstance(value, dict):
        properties = node.get("properties") if node is not None else None
        properties = properties if isinstance(properties, Mapping) else {}
        for key in list(value):
            if key in properties:
                sub = _resolve(schemas, properties[key])
            else:
                sub = _resolve(schemas, node.get("additionalProperties")) if node is not None else None
            if _non_nullable_null(value[key], sub) and not _has_default(sub):
                del value[key]
            else:
                _prune_nulls(value[key], sub, schemas)
    elif isinstance(value, list):
        items = node.get("items") if node is not None else None
        for item in value:
            _prune_nulls(item, items, schemas)


def check_defaults(schema: Schema, path: str) -> list[FieldError]:
    """Errors of the ``default`` values in a CRD's structural ``openAPIV3Schema``.

    Each default must survive pruning unchanged (``must not have unknown fields``) and validate
    against the schema it sits in, errors reported under ``<path>...default``. Defaults inside
    the metadata of an embedded resource are not checked (kube checks them against a whole
    surrounding object; top-level metadata defaults are rejected by :mod:`.structural`).

    Args:
        schema: the ``openAPIV3Schema`` (already known to be structural).
        path: its field path, e.g. ``spec.versions[0].schema.openAPIV3Schema``.
    """
    errors: list[FieldError] = []
    _check_node(schema, path, inside_meta=False, is_root=True, errors=errors)
    return errors


def _check_node(node: Any, path: str, *, inside_meta: bool, is_root: bool, errors: list[FieldError]) -> None:
    if not isinstance(node, Mapping):
        return
    embedded = is_root or bool(node.get(pruning.EMBEDDED_RESOURCE))
    if embedded:
        inside_meta = False
    if _has_default(node) and not inside_meta:
        errors += _default_errors(node, f"{path}.default", embedded=embedded)
    # additionalProperties are not followed: defaults are forbidden there
    _check_node(node.get("items"), f"{path}.items", inside_meta=inside_meta, is_root=False, errors=errors)
    properties = node.get("properties")
    if isinstance(properties, Mapping):
        for key, sub in properties.items():
            sub_meta = inside_meta or (embedded and key in ("metadata", "apiVersion", "kind"))
            _check_node(sub, f"{path}.properties[{key}]", inside_meta=sub_meta, is_root=False, errors=errors)


def _default_errors(node: Schema, path: str, *, embedded: bool) -> list[FieldError]:
    value = node["default"]
    typed = TypedSchema(schemas=SchemaSet(), root=node)
    errors = []
    pruned = copy.deepcopy(value)
    pruning.prune(pruned, typed, is_resource_root=embedded, prune_metadata=False)
    if pruned != value:
        errors.append(FieldError.invalid(path, value, "must not have unknown fields"))
    meta_errors = validation.validate_embedded_resources(value, typed, path=path, is_resource_root=embedded)
    return errors + (meta_errors or validation.validate_values(value, typed, path=path))

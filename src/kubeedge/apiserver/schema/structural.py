"""The rules a CRD's ``openAPIV3Schema`` must satisfy to be accepted (apiextensions validation).

:func:`check_structural` returns kube-apiserver's errors for one version's schema, in kube's
order and wording, e.g. ``spec.versions[0].schema.openAPIV3Schema.properties[spec].type:
Required value: must not be empty for specified object fields``. It combines:

* the *structural* invariants (``ValidateStructural``): a type on every specified field
  (except under int-or-string / preserve-unknown-fields), ``metadata`` restricted at the root
  to name/generateName, no generics (type, default, description, nullable...) inside
  allOf/anyOf/oneOf/not except the int-or-string idiom, every field named in a value
  validation also specified structurally, valid RE2 patterns; sorted as kube sorts them;
* the defaults check (:func:`.defaulting.check_defaults`), run only on a structural schema;
* the OpenAPI subset accepted by CRDs (``ValidateCustomResourceDefinitionOpenAPISchema``):
  no ``$ref``/definitions/patternProperties/dependencies/additionalItems/id, no
  uniqueItems, additionalProperties exclusive with properties, the
  ``x-kubernetes-list-type``/``-list-map-keys``/``-map-type`` rules, no defaults in top-level
  metadata, and the static shape of ``x-kubernetes-validations`` rules (CEL is not compiled).

The schema is a plain mapping as found in the CRD; nothing here resolves ``$ref`` (a CRD may
not use it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.schema import defaulting, formats
from kubeedge.apiserver.schema.prune import EMBEDDED_RESOURCE, PRESERVE_UNKNOWN_FIELDS
from kubeedge.apiserver.schema.validate import INT_OR_STRING

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["check_structural"]

_ROOT, _ITEM, _FIELD = "root", "item", "field"
_LIST_TYPE, _MAP_TYPE = "x-kubernetes-list-type", "x-kubernetes-map-type"
_MAP_KEYS, _VALIDATIONS = "x-kubernetes-list-map-keys", "x-kubernetes-validations"
_TYPES = ["array", "boolean", "integer", "number", "object", "string"]
_META_FIELDS = ("metadata", "kind", "apiVersion")
_IF_STATUS = " if the status subresource is enabled"
_IN_MAP_KEYS = "this property is in x-kubernetes-list-map-keys"
_REASONS = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"]
# What the root may hold when the status subresource is on (kube lists JSONSchemaProps' Go names).
_ROOT_ALLOWED = {
    **{key: key[0].upper() + key[1:] for key in ("description", "type", "format", "title", "maximum", "minimum")},
    **{key: key[0].upper() + key[1:] for key in ("exclusiveMaximum", "exclusiveMinimum", "maxLength", "minLength")},
    **{key: key[0].upper() + key[1:] for key in ("pattern", "maxItems", "minItems", "uniqueItems", "multipleOf")},
    **{key: key[0].upper() + key[1:] for key in ("required", "items", "properties", "externalDocs", "example")},
    PRESERVE_UNKNOWN_FIELDS: "XPreserveUnknownFields",
    "x-kubernetes-validations": "XValidations",
}


def check_structural(schema: Schema, path: str, *, status_subresource: bool = False) -> list[FieldError]:
    """The errors kube-apiserver reports for a CRD version's ``openAPIV3Schema``.

    Args:
        schema: the ``openAPIV3Schema`` mapping.
        path: its field path, e.g. ``spec.versions[0].schema.openAPIV3Schema``.
        status_subresource: the version enables the status subresource (restricts the root).

    Returns:
        Field errors; empty if the CRD schema is acceptable.
    """
    if not isinstance(schema, Mapping):
        return [FieldError.invalid(path, schema, "must be an object")]
    errors = _status_root_errors(schema, path) if status_subresource else []
    if schema.get("nullable") is True:
        errors.append(FieldError.forbidden(f"{path}.nullable", "nullable cannot be true at the root"))
    unsupported = _unsupported(schema)
    if unsupported is None:
        structural = _invariants(schema, _ROOT, path) + _completeness(schema, path)
        structural.sort(key=str)
        errors += structural or defaulting.check_defaults(schema, path)
    errors += _openapi(schema, path, is_root=True)
    if not errors and unsupported is not None:
        errors.append(FieldError.invalid(path, "", unsupported))
    return errors


# --- helpers --------------------------------------------------------------------------------------


def _type(node: Mapping[str, Any]) -> str:
    value = node.get("type")
    return value if isinstance(value, str) else "" if value is None else str(value)


def _props(node: Mapping[str, Any]) -> Mapping[str, Any]:
    value = node.get("properties")
    return value if isinstance(value, Mapping) else {}


def _list(node: Mapping[str, Any], key: str) -> list[Any]:
    value = node.get(key)
    return value if isinstance(value, list) else []


def _schemas(node: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = node.get(key)
    return [s for s in value if isinstance(s, Mapping)] if isinstance(value, list) else []


def _is_zero(value: Any) -> bool:
    return value is None or value is False or value == "" or (isinstance(value, list | Mapping) and not value)


def _status_root_errors(schema: Schema, path: str) -> list[FieldError]:
    allowed = "[" + " ".join(_ROOT_ALLOWED.values()) + "]"
    fields_error = FieldError.invalid(
        path,
        dict(schema),
        f"only {allowed} fields are allowed at the root of the schema if the status subresource is enabled",
    )
    # kube walks the fields in declaration order: id, $schema and $ref come before type
    if any(not _is_zero(schema.get(key)) for key in ("id", "$schema", "$ref")):
        return [fields_error]
    if not _is_zero(schema.get("type")) and schema["type"] != "object":
        detail = 'only "object" is allowed as the type at the root of the schema' + _IF_STATUS
        return [FieldError.invalid(f"{path}.type", schema["type"], detail)]
    if any(not _is_zero(value) and key not in _ROOT_ALLOWED for key, value in schema.items()):
        return [fields_error]
    return []


def _unsupported(node: Any) -> str | None:
    """``NewStructural``'s conversion error, if any (shown only when nothing else is wrong)."""
    if not isinstance(node, Mapping):
        return None
    for key in (
        "id",
        "$schema",
        "$ref",
        "patternProperties",
        "dependencies",
        "additionalItems",
        "definitions",
    ):
        if not _is_zero(node.get(key)) or (key == "additionalItems" and key in node):
            return f"OpenAPIV3Schema '{key.removeprefix('$') if key == '$schema' else key}' is not supported"
    nested = [node.get("not"), *_schemas(node, "allOf"), *_schemas(node, "anyOf"), *_schemas(node, "oneOf")]
    additional = node.get("additionalProperties")
    nested.append(additional if isinstance(additional, Mapping) else None)
    for sub in nested:
        if (error := _unsupported(sub)) is not None:
            return error
    if node.get(PRESERVE_UNKNOWN_FIELDS) is False:
        return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined"
    if isinstance(node.get("items"), list):
        return "OpenAPIV3Schema 'items' must be a schema, but is an array"
    for sub in [node.get("items"), *_props(node).values()]:
        if (error := _unsupported(sub)) is not None:
            return error
    return None


# --- structural invariants ------------------------------------------------------------------------


def _invariants(s: Mapping[str, Any], level: str, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    kind = _type(s)
    items = s.get("items")
    props = _props(s)
    embedded = s.get(EMBEDDED_RESOURCE) is True
    preserve = s.get(PRESERVE_UNKNOWN_FIELDS) is True
    if kind == "array" and items is None:
        errors.append(FieldError.required(f"{path}.items", "must be specified"))
    if isinstance(items, Mapping):
        errors += _invariants(items, _ITEM, f"{path}.items")
    for key, sub in props.items():
        if isinstance(sub, Mapping):
            errors += _invariants(sub, _FIELD, f"{path}.properties[{key}]")
    if "additionalProperties" in s:
        if level == _ROOT:
            errors.append(FieldError.forbidden(f"{path}.additionalProperties", "must not be used at the root"))
        if isinstance(s["additionalProperties"], Mapping):
            errors += _invariants(s["additionalProperties"], _FIELD, f"{path}.additionalProperties")
    if s.get(INT_OR_STRING) is True:
        for key in (PRESERVE_UNKNOWN_FIELDS, EMBEDDED_RESOURCE):
            if s.get(key) is True:
                errors.append(
                    FieldError.invalid(f"{path}.{key}", True, "must be false if x-kubernetes-int-or-string is true")
                )
    any_of = _schemas(s, "anyOf")
    all_of = _schemas(s, "allOf")
    skip_any_of = _is_int_or_string_any_of(any_of)
    skip_first = bool(all_of) and _is_int_or_string_any_of(_schemas(all_of[0], "anyOf"))
    errors += _value_validation(s, skip_any_of, skip_first, path)
    if embedded and kind != "object":
        detail = "must be object if x-kubernetes-embedded-resource is true"
        errors.append(
            FieldError.required(f"{path}.type", detail)
            if not kind
            else FieldError.invalid(f"{path}.type", kind, detail)
        )
    elif not kind and s.get(INT_OR_STRING) is not True and not preserve:
        detail = {
            _ROOT: "must not be empty at the root",
            _ITEM: "must not be empty for specified array items",
            _FIELD: "must not be empty for specified object fields",
        }[level]
        errors.append(FieldError.required(f"{path}.type", detail))
    if embedded and "additionalProperties" in s:
        detail = "must not be used if x-kubernetes-embedded-resource is set"
        errors.append(FieldError.forbidden(f"{path}.additionalProperties", detail))
    if level == _ROOT and kind and kind != "object":
        errors.append(FieldError.invalid(f"{path}.type", kind, "must be object at the root"))
    check_meta = level == _ROOT or embedded
    for key in ("kind", "apiVersion"):
        sub = props.get(key)
        if check_meta and isinstance(sub, Mapping) and _type(sub) != "string":
            errors.append(FieldError.invalid(f"{path}.properties[{key}].type", _type(sub), "must be string"))
    if isinstance(props.get("metadata"), Mapping):
        errors += _metadata_invariants(props["metadata"], check_meta, level, f"{path}.properties[metadata]")
    if embedded and not preserve and not props:
        detail = "must not be empty if x-kubernetes-embedded-resource is true without " + PRESERVE_UNKNOWN_FIELDS
        errors.append(FieldError.required(f"{path}.properties", detail))
    return errors


def _is_int_or_string_any_of(any_of: list[Mapping[str, Any]]) -> bool:
    shapes = [{k for k, v in s.items() if not _is_zero(v)} for s in any_of]
    return (
        len(any_of) == 2
        and shapes == [{"type"}, {"type"}]
        and [any_of[0]["type"], any_of[1]["type"]] == ["integer", "string"]
    )


def _metadata_invariants(meta: Mapping[str, Any], check_meta: bool, level: str, path: str) -> list[FieldError]:
    errors = []
    if check_meta and _type(meta) != "object":
        errors.append(FieldError.invalid(f"{path}.type", _type(meta), "must be object"))
    if level == _ROOT:
        names = set(_props(meta))
        only_names = names and names <= {"name", "generateName"}
        ignored = {"type", "default", "example", "externalDocs"} | ({"properties"} if only_names else set())
        if any(not _is_zero(v) for k, v in meta.items() if k not in ignored):
            detail = (
                "must not specify anything other than name and generateName, but metadata is " + "implicitly specified"
            )
            errors.append(FieldError.forbidden(path, detail))
    return errors


def _value_validation(v: Mapping[str, Any], skip_any_of: bool, skip_first_all_of: bool, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not skip_any_of:
        for i, sub in enumerate(_schemas(v, "anyOf")):
            errors += _nested(sub, False, f"{path}.anyOf[{i}]")
    for i, sub in enumerate(_schemas(v, "allOf")):
        errors += _nested(sub, skip_first_all_of and i == 0, f"{path}.allOf[{i}]")
    for i, sub in enumerate(_schemas(v, "oneOf")):
        errors += _nested(sub, False, f"{path}.oneOf[{i}]")
    if isinstance(v.get("not"), Mapping):
        errors += _nested(v["not"], False, f"{path}.not")
    pattern = v.get("pattern")
    if isinstance(pattern, str) and pattern:
        try:
            formats.compile_pattern(pattern)
        except formats.PatternError as exc:
            detail = f"must be a valid regular expression, but isn't: {exc}"
            errors.append(FieldError.invalid(f"{path}.pattern", pattern, detail))
    return errors


_NESTED_FORBIDDEN = (
    ("type", "must be empty to be structural"),
    ("additionalProperties", "must be undefined to be structural"),
    ("default", "must be undefined to be structural"),
    ("title", "must be empty to be structural"),
    ("description", "must be empty to be structural"),
    ("nullable", "must be false to be structural"),
    ("externalDocs", "must be undefined to be structural"),
    (PRESERVE_UNKNOWN_FIELDS, "must be false to be structural"),
    (EMBEDDED_RESOURCE, "must be false to be structural"),
    (INT_OR_STRING, "must be false to be structural"),
    (_MAP_KEYS, "must be empty to be structural"),
    (_LIST_TYPE, "must be undefined to be structural"),
    (_MAP_TYPE, "must be undefined to be structural"),
    (_VALIDATIONS, "must be empty to be structural"),
)


def _nested(v: Mapping[str, Any], skip_any_of: bool, path: str) -> list[FieldError]:
    """A schema under allOf/anyOf/oneOf/not: only value validations are allowed there."""
    errors = _value_validation(v, skip_any_of, False, path)
    if isinstance(v.get("items"), Mapping):
        errors += _nested(v["items"], False, f"{path}.items")
    for key, sub in _props(v).items():
        if isinstance(sub, Mapping):
            errors += _nested(sub, False, f"{path}.properties[{key}]")
    for key, detail in _NESTED_FORBIDDEN:
        # pointer-valued fields count when set at all (``default: {}`` is a default)
        pointer = key in ("additionalProperties", "default", _LIST_TYPE, _MAP_TYPE, "externalDocs")
        if (pointer and v.get(key) is not None) or not _is_zero(v.get(key)):
            errors.append(FieldError.forbidden(f"{path}.{key}", detail))
    if "metadata" in _props(v):
        errors.append(FieldError.forbidden(f"{path}.properties[metadata]", "must not be specified in a nested context"))
    return errors


def _completeness(s: Mapping[str, Any], path: str) -> list[FieldError]:
    """Every field a value validation speaks of must be specified structurally too."""
    return _value_completeness(s, s, path, path)


def _value_completeness(
    v: Mapping[str, Any], s: Mapping[str, Any] | None, s_path: str, v_path: str
) -> list[FieldError]:
    if s is None:
        return [FieldError.required(s_path, f"because it is defined in {v_path}")]
    errors: list[FieldError] = []
    if isinstance(v.get("not"), Mapping):
        errors += _nested_completeness(v["not"], s, s_path, f"{v_path}.not")
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(_schemas(v, key)):
            errors += _nested_completeness(sub, s, s_path, f"{v_path}.{key}[{i}]")
    return errors


def _nested_completeness(
    v: Mapping[str, Any], s: Mapping[str, Any] | None, s_path: str, v_path: str
) -> list[FieldError]:
    if s is None:
        return [FieldError.required(s_path, f"because it is defined in {v_path}")]
    errors = _value_completeness(v, s, s_path, v_path)
    if isinstance(v.get("items"), Mapping):
        items = s.get("items")
        errors += _nested_completeness(
            v["items"], items if isinstance(items, Mapping) else None, f"{s_path}.items", f"{v_path}.items"
        )
    s_props = _props(s)
    for key, sub in _props(v).items():
        if not isinstance(sub, Mapping):
            continue
        where, defined = f"{s_path}.properties[{key}]", f"{v_path}.properties[{key}]"
        if isinstance(s_props.get(key), Mapping):
            errors += _nested_completeness(sub, s_props[key], where, defined)
        else:
            errors.append(FieldError.required(where, f"because it is defined in {defined}"))
    return errors


# --- the OpenAPI subset of CRDs -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    """What a schema node's position allows (kube's specStandardValidator)."""

    allow_defaults: bool = True
    reason: str = ""
    inside_meta: bool = False


def _openapi(s: Any, path: str, ctx: _Context = _Context(), *, is_root: bool = False) -> list[FieldError]:
    if not isinstance(s, Mapping):
        return []
    errors = _supported_keywords(s, path, ctx)
    if s.get("uniqueItems") is True:
        detail = "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"
        errors.append(FieldError.forbidden(f"{path}.uniqueItems", detail))
    props = _props(s)
    if "additionalProperties" in s:
        additional = s["additionalProperties"]
        if props and (additional is False or isinstance(additional, Mapping)):
            detail = "additionalProperties and properties are mutual exclusive"
            errors.append(FieldError.forbidden(f"{path}.additionalProperties", detail))
        sub_ctx = ctx
        if ctx.inside_meta:
            reason = "inside additionalProperties applying to object metadata"
            sub_ctx = replace(ctx, allow_defaults=False, reason=reason)
        errors += _openapi(additional, f"{path}.additionalProperties", sub_ctx)
    for key, sub in props.items():
        sub_ctx = ctx
        if (is_root or s.get(EMBEDDED_RESOURCE) is True) and key in _META_FIELDS:
            sub_ctx = replace(ctx, inside_meta=True)
            if is_root:
                sub_ctx = replace(sub_ctx, allow_defaults=False, reason=f"in top-level {key}")
        errors += _openapi(sub, f"{path}.properties[{key}]", sub_ctx)
    errors += _openapi(s.get("not"), f"{path}.not", ctx)
    for key in ("allOf", "oneOf", "anyOf"):
        for i, sub in enumerate(_schemas(s, key)):
            errors += _openapi(sub, f"{path}.{key}[{i}]", ctx)
    definitions = s.get("definitions")
    for name, sub in definitions.items() if isinstance(definitions, Mapping) else ():
        errors += _openapi(sub, f"{path}.definitions[{name}]", ctx)
    items = s.get("items")
    if isinstance(items, Mapping):
        errors += _openapi(items, f"{path}.items", ctx)
    elif isinstance(items, list):
        for i, sub in enumerate(items):
            errors += _openapi(sub, f"{path}.items[{i}]", ctx)
    dependencies = s.get("dependencies")
    for name, sub in dependencies.items() if isinstance(dependencies, Mapping) else ():
        errors += _openapi(sub, f"{path}.dependencies[{name}]", ctx)
    errors += _extension_errors(s, path)
    return errors


def _supported_keywords(s: Mapping[str, Any], path: str, ctx: _Context) -> list[FieldError]:
    errors = []
    kind = _type(s)
    if kind and kind not in _TYPES:
        errors.append(FieldError.not_supported(f"{path}.type", kind, _TYPES))
    if s.get("default") is not None and not ctx.allow_defaults:
        detail = "must not be set" + (f" {ctx.reason}" if ctx.reason else "")
        errors.append(FieldError.forbidden(f"{path}.default", detail))
    for key in ("id", "additionalItems", "patternProperties", "definitions", "dependencies", "$ref"):
        present = key in s if key in ("additionalItems", "dependencies", "$ref") else not _is_zero(s.get(key))
        if present:
            errors.append(FieldError.forbidden(f"{path}.{key}", f"{key} is not supported"))
    if kind == "null":
        errors.append(
            FieldError.forbidden(f"{path}.type", "type cannot be set to null, use nullable as an alternative")
        )
    if isinstance(s.get("items"), list) and s["items"]:
        errors.append(FieldError.forbidden(f"{path}.items", "items must be a schema object and not an array"))
    if ctx.inside_meta and s.get(EMBEDDED_RESOURCE) is True:
        detail = "must not be used inside of resource meta"
        errors.append(FieldError.forbidden(f"{path}.{EMBEDDED_RESOURCE}", detail))
    return errors


def _extension_errors(s: Mapping[str, Any], path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    kind = _type(s)
    if s.get(PRESERVE_UNKNOWN_FIELDS) is False:
        errors.append(FieldError.invalid(f"{path}.{PRESERVE_UNKNOWN_FIELDS}", False, "must be true or undefined"))
    map_type, list_type = s.get(_MAP_TYPE), s.get(_LIST_TYPE)
    if map_type is not None and kind != "object":
        errors.append(_type_needed(path, kind, "must be object if x-kubernetes-map-type is specified"))
    if map_type is not None and map_type not in ("atomic", "granular"):
        errors.append(FieldError.not_supported(f"{path}.{_MAP_TYPE}", map_type, ["atomic", "granular"]))
    items = s.get("items")
    if list_type is not None and kind != "array":
        errors.append(_type_needed(path, kind, "must be array if x-kubernetes-list-type is specified"))
    elif list_type == "set" and isinstance(items, Mapping):
        detail = "must be atomic as item of a list with x-kubernetes-list-type=set"
        item_list_type = items.get(_LIST_TYPE)
        if _type(items) == "array" and item_list_type is not None and item_list_type != "atomic":
            errors.append(FieldError.invalid(f"{path}.items.{_LIST_TYPE}", item_list_type, detail))
        elif _type(items) == "object" and items.get(_MAP_TYPE) != "atomic":
            # kube shows the item's list-type here (usually unset, printed "null")
            errors.append(FieldError.invalid(f"{path}.items.{_MAP_TYPE}", item_list_type or "null", detail))
    if list_type is not None and list_type not in ("atomic", "set", "map"):
        errors.append(FieldError.not_supported(f"{path}.{_LIST_TYPE}", list_type, ["atomic", "set", "map"]))
    keys = _list(s, _MAP_KEYS)
    if keys and list_type != "map":
        detail = "must be map if x-kubernetes-list-map-keys is non-empty"
        errors.append(
            FieldError.required(f"{path}.{_LIST_TYPE}", detail)
            if list_type is None
            else FieldError.invalid(f"{path}.{_LIST_TYPE}", list_type, detail)
        )
    if list_type == "map":
        errors += _list_map_errors(s, path, keys)
    if list_type in ("set", "map") and isinstance(items, Mapping):
        errors += _list_keys_errors(items, path, list_type, keys)
    for i, rule in enumerate(_list(s, _VALIDATIONS)):
        if isinstance(rule, Mapping):
            errors += _rule_errors(rule, f"{path}.{_VALIDATIONS}[{i}]")
    return errors


def _type_needed(path: str, kind: str, detail: str) -> FieldError:
    return FieldError.required(f"{path}.type", detail) if not kind else FieldError.invalid(f"{path}.type", kind, detail)


def _list_map_errors(s: Mapping[str, Any], path: str, keys: list[Any]) -> list[FieldError]:
    errors = []
    items = s.get("items")
    if not keys:
        detail = "must not be empty if x-kubernetes-list-type is map"
        errors.append(FieldError.required(f"{path}.{_MAP_KEYS}", detail))
    if items is None:
        errors.append(FieldError.required(f"{path}.items", "must have a schema if x-kubernetes-list-type is map"))
    elif not isinstance(items, Mapping):
        detail = "must only have a single schema if x-kubernetes-list-type is map"
        errors.append(FieldError.invalid(f"{path}.items", items, detail))
    elif _type(items) != "object":
        detail = "must be object if parent array's x-kubernetes-list-type is map"
        errors.append(FieldError.invalid(f"{path}.items.type", _type(items), detail))
    else:
        seen: set[Any] = set()
        item_props = _props(items)
        for key in keys:
            sub = item_props.get(key)
            if isinstance(sub, Mapping):
                if _type(sub) in ("array", "object"):
                    detail = "must be a scalar type if parent array's x-kubernetes-list-type is map"
                    errors.append(FieldError.invalid(f"{path}.items.properties[{key}].type", _type(items), detail))
            else:
                detail = "entries must all be names of item properties"
                errors.append(FieldError.invalid(f"{path}.{_MAP_KEYS}", keys, detail))
            if key in seen:
                errors.append(FieldError.invalid(f"{path}.{_MAP_KEYS}", keys, "must not contain duplicate entries"))
            seen.add(key)
    return errors


def _list_keys_errors(items: Mapping[str, Any], path: str, list_type: str, keys: list[Any]) -> list[FieldError]:
    errors = []
    if items.get("nullable") is True:
        detail = f"cannot be nullable when x-kubernetes-list-type is {list_type}"
        errors.append(FieldError.forbidden(f"{path}.items.nullable", detail))
    if list_type == "map":
        required = {key for key in _list(items, "required") if isinstance(key, str)}
        for key in keys:
            sub = _props(items).get(key)
            if not isinstance(sub, Mapping):
                continue
            where = f"{path}.items.properties[{key}]"
            if key not in required and sub.get("default") is None:
                detail = f"{_IN_MAP_KEYS}, so it must have a default or be a required property"
                errors.append(FieldError.required(f"{where}.default", detail))
            if sub.get("nullable") is True:
                detail = f"{_IN_MAP_KEYS}, so it cannot be nullable"
                errors.append(FieldError.forbidden(f"{where}.nullable", detail))
    return errors


def _rule_errors(rule: Mapping[str, Any], path: str) -> list[FieldError]:
    """The static checks of one x-kubernetes-validations rule; its CEL is not compiled."""
    errors = []
    text = str(rule.get("rule") or "")
    message = str(rule.get("message") or "")
    if not text.strip():
        errors.append(FieldError.required(f"{path}.rule", "rule is not specified"))
    elif message and not message.strip():
        errors.append(FieldError.invalid(f"{path}.message", message, "message must be non-empty if specified"))
    elif any(c in message.strip() for c in "\r\n"):
        errors.append(FieldError.invalid(f"{path}.message", message, "message must not contain line breaks"))
    elif any(c in text.strip() for c in "\r\n") and not message.strip():
        detail = "message must be specified if rule contains line breaks"
        errors.append(FieldError.required(f"{path}.message", detail))
    expression = str(rule.get("messageExpression") or "")
    if expression and not expression.strip():
        detail = "messageExpression must be non-empty if specified"
        errors.append(FieldError.required(f"{path}.messageExpression", detail))
    reason = rule.get("reason")
    if reason is not None and reason not in _REASONS:
        errors.append(FieldError.not_supported(f"{path}.reason", reason, _REASONS))
    field_path = str(rule.get("fieldPath") or "")
    if field_path and not field_path.strip():
        errors.append(FieldError.invalid(f"{path}.fieldPath", field_path, "fieldPath must be non-empty if specified"))
    if any(c in field_path for c in "\r\n"):
        errors.append(FieldError.invalid(f"{path}.fieldPath", field_path, "fieldPath must not contain line breaks"))
    return errors

"""Validate a JSON value against an OpenAPI v3 schema, as kube-apiserver validates custom resources.

Three passes, in kube-apiserver's order (``customResourceStrategy.Validate``):

1. :func:`validate_values` -- kube-openapi's ``SchemaValidator``: type (an integral float is an
   integer), nullable, enum, format, pattern, bounds, lengths, sizes, uniqueItems, required,
   additionalProperties, allOf/anyOf/oneOf/not, int-or-string. Its errors become field errors
   the way ``kubeOpenAPIResultToFieldErrors`` converts them, so clients see kube's wording:
   ``spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"``.
   Errors of a combinator (``"spec" must validate one and only one schema (oneOf)``) are not
   tied to a field and carry the base path, or ``<nil>`` as kube prints for the object root.
2. :func:`validate_embedded_resources` -- ``x-kubernetes-embedded-resource`` objects need
   apiVersion and kind, and their metadata must be sane (objectmeta.Validate; it lives in
   :mod:`.prune` with the other apiVersion/kind/metadata rules and is re-exported here, as is
   :func:`validate_custom_resource_root`).
3. :func:`validate_list_types` -- ``x-kubernetes-list-type`` set and map uniqueness.

``x-kubernetes-validations`` (CEL) rules are accepted in schemas but not evaluated.
Every schema node goes through :meth:`SchemaSet.resolve`, so built-in ``$ref``s just work.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import FieldError, FieldErrorType
from kubeedge.apiserver.schema import formats
from kubeedge.apiserver.schema.prune import (
    EMBEDDED_RESOURCE,
    PRESERVE_UNKNOWN_FIELDS,
    validate_custom_resource_root,
    validate_embedded_resources,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema, SchemaSet, TypedSchema

__all__ = [
    "EMBEDDED_RESOURCE",
    "INT_OR_STRING",
    "NIL_PATH",
    "PRESERVE_UNKNOWN_FIELDS",
    "go_float",
    "go_quote",
    "json_kind",
    "validate",
    "validate_custom_resource_root",
    "validate_embedded_resources",
    "validate_list_types",
    "validate_values",
]

INT_OR_STRING = "x-kubernetes-int-or-string"
# What Go prints for a nil *field.Path: the field of errors about the whole validated value.
NIL_PATH = "<nil>"


def validate(obj: Any, schema: TypedSchema, *, path: str = "") -> list[FieldError]:
    """All schema-driven errors of ``obj``: values, embedded resources, list types.

    Args:
        obj: a decoded JSON value (the whole custom resource, or a part of it).
        schema: the schema of ``obj``.
        path: field path of ``obj`` in the request ("" for the object itself).
    """
    errors = validate_values(obj, schema, path=path)
    errors += validate_embedded_resources(obj, schema, path=path)
    errors += validate_list_types(obj, schema, path=path)
    return errors


# --- Go formatting helpers ------------------------------------------------------------------------


def json_kind(value: Any) -> str:
    """The JSON type of a decoded value: boolean, integer, number, string, array, object, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return "unknown"


def go_quote(text: str) -> str:
    """Go's ``%q`` (strconv.Quote) of a string."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\a\b\f\n\r\t\v":
            out.append("\\" + "abfnrtv"["\a\b\f\n\r\t\v".index(ch)])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def _float_digits(value: float) -> tuple[str, int]:
    """Shortest round-trip digits of ``abs(value)`` and the decimal exponent of the first digit."""
    parts = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, parts.digits))
    return digits, len(digits) + int(parts.exponent) - 1


def go_float(value: float, *, verb_v: bool = False) -> str:
    """A float64 as Go prints it: in JSON (``json.Marshal``), or with ``%v`` when ``verb_v``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    digits, exp = _float_digits(value)
    sign = "-" if value < 0 else ""
    exponential = (exp < -4 or exp >= 6) if verb_v else (exp < -6 or exp >= 21)
    if exponential:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        # %v pads the exponent to two digits; JSON then trims "e-07" to "e-7"
        width = 2 if verb_v or exp > 0 else 1
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):0{width}d}"
    if exp < 0:
        return f"{sign}0.{'0' * (-exp - 1)}{digits}"
    whole = digits[: exp + 1].ljust(exp + 1, "0")
    frac = digits[exp + 1 :]
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def _go_json(value: Any) -> str:
    """``json.Marshal`` of a decoded value (sorted keys, HTML-safe escapes, Go floats)."""
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_go_json(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_go_json(str(k))}:{_go_json(value[k])}" for k in sorted(value)) + "}"
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028")):
        text = text.replace(raw, escaped)
    return text.replace("\u2029", "\\u2029")


def _go_equal(a: Any, b: Any) -> bool:
    """reflect.DeepEqual on decoded JSON: 1 and 1.0 differ, as do true and 1."""
    kind = json_kind(a)
    if kind != json_kind(b):
        return False
    if kind == "array":
        return len(a) == len(b) and all(_go_equal(x, y) for x, y in zip(a, b, strict=True))
    if kind == "object":
        return a.keys() == b.keys() and all(_go_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# --- kube-openapi's SchemaValidator ---------------------------------------------------------------


class _Code(enum.Enum):
    """kube-openapi's error codes, as far as kubeOpenAPIResultToFieldErrors tells them apart."""

    TYPE, REQUIRED, ENUM, TOO_LONG, TOO_MANY, INVALID, COMPOSITE = range(7)


@dataclass(frozen=True, slots=True)
class _Failure:
    code: _Code
    name: str  # kube-openapi's path of the failing value, relative to the validation root
    message: str
    value: Any = None
    limit: Any = None


class _Result:
    """kube-openapi's Result: errors unique by message, and a match count for anyOf/oneOf."""

    __slots__ = ("failures", "matches", "messages")

    def __init__(self) -> None:
        self.failures: list[_Failure] = []
        self.messages: set[str] = set()
        self.matches = 0

    @property
    def valid(self) -> bool:
        return not self.failures

    def add(self, failure: _Failure) -> None:
        if failure.message not in self.messages:
            self.messages.add(failure.message)
            self.failures.append(failure)

    def merge(self, other: _Result | None) -> None:
        if other is not None:
            for failure in other.failures:
                self.add(failure)
            self.matches += other.matches


def _types(node: Schema) -> list[str]:
    if node.get(INT_OR_STRING) or node.get("format") == "int-or-string":
        return ["integer", "string"]
    declared = node.get("type")
    declared = [declared] if isinstance(declared, str) else declared if isinstance(declared, list) else []
    return [t for t in declared if isinstance(t, str) and t]


def _type_failure(name: str, type_name: str, value: str) -> _Failure:
    return _Failure(_Code.TYPE, name, f"{name} in body must be of type {type_name}: {go_quote(value)}", value)


def _is_json_integer(value: float) -> bool:
    return math.isfinite(value) and abs(value) <= 2**53 and value.is_integer()


class _Validator:
    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas

    def node(self, data: Any, raw: Schema | None, name: str) -> _Result:
        result = _Result()
        node = self.schemas.resolve(raw) if isinstance(raw, Mapping) else None
        if node is None:
            return result
        types = _types(node)
        fmt = formats.effective_format(types[0] if len(types) == 1 else "", str(node.get("format") or ""))
        if data is None:
            result.merge(self.type_check(data, types, fmt, node, name))
            result.merge(self.enum(data, node, name))
            return result
        # kube-openapi's validator chain, in its order; each one that applies counts as a match
        kind = json_kind(data)
        outcomes = [
            self.type_check(data, types, fmt, node, name) if types or fmt else None,
            self.combinators(data, node, name),
            self.string(data, node, name) if kind == "string" else None,
            self.format(data, fmt, name) if kind == "string" and fmt else None,
            self.number(data, node, name) if kind in ("integer", "number") else None,
            self.array(data, node, name) if kind == "array" else None,
            self.enum(data, node, name),
            self.object(data, node, name) if kind == "object" else None,
        ]
        for outcome in outcomes:
            if outcome is not None:
                result.merge(outcome)
                result.matches += 1
        result.matches += 1
        return result

    def type_check(self, data: Any, types: list[str], fmt: str, node: Schema, name: str) -> _Result:
        # a failing type check carries no match count (kube-openapi's sErr), a passing one does
        passed = _Result()
        passed.matches = 1
        if data is None:
            if types and "null" not in types and not node.get("nullable"):
                return _failed(_type_failure(name, ",".join(types), "null"))
            return passed
        kind = json_kind(data)
        data_format = {"integer": "int64", "number": "float64"}.get(kind, "")
        float_int = kind == "number" and _is_json_integer(data) and "integer" in types
        int_float = kind == "integer" and "number" in types
        mismatch = not (kind in types or data_format == fmt or float_int or int_float)
        if kind not in ("string", "array") and fmt and mismatch:
            return _failed(_type_failure(name, fmt, data_format))
        if fmt and kind in ("string", "array") and not ("number" in types or "integer" in types):
            return passed  # kube-openapi lets formatted strings (and, oddly, arrays) through here
        if not (kind in types or float_int or int_float):
            return _failed(_type_failure(name, ",".join(types), kind))
        return passed

    def combinators(self, data: Any, node: Schema, name: str) -> _Result:
        result = _Result()
        any_of = _sub_schemas(node, "anyOf")
        if any_of:
            best: _Result | None = None
            success: _Result | None = None
            for sub in any_of:
                outcome = self.node(data, sub, name)
                if outcome.valid:
                    success, best = outcome, None
                    break
                if best is None or outcome.matches > best.matches:
                    best = outcome
            if success is None:
                result.add(_composite(f"{go_quote(name)} must validate at least one schema (anyOf)"))
            result.merge(best if best is not None else success)
        one_of = _sub_schemas(node, "oneOf")
        if one_of:
            best = success = None
            valid = 0
            for sub in one_of:
                outcome = self.node(data, sub, name)
                if outcome.valid:
                    valid += 1
                    best = None
                    success = success or outcome
                elif valid == 0 and (best is None or outcome.matches > best.matches):
                    best = outcome
            if valid != 1:
                found = "Found none valid" if valid == 0 else f"Found {valid} valid alternatives"
                result.add(_composite(f"{go_quote(name)} must validate one and only one schema (oneOf). {found}"))
                result.merge(best)
            else:
                result.merge(success)
        all_of = _sub_schemas(node, "allOf")
        if all_of:
            valid = 0
            for sub in all_of:
                outcome = self.node(data, sub, name)
                valid += outcome.valid
                result.merge(outcome)
            if valid != len(all_of):
                none = ". None validated" if valid == 0 else ""
                result.add(_composite(f"{go_quote(name)} must validate all the schemas (allOf){none}"))
        negated = node.get("not")
        if isinstance(negated, Mapping) and self.node(data, negated, name).valid:
            result.add(_composite(f"{go_quote(name)} must not validate the schema (not)"))
        result.matches += 1
        return result

    def string(self, data: str, node: Schema, name: str) -> _Result:
        result = _Result()
        max_length, min_length = _as_int(node.get("maxLength")), _as_int(node.get("minLength"))
        pattern = node.get("pattern")
        if max_length is not None and len(data) > max_length:
            message = f"{name} in body should be at most {max_length} chars long"
            result.add(_Failure(_Code.TOO_LONG, name, message, data, max_length))
        elif min_length is not None and len(data) < min_length:
            message = f"{name} in body should be at least {min_length} chars long"
            result.add(_Failure(_Code.INVALID, name, message, data))
        elif isinstance(pattern, str) and pattern:
            try:
                matched = formats.compile_pattern(pattern).search(data)
                shown = pattern
            except formats.PatternError as exc:
                matched, shown = False, f"{pattern}, but pattern is invalid: {exc}"
            if not matched:
                result.add(_Failure(_Code.INVALID, name, f"{name} in body should match '{shown}'", data))
        return result

    def format(self, data: str, fmt: str, name: str) -> _Result:
        result = _Result()
        if not formats.check_format(fmt, data):
            result.add(_type_failure(name, fmt, data))
        return result

    def number(self, data: float, node: Schema, name: str) -> _Result:
        result = _Result()
        result.matches += 1
        is_int = isinstance(data, int)
        factor = _as_number(node.get("multipleOf"))
        if factor is not None:
            int_factor = math.trunc(factor) if math.isfinite(factor) else 0
            if is_int and int_factor != 0:
                # kube-openapi divides by int64(multipleOf) for integer data
                if int_factor < 0:
                    result.add(_positive_factor(name, int_factor))
                elif data % int_factor:
                    message = f"{name} in body should be a multiple of {int_factor}"
                    result.add(_Failure(_Code.INVALID, name, message, data))
            elif factor < 0:
                result.add(_positive_factor(name, go_float(factor, verb_v=True)))
            else:
                ratio = (data / factor if factor >= 1 else (1 / factor) * data) if factor else math.inf
                if not _is_json_integer(ratio):
                    message = f"{name} in body should be a multiple of {go_float(factor, verb_v=True)}"
                    result.add(_Failure(_Code.INVALID, name, message, data))
        for key, exclusive_key, below in (
            ("minimum", "exclusiveMinimum", True),
            ("maximum", "exclusiveMaximum", False),
        ):
            bound = _as_number(node.get(key))
            if bound is None:
                continue
            exclusive = bool(node.get(exclusive_key))
            limit: float = math.trunc(bound) if is_int and math.isfinite(bound) else bound
            if below:
                failed = data <= limit if exclusive else data < limit
                words = "greater than" if exclusive else "greater than or equal to"
            else:
                failed = data >= limit if exclusive else data > limit
                words = "less than" if exclusive else "less than or equal to"
            if failed:
                shown = str(limit) if isinstance(limit, int) else go_float(limit, verb_v=True)
                result.add(_Failure(_Code.INVALID, name, f"{name} in body should be {words} {shown}", data))
        return result

    def array(self, data: list[Any], node: Schema, name: str) -> _Result:
        result = _Result()
        items = node.get("items")
        if isinstance(items, Mapping):
            for i, item in enumerate(data):
                result.merge(self.node(item, items, f"{name}[{i}]"))
        size = len(data)
        min_items, max_items = _as_int(node.get("minItems")), _as_int(node.get("maxItems"))
        if min_items is not None and size < min_items:
            message = f"{name} in body should have at least {min_items} items"
            result.add(_Failure(_Code.INVALID, name, message, size))
        if max_items is not None and size > max_items:
            message = f"{name} in body should have at most {max_items} items"
            result.add(_Failure(_Code.TOO_MANY, name, message, size, max_items))
        if node.get("uniqueItems") is True and any(_go_equal(data[i], data[j]) for i in range(size) for j in range(i)):
            result.add(_Failure(_Code.INVALID, name, f"{name} in body shouldn't contain duplicates"))
        result.matches += 1
        return result

    def enum(self, data: Any, node: Schema, name: str) -> _Result:
        result = _Result()
        allowed = node.get("enum")
        if isinstance(allowed, list) and allowed and not any(_enum_match(data, e) for e in allowed):
            shown = "[" + " ".join(_go_json(v) if not isinstance(v, str) else v for v in allowed) + "]"
            message = f"{name} in body should be one of {shown}"
            result.add(_Failure(_Code.ENUM, name, message, data, allowed))
        return result

    def object(self, data: Mapping[str, Any], node: Schema, name: str) -> _Result:
        result = _Result()
        count = len(data)
        min_props, max_props = _as_int(node.get("minProperties")), _as_int(node.get("maxProperties"))
        if min_props is not None and count < min_props:
            message = f"{name} in body should have at least {min_props} properties"
            result.add(_Failure(_Code.INVALID, name, message, count))
            return result
        if max_props is not None and count > max_props:
            message = f"{name} in body should have at most {max_props} properties"
            result.add(_Failure(_Code.TOO_MANY, name, message, count, max_props))
            return result
        properties = node.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        additional = node.get("additionalProperties")
        for key, value in data.items():
            if key in properties:
                continue
            if additional is False:
                message = f"{name}.{key} in body is a forbidden property"
                result.add(_Failure(_Code.INVALID, name, message, key))
            elif isinstance(additional, Mapping):
                result.merge(self.node(value, additional, f"{name}.{key}"))
        for key, sub in properties.items():
            if key in data:
                result.merge(self.node(data[key], sub, f"{name}.{key}" if name else key))
        required = node.get("required")
        for key in required if isinstance(required, list) else ():
            if isinstance(key, str) and key not in data:
                result.add(_Failure(_Code.REQUIRED, f"{name}.{key}", f"{name}.{key} in body is required"))
        return result


def _sub_schemas(node: Schema, key: str) -> list[Schema]:
    value = node.get(key)
    return [s for s in value if isinstance(s, Mapping)] if isinstance(value, list) else []


def _failed(failure: _Failure) -> _Result:
    result = _Result()
    result.add(failure)
    return result


def _composite(message: str) -> _Failure:
    return _Failure(_Code.COMPOSITE, "", message)


def _positive_factor(name: str, factor: Any) -> _Failure:
    return _Failure(_Code.INVALID, name, f"factor MultipleOf declared for {name} must be positive: {factor}", factor)


def _enum_match(data: Any, allowed: Any) -> bool:
    """kube-openapi compares after Go's type conversion of the value to the enum entry's type."""
    if allowed is None or data is None:
        return False  # a null enum entry never matches, not even null (kube-openapi behaviour)
    kind, allowed_kind = json_kind(data), json_kind(allowed)
    if kind == "integer" and allowed_kind == "number":
        return bool(float(data) == allowed)
    if kind == "number" and allowed_kind == "integer":
        return bool(math.isfinite(data) and math.trunc(data) == allowed)
    if kind == "integer" and allowed_kind == "string":
        # Go converts an integer to the string of that rune
        return bool((chr(data) if 0 <= data <= 0x10FFFF and not 0xD800 <= data <= 0xDFFF else "\ufffd") == allowed)
    return _go_equal(data, allowed)


def _field(base: str, name: str) -> str:
    if name and name != ".":
        name = name.removeprefix(".")
        return f"{base}.{name}" if base else name
    return base or NIL_PATH


def _to_field_errors(result: _Result, base: str) -> list[FieldError]:
    errors = []
    for f in result.failures:
        value = "" if f.value is None else f.value
        if f.code is _Code.COMPOSITE:
            errors.append(FieldError.invalid(base or NIL_PATH, "", f.message))
            continue
        where = _field(base, f.name)
        if f.code is _Code.REQUIRED:
            errors.append(FieldError.required(where))
        elif f.code is _Code.ENUM:
            supported = [v if isinstance(v, str) else _go_json(v) for v in f.limit]
            errors.append(FieldError.not_supported(where, "null" if f.value is None else f.value, supported))
        elif f.code is _Code.TOO_LONG:
            unit = "byte" if f.limit == 1 else "bytes"
            errors.append(FieldError(FieldErrorType.TOO_LONG, where, detail=f"may not be more than {f.limit} {unit}"))
        elif f.code is _Code.TOO_MANY:
            unit = "item" if f.limit == 1 else "items"
            detail = f"must have at most {f.limit} {unit}"
            errors.append(FieldError(FieldErrorType.TOO_MANY, where, f.value, detail))
        elif f.code is _Code.TYPE:
            errors.append(FieldError.type_invalid(where, value, f.message))
        else:
            errors.append(FieldError.invalid(where, value, f.message))
    return errors


def validate_values(obj: Any, schema: TypedSchema, *, path: str = "") -> list[FieldError]:
    """kube-openapi's value validation of ``obj`` (``apiservervalidation.ValidateCustomResource``)."""
    result = _Validator(schema.schemas).node(obj, schema.root, "")
    return _to_field_errors(result, path)


# --- x-kubernetes-list-type -----------------------------------------------------------------------


def _child(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


class _Unspecified:
    """The key of a list-map item that lacks the key field (kube's unspecifiedKeyValue)."""


_UNSPECIFIED = _Unspecified()


def _identity(value: Any) -> Any:
    if isinstance(value, list | tuple | Mapping):
        return ("compound", _go_json(value))
    if value is _UNSPECIFIED:
        return ("unspecified",)
    return (json_kind(value), value)


def _first_duplicates(values: list[Any]) -> list[int]:
    """Indices where a value is seen for the second time (only the first repeat is reported)."""
    seen: dict[Any, int] = {}
    repeated = []
    for i, value in enumerate(values):
        key = _identity(value)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            repeated.append(i)
    return repeated


def validate_list_types(obj: Any, schema: TypedSchema, *, path: str = "") -> list[FieldError]:
    """Uniqueness of ``x-kubernetes-list-type: set`` items and ``map`` keys (listtype validation)."""
    errors: list[FieldError] = []
    if isinstance(obj, Mapping):
        _lists_in_object(schema.schemas, path, schema.root, obj, errors)
    return errors


def _lists_in_object(
    schemas: SchemaSet, path: str, raw: Schema | None, obj: Mapping[str, Any], errors: list[FieldError]
) -> None:
    node = schemas.resolve(raw)
    if node is None:
        return
    additional = node.get("additionalProperties")
    if isinstance(additional, Mapping):
        for key, value in obj.items():
            _lists_in_value(schemas, f"{path}[{key}]", additional, value, errors)
    properties = node.get("properties")
    if isinstance(properties, Mapping):
        for key, value in obj.items():
            if key in properties:
                _lists_in_value(schemas, _child(path, key), properties[key], value, errors)


def _lists_in_value(schemas: SchemaSet, path: str, raw: Schema | None, value: Any, errors: list[FieldError]) -> None:
    if isinstance(value, Mapping):
        _lists_in_object(schemas, path, raw, value, errors)
        return
    node = schemas.resolve(raw)
    if node is None or not isinstance(value, list):
        return
    list_type = node.get("x-kubernetes-list-type")
    if list_type == "set":
        errors += [FieldError.duplicate(f"{path}[{i}]", value[i]) for i in _first_duplicates(value)]
    elif list_type == "map":
        errors += _list_map_errors(path, node.get("x-kubernetes-list-map-keys") or [], value)
    items = node.get("items")
    if isinstance(items, Mapping):
        for i, item in enumerate(value):
            _lists_in_value(schemas, f"{path}[{i}]", items, item, errors)


def _list_map_errors(path: str, keys: list[str], items: list[Any]) -> list[FieldError]:
    for i, item in enumerate(items):
        if item is not None and not isinstance(item, Mapping):
            return [FieldError.invalid(f"{path}[{i}]", item, "must be an object for an array of list-type map")]
    if len(keys) == 1:
        values = [_UNSPECIFIED if item is None or keys[0] not in item else item[keys[0]] for item in items]
        return [
            FieldError.duplicate(f"{path}[{i}]", {} if values[i] is _UNSPECIFIED else {keys[0]: values[i]})
            for i in _first_duplicates(values)
        ]
    composite = [{k: item[k] for k in keys if k in item} if item is not None else {} for item in items]
    return [FieldError.duplicate(f"{path}[{i}]", composite[i]) for i in _first_duplicates(composite)]

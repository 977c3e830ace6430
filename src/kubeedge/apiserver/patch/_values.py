"""Decoded-JSON helpers shared by the patch algorithms: copying, depth, Go's equality and ``%v``.

The patch cores work on decoded JSON (dict, list, str, int, float, bool, None). kube-apiserver
runs the same algorithms in Go, which gives it three things Python does not:

- typed equality: Go's ``int64(1) != float64(1)`` and ``true != 1``, where Python says both are
  equal. Merge keys, primitive-list unions and the JSON patch ``test`` op all compare this way;
- error text: kube prints values with fmt's ``%v`` (``map[name:a] [a b] <nil>``) in messages that
  clients show verbatim, so we render the same text;
- ownership: a result must be a fresh tree, never sharing a dict or list with the inputs.

``MAX_NESTING_DEPTH`` guards every algorithm: the cores recurse once or twice per level, and
orjson (used to store and serve objects) cannot serialize deeper than this anyway.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Hashable, Mapping
from typing import Any

import orjson

__all__ = [
    "MAX_NESTING_DEPTH",
    "copy_value",
    "go_float",
    "go_format",
    "go_format_s",
    "go_json_kind",
    "go_type",
    "hash_key",
    "is_too_deep",
    "strict_equal",
]

# orjson refuses to serialize more than 254 nested containers, so an object deeper than this
# could be neither stored nor served. kube's own decoders stop at 10000; no real object nests
# anywhere near either limit.
MAX_NESTING_DEPTH = 254


def copy_value(value: Any) -> Any:
    """A deep copy of a decoded JSON value.

    A round trip through orjson is many times faster than walking the tree in Python; values it
    cannot encode (non-string keys, integers beyond 64 bits, nesting beyond its limit) take the
    iterative walk, which costs no stack however deep the value is.
    """
    if not isinstance(value, dict | list):
        if not isinstance(value, Mapping):
            return value
    else:
        try:
            return orjson.loads(orjson.dumps(value))
        except (orjson.JSONEncodeError, TypeError):
            pass
    return _copy_walk(value)


def _copy_walk(value: Any) -> Any:
    if isinstance(value, Mapping):
        root: Any = {}
    elif isinstance(value, list):
        root = []
    else:
        return value
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        items = source.items() if isinstance(source, Mapping) else enumerate(source)
        for key, child in items:
            if isinstance(child, Mapping):
                fresh: Any = {}
            elif isinstance(child, list):
                fresh = []
            else:
                fresh = child
            if isinstance(target, dict):
                target[key] = fresh
            else:
                target.append(fresh)
            if fresh is not child:
                stack.append((child, fresh))
    return root


def is_too_deep(value: Any, limit: int = MAX_NESTING_DEPTH) -> bool:
    """Whether ``value`` nests more than ``limit`` containers (``[]`` is depth 1)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _kind(value: Any) -> str:
    """Go's dynamic type of a decoded JSON value, as reflect names it."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return type(value).__name__


def go_type(value: Any) -> str:
    """``reflect.TypeOf(value).String()`` for a value decoded the way kube decodes patches."""
    return _kind(value)


def go_json_kind(value: Any) -> str:
    """The JSON kind encoding/json names in ``cannot unmarshal <kind> into Go value``."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    return "null"


def strict_equal(left: Any, right: Any) -> bool:
    """Equality as Go compares decoded JSON: same dynamic type, then same value."""
    if _kind(left) != _kind(right):
        return False
    if isinstance(left, Mapping):
        return left.keys() == right.keys() and all(strict_equal(v, right[k]) for k, v in left.items())
    if isinstance(left, list):
        return len(left) == len(right) and all(strict_equal(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


def hash_key(value: Any) -> Hashable:
    """A hashable stand-in for ``value`` that is equal exactly when :func:`strict_equal` is."""
    if isinstance(value, Mapping):
        return ("map", tuple(sorted((k, hash_key(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("list", tuple(hash_key(v) for v in value))
    return (_kind(value), value)


def go_float(value: float) -> str:
    """``strconv.FormatFloat(f, 'g', -1, 64)``, which is also what ``%v`` prints."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    # repr() gives the shortest digits that round-trip, exactly as Go's shortest mode does.
    _, digit_tuple, exponent = decimal.Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    assert isinstance(exponent, int)
    point = len(digits) + exponent  # position of the decimal point within digits
    exp = point - 1
    prefix = "-" if value < 0 else ""
    # Go switches to %e when the exponent is < -4 or >= 6 (its "shortest" precision rule).
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return prefix + digits + "0" * (point - len(digits))
    return f"{prefix}{digits[:point]}.{digits[point:]}"


def go_format(value: Any) -> str:
    """fmt's ``%v`` of a decoded JSON value: ``map[a:1 b:[x y]]``, ``<nil>``, ``true``."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, Mapping):
        # fmt prints map keys sorted; Go compares strings bytewise, which for UTF-8 is code point order.
        return "map[" + " ".join(f"{k}:{go_format(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_format(v) for v in value) + "]"
    return str(value)


def go_format_s(value: Any) -> str:
    """fmt's ``%s``: strings as they are, anything else as ``%!s(type=value)``."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping | list):
        return go_format(value)
    if value is None:
        return "%!s(<nil>)"
    return f"%!s({go_type(value)}={go_format(value)})"

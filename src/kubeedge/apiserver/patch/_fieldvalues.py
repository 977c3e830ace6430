"""JSON values as structured-merge-diff sees them, and as Go writes them.

- :func:`freeze`: a hashable form of a value under SMD's equality (``1 == 1.0``, ``true != 1``,
  maps unordered), and :func:`value_order`, SMD's total order over values;
- :func:`go_json`, :func:`go_quote`, :func:`go_value_string`: the text Go gives a value in JSON,
  with ``%q`` and with ``%v``, which ``FieldsV1`` keys and SMD's messages are made of;
- the errors of field tracking.

Part of :mod:`~kubeedge.apiserver.patch.fieldset`, which re-exports the public names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

__all__ = [
    "FieldSetError",
    "Frozen",
    "TypedValueError",
    "freeze",
    "go_json",
    "go_json_string",
    "go_quote",
    "go_value_string",
    "has_float",
    "thaw",
    "value_order",
]


class FieldSetError(ValueError):
    """A ``FieldsV1`` document, or a value inside a path, that cannot be read."""


class TypedValueError(FieldSetError):
    """A value that does not fit its schema the way SMD requires (an associative-list item without
    its keys, duplicate keys...). ``str()`` is SMD's ``ValidationErrors`` text."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        texts = [f"{path}: {message}" if path else message for path, message in self.errors]
        if len(texts) == 1:
            return texts[0]
        return "errors:\n" + "\n".join("  " + text for text in texts)


Frozen = tuple[Any, ...]


def freeze(value: Any) -> Frozen:
    """A hashable form of a JSON value under SMD's equality: ints and floats compare numerically,
    booleans never equal numbers, maps ignore key order."""
    if value is None:
        return ("z",)
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, Mapping):
        return ("m", tuple(sorted((str(k), freeze(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("l", tuple(freeze(v) for v in value))
    raise FieldSetError(f"not a JSON value: {value!r}")


def thaw(frozen: Frozen) -> Any:
    tag = frozen[0]
    if tag == "z":
        return None
    if tag == "l":
        return [thaw(v) for v in frozen[1]]
    if tag == "m":
        return {k: thaw(v) for k, v in frozen[1]}
    return frozen[1]


_VALUE_RANK: Final = {"n": 0, "s": 1, "b": 2, "l": 3, "m": 4, "z": 5}


def value_order(frozen: Frozen) -> tuple[Any, ...]:
    # SMD's total order over values: numbers < strings < booleans < lists < maps < null.
    tag = frozen[0]
    if tag == "l":
        return (3, tuple(value_order(v) for v in frozen[1]))
    if tag == "m":
        return (4, tuple((k, value_order(v)) for k, v in frozen[1]))
    if tag == "z":
        return (5,)
    return (_VALUE_RANK[tag], frozen[1])


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string (``strconv.Quote``)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _GO_SHORT_ESCAPES:
            out.append(_GO_SHORT_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_SHORT_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}
_JSON_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HTML_ESCAPES: Final = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def go_json_string(text: str, *, short_bf: bool) -> str:
    # encoding/json with HTML escaping; jsoniter (SMD) writes \b and \f as \u0008/\u000c where
    # Go >= 1.22's encoding/json writes \b and \f.
    out = ['"']
    for ch in text:
        if ch in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[ch])
        elif ch in _HTML_ESCAPES:
            out.append(_HTML_ESCAPES[ch])
        elif short_bf and ch in "\b\f":
            out.append("\\b" if ch == "\b" else "\\f")
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _go_json_float(number: float) -> str:
    if not math.isfinite(number):
        raise FieldSetError(f"not a JSON number: {number!r}")
    magnitude = abs(number)
    if magnitude == 0 or 1e-6 <= magnitude < 1e21:
        if number.is_integer():
            return str(int(number))
        text = repr(number)
        return format(Decimal(text), "f") if "e" in text else text
    mantissa, exponent = repr(number).split("e")
    sign, digits = exponent[0], exponent[1:].lstrip("0") or "0"
    # Go keeps two exponent digits for positive exponents and trims "e-07" to "e-7".
    return f"{mantissa}e{sign}{digits.zfill(2) if sign == '+' else digits}"


def go_json(value: Any, *, short_bf: bool = False) -> str:
    """Compact JSON as Go writes it: sorted map keys, HTML-safe escaping, Go number formatting."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_json_float(value)
    if isinstance(value, str):
        return go_json_string(value, short_bf=short_bf)
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items())
        body = ",".join(go_json_string(k, short_bf=short_bf) + ":" + go_json(v, short_bf=short_bf) for k, v in items)
        return "{" + body + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(go_json(v, short_bf=short_bf) for v in value) + "]"
    raise FieldSetError(f"not a JSON value: {value!r}")


def go_value_string(frozen: Frozen) -> str:
    # SMD's value.ToString: %q strings, %v numbers, [a,b] lists, k=v maps.
    tag = frozen[0]
    if tag == "z":
        return "null"
    payload = frozen[1]
    if tag == "s":
        return go_quote(payload)
    if tag == "b":
        return "true" if payload else "false"
    if tag == "n":
        return str(payload) if isinstance(payload, int) else _go_g(payload)
    if tag == "l":
        return "[" + ",".join(go_value_string(v) for v in payload) + "]"
    return "".join(f"{k}={go_value_string(v)}" for k, v in payload)


def _go_g(number: float) -> str:
    # Go's %v of a float64: shortest digits, exponent form when the exponent is < -4 or >= 6.
    if number == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(number)).normalize().as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    exp = len(text) + exponent - 1
    prefix = "-" if sign else ""
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    point = exp + 1
    if point <= 0:
        return prefix + "0." + "0" * -point + text
    if point >= len(text):
        return prefix + text + "0" * (point - len(text))
    return prefix + text[:point] + "." + text[point:]


def has_float(frozen: Any) -> bool:
    """Whether a frozen value holds a float anywhere."""
    tag = frozen[0]
    if tag == "n":
        return isinstance(frozen[1], float)
    if tag == "l":
        return any(has_float(v) for v in frozen[1])
    if tag == "m":
        return any(has_float(v) for _, v in frozen[1])
    return False

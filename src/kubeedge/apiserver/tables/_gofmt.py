"""How Go prints JSON-decoded values: ``fmt.Sprint`` (``%v``) and ``encoding/json``.

Table cells of custom resources are rendered by client-go's JSONPath printer, which prints
scalars with ``fmt.Fprint`` and maps and slices with ``json.Marshal``. Python's ``str`` and
``json.dumps`` differ on floats (``1e+06`` vs ``1000000.0``), key order and HTML escaping, so
the two renderings are rebuilt here from the shortest round-trip digits of a float (``repr``
gives the same digits as Go's shortest formatting).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["go_float", "go_json", "go_sprint"]


def _shortest(value: float) -> tuple[str, int]:
    """Digits and decimal-point position of the shortest repr: 0.d1d2... x 10**point."""
    _sign, digits, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    text = "".join(str(d) for d in digits)
    assert isinstance(exponent, int)
    return text, len(text) + exponent


def _fixed(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def _exponent(digits: str, point: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    power = point - 1
    return f"{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"


def go_float(value: float) -> str:
    """``fmt.Sprint(float64)``: shortest digits, exponent form below 1e-4 or from 1e6 on."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0"
    digits, point = _shortest(value)
    power = point - 1
    body = _exponent(digits, point) if power < -4 or power >= 6 else _fixed(digits, point)
    return sign + body


def _json_float(value: float) -> str:
    # encoding/json: fixed notation unless |f| < 1e-6 or >= 1e21, then "e-7" not "e-07".
    sign = "-" if value < 0 else ""
    if value == 0:
        return "0" if math.copysign(1.0, value) > 0 else "-0"
    magnitude = abs(value)
    digits, point = _shortest(magnitude)
    if magnitude < 1e-6 or magnitude >= 1e21:
        text = _exponent(digits, point)
        if text[-4:-1] == "e-0":
            text = text[:-2] + text[-1]
        return sign + text
    return sign + _fixed(digits, point)


def _json_string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    # Go escapes HTML-significant characters and the JavaScript line separators.
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028")):
        text = text.replace(char, escape)
    return text.replace("\u2029", "\\u2029")


def go_json(value: Any) -> str:
    """``json.Marshal`` of a JSON-decoded value: sorted keys, no spaces, HTML-safe strings."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _json_float(value)
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda item: str(item[0]))
        return "{" + ",".join(f"{_json_string(str(k))}:{go_json(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(go_json(item) for item in value) + "]"
    return _json_string(str(value))


def go_sprint(value: Any) -> str:
    """``fmt.Sprint`` of a JSON scalar (strings as is, ``true``/``false``, Go floats)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float(value)
    return str(value)

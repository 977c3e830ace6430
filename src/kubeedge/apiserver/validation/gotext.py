"""Go's ``%#v`` renderings of the values kube-apiserver shows in field errors.

When kube reports ``Invalid value`` for a map, slice or struct, the message carries Go syntax:
``spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does
not match template `labels```. Users and tools grep for these, so we reproduce the common ones.
A :class:`GoValue` carries pre-rendered text; ``errors.format_value`` prints it as is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kubeedge.apiserver.validation import access

__all__ = [
    "GoValue",
    "go_int_or_string",
    "go_label_selector",
    "go_quote",
    "go_string_map",
    "go_string_slice",
    "go_time",
]

_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


@dataclass(frozen=True, slots=True)
class GoValue:
    """A value already rendered the way Go's fmt prints it."""

    text: str

    def __str__(self) -> str:
        return self.text


def go_quote(value: str) -> str:
    """``strconv.Quote``: double quotes, C escapes, ``\\u`` for non-printable runes."""
    out = ['"']
    for char in value:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def _string_map_text(value: Any) -> str:
    if not isinstance(value, Mapping):
        return "map[string]string(nil)"
    # Go's fmt prints map entries sorted by key.
    entries = ", ".join(f"{go_quote(str(k))}:{go_quote(access.text(value[k]))}" for k in sorted(value, key=str))
    return "map[string]string{" + entries + "}"


def _string_slice_text(value: Any) -> str:
    if not isinstance(value, list):
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(access.text(v)) for v in value) + "}"


def go_string_map(value: Any) -> GoValue:
    """``map[string]string{"a":"b"}`` (``(nil)`` when absent)."""
    return GoValue(_string_map_text(value))


def go_string_slice(value: Iterable[str] | None) -> GoValue:
    """``[]string{"a", "b"}`` (``(nil)`` when absent)."""
    return GoValue(_string_slice_text(list(value) if value is not None else None))


def go_label_selector(selector: Any) -> GoValue:
    """A ``metav1.LabelSelector`` as ``v1.LabelSelector{MatchLabels:..., MatchExpressions:...}``."""
    if not isinstance(selector, Mapping):
        return GoValue("null")
    expressions = selector.get("matchExpressions")
    if isinstance(expressions, list):
        rendered = ", ".join(
            "v1.LabelSelectorRequirement{"
            f"Key:{go_quote(access.text(access.mapping(e).get('key')))}, "
            f"Operator:{go_quote(access.text(access.mapping(e).get('operator')))}, "
            f"Values:{_string_slice_text(access.mapping(e).get('values'))}"
            "}"
            for e in expressions
        )
        expressions_text = "[]v1.LabelSelectorRequirement{" + rendered + "}"
    else:
        expressions_text = "[]v1.LabelSelectorRequirement(nil)"
    return GoValue(
        "v1.LabelSelector{"
        f"MatchLabels:{_string_map_text(selector.get('matchLabels'))}, "
        f"MatchExpressions:{expressions_text}"
        "}"
    )


def go_int_or_string(value: Any) -> GoValue:
    """An ``intstr.IntOrString`` struct (Type 0 for ints, 1 for strings)."""
    if isinstance(value, str):
        return GoValue(f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{go_quote(value)}}}")
    number = access.integer(value) or 0
    return GoValue(f'intstr.IntOrString{{Type:0, IntVal:{number}, StrVal:""}}')


def go_time(value: Any) -> GoValue:
    """A ``metav1.Time`` (RFC 3339 on the wire) as Go's ``Time.String()`` in UTC."""
    if not isinstance(value, str) or not value:
        return GoValue("0001-01-01 00:00:00 +0000 UTC")
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return GoValue(go_quote(value))
    moment = moment.astimezone(datetime.UTC)
    return GoValue(moment.strftime("%Y-%m-%d %H:%M:%S +0000 UTC"))

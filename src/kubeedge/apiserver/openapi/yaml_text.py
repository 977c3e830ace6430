"""Block-style YAML text for JSON values, as gnostic stores them in ``Any.yaml``.

gnostic keeps every value it has no message for (vendor extensions, defaults, enum entries,
examples) as the YAML its ``yaml.Marshal`` prints, and kubectl reads them back with a YAML
parser (``x-kubernetes-group-version-kind``, the patch strategy extensions). We print the same
kind of text ourselves: it is a few lines for JSON-shaped data and much faster than a general
dumper on the thousands of small values of a document.

A string is printed plain only when no YAML 1.1 or 1.2 parser can read it as anything but that
string (a letter first, then letters, digits and ``_ . / -``, and not a boolean or null word);
otherwise it is double-quoted with JSON escapes, which YAML double-quoted scalars accept, plus
``\\u`` escapes for what YAML may not hold raw there (DEL, C1 controls, U+2028/9 ...). The empty
string is ``""``: kubectl reads the core group of a GVK as a string, so it must not be null.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

__all__ = ["to_yaml"]

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*")
# Words YAML 1.1 resolves to booleans or null (yaml.v2 also takes y/n).
_RESERVED = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})
# Characters YAML may not carry raw in a double-quoted scalar: non-printable ones (parsers reject
# them) and the Unicode line breaks (parsers would fold them). JSON leaves them unescaped.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = orjson.dumps(value).decode()
        # YAML 1.1 floats need a dot ("1e+100" would read as a string there)
        if "." not in text:
            mantissa, _, exponent = text.partition("e")
            text = f"{mantissa}.0" + (f"e{exponent}" if exponent else "")
        return text
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return _UNSAFE.sub(_escape, orjson.dumps(text).decode())


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _lines(value: Any, indent: str, out: list[str]) -> None:
    """Append the lines of a non-empty mapping or sequence, each line starting with ``indent``."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            head = f"{indent}{_scalar(key)}:"
            if _is_block(item):
                out.append(head)
                # a sequence may sit at its key's indentation; a mapping is indented two spaces
                _lines(item, indent + ("  " if isinstance(item, Mapping) else ""), out)
            else:
                out.append(f"{head} {_inline(item)}")
        return
    for item in value:
        if _is_block(item):
            nested: list[str] = []
            _lines(item, indent + "  ", nested)
            out.append(f"{indent}- {nested[0][len(indent) + 2 :]}")
            out.extend(nested[1:])
        else:
            out.append(f"{indent}- {_inline(item)}")


def _is_block(value: Any) -> bool:
    return isinstance(value, Mapping | list | tuple) and len(value) > 0


def _inline(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list | tuple):
        return "[]"
    return _scalar(value)


def to_yaml(value: Any) -> str:
    """The YAML document for a JSON value, ending in a newline."""
    if not _is_block(value):
        return _inline(value) + "\n"
    out: list[str] = []
    _lines(value, "", out)
    return "\n".join(out) + "\n"

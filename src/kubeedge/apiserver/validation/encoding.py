"""Go's decoding errors for ``[]byte`` and JSON payloads, worded as Go words them.

Secret ``data`` and ConfigMap ``binaryData`` are base64 on the wire (Go's ``StdEncoding``,
padding required, CR/LF ignored). Docker config secrets must hold a JSON object. When either is
malformed kube's messages come from Go's ``encoding/base64`` and ``encoding/json``; these helpers
produce the same text (``illegal base64 data at input byte 4``) for the cases clients hit.
"""

from __future__ import annotations

import base64
import binascii
import json
import string

__all__ = ["base64_error", "decode_base64", "json_object_error"]

_ALPHABET = frozenset(string.ascii_letters + string.digits + "+/")


def _corrupt(offset: int) -> str:
    return f"illegal base64 data at input byte {offset}"


def base64_error(text: str) -> str | None:
    """``None`` if ``text`` is valid standard base64, else Go's error message."""
    position = 0  # position within the current 4-character quantum
    quantum_start = 0
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        if char in "\r\n":
            i += 1
            continue
        if char == "=":
            if position < 2:
                return _corrupt(i)
            # Padding: "xx==" or "xxx="; after it only line breaks may follow.
            j = i + 1
            if position == 2:
                while j < length and text[j] in "\r\n":
                    j += 1
                if j >= length:
                    return _corrupt(length)
                if text[j] != "=":
                    # Go reports the byte *before* the one that should have been "=".
                    return _corrupt(j - 1)
                j += 1
            while j < length and text[j] in "\r\n":
                j += 1
            return _corrupt(j) if j < length else None
        if char not in _ALPHABET:
            return _corrupt(i)
        if position == 0:
            quantum_start = i
        position = (position + 1) % 4
        i += 1
    if position:
        return _corrupt(quantum_start)
    return None


def decode_base64(text: str) -> bytes | None:
    """The decoded bytes, or ``None`` when :func:`base64_error` would report a problem."""
    if base64_error(text) is not None:
        return None
    try:
        return base64.b64decode(text.replace("\r", "").replace("\n", ""), validate=True)
    except binascii.Error:
        return None


def _go_char(char: str) -> str:
    # Go's encoding/json quotes the offending byte like strconv.QuoteRune: 'x'.
    return "'" + ("\\'" if char == "'" else char) + "'"


def json_object_error(payload: bytes) -> str | None:
    """``None`` if ``payload`` is a JSON object, else what ``json.Unmarshal`` into a map says."""
    text = payload.decode("utf-8", errors="replace")
    if not text.strip():
        return "unexpected end of JSON input"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            return "unexpected end of JSON input"
        char = text[exc.pos]
        context = "looking for beginning of value" if exc.msg.startswith("Expecting value") else "after top-level value"
        if exc.msg.startswith(("Expecting property name", "Expecting ':'", "Expecting ',' delimiter")):
            context = "looking for beginning of object key string"
        return f"invalid character {_go_char(char)} {context}"
    if not isinstance(value, dict):
        kind = {list: "array", str: "string", bool: "bool", type(None): "null"}.get(type(value), "number")
        if kind == "null":
            return None  # Go leaves the map nil: not an error
        return f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
    return None

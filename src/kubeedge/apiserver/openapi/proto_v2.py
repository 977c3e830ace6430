"""The Swagger 2.0 document as gnostic's ``openapi.v2.Document`` protobuf message, and back.

client-go asks ``/openapi/v2`` for ``application/com.github.proto-openapi.spec.v2@v1.0+protobuf``
and decodes the answer with gnostic's generated Go types; kube-openapi produces it by parsing the
JSON document with gnostic's compiler and marshalling the result. This module does that mapping
without a protobuf library, driven by the message table of ``messages_v2`` (transcribed from
gnostic's ``openapiv2/OpenAPIv2.proto``), used both ways:

- objects with fixed keys are messages whose fields we list by JSON key;
- JSON maps are wrapper messages of ``Named<X>`` pairs (name = 1, value = 2), in input order;
- ``x-`` keys become ``NamedAny`` vendor extensions whose ``Any.yaml`` (field 2) holds the YAML
  text of the value (``yaml_text``), as gnostic's ``NewAny`` stores it; so do ``default``,
  ``example`` and each ``enum`` entry;
- gnostic's oneofs are chosen as its compiler chooses them: a ``$ref`` makes a parameter or
  response a ``JsonReference``; ``in: body`` a ``BodyParameter``, other ``in`` values the matching
  ``NonBodyParameter`` sub-schema; ``type`` may be one string or several (``TypeItem``);
  ``items`` one schema or several (``ItemsItem``); ``additionalProperties`` a schema or a boolean;
- proto3 scalars equal to their default (``""``, ``false``, ``0``) are not written, as Go's
  marshaller skips them; a oneof member is written even when false.

:func:`decode_document` reverses the mapping (for tests and debugging).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from kubeedge.apiserver.openapi import messages_v2 as messages
from kubeedge.apiserver.openapi import proto_wire
from kubeedge.apiserver.openapi.yaml_text import to_yaml

__all__ = ["decode_document", "encode_document"]

# --- encoding ---------------------------------------------------------------------------------


def encode_document(document: Mapping[str, Any]) -> bytes:
    """The ``openapi.v2.Document`` wire bytes of a Swagger 2.0 JSON document.

    Raises:
        ValueError: the document has a key or value the message does not allow.
    """
    return _message("Document", document, "$")


def _any(value: Any) -> bytes:
    writer = proto_wire.Writer()
    writer.string(2, to_yaml(value))
    return writer.getvalue()


def _named(name: str, value: bytes) -> bytes:
    writer = proto_wire.Writer()
    if name:
        writer.string(1, name)
    writer.length_delimited(2, value)
    return writer.getvalue()


def _message(name: str, node: Any, where: str) -> bytes:
    writer = proto_wire.Writer()
    if name in messages.ONEOFS:
        if not isinstance(node, Mapping):
            raise ValueError(f"{where}: expected an object")
        choose, kinds = messages.ONEOFS[name]
        number = choose(node)
        writer.length_delimited(number, _message(kinds[number][2:], node, where))
    elif name == "AdditionalPropertiesItem":
        if isinstance(node, bool):
            writer.varint(2, int(node))  # a oneof member: written even when false
        else:
            writer.length_delimited(1, _message("Schema", node, where))
    elif name in ("TypeItem", "StringArray"):
        for text in [node] if isinstance(node, str) else node:
            writer.string(1, _string(text, where))
    elif name == "ItemsItem":
        for sub in [node] if isinstance(node, Mapping) else node:
            writer.length_delimited(1, _message("Schema", sub, where))
    elif name in messages.MAPS:
        for key, value in _object(node, where).items():
            writer.length_delimited(1, _named(key, _value(messages.MAPS[name], value, f"{where}.{key}")))
    elif name in messages.MIXED_MAPS:
        pairs, kind, extensions = messages.MIXED_MAPS[name]
        entries = _object(node, where)
        for number in sorted((pairs, extensions)):
            for key, value in entries.items():
                if key.startswith("x-") == (number == extensions):
                    item = _any(value) if number == extensions else _value(kind, value, f"{where}.{key}")
                    writer.length_delimited(number, _named(key, item))
    else:
        _struct(writer, name, _object(node, where), where)
    return writer.getvalue()


def _struct(writer: proto_wire.Writer, name: str, node: Mapping[str, Any], where: str) -> None:
    fields, extensions = messages.STRUCTS[name]
    for key in node:
        if key not in fields and not (extensions is not None and key.startswith("x-")):
            raise ValueError(f"{where}: {name} has no field {key!r}")
    for key, (number, kind) in sorted(fields.items(), key=lambda item: item[1][0]):
        if key in node:
            _field(writer, number, kind, node[key], f"{where}.{key}")
    if extensions is not None:
        for key, value in node.items():
            if key.startswith("x-"):
                writer.length_delimited(extensions, _named(key, _any(value)))


def _field(writer: proto_wire.Writer, number: int, kind: str, value: Any, where: str) -> None:
    if kind == "s":
        if value != "":
            writer.string(number, _string(value, where))
    elif kind == "b":
        if not isinstance(value, bool):
            raise ValueError(f"{where}: expected a boolean")
        if value:
            writer.varint(number, 1)
    elif kind == "i":
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise ValueError(f"{where}: expected an integer")
        if value:
            writer.varint(number, int(value))
    elif kind == "d":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{where}: expected a number")
        if value:
            writer.double(number, float(value))
    elif kind in ("ss", "anys") or kind.startswith("ms:"):
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list")
        single = kind.removeprefix("ms:") if kind.startswith("ms:") else {"ss": "s", "anys": "any"}[kind]
        for index, item in enumerate(value):
            if single == "s":
                writer.string(number, _string(item, where))
            else:
                writer.length_delimited(
                    number, _value("any" if single == "any" else "m:" + single, item, f"{where}[{index}]")
                )
    else:
        writer.length_delimited(number, _value(kind, value, where))


def _value(kind: str, value: Any, where: str) -> bytes:
    if kind == "any":
        return _any(value)
    if kind == "s":
        return _string(value, where).encode()
    return _message(kind[2:], value, where)


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string")
    return value


def _object(node: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(node, Mapping):
        raise ValueError(f"{where}: expected an object")
    return node


# --- decoding ---------------------------------------------------------------------------------


def decode_document(data: bytes) -> dict[str, Any]:
    """The JSON form of ``openapi.v2.Document`` bytes: the inverse of :func:`encode_document`.

    Fields proto3 does not write (empty strings, false, zero) come back absent; a one-element
    ``type`` comes back as a string and a one-element ``items`` as a schema.
    """
    decoded = _decode("Document", data)
    assert isinstance(decoded, dict)
    return decoded


def _decode_value(kind: str, value: int | bytes) -> Any:
    if kind == "b":
        return bool(value)
    if kind == "i":
        assert isinstance(value, int)
        return proto_wire.to_int64(value)
    assert isinstance(value, bytes)
    if kind == "d":
        return proto_wire.to_double(value)
    if kind in ("s", "ss"):
        return value.decode()
    if kind in ("any", "anys"):
        return _decode_any(value)
    return _decode(kind.split(":", 1)[1], value)


def _decode_any(data: bytes) -> Any:
    text = next((v for n, _, v in proto_wire.read_fields(data) if n == 2 and isinstance(v, bytes)), b"")
    return yaml.safe_load(text.decode())


def _pair(data: bytes) -> tuple[str, bytes]:
    name, value = "", b""
    for number, _, raw in proto_wire.read_fields(data):
        assert isinstance(raw, bytes)
        if number == 1:
            name = raw.decode()
        else:
            value = raw
    return name, value


def _decode(name: str, data: bytes) -> Any:
    fields = list(proto_wire.read_fields(data))
    if name in messages.ONEOFS:
        number, _, raw = fields[-1]
        return _decode_value(messages.ONEOFS[name][1][number], raw)
    if name == "AdditionalPropertiesItem":
        number, _, raw = fields[-1]
        return bool(raw) if number == 2 else _decode_value("m:Schema", raw)
    if name in ("TypeItem", "StringArray", "ItemsItem"):
        kind = "m:Schema" if name == "ItemsItem" else "s"
        values = [_decode_value(kind, raw) for _, _, raw in fields]
        return values[0] if len(values) == 1 and name != "StringArray" else values
    if name in messages.MAPS or name in messages.MIXED_MAPS:
        out: dict[str, Any] = {}
        value_kind = messages.MAPS.get(name) or messages.MIXED_MAPS[name][1]
        extensions = messages.MIXED_MAPS[name][2] if name in messages.MIXED_MAPS else None
        for number, _, raw in fields:
            assert isinstance(raw, bytes)
            key, value = _pair(raw)
            out[key] = _decode_any(value) if number == extensions else _decode_value(value_kind, value)
        return out
    spec, ext = messages.STRUCTS[name]
    by_number = {number: (key, kind) for key, (number, kind) in spec.items()}
    out = {}
    for number, _, raw in fields:
        if number == ext:
            assert isinstance(raw, bytes)
            key, value = _pair(raw)
            out[key] = _decode_any(value)
            continue
        key, kind = by_number[number]
        decoded = _decode_value(kind, raw)
        if kind in ("ss", "anys") or kind.startswith("ms:"):
            out.setdefault(key, []).append(decoded)
        else:
            out[key] = decoded
    return out

"""A Kubernetes protobuf ENCODER, for tests only: JSON object -> ``k8s\\x00`` + Unknown envelope.

It walks the same field tables and schemas as the decoder, in reverse, so round trips
(JSON -> protobuf -> JSON) exercise every table entry. ``go=True`` imitates Go's gogo-protobuf
marshaller more closely: value (non-pointer) scalar fields are written even when the JSON leaves
them out, as zero values, which the decoder must drop again for ``omitempty`` fields.
``packed=True`` writes repeated numbers packed, which Go never does but protobuf allows.
"""

from __future__ import annotations

import base64
import struct
from datetime import UTC, datetime
from typing import Any

import orjson

from kubeedge.apiserver.protobuf.fields import Field, Inline, Presence, table_for
from kubeedge.apiserver.schema import builtin
from kubeedge.apiserver.schema.model import REF_PREFIX, Schema

__all__ = ["encode_message", "encode_object", "envelope", "field_bytes", "field_varint", "varint"]

_META = "io.k8s.apimachinery.pkg.apis.meta.v1."
_APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
_PROPS = _APIEXT + "JSONSchemaProps"


def varint(value: int) -> bytes:
    value &= 0xFFFF_FFFF_FFFF_FFFF  # negative numbers: 64-bit two's complement, ten bytes
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tag(number: int, wire_type: int) -> bytes:
    return varint(number << 3 | wire_type)


def field_varint(number: int, value: int) -> bytes:
    return tag(number, 0) + varint(value)


def field_bytes(number: int, payload: bytes) -> bytes:
    return tag(number, 2) + varint(len(payload)) + payload


def field_double(number: int, value: float) -> bytes:
    return tag(number, 1) + struct.pack("<d", value)


def envelope(api_version: str, kind: str, raw: bytes | None, *, extra: bytes = b"") -> bytes:
    type_meta = b""
    if api_version:
        type_meta += field_bytes(1, api_version.encode())
    if kind:
        type_meta += field_bytes(2, kind.encode())
    body = field_bytes(1, type_meta)
    if raw is not None:
        body += field_bytes(2, raw)
    return b"k8s\x00" + body + extra


def _ref(node: Schema) -> str | None:
    ref = node.get("$ref")
    if ref is None and isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
        ref = node["allOf"][0].get("$ref")
    return ref.removeprefix(REF_PREFIX) if ref else None


def _timestamp(text: str | None) -> bytes:
    if text is None:
        return b""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    seconds = int((moment - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() // 1)
    # Go writes both fields, zero or not.
    return field_varint(1, seconds) + field_varint(2, moment.microsecond * 1000)


class _Encoder:
    def __init__(self, *, go: bool, packed: bool) -> None:
        self.go = go
        self.packed = packed
        self.schemas = builtin.builtin_schemas()

    def message(self, definition: str, obj: dict[str, Any]) -> bytes:
        props = self.schemas.definitions[definition].get("properties", {})
        return self._fields(table_for(definition).fields, obj, props)

    def _fields(self, fields: Any, obj: dict[str, Any], props: dict[str, Any]) -> bytes:
        out = b""
        for number in sorted(fields):
            entry = fields[number]
            if isinstance(entry, Inline):
                # Inline structs are Go value fields: always written, even when empty.
                out += field_bytes(number, self._fields(entry.fields, obj, props))
                continue
            assert isinstance(entry, Field)
            node = props[entry.name]
            if entry.name in obj:
                out += self._value(number, node, obj[entry.name])
            elif self.go and entry.presence is not Presence.POINTER:
                out += self._zero(number, node)
        return out

    def _zero(self, number: int, node: Schema) -> bytes:
        kind = node.get("type") if _ref(node) is None else None
        if kind == "string" and node.get("format") != "byte":
            return field_bytes(number, b"")
        if kind in ("integer", "boolean"):
            return field_varint(number, 0)
        if kind == "number":
            return field_double(number, 0.0)
        return b""

    def _value(self, number: int, node: Schema, value: Any) -> bytes:
        ref = _ref(node)
        kind = node.get("type") if ref is None else None
        if kind == "array":
            items = node["items"]
            item_kind = items.get("type") if _ref(items) is None else None
            if self.packed and item_kind in ("integer", "boolean", "number"):
                packed = b"".join(self._raw_scalar(items, v) for v in value)
                return field_bytes(number, packed)
            return b"".join(self._value(number, items, v) for v in value)
        if kind == "object" and ref is None:
            inner = node["additionalProperties"]
            return b"".join(
                field_bytes(number, field_bytes(1, key.encode()) + self._value(2, inner, value[key]))
                for key in sorted(value)
            )
        if ref is not None:
            return field_bytes(number, self._special_or_message(ref, value))
        if kind == "string":
            data = base64.b64decode(value) if node.get("format") == "byte" else value.encode()
            return field_bytes(number, data)
        if kind == "number":
            return field_double(number, float(value))
        return field_varint(number, int(value))

    def _raw_scalar(self, node: Schema, value: Any) -> bytes:
        if node.get("type") == "number":
            return struct.pack("<d", float(value))
        return varint(int(value))

    def _special_or_message(self, ref: str, value: Any) -> bytes:
        if ref in (_META + "Time", _META + "MicroTime"):
            return _timestamp(value)
        if ref == _META + "Duration":
            return field_varint(1, value)
        if ref == "io.k8s.apimachinery.pkg.api.resource.Quantity":
            return field_bytes(1, str(value).encode())
        if ref == "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
            if isinstance(value, str):
                return field_varint(1, 1) + field_varint(2, 0) + field_bytes(3, value.encode())
            return field_varint(1, 0) + field_varint(2, value) + field_bytes(3, b"")
        if ref in (_META + "FieldsV1", _APIEXT + "JSON", "io.k8s.apimachinery.pkg.runtime.RawExtension"):
            return b"" if value is None else field_bytes(1, orjson.dumps(value))
        if ref == _APIEXT + "JSONSchemaPropsOrBool":
            if isinstance(value, bool):
                return field_varint(1, int(value))
            return field_varint(1, 1) + field_bytes(2, self.message(_PROPS, value))
        if ref in (_APIEXT + "JSONSchemaPropsOrArray", _APIEXT + "JSONSchemaPropsOrStringArray"):
            if value is None:
                return b""
            if isinstance(value, dict):
                return field_bytes(1, self.message(_PROPS, value))
            if ref.endswith("OrArray"):
                return b"".join(field_bytes(2, self.message(_PROPS, item)) for item in value)
            return b"".join(field_bytes(2, item.encode()) for item in value)
        return self.message(ref, value)


def encode_message(definition: str, obj: dict[str, Any], *, go: bool = False, packed: bool = False) -> bytes:
    """The message of ``obj`` (a JSON object of ``definition``), without envelope."""
    return _Encoder(go=go, packed=packed).message(definition, obj)


def encode_object(obj: dict[str, Any], *, go: bool = False, packed: bool = False) -> bytes:
    """A full protobuf body for ``obj``, which names its ``apiVersion`` and ``kind``."""
    api_version, kind = obj["apiVersion"], obj["kind"]
    group, _, version = api_version.rpartition("/")
    definition = builtin.DEFINITION_BY_GVK[(group, version, kind)]
    body = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind")}
    return envelope(api_version, kind, encode_message(definition, body, go=go, packed=packed))

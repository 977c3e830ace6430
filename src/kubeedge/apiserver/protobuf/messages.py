"""Decode one protobuf message into its JSON object, guided by the OpenAPI schema of its definition.

The walk is generic. For each wire field, :mod:`~kubeedge.apiserver.protobuf.fields` gives the JSON
name and Go's zero-value rule, and the schema of that JSON field gives its shape: a ``$ref`` is a
nested message (or one of the hand-marshalled types of :mod:`~kubeedge.apiserver.protobuf.special`),
an ``array`` a repeated field (numbers may come packed), an object with ``additionalProperties`` a
map whose entries are messages ``{key=1, value=2}``, and ``string`` / ``integer`` / ``boolean`` /
``number`` the proto scalars (length-delimited, varint, varint, fixed64; ``format: byte`` strings
are bytes, printed in base64).

What comes out follows Go's JSON encoder: a field absent on the wire is absent; a zero scalar of
an ``omitempty`` value field is left out; messages present on the wire appear even when empty
(``"status": {}``); map keys are sorted; fields come in Go's declaration order. Unknown field
numbers are skipped. A message sent twice merges, scalars keep their last value, as in Go.

Nesting is bounded by :data:`MAX_DEPTH` so that hostile input cannot exhaust the Python stack.
"""

from __future__ import annotations

import base64
import math
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.protobuf import special, wire
from kubeedge.apiserver.protobuf.envelope import MAGIC, definition_for, read_envelope, split_api_version
from kubeedge.apiserver.protobuf.fields import Field, Inline, table_for
from kubeedge.apiserver.schema.model import REF_PREFIX
from kubeedge.errors import ProtocolError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kubeedge.apiserver.schema.model import Schema, SchemaSet

__all__ = ["MAX_DEPTH", "MessageDecoder"]

MAX_DEPTH = 150
"""Deepest message nesting accepted (a CRD schema spends two levels per property level)."""

_META = "io.k8s.apimachinery.pkg.apis.meta.v1."
_APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
_TIME = _META + "Time"
_MICRO_TIME = _META + "MicroTime"
_DURATION = _META + "Duration"
_FIELDS_V1 = _META + "FieldsV1"
_QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
_INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
_RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension"
_JSON = _APIEXT + "JSON"
_PROPS = _APIEXT + "JSONSchemaProps"
_OR_ARRAY = _APIEXT + "JSONSchemaPropsOrArray"
_OR_BOOL = _APIEXT + "JSONSchemaPropsOrBool"
_OR_STRINGS = _APIEXT + "JSONSchemaPropsOrStringArray"
_SPECIAL = frozenset(
    {
        _TIME,
        _MICRO_TIME,
        _DURATION,
        _FIELDS_V1,
        _QUANTITY,
        _INT_OR_STRING,
        _RAW_EXTENSION,
        _JSON,
        _OR_ARRAY,
        _OR_BOOL,
        _OR_STRINGS,
    }
)
_PACKABLE = frozenset({"integer", "boolean", "number"})


def _ref_name(node: Schema) -> str | None:
    ref = node.get("$ref")
    if ref is None:
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            ref = all_of[0].get("$ref")
    return ref.removeprefix(REF_PREFIX) if isinstance(ref, str) else None


def _is_zero(value: Any) -> bool:
    """Whether Go's ``omitempty`` drops this scalar (``""``, ``0``, ``0.0``, ``false``)."""
    return value == "" or value is False or value == 0


class MessageDecoder:
    """Decodes the messages of one buffer against one schema set, counting the nesting depth.

    One instance serves one body: ``message()`` for the object, and recursively for everything
    inside it. Offsets index ``buf``; nothing is copied until a leaf value is built.
    """

    __slots__ = ("buf", "depth", "schemas")

    def __init__(self, buf: bytes, schemas: SchemaSet) -> None:
        self.buf = buf
        self.schemas = schemas
        self.depth = 0

    # --- messages -------------------------------------------------------------------------

    def message(self, definition: str, start: int, end: int, into: dict[str, Any] | None = None) -> dict[str, Any]:
        """Decode the message of ``definition`` in ``buf[start:end]`` (merging into ``into``)."""
        self._enter()
        table = table_for(definition)
        node = self.schemas.definitions.get(definition, {})
        out: dict[str, Any] = {} if into is None else into
        maps: set[str] = set()
        self._fill(out, start, end, table.fields, node.get("properties", {}), maps)
        for name in maps:
            out[name] = dict(sorted(out[name].items()))
        self.depth -= 1
        # Every key comes from the table, whose order is Go's field order.
        return {name: out[name] for name in table.order if name in out}

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ProtocolError(f"objects nested deeper than {MAX_DEPTH} messages are not accepted")

    def _fill(
        self,
        out: dict[str, Any],
        start: int,
        end: int,
        fields: Mapping[int, Field | Inline],
        props: Mapping[str, Schema],
        maps: set[str],
    ) -> None:
        for item in wire.iter_fields(self.buf, start, end):
            entry = fields.get(item.number)
            if entry is None:
                continue
            if isinstance(entry, Inline):
                wire.expect(item, wire.WireType.BYTES, f"inline field {item.number}")
                self._enter()
                self._fill(out, item.start, item.end, entry.fields, props, maps)
                self.depth -= 1
                continue
            node = props.get(entry.name)
            if node is not None:
                self._field(out, entry, node, item, maps)

    def _field(self, out: dict[str, Any], field: Field, node: Schema, item: wire.WireField, maps: set[str]) -> None:
        name = field.name
        ref = _ref_name(node)
        kind = node.get("type") if ref is None else None
        if kind in ("array", "object"):
            inner = node.get("items" if kind == "array" else "additionalProperties")
            if not isinstance(inner, dict):
                return  # pragma: no cover - every array and map of the built-in schemas is typed
            if kind == "array":
                values = self._elements(inner, item, name)
                if values:
                    out.setdefault(name, []).extend(values)
            else:
                key, value = self._map_entry(inner, item, name)
                out.setdefault(name, {})[key] = value
                maps.add(name)
        elif ref is not None and ref not in _SPECIAL:
            wire.expect(item, wire.WireType.BYTES, name)
            previous = out.get(name)
            # A message sent twice merges, as Go's generated Unmarshal does.
            out[name] = self.message(ref, item.start, item.end, previous if isinstance(previous, dict) else None)
        else:
            value = self._single(node, item, name)
            if ref is None and not field.keeps_zero and _is_zero(value):
                out.pop(name, None)
            else:
                out[name] = value

    def _elements(self, node: Schema, item: wire.WireField, name: str) -> list[Any]:
        """The values one wire field adds to a repeated field (several when scalars come packed)."""
        kind = node.get("type") if _ref_name(node) is None else None
        if kind in _PACKABLE and item.wire_type == wire.WireType.BYTES:
            packed = wire.WireType.FIXED64 if kind == "number" else wire.WireType.VARINT
            return [
                self._scalar(node, wire.WireField(item.number, packed, number, item.end, item.end), name)
                for number in wire.iter_packed(self.buf, item.start, item.end, packed)
            ]
        return [self._single(node, item, name)]

    def _map_entry(self, node: Schema, item: wire.WireField, name: str) -> tuple[str, Any]:
        wire.expect(item, wire.WireType.BYTES, name)
        self._enter()
        key = ""
        value: Any = None
        has_value = False
        for inner in wire.iter_fields(self.buf, item.start, item.end):
            if inner.number == 1:
                wire.expect(inner, wire.WireType.BYTES, name + " key")
                key = wire.read_text(self.buf, inner.start, inner.end)
            elif inner.number == 2:
                value = self._single(node, inner, name)
                has_value = True
        if not has_value:
            # Go stores the zero value of the map's value type for an entry without one.
            end = item.end
            value = self._single(node, wire.WireField(2, _wire_type_of(node), 0, end, end), name)
        self.depth -= 1
        return key, value

    # --- values ---------------------------------------------------------------------------

    def _single(self, node: Schema, item: wire.WireField, name: str) -> Any:
        """One value of any non-repeated shape: scalar, message or special type."""
        ref = _ref_name(node)
        if ref is None:
            return self._scalar(node, item, name)
        wire.expect(item, wire.WireType.BYTES, name)
        if ref not in _SPECIAL:
            return self.message(ref, item.start, item.end)
        self._enter()
        try:
            return self._special(ref, item.start, item.end)
        finally:
            self.depth -= 1

    def _scalar(self, node: Schema, item: wire.WireField, name: str) -> Any:
        kind = node.get("type")
        if kind == "string":
            wire.expect(item, wire.WireType.BYTES, name)
            if node.get("format") == "byte":
                return base64.b64encode(self.buf[item.start : item.end]).decode("ascii")
            return wire.read_text(self.buf, item.start, item.end)
        if kind == "integer":
            wire.expect(item, wire.WireType.VARINT, name)
            return wire.to_int32(item.value) if node.get("format") == "int32" else wire.to_int64(item.value)
        if kind == "boolean":
            wire.expect(item, wire.WireType.VARINT, name)
            return item.value != 0
        if kind == "number":
            wire.expect(item, wire.WireType.FIXED64, name)
            number = wire.to_double(item.value)
            if not math.isfinite(number):
                raise ProtocolError(f"json: unsupported value: {number} (field {name})")
            # Go prints integral doubles below 1e21 without a fraction: JSON readers see an int.
            return int(number) if number.is_integer() and abs(number) < 1e21 else number
        raise ProtocolError(f"field {name} has no protobuf encoding")  # pragma: no cover - schema error

    def _special(self, ref: str, start: int, end: int) -> Any:
        buf = self.buf
        if ref in (_TIME, _MICRO_TIME):
            return special.time_json(buf, start, end, micro=ref == _MICRO_TIME)
        if ref == _QUANTITY:
            return special.quantity_json(buf, start, end)
        if ref == _INT_OR_STRING:
            return special.int_or_string_json(buf, start, end)
        if ref == _DURATION:
            return special.duration_json(buf, start, end)
        if ref in (_FIELDS_V1, _JSON, _RAW_EXTENSION):
            span = special.raw_bytes(buf, start, end)
            if span is None:
                return None
            if ref == _RAW_EXTENSION and buf[span[0] : span[0] + len(MAGIC)] == MAGIC:
                return self.embedded(*span)
            return special.parse_raw_json(buf[span[0] : span[1]])
        return self._schema_union(ref, start, end)

    def _schema_union(self, ref: str, start: int, end: int) -> Any:
        """JSONSchemaPropsOrArray / OrBool / OrStringArray, printed as their MarshalJSON does."""
        schema: dict[str, Any] | None = None
        items: list[Any] = []
        allows = False
        schema_field = 2 if ref == _OR_BOOL else 1
        for item in wire.iter_fields(self.buf, start, end):
            if item.number == schema_field:
                wire.expect(item, wire.WireType.BYTES, "Schema")
                schema = self.message(_PROPS, item.start, item.end, schema)
            elif ref == _OR_BOOL and item.number == 1:
                wire.expect(item, wire.WireType.VARINT, "Allows")
                allows = item.value != 0
            elif ref != _OR_BOOL and item.number == 2:
                wire.expect(item, wire.WireType.BYTES, "JSONSchemas" if ref == _OR_ARRAY else "Property")
                if ref == _OR_ARRAY:
                    items.append(self.message(_PROPS, item.start, item.end))
                else:
                    items.append(wire.read_text(self.buf, item.start, item.end))
        if ref == _OR_BOOL:
            return schema if schema is not None else allows
        # The list wins when it has items, then the schema; neither prints null.
        return items or schema

    def embedded(self, start: int, end: int) -> dict[str, Any]:
        """A protobuf-encoded object inside a RawExtension: its envelope must name a known kind."""
        envelope = read_envelope(self.buf, start, end)
        group, version = split_api_version(envelope.api_version)
        definition = definition_for((group, version, envelope.kind))
        if definition is None:
            raise ProtocolError(f"embedded object of unknown kind {envelope.kind!r} in {envelope.api_version!r}")
        body = self.message(definition, envelope.raw_start, envelope.raw_end)
        return {"kind": envelope.kind, "apiVersion": envelope.api_version, **body}


def _wire_type_of(node: Schema) -> wire.WireType:
    kind = node.get("type") if _ref_name(node) is None else None
    if kind in ("integer", "boolean"):
        return wire.WireType.VARINT
    if kind == "number":
        return wire.WireType.FIXED64
    return wire.WireType.BYTES

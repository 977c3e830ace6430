"""The protobuf wire format, read: tags, varints, fixed-width numbers and length-delimited spans.

This is the schema-free bottom layer of the Kubernetes protobuf decoder. It knows nothing about
Kubernetes: it splits a buffer into :class:`WireField` records and converts raw numbers the way
Go's generated code does (two's-complement int64, truncated int32, IEEE-754 doubles).

Length-delimited fields are returned as ``(start, end)`` offsets into the caller's buffer rather
than copies, so nested messages are walked without copying. Every read is bounds-checked; a
malformed buffer raises :class:`~kubeedge.errors.ProtocolError` with the wording of gogo-protobuf's
generated ``Unmarshal`` (``unexpected EOF``, ``proto: integer overflow``...), which kube-apiserver
passes through to clients inside its ``BadRequest`` message.

Unknown fields must be skippable whatever their wire type, groups included (protobuf's rule, and
gogo's ``skipGenerated``), so :func:`iter_fields` also yields start-group fields, spanning up to
their matching end-group tag.
"""

from __future__ import annotations

import enum
import struct
from typing import TYPE_CHECKING, NamedTuple

from kubeedge.errors import ProtocolError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "WireField",
    "WireType",
    "expect",
    "iter_fields",
    "iter_packed",
    "read_text",
    "read_varint",
    "to_double",
    "to_int32",
    "to_int64",
]

_MAX_VARINT_BYTES = 10
_DOUBLE = struct.Struct("<d")


class WireType(enum.IntEnum):
    """The low three bits of a field tag."""

    VARINT = 0
    FIXED64 = 1
    BYTES = 2
    START_GROUP = 3
    END_GROUP = 4
    FIXED32 = 5


class WireField(NamedTuple):
    """One field read from a message.

    ``value`` holds the number for varint and fixed-width fields; ``start``/``end`` delimit the
    payload of length-delimited fields and groups in the buffer that was read.
    """

    number: int
    wire_type: WireType
    value: int
    start: int
    end: int


def read_varint(buf: bytes, pos: int, end: int) -> tuple[int, int]:
    """Read a base-128 varint at ``pos``; return it (unsigned, up to 64 bits) and the next offset.

    Raises:
        ProtocolError: the buffer ends inside the varint, or it is longer than ten bytes.
    """
    result = 0
    shift = 0
    for index in range(pos, min(end, pos + _MAX_VARINT_BYTES)):
        byte = buf[index]
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            # A tenth byte may carry bits above 64; Go's uint64 arithmetic drops them.
            return result & 0xFFFF_FFFF_FFFF_FFFF, index + 1
        shift += 7
    if end - pos >= _MAX_VARINT_BYTES:
        raise ProtocolError("proto: integer overflow")
    raise ProtocolError("unexpected EOF")


def _length(buf: bytes, pos: int, end: int) -> tuple[int, int]:
    """Read a length prefix and return the payload's (start, end)."""
    length, pos = read_varint(buf, pos, end)
    if length >= 1 << 63:
        # Go reads the length into an int: the top bit makes it negative.
        raise ProtocolError("proto: negative length found during unmarshaling")
    if length > end - pos:
        raise ProtocolError("unexpected EOF")
    return pos, pos + length


def _read_tag(buf: bytes, pos: int, end: int) -> tuple[int, int, int]:
    tag, pos = read_varint(buf, pos, end)
    number = tag >> 3
    wire = tag & 7
    if number <= 0 or number >= 1 << 29:
        raise ProtocolError(f"proto: illegal tag {number} (wire type {wire})")
    if wire > WireType.FIXED32:
        raise ProtocolError(f"proto: illegal wireType {wire}")
    return number, wire, pos


def _skip_group(buf: bytes, pos: int, end: int) -> int:
    """Skip the body of a group whose start tag was just read; return the offset after its end tag.

    Like gogo's ``skipGenerated``, only the nesting depth is tracked, not the group numbers.
    """
    depth = 1
    while pos < end:
        _, wire, pos = _read_tag(buf, pos, end)
        if wire == WireType.VARINT:
            _, pos = read_varint(buf, pos, end)
        elif wire in (WireType.FIXED64, WireType.FIXED32):
            pos += 8 if wire == WireType.FIXED64 else 4
            if pos > end:
                raise ProtocolError("unexpected EOF")
        elif wire == WireType.BYTES:
            _, pos = _length(buf, pos, end)
        elif wire == WireType.START_GROUP:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return pos
    raise ProtocolError("unexpected EOF")


def iter_fields(buf: bytes, start: int = 0, end: int | None = None) -> Iterator[WireField]:
    """Yield the fields of the message in ``buf[start:end]``, in wire order.

    Raises:
        ProtocolError: the bytes are not a well-formed message (checked lazily, field by field).
    """
    pos = start
    stop = len(buf) if end is None else end
    while pos < stop:
        number, wire, pos = _read_tag(buf, pos, stop)
        if wire == WireType.VARINT:
            value, pos = read_varint(buf, pos, stop)
            yield WireField(number, WireType.VARINT, value, pos, pos)
        elif wire == WireType.FIXED64:
            if stop - pos < 8:
                raise ProtocolError("unexpected EOF")
            value = int.from_bytes(buf[pos : pos + 8], "little")
            pos += 8
            yield WireField(number, WireType.FIXED64, value, pos, pos)
        elif wire == WireType.FIXED32:
            if stop - pos < 4:
                raise ProtocolError("unexpected EOF")
            value = int.from_bytes(buf[pos : pos + 4], "little")
            pos += 4
            yield WireField(number, WireType.FIXED32, value, pos, pos)
        elif wire == WireType.BYTES:
            payload_start, pos = _length(buf, pos, stop)
            yield WireField(number, WireType.BYTES, 0, payload_start, pos)
        elif wire == WireType.START_GROUP:
            body_start = pos
            pos = _skip_group(buf, pos, stop)
            yield WireField(number, WireType.START_GROUP, 0, body_start, pos)
        else:
            raise ProtocolError("proto: wiretype end group for non-group")


def iter_packed(buf: bytes, start: int, end: int, wire_type: WireType) -> Iterator[int]:
    """Yield the numbers of a packed repeated field (varints or fixed-width values back to back)."""
    pos = start
    if wire_type == WireType.VARINT:
        while pos < end:
            value, pos = read_varint(buf, pos, end)
            yield value
        return
    width = 8 if wire_type == WireType.FIXED64 else 4
    if (end - start) % width:
        raise ProtocolError("unexpected EOF")
    for offset in range(start, end, width):
        yield int.from_bytes(buf[offset : offset + width], "little")


def to_int64(value: int) -> int:
    """Reinterpret a 64-bit varint as Go's int64 (two's complement)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_int32(value: int) -> int:
    """Reinterpret a varint as Go's int32: generated code keeps only the low 32 bits."""
    value &= 0xFFFF_FFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def to_double(bits: int) -> float:
    """The IEEE-754 double whose bit pattern is the fixed64 ``bits``."""
    value: float = _DOUBLE.unpack(bits.to_bytes(8, "little"))[0]
    return value


def expect(field: WireField, wire_type: WireType, name: str) -> None:
    """Check that a known field came with the wire type its type needs (gogo's wording when not)."""
    if field.wire_type != wire_type:
        raise ProtocolError(f"proto: wrong wireType = {int(field.wire_type)} for field {name}")


def read_text(buf: bytes, start: int, end: int) -> str:
    """A string field. Go strings hold any bytes; its JSON encoder turns invalid UTF-8 into U+FFFD."""
    return buf[start:end].decode("utf-8", errors="replace")

"""The protocol buffers wire format, the small part of it the OpenAPI v2 document needs.

A message is a sequence of fields, each a key ``(field_number << 3) | wire_type`` as a varint
followed by the value: wire type 0 is a varint (int64, bool; negatives as 10-byte two's
complement), 1 is eight little-endian bytes (double), 2 is a varint length and that many bytes
(string, bytes, embedded message, one element of a repeated message or string). Repeated fields
repeat the key. We write fields in field-number order, as Go's proto.Marshal does.

The reader is for tests and debugging: it splits a message into ``(number, wire type, value)``.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "FIXED32",
    "FIXED64",
    "LENGTH",
    "VARINT",
    "Writer",
    "encode_varint",
    "read_fields",
    "to_double",
    "to_int64",
]

VARINT = 0
FIXED64 = 1
LENGTH = 2
FIXED32 = 5
_UINT64 = 1 << 64
_DOUBLE = struct.Struct("<d")


def encode_varint(value: int) -> bytes:
    """Base-128 varint; negative values as their 64-bit two's complement (ten bytes)."""
    if value < 0:
        value += _UINT64
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


class Writer:
    """Accumulates the fields of one message."""

    __slots__ = ("_buf",)

    def __init__(self) -> None:
        self._buf = bytearray()

    def varint(self, number: int, value: int) -> None:
        self._buf += encode_varint(number << 3 | VARINT)
        self._buf += encode_varint(value)

    def double(self, number: int, value: float) -> None:
        self._buf += encode_varint(number << 3 | FIXED64)
        self._buf += _DOUBLE.pack(value)

    def length_delimited(self, number: int, data: bytes | bytearray) -> None:
        self._buf += encode_varint(number << 3 | LENGTH)
        self._buf += encode_varint(len(data))
        self._buf += data

    def string(self, number: int, text: str) -> None:
        self.length_delimited(number, text.encode())

    def getvalue(self) -> bytes:
        return bytes(self._buf)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise ValueError("varint longer than ten bytes")


def read_fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """The fields of one message: (field number, wire type, int for varints, bytes otherwise)."""
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        value: int | bytes
        if wire_type == VARINT:
            value, pos = _read_varint(data, pos)
        elif wire_type == FIXED64:
            value, pos = data[pos : pos + 8], pos + 8
        elif wire_type == LENGTH:
            size, pos = _read_varint(data, pos)
            value, pos = data[pos : pos + size], pos + size
        elif wire_type == FIXED32:
            value, pos = data[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported wire type {wire_type}")
        if pos > len(data):
            raise ValueError("truncated field")
        yield number, wire_type, value


def to_int64(value: int) -> int:
    """A varint read back as a signed 64-bit integer."""
    return value - _UINT64 if value >= 1 << 63 else value


def to_double(value: bytes) -> float:
    return float(_DOUBLE.unpack(value)[0])

"""The protobuf wire reader: varints, tags, spans, groups, packed values and Go's number casts."""

from __future__ import annotations

import struct

import pytest
from _protobuf_encode import field_bytes, field_varint, tag, varint
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.protobuf import wire
from kubeedge.errors import ProtocolError


@pytest.mark.parametrize(
    ("data", "value", "end"),
    [
        (b"\x00", 0, 1),
        (b"\x01", 1, 1),
        (b"\x7f", 127, 1),
        (b"\x80\x01", 128, 2),
        (b"\xac\x02", 300, 2),
        (b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 2**64 - 1, 10),
        # A tenth byte may carry bits beyond 64: Go drops them.
        (b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 2**64 - 1, 10),
        (b"\x05trailing", 5, 1),
    ],
)
def test_read_varint(data: bytes, value: int, end: int) -> None:
    assert wire.read_varint(data, 0, len(data)) == (value, end)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "unexpected EOF"),
        (b"\x80", "unexpected EOF"),
        (b"\xff" * 9, "unexpected EOF"),
        (b"\xff" * 10, "proto: integer overflow"),
        (b"\xff" * 11 + b"\x01", "proto: integer overflow"),
    ],
)
def test_read_varint_errors(data: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        wire.read_varint(data, 0, len(data))


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_varint_round_trip(value: int) -> None:
    data = varint(value)
    assert wire.read_varint(data, 0, len(data)) == (value, len(data))


def test_iter_fields_reads_every_wire_type() -> None:
    data = (
        field_varint(1, 150)
        + tag(2, 1)
        + struct.pack("<d", 1.5)
        + field_bytes(3, b"abc")
        + tag(4, 5)
        + (7).to_bytes(4, "little")
    )
    fields = list(wire.iter_fields(data))
    assert [(f.number, f.wire_type) for f in fields] == [
        (1, wire.WireType.VARINT),
        (2, wire.WireType.FIXED64),
        (3, wire.WireType.BYTES),
        (4, wire.WireType.FIXED32),
    ]
    assert fields[0].value == 150
    assert wire.to_double(fields[1].value) == 1.5
    assert data[fields[2].start : fields[2].end] == b"abc"
    assert fields[3].value == 7


def test_iter_fields_respects_the_span() -> None:
    inner = field_varint(1, 5) + field_varint(2, 6)
    data = field_bytes(9, inner) + field_varint(3, 1)
    outer = list(wire.iter_fields(data))
    assert [f.number for f in outer] == [9, 3]
    nested = list(wire.iter_fields(data, outer[0].start, outer[0].end))
    assert [(f.number, f.value) for f in nested] == [(1, 5), (2, 6)]


def test_groups_are_skipped_whole() -> None:
    group = tag(5, 3) + field_varint(1, 1) + tag(6, 3) + field_bytes(2, b"x") + tag(6, 4) + tag(5, 4)
    data = group + field_varint(7, 9)
    fields = list(wire.iter_fields(data))
    assert [(f.number, f.wire_type) for f in fields] == [(5, wire.WireType.START_GROUP), (7, wire.WireType.VARINT)]
    assert fields[1].value == 9


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (tag(1, 2) + varint(5) + b"abc", "unexpected EOF"),
        (tag(1, 2) + varint(2**63), "negative length"),
        (tag(1, 1) + b"\x00" * 7, "unexpected EOF"),
        (tag(1, 5) + b"\x00" * 3, "unexpected EOF"),
        (tag(1, 0), "unexpected EOF"),
        (varint(0), r"illegal tag 0 \(wire type 0\)"),
        (varint(7), r"illegal tag 0 \(wire type 7\)"),
        (tag(1, 6), "illegal wireType 6"),
        (tag(1, 7), "illegal wireType 7"),
        (tag(1, 4), "end group for non-group"),
        (tag(1, 3) + field_varint(2, 1), "unexpected EOF"),
        (tag(1, 3) + tag(2, 1) + b"\x00", "unexpected EOF"),
        (tag(1, 3) + tag(2, 2) + varint(9), "unexpected EOF"),
        (tag(1, 3) + varint(0), "illegal tag 0"),
    ],
)
def test_malformed_messages(data: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        list(wire.iter_fields(data))


def test_packed_values() -> None:
    varints = varint(1) + varint(300) + varint(2**64 - 1)
    assert list(wire.iter_packed(varints, 0, len(varints), wire.WireType.VARINT)) == [1, 300, 2**64 - 1]
    doubles = struct.pack("<dd", 1.0, -2.5)
    bits = list(wire.iter_packed(doubles, 0, len(doubles), wire.WireType.FIXED64))
    assert [wire.to_double(b) for b in bits] == [1.0, -2.5]
    fixed32 = (1).to_bytes(4, "little") + (2).to_bytes(4, "little")
    assert list(wire.iter_packed(fixed32, 0, 8, wire.WireType.FIXED32)) == [1, 2]
    with pytest.raises(ProtocolError, match="unexpected EOF"):
        list(wire.iter_packed(doubles, 0, 12, wire.WireType.FIXED64))
    with pytest.raises(ProtocolError, match="unexpected EOF"):
        list(wire.iter_packed(b"\x80", 0, 1, wire.WireType.VARINT))


@pytest.mark.parametrize(
    ("raw", "int64", "int32"),
    [
        (0, 0, 0),
        (5, 5, 5),
        (2**31 - 1, 2**31 - 1, 2**31 - 1),
        (2**31, 2**31, -(2**31)),
        (2**32 + 7, 2**32 + 7, 7),
        (2**64 - 1, -1, -1),
        (2**63, -(2**63), 0),
    ],
)
def test_go_integer_casts(raw: int, int64: int, int32: int) -> None:
    assert wire.to_int64(raw) == int64
    assert wire.to_int32(raw) == int32

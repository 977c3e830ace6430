"""The protobuf wire primitives: varints, fixed64, length-delimited fields, and the reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.openapi import proto_wire


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, "00"),
        (1, "01"),
        (127, "7f"),
        (128, "8001"),
        (300, "ac02"),
        (-1, "ffffffffffffffffff01"),  # int64 two's complement, ten bytes
        (-2, "feffffffffffffffff01"),
    ],
)
def test_varint(value: int, encoded: str) -> None:
    assert proto_wire.encode_varint(value).hex() == encoded


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_int64_round_trip(value: int) -> None:
    writer = proto_wire.Writer()
    writer.varint(11, value)
    [(number, wire_type, raw)] = list(proto_wire.read_fields(writer.getvalue()))
    assert (number, wire_type) == (11, proto_wire.VARINT)
    assert isinstance(raw, int)
    assert proto_wire.to_int64(raw) == value


@given(st.floats(allow_nan=False), st.text(), st.binary())
def test_fields_round_trip(number: float, text: str, data: bytes) -> None:
    writer = proto_wire.Writer()
    writer.double(7, number)
    writer.string(1, text)
    writer.length_delimited(300, data)
    fields = list(proto_wire.read_fields(writer.getvalue()))
    assert [(n, t) for n, t, _ in fields] == [(7, proto_wire.FIXED64), (1, proto_wire.LENGTH), (300, proto_wire.LENGTH)]
    assert isinstance(fields[0][2], bytes)
    assert proto_wire.to_double(fields[0][2]) == number
    assert fields[1][2] == text.encode()
    assert fields[2][2] == data


def test_keys() -> None:
    writer = proto_wire.Writer()
    writer.string(1, "2.0")  # key (1 << 3) | 2 = 0x0a
    writer.varint(16, 1)  # key 16 << 3 = 128: two-byte varint 80 01
    writer.double(7, 1.5)  # key (7 << 3) | 1 = 0x39, then little-endian IEEE 754
    assert writer.getvalue().hex() == "0a03322e30" + "800101" + "39" + "000000000000f83f"


@pytest.mark.parametrize("data", ["80", "0a05ab", "0b", "39000000"])
def test_truncated_or_unknown_wire_types_are_refused(data: str) -> None:
    with pytest.raises(ValueError, match=r"truncated|unsupported"):
        list(proto_wire.read_fields(bytes.fromhex(data)))

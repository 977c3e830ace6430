"""The hand-marshalled apimachinery types: Time, MicroTime, Duration, Quantity, IntOrString, raw JSON."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from _protobuf_encode import field_bytes, field_varint, tag
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.protobuf import special
from kubeedge.errors import ProtocolError


def _timestamp(seconds: int, nanos: int) -> bytes:
    return field_varint(1, seconds) + field_varint(2, nanos)


@pytest.mark.parametrize(
    ("data", "time", "micro"),
    [
        (b"", None, None),
        (_timestamp(0, 0), "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000Z"),
        (_timestamp(1704164645, 0), "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000000Z"),
        # Time drops the fraction; MicroTime keeps microseconds and truncates the rest.
        (_timestamp(1704164645, 123456789), "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123456Z"),
        (field_varint(1, 1704164645), "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000000Z"),
        # Nanoseconds outside [0, 1e9) carry into the seconds, as time.Unix does.
        (_timestamp(10, -1), "1970-01-01T00:00:09Z", "1970-01-01T00:00:09.999999Z"),
        (_timestamp(10, 1_500_000_000), "1970-01-01T00:00:11Z", "1970-01-01T00:00:11.500000Z"),
        # nanos is an int32: larger varints wrap, as in Go.
        (_timestamp(10, 2_500_000_000), "1970-01-01T00:00:08Z", "1970-01-01T00:00:08.205032Z"),
        (_timestamp(-1, 0), "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.000000Z"),
        (_timestamp(-62135596800, 1000), "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000001Z"),
        (_timestamp(253402300799, 0), "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.000000Z"),
        # Go's zero time.Time prints null however it is spelled.
        (_timestamp(-62135596800, 0), None, None),
        # Unknown fields are skipped.
        (field_bytes(9, b"x") + field_varint(1, 60), "1970-01-01T00:01:00Z", "1970-01-01T00:01:00.000000Z"),
    ],
)
def test_time_and_micro_time(data: bytes, time: str | None, micro: str | None) -> None:
    assert special.time_json(data, 0, len(data), micro=False) == time
    assert special.time_json(data, 0, len(data), micro=True) == micro


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_timestamp(253402300800, 0), "outside years 1 to 9999"),
        (_timestamp(-62135596801, 0), "outside years 1 to 9999"),
        (_timestamp(2**62, 0), "outside years 1 to 9999"),
        (tag(1, 2) + b"\x00", "wrong wireType = 2 for field Seconds"),
        (tag(2, 1) + b"\x00" * 8, "wrong wireType = 1 for field Nanos"),
        (b"\x08", "unexpected EOF"),
    ],
)
def test_time_errors(data: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        special.time_json(data, 0, len(data), micro=False)


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
def test_time_matches_python_formatting(moment: datetime) -> None:
    moment = moment.replace(tzinfo=UTC)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    seconds = delta.days * 86400 + delta.seconds  # integer arithmetic: floats lose the microseconds
    data = _timestamp(seconds, moment.microsecond * 1000)
    assert special.time_json(data, 0, len(data), micro=True) == moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ").rjust(27, "0")


@pytest.mark.parametrize(
    ("nanoseconds", "text"),
    [
        (0, "0s"),
        (1, "1ns"),
        (999, "999ns"),
        (1_000, "1µs"),
        (1_500, "1.5µs"),
        (1_000_000, "1ms"),
        (1_234_567, "1.234567ms"),
        (1_000_000_000, "1s"),
        (1_500_000_000, "1.5s"),
        (60_000_000_000, "1m0s"),
        (3_600_000_000_000, "1h0m0s"),
        (3_723_000_000_001, "1h2m3.000000001s"),
        (-90_000_000_000, "-1m30s"),
        (-1, "-1ns"),
        (2**63 - 1, "2562047h47m16.854775807s"),
        (-(2**63), "-2562047h47m16.854775808s"),
    ],
)
def test_go_duration(nanoseconds: int, text: str) -> None:
    assert special.format_go_duration(nanoseconds) == text
    data = field_varint(1, nanoseconds)
    assert special.duration_json(data, 0, len(data)) == text


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (b"", "0"),
        (field_bytes(1, b"500m"), "500m"),
        (field_bytes(1, b"1Gi") + field_bytes(1, b"2Gi"), "2Gi"),
    ],
)
def test_quantity(data: bytes, value: str) -> None:
    assert special.quantity_json(data, 0, len(data)) == value


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (b"", 0),
        (field_varint(1, 0) + field_varint(2, 8080) + field_bytes(3, b""), 8080),
        (field_varint(1, 1) + field_varint(2, 0) + field_bytes(3, b"http"), "http"),
        (field_varint(1, 1), ""),
        (field_varint(2, 2**64 - 1), -1),
    ],
)
def test_int_or_string(data: bytes, value: int | str) -> None:
    assert special.int_or_string_json(data, 0, len(data)) == value


def test_int_or_string_rejects_unknown_types() -> None:
    data = field_varint(1, 2)
    with pytest.raises(ProtocolError, match=r"impossible IntOrString\.Type"):
        special.int_or_string_json(data, 0, len(data))


def test_raw_json() -> None:
    data = field_bytes(1, b'{"a": [1, 2.5, null]}')
    span = special.raw_bytes(data, 0, len(data))
    assert span is not None
    assert special.parse_raw_json(data[span[0] : span[1]]) == {"a": [1, 2.5, None]}
    assert special.raw_bytes(b"", 0, 0) is None
    assert special.parse_raw_json(b"") is None
    with pytest.raises(ProtocolError, match="valid JSON"):
        special.parse_raw_json(b"{nope")
    with pytest.raises(ProtocolError, match="wrong wireType"):
        special.raw_bytes(field_varint(1, 1), 0, 2)

"""The apimachinery types whose protobuf message is not their JSON shape.

Most messages decode field by field into a JSON object, but a few Go types marshal themselves to
JSON by hand, and the decoder must print what their ``MarshalJSON`` prints:

* ``meta/v1.Time``: ``Timestamp{seconds=1, nanos=2}`` -> RFC 3339 in UTC, whole seconds
  (``2024-01-02T03:04:05Z``); an empty message is the zero time -> ``null``.
* ``meta/v1.MicroTime``: the same message -> RFC 3339 with six fractional digits.
* ``meta/v1.Duration``: ``{duration=1}`` nanoseconds -> Go's ``time.Duration.String()`` (``1h0m0s``).
* ``resource.Quantity``: ``{string=1}`` -> that string (Go always sends the canonical form).
* ``intstr.IntOrString``: ``{type=1, intVal=2, strVal=3}`` -> the int or the string, by ``type``.
* ``runtime.RawExtension``, ``meta/v1.FieldsV1``, ``apiextensions/v1.JSON``: ``{raw=1}`` holding
  JSON text -> that JSON value (``null`` when absent).

Each function reads one message from ``buf[start:end]`` and raises
:class:`~kubeedge.errors.ProtocolError` when it is malformed. A field sent twice keeps its last
value, as in Go.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from kubeedge.apiserver.protobuf import wire
from kubeedge.errors import ProtocolError

__all__ = [
    "duration_json",
    "format_go_duration",
    "int_or_string_json",
    "parse_raw_json",
    "quantity_json",
    "raw_bytes",
    "time_json",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Seconds of Go's zero time.Time (0001-01-01T00:00:00Z) since the Unix epoch: MarshalJSON prints null.
_GO_ZERO_SECONDS = -62135596800
_NANOS = 1_000_000_000


def time_json(buf: bytes, start: int, end: int, *, micro: bool) -> str | None:
    """A ``Time`` (``micro=False``) or ``MicroTime`` message as its JSON string, or None for zero."""
    if start == end:
        return None
    seconds = 0
    nanos = 0
    for field in wire.iter_fields(buf, start, end):
        if field.number == 1:
            wire.expect(field, wire.WireType.VARINT, "Seconds")
            seconds = wire.to_int64(field.value)
        elif field.number == 2:
            wire.expect(field, wire.WireType.VARINT, "Nanos")
            nanos = wire.to_int32(field.value)
    # time.Unix normalizes nanoseconds outside [0, 1e9) into the seconds.
    seconds += nanos // _NANOS
    nanos %= _NANOS
    if seconds == _GO_ZERO_SECONDS and nanos == 0:
        return None
    try:
        moment = _EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        moment = None
    if moment is None or not 1 <= moment.year <= 9999:
        # Go would print a year RFC 3339 cannot hold; nothing could parse it back.
        raise ProtocolError(f"time {seconds}s since the epoch is outside years 1 to 9999")
    text = (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )
    if micro:
        text += f".{nanos // 1000:06d}"
    return text + "Z"


def format_go_duration(nanoseconds: int) -> str:
    """Go's ``time.Duration.String()``: ``1h2m3.5s``, ``1.5ms``, ``0s``..."""
    if nanoseconds == 0:
        return "0s"
    sign = "-" if nanoseconds < 0 else ""
    magnitude = abs(nanoseconds)
    if magnitude < _NANOS:
        # Below a second Go switches to the largest unit that keeps an integer part.
        for unit, precision, limit in (("ns", 0, 1_000), ("µs", 3, 1_000_000), ("ms", 6, _NANOS)):
            if magnitude < limit:
                fraction, whole = _fraction(magnitude, precision)
                return f"{sign}{whole}{fraction}{unit}"
    fraction, seconds = _fraction(magnitude, 9)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{seconds}{fraction}s"
    if minutes or hours:
        text = f"{minutes}m" + text
    if hours:
        text = f"{hours}h" + text
    return sign + text


def _fraction(value: int, precision: int) -> tuple[str, int]:
    """Split ``value`` into ``value // 10**precision`` and its decimal fraction without trailing zeros."""
    whole, rest = divmod(value, 10**precision)
    if rest == 0:
        return "", whole
    digits = f"{rest:0{precision}d}".rstrip("0")
    return "." + digits, whole


def duration_json(buf: bytes, start: int, end: int) -> str:
    """A ``meta/v1.Duration`` message as Go prints it."""
    nanoseconds = 0
    for field in wire.iter_fields(buf, start, end):
        if field.number == 1:
            wire.expect(field, wire.WireType.VARINT, "Duration")
            nanoseconds = wire.to_int64(field.value)
    return format_go_duration(nanoseconds)


def quantity_json(buf: bytes, start: int, end: int) -> str:
    """A ``resource.Quantity`` message: its string, ``"0"`` for the zero quantity."""
    text = "0"
    for field in wire.iter_fields(buf, start, end):
        if field.number == 1:
            wire.expect(field, wire.WireType.BYTES, "String_")
            text = wire.read_text(buf, field.start, field.end)
    return text


def int_or_string_json(buf: bytes, start: int, end: int) -> int | str:
    """An ``intstr.IntOrString`` message: ``intVal`` when ``type`` is 0, ``strVal`` when it is 1."""
    kind = 0
    int_value = 0
    str_value = ""
    for field in wire.iter_fields(buf, start, end):
        if field.number == 1:
            wire.expect(field, wire.WireType.VARINT, "Type")
            kind = wire.to_int64(field.value)
        elif field.number == 2:
            wire.expect(field, wire.WireType.VARINT, "IntVal")
            int_value = wire.to_int32(field.value)
        elif field.number == 3:
            wire.expect(field, wire.WireType.BYTES, "StrVal")
            str_value = wire.read_text(buf, field.start, field.end)
    if kind == 0:
        return int_value
    if kind == 1:
        return str_value
    raise ProtocolError("impossible IntOrString.Type")


def raw_bytes(buf: bytes, start: int, end: int) -> tuple[int, int] | None:
    """The span of field 1 (``raw``) of a RawExtension, FieldsV1 or JSON message, or None if absent."""
    span = None
    for field in wire.iter_fields(buf, start, end):
        if field.number == 1:
            wire.expect(field, wire.WireType.BYTES, "Raw")
            span = (field.start, field.end)
    return span


def parse_raw_json(data: bytes) -> Any:
    """The JSON value held by a ``raw`` field; empty bytes print as ``null`` (Go's JSON.MarshalJSON)."""
    if not data:
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ProtocolError(f"raw JSON field does not hold valid JSON: {exc}") from exc

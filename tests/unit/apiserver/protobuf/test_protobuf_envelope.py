"""The envelope: magic + runtime.Unknown, apiVersion parsing and the kinds we decode."""

from __future__ import annotations

import pytest
from _protobuf_encode import envelope, field_bytes, field_varint

from kubeedge.apiserver.protobuf.envelope import Envelope, definition_for, read_envelope, split_api_version
from kubeedge.errors import ProtocolError


def test_read_envelope() -> None:
    body = envelope("apps/v1", "Deployment", b"\x0a\x00", extra=field_bytes(3, b"") + field_bytes(4, b"x"))
    read = read_envelope(body, 0, len(body))
    assert read[:2] == ("apps/v1", "Deployment")
    assert body[read.raw_start : read.raw_end] == b"\x0a\x00"


def test_read_envelope_inside_a_larger_buffer() -> None:
    inner = envelope("v1", "ConfigMap", b"")
    buf = b"prefix" + inner + b"suffix"
    read = read_envelope(buf, 6, 6 + len(inner))
    assert read == Envelope("v1", "ConfigMap", read.raw_start, read.raw_end)
    assert read.raw_start == read.raw_end


def test_missing_raw_is_an_empty_span_at_the_end() -> None:
    body = envelope("v1", "Namespace", None)
    assert read_envelope(body, 0, len(body)) == Envelope("v1", "Namespace", len(body), len(body))


def test_later_fields_win_and_unknown_fields_are_skipped() -> None:
    type_meta = field_bytes(1, b"v0") + field_bytes(1, b"v1") + field_bytes(2, b"Pod") + field_varint(9, 1)
    body = b"k8s\x00" + field_bytes(1, type_meta) + field_varint(7, 3)
    assert read_envelope(body, 0, len(body))[:2] == ("v1", "Pod")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty data"),
        (b"{}", r"provided data does not appear to be a protobuf message, expected prefix \[107 56 115 0\]"),
        (b"k8s\x01", "expected prefix"),
        (b"k8s\x00", "empty body"),
        (b"k8s\x00" + field_varint(4, 1), "wrong wireType = 0 for field ContentType"),
        (b"k8s\x00" + field_varint(3, 1), "wrong wireType = 0 for field ContentEncoding"),
        (b"k8s\x00" + field_bytes(1, field_varint(1, 1)), "wrong wireType = 0 for field APIVersion"),
        (b"k8s\x00\x12\x05ab", "unexpected EOF"),
    ],
)
def test_read_envelope_errors(body: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        read_envelope(body, 0, len(body))


@pytest.mark.parametrize(
    ("api_version", "expected"),
    [
        ("", ("", "")),
        ("v1", ("", "v1")),
        ("apps/v1", ("apps", "v1")),
        ("apiextensions.k8s.io/v1", ("apiextensions.k8s.io", "v1")),
        ("/v1", ("", "v1")),
        ("apps/", ("apps", "")),
        ("a/b/c", ("", "")),
    ],
)
def test_split_api_version(api_version: str, expected: tuple[str, str]) -> None:
    assert split_api_version(api_version) == expected


@pytest.mark.parametrize(
    ("gvk", "definition"),
    [
        (("", "v1", "ConfigMap"), "io.k8s.api.core.v1.ConfigMap"),
        (("apps", "v1", "Deployment"), "io.k8s.api.apps.v1.Deployment"),
        (("coordination.k8s.io", "v1", "Lease"), "io.k8s.api.coordination.v1.Lease"),
        (("meta.k8s.io", "v1", "DeleteOptions"), "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"),
        (("apps", "v1beta1", "Deployment"), None),
        (("kubeedge.io", "v1", "Device"), None),
    ],
)
def test_definition_for(gvk: tuple[str, str, str], definition: str | None) -> None:
    assert definition_for(gvk) == definition

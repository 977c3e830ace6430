"""decode_object: public names, kinds and their defaults, error wording, round trips and fuzzing."""

from __future__ import annotations

from typing import Any

import pytest
from _protobuf_encode import encode_message, encode_object, envelope, field_bytes, field_varint
from _protobuf_samples import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kubeedge.apiserver.protobuf
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.protobuf import PROTOBUF_CONTENT_TYPE, decode_object

CONFIGMAP = ("", "v1", "ConfigMap")
_APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."


def _configmap(raw: bytes) -> dict[str, Any]:
    return decode_object(envelope("v1", "ConfigMap", raw))


def _bad_request(body: bytes, **kwargs: Any) -> str:
    with pytest.raises(StatusError) as info:
        decode_object(body, **kwargs)
    assert info.value.code == 400
    assert info.value.reason == "BadRequest"
    return info.value.message


def test_public_names() -> None:
    assert kubeedge.apiserver.protobuf.__all__ == ["PROTOBUF_CONTENT_TYPE", "decode_object"]
    assert PROTOBUF_CONTENT_TYPE == "application/vnd.kubernetes.protobuf"


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize(("go", "packed"), [(False, False), (True, False), (False, True)])
def test_round_trip(name: str, go: bool, packed: bool) -> None:
    obj = SAMPLES[name]
    assert decode_object(encode_object(obj, go=go, packed=packed)) == obj


def test_round_trip_keeps_go_field_order() -> None:
    decoded = decode_object(encode_object(SAMPLES["deployment"]))
    assert list(decoded) == ["kind", "apiVersion", "metadata", "spec", "status"]
    spec = decoded["spec"]
    assert list(spec)[:4] == ["replicas", "selector", "template", "strategy"]


# --- envelope and kinds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the object provided is unrecognized (must be of type ConfigMap): empty data (<empty>)"),
        (
            b'{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"}}',
            "the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a "
            'protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap","apiVersio ...)',
        ),
        (b"k8s", "expected prefix [107 56 115 0] (6b3873)"),
        (b"k8s\x00", "empty body (6b387300)"),
        (b"k8s\x00\x0a\x05", "unexpected EOF (6b3873000a05)"),
        (b"k8s\x00" + field_varint(1, 3), "wrong wireType = 0 for field TypeMeta"),
        (b"k8s\x00" + field_varint(2, 3), "wrong wireType = 0 for field Raw"),
        (b"k8s\x00" + field_bytes(1, field_varint(2, 1)), "wrong wireType = 0 for field Kind"),
    ],
)
def test_envelope_errors(body: bytes, message: str) -> None:
    assert message in _bad_request(body, expected_gvk=CONFIGMAP)


def test_envelope_error_without_expected_kind() -> None:
    assert _bad_request(b"") == "the object provided is unrecognized: empty data (<empty>)"


def test_envelope_content_fields_are_ignored() -> None:
    extra = field_bytes(3, b"gzip") + field_bytes(4, b"application/json")
    body = envelope(
        "v1", "ConfigMap", encode_message("io.k8s.api.core.v1.ConfigMap", {"data": {"a": "b"}}), extra=extra
    )
    assert decode_object(body) == {"kind": "ConfigMap", "apiVersion": "v1", "data": {"a": "b"}}


def test_envelope_without_raw_is_an_empty_object() -> None:
    assert decode_object(envelope("v1", "Namespace", None)) == {"kind": "Namespace", "apiVersion": "v1"}


@pytest.mark.parametrize(
    ("api_version", "kind", "expected", "result"),
    [
        ("", "", CONFIGMAP, ("v1", "ConfigMap")),
        ("v1", "", CONFIGMAP, ("v1", "ConfigMap")),
        ("", "ConfigMap", CONFIGMAP, ("v1", "ConfigMap")),
        ("", "Deployment", ("apps", "v1", "Deployment"), ("apps/v1", "Deployment")),
        # An unparsable apiVersion counts as missing, as in apimachinery.
        ("a/b/c", "", CONFIGMAP, ("v1", "ConfigMap")),
        # What the envelope says wins: the caller compares it with the endpoint as for JSON.
        ("v1", "Secret", CONFIGMAP, ("v1", "Secret")),
        ("apps/v1", "DeleteOptions", CONFIGMAP, ("apps/v1", "DeleteOptions")),
        # Option types registered in meta.k8s.io/v1 decode too.
        ("meta.k8s.io/v1", "DeleteOptions", None, ("meta.k8s.io/v1", "DeleteOptions")),
    ],
)
def test_group_version_kind(
    api_version: str, kind: str, expected: tuple[str, str, str] | None, result: tuple[str, str]
) -> None:
    decoded = decode_object(envelope(api_version, kind, b""), expected_gvk=expected)
    assert (decoded["apiVersion"], decoded["kind"]) == result


@pytest.mark.parametrize(
    ("api_version", "kind", "message"),
    [
        ("v1", "", """Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'"""),
        ("", "ConfigMap", """Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:"ConfigMap"}'"""),
    ],
)
def test_missing_kind_or_version_without_defaults(api_version: str, kind: str, message: str) -> None:
    assert _bad_request(envelope(api_version, kind, b"")) == message


@pytest.mark.parametrize(
    ("api_version", "kind", "expected"),
    [
        ("devices.kubeedge.io/v1beta1", "Device", None),
        ("v1", "ConfigMap", ("devices.kubeedge.io", "v1beta1", "Device")),
        ("rbac.authorization.k8s.io/v1", "Role", None),
        ("v1", "ResourceQuota", None),
    ],
)
def test_kinds_we_do_not_serve_are_unsupported_media(
    api_version: str, kind: str, expected: tuple[str, str, str] | None
) -> None:
    with pytest.raises(StatusError) as info:
        decode_object(envelope(api_version, kind, b""), expected_gvk=expected)
    assert info.value.code == 415
    assert info.value.reason == "UnsupportedMediaType"


# --- fuzzing -----------------------------------------------------------------------------------


def _decode_or_reject(body: bytes, expected: tuple[str, str, str] | None) -> None:
    """Decoding either gives an object or a 400/415 StatusError; nothing else escapes."""
    try:
        result: object = decode_object(body, expected_gvk=expected)
    except StatusError as exc:
        result = exc.code
    assert isinstance(result, dict) or result in (400, 415)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([None, CONFIGMAP, ("apps", "v1", "Deployment")]))
def test_arbitrary_bytes_never_crash(data: bytes, expected: tuple[str, str, str] | None) -> None:
    _decode_or_reject(b"k8s\x00" + data, expected)
    _decode_or_reject(data, expected)


_BODIES = [encode_object(SAMPLES[name], go=True) for name in sorted(SAMPLES)]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_BODIES), st.data())
def test_corrupted_bodies_never_crash(body: bytes, data: st.DataObject) -> None:
    mutated = bytearray(body)
    for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
        position = data.draw(st.integers(min_value=4, max_value=len(mutated) - 1))
        mutated[position] = data.draw(st.integers(min_value=0, max_value=255))
    cut = data.draw(st.integers(min_value=4, max_value=len(mutated)))
    _decode_or_reject(bytes(mutated[:cut]), None)

"""Decode Kubernetes protobuf request bodies into the JSON objects the same objects would be.

Go clients (client-go typed clients, kubectl for built-in kinds, stock cloudcore) send built-in
objects as ``application/vnd.kubernetes.protobuf``. The rest of the apiserver works on JSON, so
:func:`decode_object` turns such a body into exactly the dict kube's JSON serializer would print
for the object, and everything downstream stays the same: the envelope
(:mod:`~kubeedge.apiserver.protobuf.envelope`) names the kind, the kind's schema guides the walk of
its message (:mod:`~kubeedge.apiserver.protobuf.messages`).

Failures are translated here, once, into what kube-apiserver answers: 400 BadRequest worded as
its ``transformDecodeError`` does, 415 UnsupportedMediaType for kinds that are not built-in kinds
we serve (custom resources are never protobuf). Nothing else escapes.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.protobuf.envelope import definition_for, read_envelope, split_api_version
from kubeedge.apiserver.protobuf.messages import MessageDecoder
from kubeedge.apiserver.schema import builtin
from kubeedge.errors import ProtocolError

__all__ = ["PROTOBUF_CONTENT_TYPE", "decode_object"]

PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf"

_JSON_TYPES = ["application/json", "application/yaml"]


def _summary(body: bytes) -> str:
    """apiserver's summarizeData: the first 30 bytes, as text for JSON and hex otherwise."""
    if not body:
        return "<empty>"
    head = body[:30]
    text = head.decode("utf-8", errors="replace") if body[:1] == b"{" else head.hex()
    return text + " ..." if len(body) > 30 else text


def decode_object(body: bytes, *, expected_gvk: tuple[str, str, str] | None = None) -> dict[str, Any]:
    """Decode a Kubernetes protobuf body into the JSON object kube's JSON serializer would print.

    Args:
        body: the request body, starting with the ``k8s\\x00`` magic.
        expected_gvk: (group, version, kind) the endpoint decodes into. It fills in an envelope
            without kind or version (as kube's decoder defaults them) and names the type in
            error messages; a different kind or version in the envelope is returned as sent,
            for the caller to reject as it does for JSON bodies.

    Returns:
        The object, with ``kind`` and ``apiVersion`` from the envelope first.

    Raises:
        StatusError: 400 BadRequest for malformed bytes, 415 UnsupportedMediaType when the kind
            is not a built-in kind we serve (custom resources are never protobuf).
    """
    expected_kind = expected_gvk[2] if expected_gvk is not None else ""
    if expected_gvk is not None and definition_for(expected_gvk) is None:
        raise StatusError.unsupported_media_type(PROTOBUF_CONTENT_TYPE, _JSON_TYPES)
    try:
        envelope = read_envelope(body, 0, len(body))
    except ProtocolError as exc:
        target = f" (must be of type {expected_kind})" if expected_kind else ""
        raise StatusError.bad_request(f"the object provided is unrecognized{target}: {exc} ({_summary(body)})") from exc
    group, version = split_api_version(envelope.api_version)
    kind = envelope.kind
    if expected_gvk is not None:
        kind = kind or expected_gvk[2]
        if not version:
            group, version = expected_gvk[0], expected_gvk[1]
    type_meta = f'runtime.TypeMeta{{APIVersion:"{envelope.api_version}", Kind:"{envelope.kind}"}}'
    if not kind:
        raise StatusError.bad_request(f"Object 'Kind' is missing in '{type_meta}'")
    if not version:
        raise StatusError.bad_request(f"Object 'apiVersion' is missing in '{type_meta}'")
    definition = definition_for((group, version, kind))
    if definition is None:
        raise StatusError.unsupported_media_type(PROTOBUF_CONTENT_TYPE, _JSON_TYPES)
    api_version = f"{group}/{version}" if group else version
    try:
        obj = MessageDecoder(body, builtin.builtin_schemas()).message(definition, envelope.raw_start, envelope.raw_end)
    except ProtocolError as exc:
        raise StatusError.bad_request(
            f'{kind} in version "{version}" cannot be handled as a {expected_kind or kind}: {exc}'
        ) from exc
    return {"kind": kind, "apiVersion": api_version, **obj}

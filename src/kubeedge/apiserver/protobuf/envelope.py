"""The Kubernetes protobuf envelope: magic ``k8s\\x00``, then a ``runtime.Unknown`` message.

``runtime.Unknown`` (k8s.io/apimachinery/pkg/runtime/generated.proto) is
``{typeMeta{apiVersion=1, kind=2}=1, raw=2, contentEncoding=3, contentType=4}``; ``raw`` holds the
object's own message. The checks and their wording follow the protobuf serializer's ``Decode``
(``empty data``, ``provided data does not appear to be a protobuf message...``, ``empty body``).
``contentEncoding`` and ``contentType`` are read but ignored, as kube does when it decodes into a
typed object.

The group/version/kind named here selects the schema definition; option types such as
DeleteOptions are also accepted under ``meta.k8s.io/v1``, where client-go may register them.
"""

from __future__ import annotations

from typing import NamedTuple

from kubeedge.apiserver.protobuf import wire
from kubeedge.apiserver.schema import builtin
from kubeedge.errors import ProtocolError

__all__ = ["MAGIC", "Envelope", "definition_for", "read_envelope", "split_api_version"]

MAGIC = b"k8s\x00"


class Envelope(NamedTuple):
    """What the envelope says, and where the object's message lies in the buffer."""

    api_version: str
    kind: str
    raw_start: int
    raw_end: int


def read_envelope(buf: bytes, start: int, end: int) -> Envelope:
    """Parse the magic and the ``runtime.Unknown`` in ``buf[start:end]``.

    Raises:
        ProtocolError: the bytes are not a protobuf envelope.
    """
    if start == end:
        raise ProtocolError("empty data")
    if buf[start : start + len(MAGIC)] != MAGIC:
        raise ProtocolError("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]")
    if end - start == len(MAGIC):
        raise ProtocolError("empty body")
    api_version = kind = ""
    raw = (end, end)
    for field in wire.iter_fields(buf, start + len(MAGIC), end):
        if field.number == 1:
            wire.expect(field, wire.WireType.BYTES, "TypeMeta")
            for inner in wire.iter_fields(buf, field.start, field.end):
                if inner.number == 1:
                    wire.expect(inner, wire.WireType.BYTES, "APIVersion")
                    api_version = wire.read_text(buf, inner.start, inner.end)
                elif inner.number == 2:
                    wire.expect(inner, wire.WireType.BYTES, "Kind")
                    kind = wire.read_text(buf, inner.start, inner.end)
        elif field.number == 2:
            wire.expect(field, wire.WireType.BYTES, "Raw")
            raw = (field.start, field.end)
        elif field.number in (3, 4):
            wire.expect(field, wire.WireType.BYTES, "ContentEncoding" if field.number == 3 else "ContentType")
    return Envelope(api_version, kind, *raw)


def split_api_version(api_version: str) -> tuple[str, str]:
    """(group, version) as ``schema.ParseGroupVersion`` reads it; unparsable counts as empty.

    An empty result for a malformed value mirrors ``schema.FromAPIVersionAndKind``, which drops a
    group/version it cannot parse and so lets the endpoint's defaults apply.
    """
    if "/" not in api_version:
        return "", api_version
    group, _, version = api_version.partition("/")
    if "/" in version:
        return "", ""
    return group, version


def definition_for(gvk: tuple[str, str, str]) -> str | None:
    """The schema definition of a built-in (group, version, kind), or None if we do not serve it."""
    name = builtin.DEFINITION_BY_GVK.get(gvk)
    if name is None and gvk[:2] == ("meta.k8s.io", "v1"):
        name = builtin.DEFINITION_BY_GVK.get(("", "v1", gvk[2]))
    return name

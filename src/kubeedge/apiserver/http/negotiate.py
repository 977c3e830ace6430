"""Content negotiation: what the client sends (Content-Type) and wants back (Accept). Pure.

Besides plain JSON and YAML, clients ask for *transformed* responses with media type
parameters: ``application/json;as=Table;v=v1;g=meta.k8s.io`` (kubectl get) and
``as=PartialObjectMetadata[List]`` (metadata-only clients). Protobuf is not spoken: a client
that accepts only protobuf gets 406; every Kubernetes client also offers JSON.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kubeedge.apiserver.errors import StatusError

__all__ = ["BodyFormat", "Output", "OutputFormat", "body_format", "choose_output"]


class OutputFormat(enum.StrEnum):
    JSON = "json"
    YAML = "yaml"


class Transform(enum.StrEnum):
    NONE = ""
    TABLE = "Table"
    PARTIAL = "PartialObjectMetadata"
    PARTIAL_LIST = "PartialObjectMetadataList"


@dataclass(frozen=True, slots=True)
class Output:
    format: OutputFormat
    transform: Transform = Transform.NONE
    transform_version: str = "v1"

    @property
    def content_type(self) -> str:
        return "application/yaml" if self.format is OutputFormat.YAML else "application/json"


class BodyFormat(enum.StrEnum):
    JSON = "json"
    YAML = "yaml"
    PROTOBUF = "protobuf"


_JSON = Output(OutputFormat.JSON)


def _parse_accept(header: str) -> list[tuple[str, dict[str, str]]]:
    out = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0]:
            continue
        params = {}
        for p in parts[1:]:
            if "=" in p:
                k, v = p.split("=", 1)
                params[k.strip().lower()] = v.strip().strip('"')
        out.append((parts[0].lower(), params))
    return out


def choose_output(accept: str | None, *, allow_transform: bool) -> Output:
    """Pick the response form from an Accept header (first acceptable entry wins, as in kube)."""
    if not accept:
        return _JSON
    offered = _parse_accept(accept)
    for media, params in offered:
        as_kind = params.get("as", "")
        if as_kind:
            if not allow_transform or params.get("g") != "meta.k8s.io":
                continue
            if params.get("v") not in ("v1", "v1beta1"):
                continue
            try:
                transform = Transform(as_kind)
            except ValueError:
                continue
            if media in ("application/json", "*/*", "application/*"):
                return Output(OutputFormat.JSON, transform, params["v"])
            if media == "application/yaml":
                return Output(OutputFormat.YAML, transform, params["v"])
            continue
        if media in ("application/json", "*/*", "application/*", "application/json-patch+json"):
            return _JSON
        if media == "application/yaml":
            return Output(OutputFormat.YAML)
    if not offered:
        return _JSON
    raise StatusError.not_acceptable("only the following media types are accepted: application/json, application/yaml")


def body_format(content_type: str | None) -> BodyFormat:
    """The format of a create/update body; patches are handled by the patch module."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ("application/json", ""):
        return BodyFormat.JSON
    if media == "application/yaml":
        return BodyFormat.YAML
    if media == "application/vnd.kubernetes.protobuf":
        return BodyFormat.PROTOBUF
    raise StatusError.unsupported_media_type(
        media, ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]
    )

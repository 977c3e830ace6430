"""Turning results into response bodies: JSON or YAML, lists assembled from stored bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
import yaml

from kubeedge.apiserver.http.negotiate import Output, OutputFormat

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["LIST_TAIL", "dump", "list_body", "list_head", "to_yaml"]


def to_yaml(obj: Any) -> bytes:
    return yaml.safe_dump(obj, sort_keys=False, default_flow_style=False, allow_unicode=True).encode()


def dump(obj: Any, output: Output) -> bytes:
    if output.format is OutputFormat.YAML:
        return to_yaml(obj)
    return orjson.dumps(obj)


def list_head(
    *, api_version: str, kind: str, revision: int, continue_token: str = "", remaining: int | None = None
) -> bytes:
    """Everything of a ``<Kind>List`` before its first item (``...,"items":[``)."""
    meta: dict[str, Any] = {"resourceVersion": str(revision)}
    if continue_token:
        meta["continue"] = continue_token
    if remaining is not None:
        meta["remainingItemCount"] = remaining
    head = b'{"kind":' + orjson.dumps(kind) + b',"apiVersion":' + orjson.dumps(api_version)
    return head + b',"metadata":' + orjson.dumps(meta) + b',"items":['


LIST_TAIL = b"]}"


def list_body(
    *,
    api_version: str,
    kind: str,
    revision: int,
    items: Sequence[bytes],
    continue_token: str = "",
    remaining: int | None = None,
) -> bytes:
    """A ``<Kind>List`` built around already-serialised items (no re-encoding of objects)."""
    head = list_head(
        api_version=api_version, kind=kind, revision=revision, continue_token=continue_token, remaining=remaining
    )
    return head + b",".join(items) + LIST_TAIL

"""Small facts about object metadata shared by the registry verbs."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = [
    "format_time",
    "generate_name",
    "metadata",
    "new_uid",
    "object_key",
    "parse_time",
]

# apimachinery's rand.SafeEncodeString alphabet: no vowels, no confusable characters.
_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
_RANDOM_LENGTH = 5
_MAX_NAME = 63


def generate_name(prefix: str) -> str:
    """``metadata.generateName`` → a name, as kube's names.SimpleNameGenerator does."""
    if len(prefix) > _MAX_NAME - _RANDOM_LENGTH:
        prefix = prefix[: _MAX_NAME - _RANDOM_LENGTH]
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_LENGTH))


def new_uid() -> str:
    return str(uuid.uuid4())


def format_time(moment: datetime) -> str:
    """RFC 3339 with second precision in UTC, the form of metav1.Time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def object_key(resource: ResourceInfo, namespace: str, name: str) -> str:
    prefix = resource.storage_prefix()
    return f"{prefix}{namespace}/{name}" if resource.namespaced else f"{prefix}{name}"


def metadata(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj["metadata"]``, created if missing; a non-object metadata is a client error upstream."""
    meta: dict[str, Any] | None = obj.get("metadata")
    if meta is None:
        meta = obj["metadata"] = {}
    return meta

"""Small facts about object metadata shared by the registry verbs."""

from __future__ import annotations

import os
import secrets
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


class _RandomPool:
    """Random bytes fetched from the OS in blocks: one syscall per 256 uids instead of one each."""

    def __init__(self, block: int = 16 * 256) -> None:
        self._block = block
        self._data = b""
        self._offset = 0

    def take(self, size: int) -> bytes:
        if self._offset + size > len(self._data):
            self._data = os.urandom(self._block)
            self._offset = 0
        chunk = self._data[self._offset : self._offset + size]
        self._offset += size
        return chunk


_RANDOM = _RandomPool()


def new_uid() -> str:
    """A random (version 4) UUID in its text form, as metadata.uid."""
    raw = bytearray(_RANDOM.take(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = raw.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


_LAST_TIME: tuple[int, str] = (-1, "")


def format_time(moment: datetime) -> str:
    """RFC 3339 with second precision in UTC, the form of metav1.Time."""
    global _LAST_TIME
    second = int(moment.timestamp())
    cached_second, cached = _LAST_TIME
    if second == cached_second:
        return cached
    text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    _LAST_TIME = (second, text)
    return text


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

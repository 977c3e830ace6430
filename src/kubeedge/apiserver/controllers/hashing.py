"""Template hashes for ``pod-template-hash`` and ``controller-revision-hash``.

kube's ``controller.ComputeHash`` feeds FNV-32a with ``hashutil.DeepHashObject`` — a
``go-spew`` dump of the Go struct — then appends the collision count as 4 little-endian bytes
and renders the 32-bit sum through ``rand.SafeEncodeString``. We cannot reproduce the Go dump
(it depends on Go field order and types), so the input here is the canonical JSON of the
template as the API serves it (sorted keys, compact separators, ``null``/empty values dropped so
that "absent" and "empty" hash alike, as Go's zero values do). Everything after that — FNV-32a,
the collision-count suffix, the decimal rendering and the safe alphabet — is kube's. The hashes
therefore *look* like kube's (``5d59d67564``) and are stable for a given template, but are not
the values a real kube-controller-manager would compute for the same template; nothing outside
this process compares them.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import Any

import orjson

__all__ = ["SAFE_ALPHABET", "canonical_json", "compute_hash", "fnv32a", "safe_encode"]

# rand.SafeEncodeString's alphabet: no vowels (no words) and no look-alike characters.
SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"

_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def fnv32a(data: bytes, seed: int = _FNV_OFFSET) -> int:
    """The 32-bit FNV-1a hash of ``data`` (continuing from ``seed``)."""
    value = seed
    for byte in data:
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return value


def safe_encode(text: str) -> str:
    """``rand.SafeEncodeString``: map every byte onto the safe alphabet."""
    return "".join(SAFE_ALPHABET[ord(char) % len(SAFE_ALPHABET)] for char in text)


def _prune(value: Any) -> Any:
    if isinstance(value, Mapping):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, {}, [])}
    if isinstance(value, list | tuple):
        return [_prune(item) for item in value]
    return value


def canonical_json(value: Any) -> bytes:
    """Sorted-key, compact JSON with ``null`` and empty maps/lists dropped."""
    return orjson.dumps(_prune(value), option=orjson.OPT_SORT_KEYS)


def compute_hash(template: Mapping[str, Any], collision_count: int | None = None) -> str:
    """``controller.ComputeHash`` over our canonical form (see the module docstring).

    Args:
        template: a ``PodTemplateSpec`` as served (Deployment or DaemonSet ``spec.template``).
        collision_count: ``status.collisionCount``; ``None`` adds nothing, as in kube.

    Returns:
        The safe-encoded decimal rendering of the 32-bit sum, e.g. ``"7d948bd89d"``.
    """
    value = fnv32a(canonical_json(template))
    if collision_count is not None:
        value = fnv32a(struct.pack("<I", collision_count & 0xFFFFFFFF), value)
    return safe_encode(str(value))

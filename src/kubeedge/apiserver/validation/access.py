"""Tolerant readers for raw Kubernetes JSON.

Validators see objects as decoded JSON (``dict``/``list``/scalars). Type mismatches are reported
by the schema layer, not here, so these readers never raise: a field of the wrong JSON type reads
as its zero value, the way Go's decoder would have left the struct field unset. That keeps every
validator a straight transcription of kube's rules without ``isinstance`` noise.
"""

from __future__ import annotations

from typing import Any

__all__ = ["JSONObject", "boolean", "integer", "items", "mapping", "present", "string_map", "text"]

JSONObject = dict[str, Any]


def mapping(value: Any) -> JSONObject:
    """The value if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    """The value if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def text(value: Any) -> str:
    """The value if it is a string, else ``""`` (Go's zero string)."""
    return value if isinstance(value, str) else ""


def integer(value: Any) -> int | None:
    """The value if it is a whole number (JSON ``3`` or ``3.0``), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def boolean(value: Any) -> bool:
    """``True`` only for JSON ``true``."""
    return value is True


def present(obj: JSONObject, name: str) -> bool:
    """Whether ``name`` is set to something other than ``null`` (a Go pointer that is not nil)."""
    return obj.get(name) is not None


def string_map(value: Any) -> dict[str, str]:
    """A ``map[string]string``: non-string values read as ``""``."""
    return {str(k): (v if isinstance(v, str) else "") for k, v in mapping(value).items()}

"""Small mutators the defaulting functions share: "set if unset" and quantity canonicalisation.

Defaulting mirrors Go's ``SetDefaults_*``: a field is filled only when it holds its zero value
(absent, ``null``, ``""``, ``0``). Quantities are rewritten in canonical form, as kube's
decode/encode round trip does, and resource lists are rounded up to millis
(``SetDefaults_ResourceList``); a value that is not a quantity is left for validation to report.
"""

from __future__ import annotations

import functools
from typing import Any

from kubeedge.apiserver.validation.compute import quantity_text
from kubeedge.apiserver.validation.quantity import QuantityError, parse_quantity

__all__ = ["child_map", "child_maps", "normalize_quantity", "normalize_resource_list", "set_if_unset"]


def set_if_unset(obj: dict[str, Any], name: str, value: Any) -> None:
    """Set ``obj[name]`` when it is absent, ``null``, ``""`` or ``0``."""
    current = obj.get(name)
    if current is None or current == "" or (current == 0 and not isinstance(current, bool)):
        obj[name] = value


def child_map(obj: dict[str, Any], name: str) -> dict[str, Any] | None:
    """``obj[name]`` when it is a mapping, else ``None`` (absent or malformed)."""
    value = obj.get(name)
    return value if isinstance(value, dict) else None


def child_maps(obj: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The mappings in the list ``obj[name]`` (other entries are skipped)."""
    value = obj.get(name)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def normalize_quantity(value: Any, *, round_to_milli: bool = False) -> Any:
    """The canonical string of a quantity; the value unchanged if it is not one."""
    if value is None or isinstance(value, bool):
        return value
    canonical = _canonical(quantity_text(value), round_to_milli)
    return value if canonical is None else canonical


@functools.lru_cache(maxsize=4096)
def _canonical(text: str, round_to_milli: bool) -> str | None:
    # Remembered: every pod write canonicalises the same few quantities (exact arithmetic).
    try:
        quantity = parse_quantity(text)
    except QuantityError:
        return None
    if round_to_milli:
        quantity = quantity.round_up(-3)
    return quantity.canonical()


def normalize_resource_list(obj: dict[str, Any], name: str) -> None:
    """Canonicalise and round up to millis every quantity of the ResourceList ``obj[name]``."""
    resources = child_map(obj, name)
    if resources is None:
        return
    for key, value in resources.items():
        resources[key] = normalize_quantity(value, round_to_milli=True)

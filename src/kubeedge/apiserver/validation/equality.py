"""Semantic equality of JSON objects, as kube compares decoded Go structs.

kube compares specs with ``apiequality.Semantic.DeepEqual`` on typed structs, where a field that
is absent, ``null`` or its zero value (``""``, ``0``, ``false``, empty list or map) is the same
thing: Go cannot tell them apart after decoding. We compare JSON, so we first drop zero values
recursively. The one imprecision: for pointer fields kube *can* tell ``false``/``0`` from unset
(``runAsUser: 0`` vs no ``runAsUser``); we treat them as equal rather than reject updates from
clients that spell out zero values.

:func:`describe_difference` lists what changed, standing in for the ``cmp.Diff`` text kube
appends to "may not change fields" errors (its exact Go-struct layout is not reproducible).
"""

from __future__ import annotations

from typing import Any

__all__ = ["describe_difference", "normalize", "semantic_equal"]


def _is_zero(value: Any) -> bool:
    if value is None or value is False or value in ("", [], {}):
        return True
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 0


def normalize(value: Any) -> Any:
    """``value`` with zero-valued map entries removed at every depth."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            n = normalize(v)
            if not _is_zero(n):
                out[k] = n
        return out
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def semantic_equal(a: Any, b: Any) -> bool:
    # Values equal as they are are equal once normalised (normalize maps equal values to equal
    # values); the common case of an update that leaves the spec alone costs one comparison.
    return bool(a == b) or bool(normalize(a) == normalize(b))


def _walk(old: Any, new: Any, path: str, out: list[str]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for k in [*old, *(k for k in new if k not in old)]:
            _walk(old.get(k), new.get(k), f"{path}.{k}" if path else k, out)
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (o, n) in enumerate(zip(old, new, strict=True)):
            _walk(o, n, f"{path}[{i}]", out)
        return
    if old is not None:
        out.append(f"- {path}: {old!r}")
    if new is not None:
        out.append(f"+ {path}: {new!r}")


def describe_difference(old: Any, new: Any, root: str) -> str:
    """One ``- path: old`` / ``+ path: new`` line per changed leaf."""
    out: list[str] = []
    _walk(normalize(old), normalize(new), root, out)
    return "\n".join(out)

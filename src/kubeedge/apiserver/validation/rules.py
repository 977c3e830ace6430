"""Small rules shared by every kind: non-negative numbers, immutable fields, enumerations.

These are apimachinery's ``ValidateNonnegativeField``, ``ValidateImmutableField`` and the
``switch`` + ``field.NotSupported`` idiom found throughout ``pkg/apis/*/validation``, each
returning a list of :class:`~kubeedge.apiserver.errors.FieldError` so callers can ``extend``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import FieldError, FieldErrorType

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "FIELD_IMMUTABLE",
    "IS_NEGATIVE",
    "dedupe",
    "enum_value",
    "immutable",
    "invalid_each",
    "non_negative",
    "too_many",
]

IS_NEGATIVE = "must be greater than or equal to 0"
FIELD_IMMUTABLE = "field is immutable"


def non_negative(value: int | None, path: str) -> list[FieldError]:
    """``ValidateNonnegativeField``: ``Invalid value: -1: must be greater than or equal to 0``."""
    if value is not None and value < 0:
        return [FieldError.invalid(path, value, IS_NEGATIVE)]
    return []


def immutable(new: Any, old: Any, path: str, *, shown: Any = None) -> list[FieldError]:
    """``ValidateImmutableField``; ``shown`` overrides how the new value is printed."""
    if new != old:
        return [FieldError.invalid(path, new if shown is None else shown, FIELD_IMMUTABLE)]
    return []


def invalid_each(path: str, value: Any, messages: Iterable[str]) -> list[FieldError]:
    """One ``Invalid`` per message, the way kube loops over ``Is*`` results."""
    return [FieldError.invalid(path, value, m) for m in messages]


def enum_value(value: str, path: str, supported: Sequence[str], *, required: bool = True) -> list[FieldError]:
    """``Required`` when empty (if ``required``), ``NotSupported`` when not one of ``supported``."""
    if not value:
        return [FieldError.required(path)] if required else []
    if value not in supported:
        return [FieldError.not_supported(path, value, list(supported))]
    return []


def too_many(path: str, actual: int, limit: int) -> FieldError:
    """``field.TooMany``: ``Too many: 9: must have at most 8 items``."""
    return FieldError(FieldErrorType.TOO_MANY, path, actual, f"must have at most {limit} items")


def dedupe(errors: Iterable[FieldError]) -> list[FieldError]:
    """Drop repeated errors, keeping the first (``ErrorList.ToAggregate`` does the same)."""
    seen: set[str] = set()
    out = []
    for err in errors:
        text = str(err)
        if text not in seen:
            seen.add(text)
            out.append(err)
    return out

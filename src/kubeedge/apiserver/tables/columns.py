"""Building blocks of server-side printers: column definitions, rows, and cell helpers.

A :class:`Printer` is a fixed tuple of :class:`Column` definitions plus a pure function from one
object (a JSON mapping, as stored) and the current time to a :class:`Row`. The server always
prints "wide" (kube-apiserver's table convertor sets ``Wide: true``), so a row carries a cell for
every column, priority-1 ones included; kubectl hides those unless ``-o wide``.

The helpers reproduce the small formatting rules shared by kube's printers: ``<unknown>`` for a
missing timestamp, ``<none>`` for empty label sets, comma-joined container names and images.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kubeedge.apiserver.tables import _docs
from kubeedge.apiserver.tables.duration import human_duration

__all__ = [
    "Cell",
    "Column",
    "Printer",
    "Row",
    "age_column",
    "as_int",
    "as_list",
    "as_map",
    "as_str",
    "format_labels",
    "layout_containers",
    "name_column",
    "parse_time",
    "since",
]

Cell = str | int | float | bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """A ``TableColumnDefinition``; ``priority`` 1 marks a ``-o wide`` column."""

    name: str
    type: str
    format: str = ""
    description: str = ""
    priority: int = 0

    def to_json(self) -> dict[str, Any]:
        # Every field is serialized, even empty: the Go struct has no omitempty tags.
        return {
            "name": self.name,
            "type": self.type,
            "format": self.format,
            "description": self.description,
            "priority": self.priority,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """The cells of one object, plus ``TableRowCondition`` dicts (pods mark completion)."""

    cells: tuple[Cell, ...]
    conditions: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Printer:
    """Column definitions and the function that prints one object as a row."""

    columns: tuple[Column, ...]
    print_row: Callable[[Mapping[str, Any], datetime], Row]
    # kube's default convertor leaves Rows nil for an empty list, which serializes as null.
    null_when_empty: bool = False


def name_column(*, priority: int = 0) -> Column:
    return Column(name="Name", type="string", format="name", description=_docs.NAME, priority=priority)


def age_column() -> Column:
    return Column(name="Age", type="string", description=_docs.CREATION_TIMESTAMP)


def as_map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def as_int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return int(value)


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_ZERO = datetime(1, 1, 1, tzinfo=UTC)


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 timestamp as Go's ``time.Parse(time.RFC3339, ...)`` reads it; None if absent.

    The zero time (``0001-01-01T00:00:00Z``) is absent too: Go's ``IsZero`` treats it so.

    Raises:
        ValueError: for a string that is not RFC 3339.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError(f"not an RFC 3339 timestamp: {value!r}")
    text = value.replace("Z", "+00:00")
    head, _, fraction_and_zone = text.partition(".")
    if fraction_and_zone:
        # Python reads at most microseconds; Go keeps nanoseconds we do not need.
        digits = re.match(r"\d+", fraction_and_zone)
        assert digits is not None
        text = f"{head}.{digits.group()[:6].ljust(6, '0')}{fraction_and_zone[digits.end() :]}"
    parsed = datetime.fromisoformat(text)
    return None if parsed == _ZERO else parsed


def since(value: Any, now: datetime) -> str:
    """``translateTimestampSince``: age of a timestamp, or ``<unknown>`` without one."""
    try:
        moment = parse_time(value)
    except ValueError:
        return "<unknown>"
    return "<unknown>" if moment is None else human_duration(now - moment)


def format_labels(labels: Any) -> str:
    """``labels.FormatLabels``: sorted ``k=v`` pairs joined by commas, or ``<none>``."""
    pairs = as_map(labels)
    text = ",".join(f"{key}={pairs[key]}" for key in sorted(pairs))
    return text or "<none>"


def layout_containers(containers: Any) -> tuple[str, str]:
    """Container names and images, each comma-joined (kube's ``layoutContainerCells``)."""
    items = [as_map(c) for c in as_list(containers)]
    return ",".join(as_str(c.get("name")) for c in items), ",".join(as_str(c.get("image")) for c in items)

"""Tables for custom resources (CRD ``additionalPrinterColumns``) and the default table.

A custom resource's table is a Name column followed by its printer columns. A CRD version
without printer columns is served as if it declared one Age column of type ``date`` at
``.metadata.creationTimestamp`` (apiextensions-apiserver's ``serveDefaultColumnsIfEmpty``).
Cells follow its ``tableconvertor``: ``string`` columns print the first JSONPath result as text
(see :func:`jsonpath.to_text`), ``integer``/``number``/``boolean`` keep JSON types (a mismatched
value is null), ``date`` becomes an age ("5m") or ``<invalid>``, and a path that finds nothing
or fails yields null.

Resources with neither a built-in printer nor printer columns get kube's default convertor:
``Name`` and ``Created At`` (the creation time in RFC 3339, UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.registry.resources import PrinterColumn
from kubeedge.apiserver.tables import _docs, jsonpath
from kubeedge.apiserver.tables.columns import (
    Cell,
    Column,
    Printer,
    Row,
    as_map,
    as_str,
    name_column,
    parse_time,
)
from kubeedge.apiserver.tables.duration import human_duration

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["DEFAULT_AGE_COLUMN", "DEFAULT_PRINTER", "cell_for", "custom_printer"]


DEFAULT_AGE_COLUMN = PrinterColumn(
    name="Age", type="date", json_path=".metadata.creationTimestamp", description=_docs.CREATION_TIMESTAMP
)


def _date_cell(value: Any, now: datetime) -> Cell:
    if not isinstance(value, str):
        return None
    try:
        moment = parse_time(value)
    except ValueError:
        return "<invalid>"
    return "<unknown>" if moment is None else human_duration(now - moment)


def cell_for(column_type: str, value: Any, now: datetime) -> Cell:
    """A JSON value as the cell of a column of ``column_type`` (kube's ``cellForJSONValue``)."""
    if value is None:
        return None
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if column_type == "integer" and is_number:
        return int(value)
    if column_type == "number" and is_number:
        return float(value)
    if column_type == "boolean" and isinstance(value, bool):
        return value
    if column_type == "string" and isinstance(value, str):
        return value
    if column_type == "date":
        return _date_cell(value, now)
    return None


def _column_cell(path: jsonpath.JSONPath | None, column_type: str, obj: Mapping[str, Any], now: datetime) -> Cell:
    if path is None:
        return None
    try:
        results = jsonpath.find(path, obj)
    except jsonpath.JSONPathError:
        return None
    if not results:
        return None
    value = results[0]  # printer columns are simple paths: the first result is the value
    if column_type == "string":
        return jsonpath.to_text(value)
    return cell_for(column_type, value, now)


def custom_printer(printer_columns: tuple[PrinterColumn, ...], *, default_age: bool) -> Printer:
    """The printer for printer columns; with none and ``default_age``, the implicit Age column."""
    declared = printer_columns or ((DEFAULT_AGE_COLUMN,) if default_age else ())
    paths: list[jsonpath.JSONPath | None] = []
    columns = [name_column()]
    for column in declared:
        try:
            paths.append(jsonpath.compile_path(column.json_path))
        except jsonpath.JSONPathError:
            paths.append(None)  # kube would refuse to serve the columns; we print nulls instead
        description = column.description or (
            f"Custom resource definition column (in JSONPath format): {column.json_path}"
        )
        columns.append(
            Column(
                name=column.name,
                type=column.type,
                format=column.format,
                description=description,
                priority=column.priority,
            )
        )
    types = [column.type for column in declared]

    def print_row(obj: Mapping[str, Any], now: datetime) -> Row:
        name = as_str(as_map(obj.get("metadata")).get("name"))
        cells = [_column_cell(path, kind, obj, now) for path, kind in zip(paths, types, strict=True)]
        return Row(cells=(name, *cells))

    return Printer(columns=tuple(columns), print_row=print_row)


def _created_at(value: Any) -> str:
    try:
        moment = parse_time(value)
    except ValueError:
        moment = None
    if moment is None:
        return "0001-01-01T00:00:00Z"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _print_default(obj: Mapping[str, Any], now: datetime) -> Row:
    metadata = as_map(obj.get("metadata"))
    return Row(cells=(as_str(metadata.get("name")), _created_at(metadata.get("creationTimestamp"))))


DEFAULT_PRINTER = Printer(
    columns=(
        name_column(),
        Column(name="Created At", type="date", description=_docs.CREATION_TIMESTAMP),
    ),
    print_row=_print_default,
    null_when_empty=True,
)
